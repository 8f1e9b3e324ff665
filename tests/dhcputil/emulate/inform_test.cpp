// The DHCPINFORM emulate-client sends (docs/design.md §10), written out field by field, in both
// shapes: the phone's, and DHCPUtil -EmulateClient's with its zero-length 54, 120 and 43.
#include <doctest/doctest.h>

#include "emulate/emulate_inform.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"
#include "wire/packet.hpp"

using namespace dhcplite;

namespace {

util::InformSpec spec() {
    util::InformSpec s;
    s.xid = 0x1A2B3C4D;
    s.mac = wire::MacAddress::parse("00:04:f2:a1:b2:c3");
    s.ciaddr = wire::Ipv4::parse("192.0.2.30");
    s.hostName = "CX600";
    return s;
}

// RFC 2131 §2 Figure 1: everything up to the magic cookie.
std::string header() {
    return "01"        // op BOOTREQUEST
           "01"        // htype Ethernet
           "06"        // hlen
           "00"        // hops
           "1A2B3C4D"  // xid
           "0000"      // secs
           "0000"      // flags: no broadcast bit, the phone has an address
           "C000021E"  // ciaddr 192.0.2.30
           "00000000"  // yiaddr
           "00000000"  // siaddr
           "00000000"  // giaddr
           "0004F2A1B2C3" +
           std::string(20, '0') +   // chaddr, 16 bytes
           std::string(128, '0') +  // sname
           std::string(256, '0') +  // file
           "63825363";              // magic cookie
}

std::string padTo300(std::string hexText) {
    hexText.resize(600, '0');
    return hexText;
}

}  // namespace

TEST_CASE("the phone's DHCPINFORM, byte for byte") {
    const std::string options =
        "350108"              // 53 = DHCPINFORM
        "3D07010004F2A1B2C3"  // 61 = type 1 + MAC
        "0C05"
        "4358363030"  // 12 = "CX600"
        "3C0C"
        "4D532D55432D436C69656E74"  // 60 = "MS-UC-Client"
        "3702782B"                  // 55 = [120, 43]
        "FF";                       // END
    CHECK(wire::toHex(util::encodeInform(spec())) == padTo300(header() + options));
}

TEST_CASE("DHCPUtil's DHCPINFORM: 54, 120 and 43 with length 0, in DHCPUtil's order") {
    auto s = spec();
    s.style = util::InformStyle::DhcpUtil;
    const std::string options =
        "350108"
        "3600"  // 54, length 0
        "3D07010004F2A1B2C3"
        "7800"  // 120, length 0
        "0C05"
        "4358363030"
        "3C0C"
        "4D532D55432D436C69656E74"
        "3702782B"
        "2B00"  // 43, length 0
        "FF";
    CHECK(wire::toHex(util::encodeInform(s)) == padTo300(header() + options));
}

TEST_CASE("no host name: no option 12; another vendor class and request list") {
    auto s = spec();
    s.hostName.clear();
    s.vendorClass = "MS-UC-Client-Test";
    s.requestList = {43, 120, 6};
    const auto p = util::buildInform(s);
    CHECK(!p.options.has(wire::opt::HostName));
    REQUIRE(p.options.has(wire::opt::VendorClass));
    CHECK(wire::toString(p.options.find(wire::opt::VendorClass)->data) == "MS-UC-Client-Test");
    CHECK(wire::toHex(p.options.find(wire::opt::ParameterList)->data) == "2B7806");
    // It decodes as an INFORM again, with every field as set.
    const auto decoded = wire::decodePacket(util::encodeInform(s));
    CHECK(decoded.packet == p);
    CHECK(decoded.packet.messageType() == wire::MessageType::Inform);
    CHECK(!decoded.report.missingEnd);
}

TEST_CASE("--request lists") {
    const std::string f = "--request";
    CHECK(util::parseRequestList("120,43", f) == std::vector<std::uint8_t>{120, 43});
    CHECK(util::parseRequestList("43 120", f) == std::vector<std::uint8_t>{43, 120});
    CHECK(util::parseRequestList(" 1,,254 ", f) == std::vector<std::uint8_t>{1, 254});
    const auto error = [&](std::string_view text) -> std::string {
        try {
            util::parseRequestList(text, f);
        } catch (const wire::InputError& e) {
            return e.what();
        }
        return "no error";
    };
    CHECK(error("0") ==
          "--request '0': an option code is 1..254 (0 is pad, 255 is end) at character 1");
    CHECK(error("120,255") ==
          "--request '120,255': an option code is 1..254 (0 is pad, 255 is end) at character 5");
    CHECK(error("120,99999999999") ==
          "--request '120,99999999999': an option code is 1..254 (0 is pad, 255 is end) at "
          "character 5");
    CHECK(
        error("120;43") ==
        "--request '120;43': ';' is not a digit (give option codes such as 120,43) at character 4");
    CHECK(error("43,43") == "--request '43,43': option 43 is listed twice at character 4");
    CHECK(error("") == "--request: no option codes (e.g. 120,43)");
    CHECK(error(",") == "--request ',': no option codes (e.g. 120,43) at character 1");
}

TEST_CASE("host names") {
    CHECK_NOTHROW(util::validateHostName("CX600-1", "--hostname"));
    CHECK_NOTHROW(util::validateHostName(std::string(63, 'a'), "--hostname"));
    CHECK_THROWS_AS(util::validateHostName(std::string(64, 'a'), "--hostname"), wire::InputError);
    CHECK_THROWS_AS(util::validateHostName("", "--hostname"), wire::InputError);
    CHECK_THROWS_AS(util::validateHostName("a b", "--hostname"), wire::InputError);
    CHECK_THROWS_AS(util::validateHostName("a\x7F", "--hostname"), wire::InputError);
}
