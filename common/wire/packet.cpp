#include "wire/packet.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace dhcplite::wire {

// ---- OptionList ----

const Option* OptionList::find(std::uint8_t code) const noexcept {
    for (const auto& o : options_) {
        if (o.code == code) return &o;
    }
    return nullptr;
}

Option* OptionList::find(std::uint8_t code) noexcept {
    for (auto& o : options_) {
        if (o.code == code) return &o;
    }
    return nullptr;
}

void OptionList::set(std::uint8_t code, Bytes data) {
    if (Option* o = find(code)) {
        o->data = std::move(data);
    } else {
        options_.push_back(Option{code, std::move(data)});
    }
}

void OptionList::append(std::uint8_t code, ByteView data) {
    if (Option* o = find(code)) {
        o->data.insert(o->data.end(), data.begin(), data.end());
    } else {
        options_.push_back(Option{code, Bytes(data.begin(), data.end())});
    }
}

void OptionList::remove(std::uint8_t code) {
    std::erase_if(options_, [code](const Option& o) { return o.code == code; });
}

std::optional<MessageType> Packet::messageType() const {
    const Option* o = options.find(opt::MessageType);
    if (o == nullptr || o->data.size() != 1) return std::nullopt;
    return static_cast<MessageType>(o->data[0]);
}

// ---- decode ----

namespace {

enum class FieldKind { Options, File, Sname };

struct FieldResult {
    bool sawEnd = false;
    std::size_t endOffset = 0;       // offset just after END (absolute)
    std::size_t overloadOffset = 0;  // offset of option 52's code byte, if seen
    bool sawOverload = false;
};

// Parses one options field (the options area, or an overloaded `file`/`sname`). `base` is the
// field's offset in the datagram, so every error names a datagram offset.
FieldResult parseField(ByteView field, std::size_t base, FieldKind kind, OptionList& options,
                       std::vector<std::uint8_t>& seen, DecodeReport& report) {
    FieldResult result;
    ByteReader in(field, base);
    while (!in.empty()) {
        const std::size_t codeAt = in.offset();
        const std::uint8_t code = in.u8();
        if (code == opt::Pad) continue;  // RFC 2132 §3.1
        if (code == opt::End) {          // RFC 2132 §3.2
            result.sawEnd = true;
            result.endOffset = in.offset();
            return result;
        }
        if (in.empty()) {
            in.fail(fmt::format("option {} has no length byte", code));
        }
        const std::size_t lengthAt = in.offset();
        const std::uint8_t length = in.u8();
        if (length > in.remaining()) {
            throw WireError(
                fmt::format("option {} length {} runs past the end of the {} ({} byte{} left)",
                            code, length,
                            kind == FieldKind::Options ? "options"
                            : kind == FieldKind::File  ? "file field"
                                                       : "sname field",
                            in.remaining(), in.remaining() == 1 ? "" : "s"),
                lengthAt);
        }
        const ByteView data = in.bytes(length);
        if (code == opt::Overload) {
            // RFC 2131 §4.1: option 52 belongs in the options field; inside file/sname it is
            // meaningless and ignored.
            if (kind != FieldKind::Options) continue;
            result.sawOverload = true;
            result.overloadOffset = codeAt;
        }
        // RFC 3396 §7: instances of one code are concatenated in the order they are met.
        if (std::find(seen.begin(), seen.end(), code) != seen.end()) {
            if (std::find(report.joinedCodes.begin(), report.joinedCodes.end(), code) ==
                report.joinedCodes.end()) {
                report.joinedCodes.push_back(code);
            }
        } else {
            seen.push_back(code);
        }
        options.append(code, data);
    }
    return result;
}

}  // namespace

