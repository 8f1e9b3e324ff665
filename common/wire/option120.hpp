#pragma once
// Option 120, SIP servers (RFC 3361). The value handed in and out is the option's data: the `enc`
// byte followed by names (enc 0) or IPv4 addresses (enc 1). We never emit compression; we decode it
// with pointer offsets relative to the first byte after `enc` (dnsmasq's choice; RFC 3361 leaves
// the base open).
#include <cstdint>
#include <string>
#include <vector>

#include "wire/address.hpp"
#include "wire/bytes.hpp"

namespace dhcplite::wire {

enum class SipEncoding : std::uint8_t { Names = 0, Addresses = 1 };  // RFC 3361 §3

struct SipServers {
    SipEncoding encoding = SipEncoding::Names;
    std::vector<std::string> names;  // enc 0
    std::vector<Ipv4> addresses;     // enc 1
    bool usedCompression = false;    // decode only
    bool operator==(const SipServers&) const = default;
};

// At least one name; each validated with validateFqdn (InputError on failure).
Bytes encodeSipServerNames(const std::vector<std::string>& names);
// At least one address.
Bytes encodeSipServerAddresses(const std::vector<Ipv4>& addresses);
Bytes encodeSipServers(const SipServers& servers);

// Throws WireError (offset from the start of `value`, i.e. the `enc` byte is offset 0) for: an
// empty value, an unknown `enc`, no names/addresses after `enc`, a label or pointer running past
// the end, a bad label type (0x40/0x80), a forward/self pointer or a loop, too many hops, a name
// over 255 octets, an empty name (root label only), enc 1 with a length not a multiple of 4.
// Names come back as their label bytes (not checked against LDH): escape before display.
SipServers decodeSipServers(ByteView value);

}  // namespace dhcplite::wire
