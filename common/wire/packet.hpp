#pragma once
// The DHCP message as a value: BOOTP header fields plus the option list, decoded and encoded with
// RFC 3396 (long options) and RFC 2131 option overload.
//
// Leniency policy (decided here, tested in tests/common/wire/packet_test.cpp):
//   - PAD (0) anywhere between options: accepted.
//   - No END in the options field (the options run to the end of the datagram): accepted, and
//     reported in DecodeReport::missingEnd. Many embedded clients do this.
//   - Bytes after END: zero bytes are ordinary padding (counted in paddingBytes, not a finding);
//     any non-zero byte after END is reported as trailingBytes (count of bytes from the first
//     non-zero one to the end), never parsed as options.
//   - An option whose length runs past the end of its field: rejected (WireError at the offset of
//     its length byte). So is a datagram shorter than 240 bytes, or a wrong magic cookie.
//   - Option 52 (overload) is honoured: `file` then `sname` are parsed as further option fields
//     (RFC 3396 §5 order: options, file, sname); a 52 inside them is ignored; a bad value (not
//     1..3, or length != 1) is rejected. Overloaded fields are not copied into Packet::file/sname.
//     Option 52 itself stays in the option list (as it was on the wire). Inside an overloaded
//     field a missing END is fine (the field ends at its size) and bytes after END are ignored.
//   - Repeated instances of one code are concatenated into one value, in the order above
//     (RFC 3396 §7); DecodeReport::joinedCodes lists the codes that were joined.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "wire/address.hpp"
#include "wire/bytes.hpp"
#include "wire/dhcp_constants.hpp"

namespace dhcplite::wire {

struct Option {
    std::uint8_t code = 0;
    Bytes data;  // may exceed 255 bytes after an RFC 3396 join
    bool operator==(const Option&) const = default;
};

// Options in first-appearance order, one entry per code.
class OptionList {
public:
    const Option* find(std::uint8_t code) const noexcept;
    Option* find(std::uint8_t code) noexcept;
    bool has(std::uint8_t code) const noexcept { return find(code) != nullptr; }
    // Sets (replacing in place) or appends at the end.
    void set(std::uint8_t code, Bytes data);
    // Appends data to an existing option, or adds it (the RFC 3396 join).
    void append(std::uint8_t code, ByteView data);
    void remove(std::uint8_t code);

    const std::vector<Option>& all() const noexcept { return options_; }
    std::size_t size() const noexcept { return options_.size(); }
    bool empty() const noexcept { return options_.empty(); }
    bool operator==(const OptionList&) const = default;

private:
    std::vector<Option> options_;
};

struct Packet {
    std::uint8_t op = 1;
    std::uint8_t htype = 1;  // Ethernet
    std::uint8_t hlen = 6;
    std::uint8_t hops = 0;
    std::uint32_t xid = 0;
    std::uint16_t secs = 0;
    std::uint16_t flags = 0;
    Ipv4 ciaddr, yiaddr, siaddr, giaddr;
    std::array<std::uint8_t, kChaddrSize> chaddr{};
    std::array<std::uint8_t, kSnameSize> sname{};
    std::array<std::uint8_t, kFileSize> file{};
    OptionList options;

    // Option 53, if present with length 1.
    std::optional<MessageType> messageType() const;
    bool operator==(const Packet&) const = default;
};

struct DecodeReport {
    bool missingEnd = false;                // the options field had no END
    std::size_t paddingBytes = 0;           // zero bytes after END (normal)
    std::size_t trailingBytes = 0;          // non-zero bytes after END (suspicious; not parsed)
    std::size_t trailingOffset = 0;         // where those start
    std::uint8_t overload = 0;              // option 52 value honoured, 0 if none
    std::vector<std::uint8_t> joinedCodes;  // codes that appeared more than once (RFC 3396)
};

struct DecodedPacket {
    Packet packet;
    DecodeReport report;
};

// Throws WireError (offset from the start of `datagram`).
DecodedPacket decodePacket(ByteView datagram);

struct EncodeLimits {
    std::size_t minSize = kBootpMinimum;  // pad with zeros after END up to this
    std::size_t maxSize = kMinClientMessage;
};

// Options are written in OptionList order, values over 255 bytes split into consecutive
// instances (RFC 3396), then END. No overload is used: `sname`/`file` are written as they are
// (an option 52 in the list is written like any other option). Padding never goes past
// limits.maxSize. Throws WireError("message exceeds N bytes (M needed)", N) if the result would
// be larger than limits.maxSize.
Bytes encodePacket(const Packet& packet, EncodeLimits limits = {});

// Bytes an option of `n` data bytes takes as TLVs once split into ≤ 255-byte instances
// (RFC 3396 §5); an empty value is one TLV of length 0.
constexpr std::size_t optionTlvsSize(std::size_t n) noexcept {
    return n == 0 ? 2 : n + 2 * ((n + kMaxOptionData - 1) / kMaxOptionData);
}

// The one TLV writer: one option as one or more TLVs (RFC 3396 §6: consecutive instances of the
// code, each full but the last; an empty value is one TLV of length 0), into a fixed buffer.
// Used by encodePacket, by the daemon's compiled options and for the echoed option 82. Codes 0
// (PAD) and 255 (END) cannot carry a value: InputError (field "option code"); a full buffer:
// WireError.
void writeOptionTlvs(ByteWriter& out, std::uint8_t code, ByteView data);
// The same, appended to a growing buffer.
void appendOptionTlvs(Bytes& out, std::uint8_t code, ByteView data);

}  // namespace dhcplite::wire
