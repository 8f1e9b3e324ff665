#pragma once
// The DHCPINFORM a Lync / Skype for Business phone broadcasts after it has its address
// (docs/design.md §10), as emulate-client sends it. Pure: settings in, a wire::Packet and its bytes
// out.
//
// Two shapes:
//   Phone (default): 53 = INFORM, 61 = type 1 + MAC, 12 = host name, 60 = vendor class,
//     55 = the request list ([120, 43] unless --request). What the phones send.
//   DHCPUtil (--dhcputil-style): Microsoft DHCPUtil -EmulateClient's exact option field: 53, 54
//     with length 0, 61, 120 with length 0, 12, 60, 55, 43 with length 0.
// Why the phone shape is the default: RFC 2132 §9.7 makes option 54 exactly 4 bytes, and a
// zero-length 54 is not a value any server must accept. Windows DHCP and dhcplite ignore it,
// but a server that validates option lengths may drop the whole message (Kea parses 54 as an
// address), and then emulate-client would blame the server for what the client sent. The
// DHCPUtil shape stays available to reproduce DHCPUtil's result exactly.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wire/address.hpp"
#include "wire/bytes.hpp"
#include "wire/packet.hpp"

namespace dhcplite::util {

enum class InformStyle { Phone, DhcpUtil };

struct InformSpec {
    std::uint32_t xid = 0;
    wire::MacAddress mac;  // chaddr and option 61
    wire::Ipv4 ciaddr;     // the phone's address (RFC 2131 §4.4.3: INFORM carries it in ciaddr)
    std::string hostName;  // option 12; left out when empty
    std::string vendorClass = "MS-UC-Client";  // option 60
    std::vector<std::uint8_t> requestList{120,
                                          43};  // option 55, the phone's order (docs/design.md §1)
    InformStyle style = InformStyle::Phone;
};

wire::Packet buildInform(const InformSpec& spec);
// encodePacket(buildInform(spec)): padded to the BOOTP minimum of 300 bytes (RFC 951), which
// some relays and servers insist on.
wire::Bytes encodeInform(const InformSpec& spec);

// "120,43" / "43 120" → codes. Codes 1..254 (0 pad and 255 end are no options, RFC 2132 §3),
// no duplicates, at most 255 of them. Throws wire::InputError (field `field`).
std::vector<std::uint8_t> parseRequestList(std::string_view text, const std::string& field);

// A host name for option 12 (RFC 2132 §3.14: at least 1 byte): printable ASCII, no spaces,
// at most 63 characters; InputError otherwise.
void validateHostName(std::string_view name, const std::string& field);

}  // namespace dhcplite::util
