// Link-layer frames down to the UDP payload, for every link type a capture may use, and every
// way a frame can be cut short.
#include <doctest/doctest.h>

#include <variant>

#include "capture/frame.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"

using namespace dhcplite;
using util::LinkType;
using util::NotUdp;
using util::UdpDatagram;

namespace {

void put16(wire::Bytes& b, std::uint16_t v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v & 0xFF));
}

// IPv4 (RFC 791) + UDP (RFC 768) around `payload`, 192.168.1.10:67 -> 192.168.1.50:68.
wire::Bytes ipUdp(const wire::Bytes& payload, std::uint8_t protocol = 17,
                  std::uint16_t fragment = 0, std::uint16_t sport = 67, std::uint16_t dport = 68) {
    wire::Bytes b = wire::parseHex("45 00");
    put16(b, static_cast<std::uint16_t>(20 + 8 + payload.size()));
    put16(b, 0);
    put16(b, fragment);
    b.push_back(64);
    b.push_back(protocol);
    put16(b, 0);
    const auto addrs = wire::parseHex("C0A8010A C0A80132");
    b.insert(b.end(), addrs.begin(), addrs.end());
    put16(b, sport);
    put16(b, dport);
    put16(b, static_cast<std::uint16_t>(8 + payload.size()));
    put16(b, 0);
    b.insert(b.end(), payload.begin(), payload.end());
    return b;
}

wire::Bytes ethernet(const wire::Bytes& ip, std::uint16_t type = 0x0800) {
    wire::Bytes b = wire::parseHex("0004F2A1B2C3 00155D0A0B0C");
    put16(b, type);
    b.insert(b.end(), ip.begin(), ip.end());
    return b;
}

UdpDatagram udp(const std::variant<UdpDatagram, NotUdp>& v) {
    REQUIRE(std::holds_alternative<UdpDatagram>(v));
    return std::get<UdpDatagram>(v);
}

const wire::Bytes kPayload = wire::parseHex("0201060012345678");

}  // namespace

TEST_CASE("Ethernet + IPv4 + UDP") {
    const auto frame = ethernet(ipUdp(kPayload));
    const auto& d = udp(util::parseUdpFrame(LinkType::Ethernet, frame));
    CHECK(d.source.toString() == "192.168.1.10");
    CHECK(d.destination.toString() == "192.168.1.50");
    CHECK(d.sourcePort == 67);
    CHECK(d.destinationPort == 68);
    CHECK_FALSE(d.vlan);
    CHECK(d.payloadOffset == 42);
    CHECK(wire::Bytes(d.payload.begin(), d.payload.end()) == kPayload);
    CHECK_FALSE(d.cutShort());
    CHECK(util::isDhcpPorts(d));
}

TEST_CASE("Ethernet padding after the datagram is ignored") {
    auto frame = ethernet(ipUdp(kPayload));
    frame.resize(frame.size() + 10, 0);
    CHECK(udp(util::parseUdpFrame(LinkType::Ethernet, frame)).payload.size() == kPayload.size());
}

TEST_CASE("802.1Q and 802.1ad tags") {
    const auto ip = ipUdp(kPayload);
    wire::Bytes tagged = wire::parseHex("0004F2A1B2C3 00155D0A0B0C 88A8 0064 8100 2014 0800");
    tagged.insert(tagged.end(), ip.begin(), ip.end());
    const auto& d = udp(util::parseUdpFrame(LinkType::Ethernet, tagged));
    CHECK(d.vlan == std::uint16_t{20});  // the inner tag, priority bits dropped
    CHECK(d.payloadOffset == 50);
}

TEST_CASE("Linux cooked captures and raw IP") {
    const auto ip = ipUdp(kPayload);
    wire::Bytes sll = wire::parseHex("0000 0001 0006 00155D0A0B0C0000 0800");
    sll.insert(sll.end(), ip.begin(), ip.end());
    CHECK(udp(util::parseUdpFrame(LinkType::LinuxSll, sll)).payloadOffset == 16 + 28);
    wire::Bytes sll2 = wire::parseHex("0800 0000 00000002 0001 00 06 00155D0A0B0C0000");
    sll2.insert(sll2.end(), ip.begin(), ip.end());
    CHECK(udp(util::parseUdpFrame(LinkType::LinuxSll2, sll2)).payloadOffset == 20 + 28);
    CHECK(udp(util::parseUdpFrame(LinkType::RawIpv4, ip)).payloadOffset == 28);
}

