#include "wire/option120.hpp"

#include <fmt/format.h>

#include "wire/dns_name.hpp"

namespace dhcplite::wire {

Bytes encodeSipServerNames(const std::vector<std::string>& names) {
    if (names.empty()) {
        throw InputError("no SIP server name given", "", 0);
    }
    Bytes out{static_cast<std::uint8_t>(SipEncoding::Names)};
    // RFC 3361 §3.1 allows compression; we never emit it: every client can read plain labels,
    // and some (Kea-era phones, hand decoders) cannot follow pointers with an unknown base.
    for (const auto& name : names) {
        const Bytes encoded = encodeDnsName(name);
        out.insert(out.end(), encoded.begin(), encoded.end());
    }
    return out;
}

Bytes encodeSipServerAddresses(const std::vector<Ipv4>& addresses) {
    if (addresses.empty()) {
        throw InputError("no SIP server address given", "", 0);
    }
    Bytes out{static_cast<std::uint8_t>(SipEncoding::Addresses)};
    for (const Ipv4 a : addresses) {
        const auto b = a.bytes();
        out.insert(out.end(), b.begin(), b.end());
    }
    return out;
}

Bytes encodeSipServers(const SipServers& servers) {
    return servers.encoding == SipEncoding::Names ? encodeSipServerNames(servers.names)
                                                  : encodeSipServerAddresses(servers.addresses);
}

SipServers decodeSipServers(ByteView value) {
    if (value.empty()) {
        throw WireError("empty option 120 (no encoding byte)", 0);
    }
    SipServers result;
    const std::uint8_t enc = value[0];
    const ByteView body = value.subspan(1);
    if (enc == static_cast<std::uint8_t>(SipEncoding::Addresses)) {
        result.encoding = SipEncoding::Addresses;
        if (body.empty()) {
            throw WireError("option 120 enc 1 has no addresses", 1);
        }
        if (body.size() % 4 != 0) {
            // Point at the incomplete address at the end.
            throw WireError(
                fmt::format("option 120 enc 1 has {} address bytes, not a multiple of 4",
                            body.size()),
                1 + body.size() / 4 * 4);
        }
        for (std::size_t i = 0; i < body.size(); i += 4) {
            result.addresses.push_back(Ipv4::fromBytes(body.subspan(i, 4)));
        }
        return result;
    }
    if (enc != static_cast<std::uint8_t>(SipEncoding::Names)) {
        throw WireError(
            fmt::format("option 120 encoding byte is {} (0 = names, 1 = addresses)", enc), 0);
    }
    result.encoding = SipEncoding::Names;
    if (body.empty()) {
        throw WireError("option 120 enc 0 has no names", 1);
    }
    // Pointer targets are offsets into `body` (first byte after enc, dnsmasq's base); reported
    // offsets are shifted by one so they count from the enc byte like every other offset here.
    std::size_t pos = 0;
    while (pos < body.size()) {
        std::size_t next = 0;
        std::string name = decodeDnsName(body, pos, next, 1, result.usedCompression);
        if (name.empty()) {
            throw WireError("empty name (root label only) in option 120", 1 + pos);
        }
        result.names.push_back(std::move(name));
        pos = next;
    }
    return result;
}

}  // namespace dhcplite::wire
