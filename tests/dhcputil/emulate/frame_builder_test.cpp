// Frames as emulate-client sends them: RFC 1071 checksums against published examples, and whole
// frames against bytes computed by an independent implementation (scapy 2.5, Debian 12:
// Ether()/IP()/UDP()/Raw() with the same fields; the generator lines are quoted beside each).
#include <doctest/doctest.h>

#include <variant>

#include "capture/frame.hpp"
#include "capture/frame_builder.hpp"
#include "emulate/emulate_inform.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"

using namespace dhcplite;
using util::UdpFrameSpec;

namespace {

wire::Bytes hex(std::string_view s) { return wire::parseHex(s); }

// The phone-style INFORM of tests/dhcputil/emulate/inform_test.cpp: xid 1A2B3C4D, MAC
// 00:04:f2:a1:b2:c3, ciaddr 192.0.2.30, host name CX600.
util::InformSpec phoneInform() {
    util::InformSpec s;
    s.xid = 0x1A2B3C4D;
    s.mac = wire::MacAddress::parse("00:04:f2:a1:b2:c3");
    s.ciaddr = wire::Ipv4::parse("192.0.2.30");
    s.hostName = "CX600";
    return s;
}

UdpFrameSpec broadcastSpec() {
    UdpFrameSpec spec;
    spec.sourceMac = wire::MacAddress::parse("00:04:f2:a1:b2:c3");
    spec.destinationMac = util::kBroadcastMac;
    spec.source = wire::Ipv4::parse("192.0.2.30");
    spec.destination = wire::Ipv4::parse("255.255.255.255");
    spec.sourcePort = 68;
    spec.destinationPort = 67;
    spec.identification = 0x1234;
    return spec;
}

}  // namespace

TEST_CASE("RFC 1071 checksum: the published examples") {
    // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to 0x2ddf0, folded 0xddf2; the checksum is
    // its complement.
    CHECK(util::internetChecksum(hex("0001F203F4F5F6F7")) == 0x220D);
    // The classic IPv4 header example (checksum field zeroed): 4500 0073 0000 4000 4011 ____
    // c0a8 0001 c0a8 00c7 → b861.
    CHECK(util::ipv4HeaderChecksum(hex("450000730000400040110000C0A80001C0A800C7")) == 0xB861);
    // With the checksum in place, the sum over the header is zero (what a receiver checks).
    CHECK(util::internetChecksum(hex("45000073000040004011B861C0A80001C0A800C7")) == 0);
    // An odd number of bytes: the last one is padded with a zero byte (RFC 1071 §4.1).
    CHECK(util::internetChecksum(hex("01")) == util::internetChecksum(hex("0100")));
    CHECK(util::internetChecksum({}) == 0xFFFF);
}

TEST_CASE("the phone's INFORM as a broadcast Ethernet frame, byte for byte") {
    const wire::Bytes payload = util::encodeInform(phoneInform());
    REQUIRE(payload.size() == 300);
    const wire::Bytes frame = util::buildEthernetUdpFrame(broadcastSpec(), payload);
    // scapy: Ether(src="00:04:f2:a1:b2:c3", dst="ff:ff:ff:ff:ff:ff")/IP(src="192.0.2.30",
    //   dst="255.255.255.255", id=0x1234, ttl=64, flags=0)/UDP(sport=68, dport=67)/Raw(payload)
    // → IP checksum A553, UDP checksum C8FF.
    const wire::Bytes headers =
        hex("FFFFFFFFFFFF 0004F2A1B2C3 0800"                    // Ethernet II
            "4500 0148 1234 0000 40 11 A553 C000021E FFFFFFFF"  // IPv4: 328 bytes, TTL 64, UDP
            "0044 0043 0134 C8FF");                             // UDP 68 → 67, 308 bytes
    REQUIRE(frame.size() == headers.size() + payload.size());
    CHECK(wire::toHex(wire::ByteView(frame).first(headers.size())) == wire::toHex(headers));
    CHECK(wire::ByteView(frame).subspan(headers.size()).size() == payload.size());
    CHECK(std::equal(payload.begin(), payload.end(),
                     frame.begin() + static_cast<std::ptrdiff_t>(headers.size())));

    // Read back by the capture parser (frame.hpp), as emulate-client reads its own frames.
    const auto parsed = util::parseUdpFrame(util::LinkType::Ethernet, frame);
    REQUIRE(std::holds_alternative<util::UdpDatagram>(parsed));
    const auto& d = std::get<util::UdpDatagram>(parsed);
    CHECK(d.source.toString() == "192.0.2.30");
    CHECK(d.destination.toString() == "255.255.255.255");
    CHECK(d.sourcePort == 68);
    CHECK(d.destinationPort == 67);
    CHECK(d.payloadLength == payload.size());
    CHECK(!d.cutShort());

    const auto check = util::verifyUdpChecksums(util::LinkType::Ethernet, frame);
    CHECK(check.ipv4Valid);
    CHECK(check.udpPresent);
    CHECK(check.udpValid);
}