DecodedPacket decodePacket(ByteView datagram) {
    if (datagram.size() < kOptionsOffset) {
        throw WireError(
            fmt::format("datagram of {} bytes is too short (a DHCP message has at least {})",
                        datagram.size(), kOptionsOffset),
            datagram.size());
    }
    DecodedPacket result;
    Packet& p = result.packet;
    DecodeReport& report = result.report;

    // RFC 2131 §2, Figure 1; the length was checked above, so the view is there.
    const HeaderView header = *HeaderView::of(datagram);
    p.op = header.op();
    p.htype = header.htype();
    p.hlen = header.hlen();
    p.hops = header.hops();
    p.xid = header.xid();
    p.secs = header.secs();
    p.flags = header.flags();
    p.ciaddr = header.ciaddr();
    p.yiaddr = header.yiaddr();
    p.siaddr = header.siaddr();
    p.giaddr = header.giaddr();
    const ByteView chaddr = header.chaddr();
    const ByteView sname = header.sname();
    const ByteView file = header.file();
    const std::uint32_t cookie =
        ByteReader(datagram.subspan(kCookieOffset, 4), kCookieOffset).u32();
    if (cookie != kMagicCookie) {
        throw WireError(
            fmt::format("bad magic cookie 0x{:08X} (expected 0x{:08X})", cookie, kMagicCookie),
            kCookieOffset);
    }
    std::copy(chaddr.begin(), chaddr.end(), p.chaddr.begin());

    std::vector<std::uint8_t> seen;
    const ByteView field = datagram.subspan(kOptionsOffset);
    const FieldResult optionsField =
        parseField(field, kOptionsOffset, FieldKind::Options, p.options, seen, report);
    if (optionsField.sawEnd) {
        // After END: zeros are the usual padding to 300 bytes; anything else is reported and
        // never parsed (Kea silently accepts it; we at least say so).
        const ByteView after = datagram.subspan(optionsField.endOffset);
        const auto firstJunk =
            std::find_if(after.begin(), after.end(), [](std::uint8_t b) { return b != 0; });
        report.paddingBytes = static_cast<std::size_t>(firstJunk - after.begin());
        if (firstJunk != after.end()) {
            report.trailingOffset = optionsField.endOffset + report.paddingBytes;
            report.trailingBytes = datagram.size() - report.trailingOffset;
        }
    } else {
        report.missingEnd = true;
    }

    if (optionsField.sawOverload) {
        // Repeated 52s were joined above, so "length" here is their total.
        const Option* o = p.options.find(opt::Overload);
        const std::size_t length = o == nullptr ? 0 : o->data.size();
        if (o == nullptr || length != 1) {
            throw WireError(fmt::format("option 52 (overload) has length {} (must be 1)", length),
                            optionsField.overloadOffset + 1);
        }
        const std::uint8_t v = o->data[0];
        if (v < kOverloadFile || v > kOverloadBoth) {
            throw WireError(fmt::format("option 52 (overload) value {} is not 1, 2 or 3", v),
                            optionsField.overloadOffset + 2);
        }
        report.overload = v;
    }
    // RFC 3396 §5 order: options, then file, then sname.
    if ((report.overload & kOverloadFile) != 0) {
        parseField(file, kFileOffset, FieldKind::File, p.options, seen, report);
    } else {
        std::copy(file.begin(), file.end(), p.file.begin());
    }
    if ((report.overload & kOverloadSname) != 0) {
        parseField(sname, kSnameOffset, FieldKind::Sname, p.options, seen, report);
    } else {
        std::copy(sname.begin(), sname.end(), p.sname.begin());
    }
    return result;
}

// ---- encode ----

void writeOptionTlvs(ByteWriter& out, std::uint8_t code, ByteView data) {
    if (code == opt::Pad || code == opt::End) [[unlikely]] {
        throw InputError(fmt::format("option code {} is {} and cannot carry a value", code,
                                     code == opt::Pad ? "PAD" : "END"),
                         std::to_string(code), 0, "option code");
    }
    // RFC 3396 §6: a value longer than 255 bytes goes out as consecutive instances of the code,
    // each full but the last. An empty value is one instance of length 0.
    do {
        const std::size_t chunk = std::min(data.size(), kMaxOptionData);
        out.u8(code);
        out.u8(static_cast<std::uint8_t>(chunk));
        out.bytes(data.first(chunk));
        data = data.subspan(chunk);
    } while (!data.empty());
}

void appendOptionTlvs(Bytes& out, std::uint8_t code, ByteView data) {
    const std::size_t at = out.size();
    out.resize(at + optionTlvsSize(data.size()));
    ByteWriter writer(std::span<std::uint8_t>(out).subspan(at));
    try {
        writeOptionTlvs(writer, code, data);
    } catch (...) {
        out.resize(at);  // nothing appended, as before the call
        throw;
    }
}

Bytes encodePacket(const Packet& p, EncodeLimits limits) {
    Bytes out(kOptionsOffset + 64);
    ByteWriter w(out);
    w.u8(p.op);
    w.u8(p.htype);
    w.u8(p.hlen);
    w.u8(p.hops);
    w.u32(p.xid);
    w.u16(p.secs);
    w.u16(p.flags);
    w.u32(p.ciaddr.value);
    w.u32(p.yiaddr.value);
    w.u32(p.siaddr.value);
    w.u32(p.giaddr.value);
    w.bytes(p.chaddr);
    w.bytes(p.sname);
    w.bytes(p.file);
    w.u32(kMagicCookie);
    out.resize(w.size());
    for (const Option& o : p.options.all()) {
        appendOptionTlvs(out, o.code, o.data);
    }
    out.push_back(opt::End);
    if (out.size() > limits.maxSize) {
        throw WireError(
            fmt::format("message exceeds {} bytes ({} needed)", limits.maxSize, out.size()),
            limits.maxSize);
    }
    // BOOTP relays and old clients expect at least 300 bytes (RFC 1542 §2.1); never pad past the
    // maximum.
    const std::size_t padded = std::min(limits.minSize, limits.maxSize);
    if (out.size() < padded) out.resize(padded, 0);
    return out;
}

}  // namespace dhcplite::wire
