#pragma once
// The responder's view of a request: the header fields a reply copies and the few options it
// reads (52, 53, 55, 57, 60, 82), found in one pass over the options field without decoding the
// rest and without the heap. Rare shapes that need RFC 3396 joining (a repeated option we read)
// or RFC 2131 overload (option 52) are flagged, and the caller decodes those fully (cold path).
#include <cstddef>
#include <cstdint>

#include "wire/address.hpp"
#include "wire/bytes.hpp"
#include "wire/packet.hpp"

namespace dhcplite::daemon {

struct OptionValue {
    wire::ByteView data;   // the option's data (no code/len); points into the request or a Packet
    bool present = false;  // an option of length 0 is present and empty
};

struct RequestScan {
    std::uint8_t op = 0;
    std::uint8_t htype = 0;
    std::uint8_t hlen = 0;
    std::uint32_t xid = 0;
    std::uint16_t flags = 0;
    wire::Ipv4 ciaddr;
    wire::Ipv4 giaddr;
    wire::ByteView chaddr;  // all 16 bytes, copied verbatim

    OptionValue messageType;     // 53
    OptionValue parameterList;   // 55
    OptionValue maxMessageSize;  // 57
    OptionValue vendorClass;     // 60
    OptionValue relayInfo;       // 82
    // Where the first option 82's data starts in the datagram and how long it is (0, 0: none
    // in the options field); kept by scanFromPacket, so a bad sub-option can be pointed at.
    std::size_t relayInfoOffset = 0;
    std::size_t relayInfoSize = 0;
    // Option 52 was seen, or one of the options above appeared more than once: the values above
    // are not the whole story and the caller must decode the packet (scanFromPacket).
    bool needsFullDecode = false;
};

// Where a scan found the datagram malformed (the offsets wire::decodePacket reports: the
// datagram's size for a short header, 236 for a bad cookie, an option's length byte when the
// length is missing or runs past the end).
struct ScanError {
    std::size_t offset = 0;
};

// Fixed fields (RFC 2131 §2 Figure 1). False (with `error`) if shorter than header + cookie.
bool scanHeader(wire::ByteView datagram, RequestScan& out, ScanError& error);

// The magic cookie and the options field: PAD skipped, stops at END (or the end of the datagram
// when END is missing; bytes after END are not looked at), the values of 52/53/55/57/60/82
// recorded. False (with `error`) on a wrong cookie or an option overrunning the datagram.
bool scanOptions(wire::ByteView datagram, RequestScan& out, ScanError& error);

// RFC 3046 §2.0: option 82's data is a sequence of sub-options (code, length, data). False
// (with `error`) if one of them runs past the option's end, or its length byte is missing: the
// option is malformed, and so is the request (an overrun like any other, never echoed). The
// offset is that sub-option's length byte in the datagram; the option's own length byte when
// the fault lies past its first instance (the sub-option's length byte is missing, or the value
// was joined from several instances, RFC 3396).
bool checkRelayInfo(const RequestScan& scan, ScanError& error);

// Cold path: replaces the option values with those of a fully decoded packet (RFC 3396 joined,
// overload honoured). The views point into `packet`, which must outlive `out`'s use.
void scanFromPacket(const wire::Packet& packet, RequestScan& out);

}  // namespace dhcplite::daemon