TEST_CASE("an odd-length UDP payload, unicast IPv4 without Ethernet") {
    UdpFrameSpec spec;
    spec.source = wire::Ipv4::parse("192.0.2.30");
    spec.destination = wire::Ipv4::parse("198.51.100.10");
    spec.sourcePort = 68;
    spec.destinationPort = 67;
    spec.identification = 0xBEEF;
    // scapy: IP(src="192.0.2.30", dst="198.51.100.10", id=0xBEEF, ttl=64)/UDP(sport=68,
    // dport=67)/Raw(b"abc")
    const wire::Bytes packet = util::buildIpv4UdpPacket(spec, wire::toBytes("abc"));
    CHECK(wire::toHex(packet) == "4500001FBEEF00004011CF82C000021EC633640A00440043000B4E92616263");
    const auto check = util::verifyUdpChecksums(util::LinkType::RawIpv4, packet);
    CHECK(check.ipv4Valid);
    CHECK(check.udpValid);
}

TEST_CASE("don't-fragment and TTL go where RFC 791 puts them") {
    UdpFrameSpec spec;
    spec.source = wire::Ipv4::parse("192.0.2.30");
    spec.destination = wire::Ipv4::parse("198.51.100.10");
    spec.ttl = 128;
    spec.dontFragment = true;
    const auto packet = util::buildIpv4UdpPacket(spec, wire::toBytes("x"));
    CHECK(packet[6] == 0x40);  // flags: DF
    CHECK(packet[7] == 0x00);
    CHECK(packet[8] == 128);
    CHECK(util::verifyUdpChecksums(util::LinkType::RawIpv4, packet).ipv4Valid);
}

TEST_CASE("a computed UDP checksum of zero is sent as FFFF (RFC 768)") {
    UdpFrameSpec spec;
    spec.source = wire::Ipv4::parse("192.0.2.30");
    spec.destination = wire::Ipv4::parse("192.0.2.1");
    spec.sourcePort = 68;
    spec.destinationPort = 67;
    // Append the checksum of the payload + 0000 as the last two bytes: the one's-complement sum
    // then comes to FFFF, so the checksum is zero.
    wire::Bytes payload = wire::toBytes("abcd");
    payload.push_back(0);
    payload.push_back(0);
    const auto first = util::buildIpv4UdpPacket(spec, payload);
    const std::uint16_t c = static_cast<std::uint16_t>(first[26] << 8 | first[27]);
    payload[4] = static_cast<std::uint8_t>(c >> 8);
    payload[5] = static_cast<std::uint8_t>(c & 0xFF);
    const auto packet = util::buildIpv4UdpPacket(spec, payload);
    CHECK(packet[26] == 0xFF);
    CHECK(packet[27] == 0xFF);
    const auto check = util::verifyUdpChecksums(util::LinkType::RawIpv4, packet);
    CHECK(check.udpPresent);
    CHECK(check.udpValid);
}

TEST_CASE("verifyUdpChecksums finds every corrupted header and payload byte") {
    const wire::Bytes frame =
        util::buildEthernetUdpFrame(broadcastSpec(), util::encodeInform(phoneInform()));
    // Every byte from the IPv4 header on, except the fields that change the parse itself
    // (version/IHL, fragment field, protocol, UDP length): flip it, and one of the two
    // checksums must fail -- or the parse refuses the frame outright, as it does when the IPv4
    // total length shrinks below the UDP length.
    for (std::size_t at = 14; at < frame.size(); ++at) {
        const bool structural =
            at == 14 || at == 20 || at == 21 || at == 23 || at == 38 || at == 39;
        if (structural) {
            continue;
        }
        wire::Bytes bad = frame;
        bad[at] ^= 0x01;
        CAPTURE(at);
        try {
            const auto check = util::verifyUdpChecksums(util::LinkType::Ethernet, bad);
            CHECK((!check.ipv4Valid || !check.udpValid));
        } catch (const wire::WireError&) {
            CHECK((at == 16 || at == 17));  // only the total length may make the parse refuse
        }
    }
    wire::Bytes noSum = frame;
    noSum[40] = 0;
    noSum[41] = 0;
    const auto check = util::verifyUdpChecksums(util::LinkType::Ethernet, noSum);
    CHECK(!check.udpPresent);
    CHECK(check.ipv4Valid);
    // Cut short: the checksum cannot be verified, and says so.
    CHECK_THROWS_AS(
        util::verifyUdpChecksums(util::LinkType::Ethernet, wire::ByteView(frame).first(100)),
        wire::WireError);
}

TEST_CASE("a payload that does not fit one IPv4 datagram is refused") {
    const wire::Bytes huge(65535 - 20 - 8 + 1, 0);
    CHECK_THROWS_AS(util::buildIpv4UdpPacket(broadcastSpec(), huge), wire::InputError);
    const wire::Bytes largest(65535 - 20 - 8, 0);
    CHECK(util::buildIpv4UdpPacket(broadcastSpec(), largest).size() == 65535);
}