TEST_CASE("frames that are not UDP over IPv4") {
    CHECK(std::get<NotUdp>(util::parseUdpFrame(
              LinkType::Ethernet, ethernet(wire::parseHex("0001080006040001"), 0x0806))) ==
          NotUdp::NotIpv4);
    CHECK(std::get<NotUdp>(util::parseUdpFrame(LinkType::Ethernet, ethernet(ipUdp(kPayload, 6)))) ==
          NotUdp::NotUdp);
    CHECK(std::get<NotUdp>(util::parseUdpFrame(
              LinkType::Ethernet, ethernet(ipUdp(kPayload, 17, 0x2000)))) == NotUdp::Fragment);
    CHECK(std::get<NotUdp>(util::parseUdpFrame(
              LinkType::Ethernet, ethernet(ipUdp(kPayload, 17, 0x0010)))) == NotUdp::Fragment);
    CHECK(std::get<NotUdp>(util::parseUdpFrame(
              LinkType::RawIpv4, wire::parseHex("6000000000000000"))) == NotUdp::NotIpv4);
    CHECK(util::notUdpReason(NotUdp::Fragment) == "IPv4 fragment");
    const auto& dns =
        udp(util::parseUdpFrame(LinkType::Ethernet, ethernet(ipUdp(kPayload, 17, 0, 5353, 53))));
    CHECK_FALSE(util::isDhcpPorts(dns));
}

TEST_CASE("inconsistent headers name their offset") {
    auto frame = ethernet(ipUdp(kPayload));
    frame[14] = 0x44;  // IHL 4 words
    try {
        (void)util::parseUdpFrame(LinkType::Ethernet, frame);
        FAIL("no error");
    } catch (const wire::WireError& e) {
        CHECK(e.offset() == 14);
        CHECK(e.reason() == "IPv4 header length 16 is below 20");
    }
    auto udpShort = ethernet(ipUdp(kPayload));
    udpShort[38] = 0;
    udpShort[39] = 7;  // UDP length 7
    try {
        (void)util::parseUdpFrame(LinkType::Ethernet, udpShort);
        FAIL("no error");
    } catch (const wire::WireError& e) {
        CHECK(e.offset() == 38);
    }
}

TEST_CASE(
    "a UDP length past the IPv4 total length is an error, not Ethernet padding read as payload") {
    // Found by the frame fuzz target (tests/fuzz/regressions/frame/): the parser took the UDP
    // length alone and read what followed the IPv4 datagram as payload.
    auto frame = ethernet(ipUdp(kPayload));
    frame.resize(60);    // the Ethernet minimum: padding after the 36-byte datagram
    frame[39] = 8 + 12;  // UDP length 20: 4 bytes more than IPv4's total length of 36 leaves
    try {
        (void)util::parseUdpFrame(LinkType::Ethernet, frame);
        FAIL("no error");
    } catch (const wire::WireError& e) {
        CHECK(e.offset() == 38);
        CHECK(e.reason() ==
              "UDP length 20 runs past the IPv4 datagram (total length 36, header 20)");
    }
    frame[39] = 8 + 8;  // exactly the IPv4 datagram: the padding is not payload
    const auto& d = udp(util::parseUdpFrame(LinkType::Ethernet, frame));
    CHECK(d.payload.size() == kPayload.size());
    CHECK_FALSE(d.cutShort());
}

TEST_CASE("a payload cut by the capture's snap length keeps its ports") {
    auto frame = ethernet(ipUdp(kPayload));
    frame.resize(frame.size() - 3);
    const auto& d = udp(util::parseUdpFrame(LinkType::Ethernet, frame));
    CHECK(d.cutShort());
    CHECK(d.payload.size() == kPayload.size() - 3);
    CHECK(d.payloadLength == kPayload.size());
}

TEST_CASE("every prefix of a frame: a result or a WireError inside the frame, never more") {
    const auto frame = ethernet(ipUdp(kPayload));
    for (std::size_t n = 0; n < frame.size(); ++n) {
        const wire::ByteView prefix(frame.data(), n);
        try {
            const auto r = util::parseUdpFrame(LinkType::Ethernet, prefix);
            // Only the payload may be short once all headers are there.
            CHECK(n >= 42);
            CHECK(udp(r).cutShort());
        } catch (const wire::WireError& e) {
            CHECK(n < 42);
            CHECK(e.offset() <= n);
        }
    }
}
