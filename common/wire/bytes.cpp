#include "wire/bytes.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace dhcplite::wire {

Bytes toBytes(std::string_view text) {
    Bytes out(text.size());
    std::transform(text.begin(), text.end(), out.begin(),
                   [](char c) { return static_cast<std::uint8_t>(c); });
    return out;
}

std::string toString(ByteView bytes) {
    std::string out(bytes.size(), '\0');
    std::transform(bytes.begin(), bytes.end(), out.begin(),
                   [](std::uint8_t b) { return static_cast<char>(b); });
    return out;
}

// ---- ByteReader ----

void ByteReader::need(std::size_t n, const char* what) const {
    // Compare lengths, never pointers; `remaining()` cannot wrap because pos_ <= size.
    if (n > remaining()) {
        throw WireError(fmt::format("truncated: needed {} byte{} for {}, {} left", n,
                                    n == 1 ? "" : "s", what, remaining()),
                        offset());
    }
}

std::uint8_t ByteReader::u8() {
    need(1, "a byte");
    return data_[pos_++];
}

std::uint16_t ByteReader::u16() {
    need(2, "a 16-bit value");
    auto v = static_cast<std::uint16_t>((data_[pos_] << 8) | data_[pos_ + 1]);
    pos_ += 2;
    return v;
}

std::uint32_t ByteReader::u32() {
    need(4, "a 32-bit value");
    std::uint32_t v = 0;
    for (std::size_t i = 0; i < 4; ++i) {
        v = (v << 8) | data_[pos_ + i];
    }
    pos_ += 4;
    return v;
}

ByteView ByteReader::bytes(std::size_t n) {
    need(n, "data");
    ByteView v = data_.subspan(pos_, n);
    pos_ += n;
    return v;
}

void ByteReader::skip(std::size_t n) {
    need(n, "skipped data");
    pos_ += n;
}

std::uint8_t ByteReader::peek() const {
    need(1, "a byte");
    return data_[pos_];
}

void ByteReader::fail(std::string reason) const { throw WireError(std::move(reason), offset()); }

// ---- ByteWriter ----

void ByteWriter::need(std::size_t n) const {
    if (n > remaining()) {
        throw WireError("output buffer full", size());
    }
}

void ByteWriter::u8(std::uint8_t v) {
    need(1);
    buf_[pos_++] = v;
}

void ByteWriter::u16(std::uint16_t v) {
    need(2);
    buf_[pos_] = static_cast<std::uint8_t>(v >> 8);
    buf_[pos_ + 1] = static_cast<std::uint8_t>(v);
    pos_ += 2;
}

void ByteWriter::u32(std::uint32_t v) {
    need(4);
    for (std::size_t i = 0; i < 4; ++i) {
        buf_[pos_ + i] = static_cast<std::uint8_t>(v >> (24 - 8 * i));
    }
    pos_ += 4;
}

void ByteWriter::bytes(ByteView v) {
    need(v.size());
    std::copy(v.begin(), v.end(), buf_.begin() + static_cast<std::ptrdiff_t>(pos_));
    pos_ += v.size();
}

void ByteWriter::fill(std::uint8_t v, std::size_t n) {
    need(n);
    std::fill_n(buf_.begin() + static_cast<std::ptrdiff_t>(pos_), n, v);
    pos_ += n;
}

void ByteWriter::patch(std::size_t at, std::uint8_t v) {
    // Only bytes already written may be patched: anything else is a caller bug, reported the
    // same way as running out of room.
    if (at >= pos_) {
        throw WireError("patch outside the written bytes", at);
    }
    buf_[at] = v;
}

}  // namespace dhcplite::wire
