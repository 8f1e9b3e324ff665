#pragma once
// IPv4 addresses, CIDR prefixes and MAC addresses: strict parsing (InputError with position),
// canonical formatting.
#include <array>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "wire/bytes.hpp"

namespace dhcplite::wire {

struct Ipv4 {
    std::uint32_t value = 0;  // host byte order: 192.0.2.1 == 0xC0000201

    static Ipv4 parse(std::string_view text);  // dotted quad, each part 0..255, no leading '+'
    static Ipv4 fromBytes(ByteView four);      // exactly 4 bytes, network order
    std::array<std::uint8_t, 4> bytes() const noexcept;
    std::string toString() const;
    bool isZero() const noexcept { return value == 0; }
    auto operator<=>(const Ipv4&) const = default;
};

struct Cidr {
    Ipv4 network;             // host bits zero (parse rejects "192.0.2.1/24" with a hint)
    std::uint8_t length = 0;  // 0..32

    static Cidr parse(std::string_view text);  // "a.b.c.d/n"; a bare address means /32
    bool contains(Ipv4 a) const noexcept;
    std::uint32_t mask() const noexcept;
    Ipv4 broadcast() const noexcept { return Ipv4{network.value | ~mask()}; }
    // Whether it has a network and a broadcast address apart from its hosts: up to /30. A /31
    // has two hosts and neither (RFC 3021 §2.1), a /32 one host.
    bool hasEdges() const noexcept { return length <= 30; }
    // Whether `a` is this subnet's network address (host part 0, which hosts accept as a
    // broadcast too, RFC 1122 §3.3.6) or its broadcast address (host part all ones,
    // §3.2.1.3 (e)): a datagram sent there reaches every host of the subnet.
    bool isEdge(Ipv4 a) const noexcept { return hasEdges() && (a == network || a == broadcast()); }
    std::string toString() const;
    auto operator<=>(const Cidr&) const = default;
};

struct MacAddress {
    std::array<std::uint8_t, 6> octets{};

    // "00:11:22:33:44:55", "00-11-22-33-44-55", "0011.2233.4455", "001122334455"
    static MacAddress parse(std::string_view text);
    std::string toString() const;  // lower-case, colon separated
    auto operator<=>(const MacAddress&) const = default;
};

}  // namespace dhcplite::wire
