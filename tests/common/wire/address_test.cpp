// IPv4, CIDR and MAC parsing and formatting (wire/address.hpp).
#include <doctest/doctest.h>

#include <string>

#include "support/expect.hpp"
#include "wire/address.hpp"

using namespace dhcplite::wire;
using dhcplite::test::inputErrorOf;
using dhcplite::test::wireErrorOf;

TEST_CASE("Ipv4 parses dotted quads into host order") {
    const Ipv4 a = Ipv4::parse("192.0.2.1");
    CHECK(a.value == 0xC0000201U);
    CHECK(a.bytes() == std::array<std::uint8_t, 4>{192, 0, 2, 1});
    CHECK(a.toString() == "192.0.2.1");
    CHECK(Ipv4::parse("0.0.0.0").isZero());
    CHECK(Ipv4::parse("255.255.255.255").value == 0xFFFFFFFFU);
    CHECK(Ipv4::parse("10.0.0.0") < Ipv4::parse("10.0.0.1"));
    CHECK(Ipv4{}.isZero());
    CHECK(Ipv4{}.toString() == "0.0.0.0");
}

TEST_CASE("Ipv4 round trip through text and bytes") {
    for (std::uint32_t v :
         {0U, 1U, 0x7F000001U, 0xC0A80001U, 0xC6336402U, 0xFFFFFFFEU, 0xFFFFFFFFU}) {
        CAPTURE(v);
        const Ipv4 a{v};
        CHECK(Ipv4::parse(a.toString()) == a);
        const auto b = a.bytes();
        CHECK(Ipv4::fromBytes(b) == a);
    }
    CHECK(Ipv4::fromBytes(Bytes{0xC6, 0x33, 0x64, 0x02}).toString() == "198.51.100.2");
}

TEST_CASE("Ipv4::fromBytes wants exactly four bytes") {
    CHECK(wireErrorOf([] {
              Ipv4::fromBytes(Bytes{1, 2, 3});
          }).reason() == "an IPv4 address is 4 bytes, got 3");
    CHECK(wireErrorOf([] { Ipv4::fromBytes(Bytes{1, 2, 3, 4, 5}); }).offset() == 0);
}

