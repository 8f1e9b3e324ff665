#pragma once
// Bounds-checked access to wire bytes (docs/design.md §6): read only through ByteReader, which
// keeps an offset and throws WireError naming it; write through ByteWriter over a caller's fixed
// buffer, so the daemon's hot path builds replies without touching the heap.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wire/errors.hpp"

namespace dhcplite::wire {

using Bytes = std::vector<std::uint8_t>;
using ByteView = std::span<const std::uint8_t>;

Bytes toBytes(std::string_view text);  // the characters as bytes, no terminator
std::string toString(ByteView bytes);  // the bytes as characters, verbatim

class ByteReader {
public:
    // `base` is added to every reported offset, so a reader over a slice reports positions in
    // the enclosing buffer.
    explicit ByteReader(ByteView data, std::size_t base = 0) noexcept : data_(data), base_(base) {}

    std::uint8_t u8();
    std::uint16_t u16();  // network byte order
    std::uint32_t u32();  // network byte order
    ByteView bytes(std::size_t n);
    void skip(std::size_t n);
    std::uint8_t peek() const;

    std::size_t offset() const noexcept { return base_ + pos_; }  // absolute, for messages
    std::size_t position() const noexcept { return pos_; }        // relative to data
    std::size_t remaining() const noexcept { return data_.size() - pos_; }
    bool empty() const noexcept { return pos_ == data_.size(); }
    ByteView rest() const noexcept { return data_.subspan(pos_); }

    [[noreturn]] void fail(std::string reason) const;  // throws WireError at the current offset

private:
    void need(std::size_t n, const char* what) const;

    ByteView data_;
    std::size_t base_ = 0;
    std::size_t pos_ = 0;
};

class ByteWriter {
public:
    explicit ByteWriter(std::span<std::uint8_t> buffer) noexcept : buf_(buffer) {}

    void u8(std::uint8_t v);
    void u16(std::uint16_t v);  // network byte order
    void u32(std::uint32_t v);  // network byte order
    void bytes(ByteView v);
    void fill(std::uint8_t v, std::size_t n);

    std::size_t size() const noexcept { return pos_; }
    std::size_t remaining() const noexcept { return buf_.size() - pos_; }
    std::span<std::uint8_t> written() const noexcept { return buf_.first(pos_); }
    // Overwrite an already written byte (e.g. a length filled in later).
    void patch(std::size_t at, std::uint8_t v);

private:
    void need(std::size_t n) const;  // throws WireError("output buffer full", size())

    std::span<std::uint8_t> buf_;
    std::size_t pos_ = 0;
};

}  // namespace dhcplite::wire
