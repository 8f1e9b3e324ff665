#pragma once
// The names of the DHCPv4 options, after IANA's "BOOTP Vendor Extensions and DHCP Options"
// registry (every assigned code 1..254; 0 is Pad and 255 End), each with how decode shows its
// value; and the enterprise numbers RFC 3925's options 124 and 125 are keyed by.
#include <cstdint>
#include <string_view>

namespace dhcplite::util {

// How an option's value is read. Only what helps an admin reading a phone's exchange; everything
// else is shown as hex.
enum class OptionKind {
    Hex,
    Address,
    Addresses,
    Text,
    U8,
    U16,
    U32,
    Seconds,
    MessageType,
    ParamList,
    ClientId,
    Sip,
    Vendor,
    Relay,
    DomainSearch,
    Overload,
    ViVendorClass,     // 124, RFC 3925 §3: enterprise number, then length-prefixed class data
    ViVendorSpecific,  // 125, RFC 3925 §4: enterprise number, then sub-options
};

struct OptionDef {
    std::uint8_t code;
    std::string_view name;
    OptionKind kind;
};

// nullptr for codes the registry leaves unassigned (and for 224..254, private use).
const OptionDef* findOptionDef(std::uint8_t code);

// "Microsoft", "Cisco"... for a few IANA Private Enterprise Numbers phones and servers use;
// empty for the others.
std::string_view enterpriseName(std::uint32_t number);

}  // namespace dhcplite::util