TEST_CASE("Ipv4::parse names the position of what is wrong") {
    struct Case {
        const char* text;
        std::size_t position;
        const char* reason;
    };
    const Case cases[] = {
        {"", 0, "empty IPv4 address"},
        {"192.0.2", 7, "only 3 parts (an IPv4 address has four, like 192.0.2.10)"},
        {"192", 3, "only 1 part (an IPv4 address has four, like 192.0.2.10)"},
        {"192.0.2.1.5", 9, "more than four parts"},
        {"192.0.2.256", 8, "'256' is more than 255"},
        {"1234.1.1.1", 0, "'1234' is more than 255"},
        {"192.0.2.01", 8, "'01' has a leading zero (ambiguous: some tools read it as octal)"},
        {"192.0..1", 6, "empty part (an IPv4 address is four numbers 0..255, like 192.0.2.10)"},
        {"192.0.2.", 8, "empty part (an IPv4 address is four numbers 0..255, like 192.0.2.10)"},
        {".1.2.3", 0, "empty part (an IPv4 address is four numbers 0..255, like 192.0.2.10)"},
        {"192.0.2.1 ", 9, "' ' is not allowed in an IPv4 address"},
        {"+1.2.3.4", 0, "'+' is not allowed in an IPv4 address"},
        {"1.2.3.4/24", 7, "'/' is not allowed in an IPv4 address"},
        {"1.2.x.4", 4, "'x' is not allowed in an IPv4 address"},
        {"99999999999999999999.1.1.1", 0, "'99999999999999999999' is more than 255"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const auto e = inputErrorOf([&] { Ipv4::parse(c.text); });
        CHECK(e.position() == c.position);
        CHECK(e.reason() == c.reason);
        CHECK(e.value() == c.text);
    }
    CHECK(std::string(inputErrorOf([] { Ipv4::parse("10.0.0.300"); }).what()) ==
          "'10.0.0.300': '300' is more than 255 at character 8");
}

TEST_CASE("Cidr parses, masks and matches") {
    const Cidr c = Cidr::parse("192.0.2.0/24");
    CHECK(c.network == Ipv4::parse("192.0.2.0"));
    CHECK(c.length == 24);
    CHECK(c.mask() == 0xFFFFFF00U);
    CHECK(c.contains(Ipv4::parse("192.0.2.0")));
    CHECK(c.contains(Ipv4::parse("192.0.2.255")));
    CHECK_FALSE(c.contains(Ipv4::parse("192.0.3.0")));
    CHECK_FALSE(c.contains(Ipv4::parse("192.0.1.255")));
    CHECK(c.toString() == "192.0.2.0/24");

    const Cidr all = Cidr::parse("0.0.0.0/0");
    CHECK(all.mask() == 0U);
    CHECK(all.contains(Ipv4::parse("255.255.255.255")));
    CHECK(all.contains(Ipv4{}));

    const Cidr host = Cidr::parse("10.1.2.3");
    CHECK(host.length == 32);
    CHECK(host.mask() == 0xFFFFFFFFU);
    CHECK(host.contains(Ipv4::parse("10.1.2.3")));
    CHECK_FALSE(host.contains(Ipv4::parse("10.1.2.4")));
    CHECK(host.toString() == "10.1.2.3/32");
    CHECK(Cidr::parse("10.1.2.3/32") == host);
    CHECK(Cidr::parse("128.0.0.0/1").mask() == 0x80000000U);
    CHECK(Cidr::parse("10.0.0.0/8").toString() == "10.0.0.0/8");
}

TEST_CASE("Cidr edges: the network and broadcast address, up to /30 (RFC 3021)") {
    const Cidr lan = Cidr::parse("192.0.2.0/24");
    CHECK(lan.broadcast() == Ipv4::parse("192.0.2.255"));
    CHECK(lan.hasEdges());
    CHECK(lan.isEdge(Ipv4::parse("192.0.2.0")));
    CHECK(lan.isEdge(Ipv4::parse("192.0.2.255")));
    CHECK_FALSE(lan.isEdge(Ipv4::parse("192.0.2.1")));
    CHECK_FALSE(lan.isEdge(Ipv4::parse("192.0.2.254")));

    const Cidr link = Cidr::parse("198.51.100.4/30");
    CHECK(link.broadcast() == Ipv4::parse("198.51.100.7"));
    CHECK(link.isEdge(Ipv4::parse("198.51.100.4")));
    CHECK(link.isEdge(Ipv4::parse("198.51.100.7")));
    CHECK_FALSE(link.isEdge(Ipv4::parse("198.51.100.5")));

    const Cidr p2p = Cidr::parse("198.51.100.0/31");
    CHECK(p2p.broadcast() == Ipv4::parse("198.51.100.1"));
    CHECK_FALSE(p2p.hasEdges());
    CHECK_FALSE(p2p.isEdge(Ipv4::parse("198.51.100.0")));
    CHECK_FALSE(p2p.isEdge(Ipv4::parse("198.51.100.1")));
    CHECK_FALSE(Cidr::parse("198.51.100.9/32").isEdge(Ipv4::parse("198.51.100.9")));

    const Cidr all = Cidr::parse("0.0.0.0/0");
    CHECK(all.broadcast() == Ipv4::parse("255.255.255.255"));
    CHECK(all.isEdge(Ipv4{}));
    CHECK_FALSE(all.isEdge(Ipv4::parse("192.0.2.1")));
}

TEST_CASE("Cidr::parse errors") {
    auto e = inputErrorOf([] { Cidr::parse("192.0.2.1/24"); });
    CHECK(e.reason() == "host bits are set (the network is 192.0.2.0/24)");
    CHECK(e.position() == 0);
    e = inputErrorOf([] { Cidr::parse("192.0.2.0/33"); });
    CHECK(e.reason() == "prefix length '33' is not 0..32");
    CHECK(e.position() == 10);
    CHECK(inputErrorOf([] { Cidr::parse("192.0.2.0/024"); }).position() == 10);
    CHECK(inputErrorOf([] { Cidr::parse("192.0.2.0/08"); }).position() == 10);
    e = inputErrorOf([] { Cidr::parse("192.0.2.0/"); });
    CHECK(e.reason() == "missing prefix length after '/'");
    CHECK(e.position() == 10);
    e = inputErrorOf([] { Cidr::parse("192.0.2.0/2a"); });
    CHECK(e.reason() == "'a' is not allowed in a prefix length");
    CHECK(e.position() == 11);
    // Errors in the address part keep their position and the whole text.
    e = inputErrorOf([] { Cidr::parse("192.0.300.0/24"); });
    CHECK(e.position() == 6);
    CHECK(e.value() == "192.0.300.0/24");
    CHECK(inputErrorOf([] { Cidr::parse("/24"); }).position() == 0);
}

TEST_CASE("MacAddress parses the four usual forms") {
    const MacAddress expected{{0x00, 0x15, 0x5D, 0x01, 0xAB, 0xCD}};
    for (const char* text : {"00:15:5d:01:ab:cd", "00:15:5D:01:AB:CD", "00-15-5D-01-AB-CD",
                             "0015.5d01.abcd", "00155D01ABCD"}) {
        CAPTURE(text);
        CHECK(MacAddress::parse(text) == expected);
    }
    CHECK(expected.toString() == "00:15:5d:01:ab:cd");
    CHECK(MacAddress::parse(expected.toString()) == expected);
    CHECK(MacAddress{}.toString() == "00:00:00:00:00:00");
}

TEST_CASE("MacAddress::parse errors name the position") {
    struct Case {
        const char* text;
        std::size_t position;
        const char* reason;
    };
    const Case cases[] = {
        {"", 0, "empty MAC address"},
        {"00:11:22:33:44", 14, "too short (expected 6 bytes as xx:xx:xx:xx:xx:xx)"},
        {"00:11:22:33:44:55:66", 17, "too long (expected 6 bytes as xx:xx:xx:xx:xx:xx)"},
        {"00:11-22:33:44:55", 5, "expected ':' here (6 bytes as xx:xx:xx:xx:xx:xx)"},
        {"0:11:22:33:44:55", 1, "':' is not a hex digit"},
        {"0011.2233.445g", 13, "'g' is not a hex digit"},
        {"00112233445", 11, "too short (expected 6 bytes as xxxxxxxxxxxx)"},
        {"00-11-22-33-44-5z", 16, "'z' is not a hex digit"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const auto e = inputErrorOf([&] { MacAddress::parse(c.text); });
        CHECK(e.position() == c.position);
        CHECK(e.reason() == c.reason);
    }
}
