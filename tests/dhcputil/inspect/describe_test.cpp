// The describer: exact DHCPUtil -EmulateClient style lines for the known-good vectors, the
// Windows ACK (sub-option 220), dnsmasq's compressed option 120, and malformed values.
#include <doctest/doctest.h>

#include <set>

#include <string>

#include "inspect/describe.hpp"
#include "support/vectors.hpp"
#include "util/json.hpp"
#include "wire/hex.hpp"
#include "wire/packet.hpp"

using namespace dhcplite;
using util::describeOption;
using util::renderOption;

namespace {

const test::VectorFile& vectors() { return test::msUcClientVectors(); }

wire::Bytes hex(std::string_view text) { return wire::parseHex(text); }

const std::string kSub5Hex =
    "2F4365727450726F762F4365727450726F766973696F6E696E67536572766963652E737663";

}  // namespace

TEST_CASE("option names and message types") {
    CHECK(util::optionName(120) == "SIP Servers");
    CHECK(util::optionName(43) == "Vendor Specific Information");
    CHECK(util::optionName(53) == "DHCP Message Type");
    CHECK(util::optionName(0) == "Pad");
    CHECK(util::optionName(255) == "End");
    CHECK(util::optionName(224) == "Private Use");
    CHECK(util::messageTypeName(8) == "DHCPINFORM");
    CHECK(util::messageTypeName(5) == "DHCPACK");
    CHECK(util::messageTypeName(0) == "type 0");
    CHECK(util::messageTypeName(9) == "type 9");
}

TEST_CASE("option 120 of lync.schertz.local") {
    const auto value = vectors().bytes("lync.schertz.local", "option120");
    const auto d = describeOption(120, value);
    CHECK(d.error.empty());
    CHECK(d.listKey == "names");
    CHECK(d.list == std::vector<std::string>{"lync.schertz.local"});
    CHECK_FALSE(d.compressed);
    CHECK(renderOption(d) ==
          "DHCP: SIP Servers(120) = (Length: 21) lync.schertz.local "
          "(00046C796E63077363686572747A056C6F63616C00)\n");
}

TEST_CASE("option 120 as dnsmasq writes it: compressed names") {
    // enc 0; "sip1.schertz.local"; "sip2" + pointer to offset 5 (counted after enc) =
    // "schertz.local"
    const auto value = hex("00 0473697031 07736368657274 7A 056C6F63616C 00 0473697032 C005");
    const auto d = describeOption(120, value);
    REQUIRE(d.error.empty());
    CHECK(d.compressed);
    CHECK(d.list == std::vector<std::string>{"sip1.schertz.local", "sip2.schertz.local"});
    CHECK(renderOption(d) ==
          "DHCP: SIP Servers(120) = (Length: 28) sip1.schertz.local, sip2.schertz.local [name "
          "compression used] "
          "(000473697031077363686572747A056C6F63616C000473697032C005)\n");
}

TEST_CASE("option 120 with addresses (enc 1)") {
    const auto d = describeOption(120, hex("01C0000201C0000202"));
    CHECK(d.listKey == "addresses");
    CHECK(renderOption(d) ==
          "DHCP: SIP Servers(120) = (Length: 9) 192.0.2.1, 192.0.2.2 (01C0000201C0000202)\n");
}

TEST_CASE("malformed option 120 shows the reason and the bytes") {
    const auto d = describeOption(120, wire::toBytes("lync.schertz.local"));
    CHECK_FALSE(d.error.empty());
    CHECK(renderOption(d) == "DHCP: SIP Servers(120) = (Length: 18) malformed: " + d.error +
                                 " (6C796E632E7363686572747A2E6C6F63616C)\n");
    CHECK(d.error.find("at offset 0") != std::string::npos);
}

TEST_CASE("option 43 as a Windows DHCP server sent it, with sub-option 220 \"NAP\"") {
    const auto value = vectors().bytes("lync.schertz.local", "option43_windows_ack");
    const auto d = describeOption(43, value);
    CHECK(d.error.empty());
    CHECK(d.subOptionSpace == "MS-UC-Client");
    REQUIRE(d.subOptions.size() == 6);
    CHECK(renderOption(d) ==
          "DHCP: Vendor Specific Information(43) = (Length: 90) 6 sub-options (" +
              wire::toHex(value) +
              ")\n"
              "        UC Identifier(1) = (Length: 12) MS-UC-Client (4D532D55432D436C69656E74)\n"
              "        URL Scheme(2) = (Length: 5) https (6874747073)\n"
              "        Web Server FQDN(3) = (Length: 18) lync.schertz.local "
              "(6C796E632E7363686572747A2E6C6F63616C)\n"
              "        Port(4) = (Length: 3) 443 (343433)\n"
              "        Relative Path for Cert Prov(5) = (Length: 37) "
              "/CertProv/CertProvisioningService.svc (" +
              kSub5Hex +
              ")\n"
              "        Unknown(220) = (Length: 3) \"NAP\" (4E4150)\n");
}

TEST_CASE("option 43 for another vendor: sub-options by code only") {
    util::DescribeContext other;
    other.msUcVendor = false;
    const auto d = describeOption(43, hex("0103414243 0202FFFE"), other);
    CHECK(d.subOptionSpace == "vendor");
    CHECK(renderOption(d) ==
          "DHCP: Vendor Specific Information(43) = (Length: 9) 2 sub-options (01034142430202FFFE)\n"
          "        Sub-option(1) = (Length: 3) \"ABC\" (414243)\n"
          "        Sub-option(2) = (Length: 2) (FFFE)\n");
}

TEST_CASE("option 43 whose sub-option overruns: the good part is still shown") {
    const auto d = describeOption(43, hex("010C4D532D55432D436C69656E74 0209687474707303"));
    CHECK(d.error == "sub-option 2 length 9 overruns the value (6 bytes left) at offset 15");
    REQUIRE(d.subOptions.size() == 1);
    CHECK(d.subOptions[0].value == "MS-UC-Client");
}

TEST_CASE("a port sent as an integer is flagged in its sub-option line") {
    const auto d = describeOption(43, hex("040201BB"));
    REQUIRE(d.subOptions.size() == 1);
    CHECK(renderOption(d) ==
          "DHCP: Vendor Specific Information(43) = (Length: 4) 1 sub-option (040201BB)\n"
          "        Port(4) = (Length: 2) malformed: not ASCII digits (as a 2-byte integer it is "
          "443) (01BB)\n");
}

TEST_CASE("common options") {
    CHECK(renderOption(describeOption(53, hex("08"))) ==
          "DHCP: DHCP Message Type(53) = (Length: 1) DHCPINFORM (08)\n");
    CHECK(renderOption(describeOption(54, hex("C0A8010A"))) ==
          "DHCP: Server Identifier(54) = (Length: 4) 192.168.1.10 (C0A8010A)\n");
    CHECK(renderOption(describeOption(54, {})) == "DHCP: Server Identifier(54) = (Length: 0)\n");
    CHECK(renderOption(describeOption(55, hex("782B"))) ==
          "DHCP: Parameter Request List(55) = (Length: 2) 120, 43 (782B)\n");
    CHECK(renderOption(describeOption(61, hex("010004F2A1B2C3"))) ==
          "DHCP: Client Identifier(61) = (Length: 7) hardware type 1 (Ethernet) 00:04:f2:a1:b2:c3 "
          "(010004F2A1B2C3)\n");
    CHECK(renderOption(describeOption(61, hex("00616263"))) ==
          "DHCP: Client Identifier(61) = (Length: 4) type 0 61:62:63 (00616263)\n");
    CHECK(renderOption(describeOption(60, wire::toBytes("MS-UC-Client"))) ==
          "DHCP: Vendor Class Identifier(60) = (Length: 12) MS-UC-Client "
          "(4D532D55432D436C69656E74)\n");
    CHECK(renderOption(describeOption(51, hex("00015180"))) ==
          "DHCP: IP Address Lease Time(51) = (Length: 4) 86400 s (1 d) (00015180)\n");
    CHECK(renderOption(describeOption(51, hex("FFFFFFFF"))) ==
          "DHCP: IP Address Lease Time(51) = (Length: 4) infinite (FFFFFFFF)\n");
    CHECK(renderOption(describeOption(57, hex("0240"))) ==
          "DHCP: Maximum DHCP Message Size(57) = (Length: 2) 576 (0240)\n");
    CHECK(renderOption(describeOption(3, hex("C0000201C0000202"))) ==
          "DHCP: Router(3) = (Length: 8) 192.0.2.1, 192.0.2.2 (C0000201C0000202)\n");
    CHECK(renderOption(describeOption(52, hex("03"))) ==
          "DHCP: Option Overload(52) = (Length: 1) file and sname carry options (03)\n");
    CHECK(renderOption(describeOption(119, hex("076578616D706C6503636F6D00 03737562C000"))) ==
          "DHCP: Domain Search(119) = (Length: 19) example.com, sub.example.com "
          "(076578616D706C6503636F6D0003737562C000)\n");
}

TEST_CASE("untrusted text is escaped, unknown options shown as text only when printable") {
    CHECK(renderOption(describeOption(12, hex("41 0A 22 42"))) ==
          "DHCP: Host Name(12) = (Length: 4) A\\x0A\\\"B (410A2242)\n");
    CHECK(renderOption(describeOption(224, wire::toBytes("NAP"))) ==
          "DHCP: Private Use(224) = (Length: 3) \"NAP\" (4E4150)\n");
    CHECK(renderOption(describeOption(224, hex("00FF"))) ==
          "DHCP: Private Use(224) = (Length: 2) (00FF)\n");
}

TEST_CASE("wrong lengths are malformed, not misread") {
    CHECK(renderOption(describeOption(54, hex("C0A801"))) ==
          "DHCP: Server Identifier(54) = (Length: 3) malformed: length 3 (an address is 4 bytes) "
          "(C0A801)\n");
    CHECK(
        renderOption(describeOption(3, hex("C0A8010A01"))) ==
        "DHCP: Router(3) = (Length: 5) malformed: length 5 is not a multiple of 4 (C0A8010A01)\n");
    CHECK(renderOption(describeOption(53, hex("0508"))) ==
          "DHCP: DHCP Message Type(53) = (Length: 2) malformed: length 2 (expected 1) (0508)\n");
    CHECK(renderOption(describeOption(52, hex("07"))) ==
          "DHCP: Option Overload(52) = (Length: 1) malformed: value 7 is not 1, 2 or 3 (07)\n");
}

TEST_CASE("every prefix of the vectors describes without throwing") {
    for (const char* key : {"option120", "option43_windows_ack"}) {
        const auto value = vectors().bytes("lync.schertz.local", key);
        for (std::size_t n = 0; n <= value.size(); ++n) {
            const wire::ByteView prefix(value.data(), n);
            CHECK_NOTHROW((void)describeOption(120, prefix));
            CHECK_NOTHROW((void)describeOption(43, prefix));
        }
    }
}

TEST_CASE("the BOOTP header") {
    wire::Packet p;
    p.op = 2;
    p.xid = 0x3903F326;
    p.flags = 0x8000;
    p.ciaddr = wire::Ipv4::parse("192.168.1.50");
    p.giaddr = wire::Ipv4::parse("10.0.0.1");
    const std::array<std::uint8_t, 6> mac{0x00, 0x04, 0xF2, 0xA1, 0xB2, 0xC3};
    std::copy(mac.begin(), mac.end(), p.chaddr.begin());
    p.sname[0] = 's';
    p.sname[1] = 'r';
    CHECK(util::renderHeader(p) ==
          "op     : BOOTREPLY (2)\n"
          "htype  : 1 (Ethernet), hlen 6, hops 0\n"
          "xid    : 0x3903F326\n"
          "secs   : 0\n"
          "flags  : 0x8000 (broadcast)\n"
          "ciaddr : 192.168.1.50\n"
          "yiaddr : 0.0.0.0\n"
          "siaddr : 0.0.0.0\n"
          "giaddr : 10.0.0.1\n"
          "chaddr : 00:04:f2:a1:b2:c3\n"
          "sname  : sr\n"
          "file   : (empty)\n");
}

TEST_CASE("JSON of an option") {
    util::JsonWriter json(0);
    util::writeOptionJson(json,
                          describeOption(120, vectors().bytes("lync.schertz.local", "option120")));
    CHECK(json.finish() ==
          "{\"code\":120,\"name\":\"SIP "
          "Servers\",\"length\":21,\"hex\":\"00046C796E63077363686572747A056C6F63616C00\","
          "\"value\":\"lync.schertz.local\",\"names\":[\"lync.schertz.local\"],\"compressed\":"
          "false}\n");

    util::JsonWriter sub(0);
    util::writeOptionJson(sub, describeOption(43, hex("DC034E4150")));
    CHECK(
        sub.finish() ==
        "{\"code\":43,\"name\":\"Vendor Specific Information\",\"length\":5,\"hex\":\"DC034E4150\","
        "\"value\":\"1 "
        "sub-option\",\"subOptionSpace\":\"MS-UC-Client\",\"subOptions\":[{\"code\":220,"
        "\"name\":\"Unknown\",\"length\":3,\"hex\":\"4E4150\",\"value\":\"\\\"NAP\\\"\",\"text\":"
        "\"NAP\"}]}\n");
}

TEST_CASE("what the phone takes from options 120 and 43") {
    wire::OptionList options;
    options.set(120, vectors().bytes("lync.schertz.local", "option120"));
    options.set(43, vectors().bytes("lync.schertz.local", "option43_windows_ack"));
    const auto uc = util::extractUc(options);
    CHECK(uc.sipServers == std::vector<std::string>{"lync.schertz.local"});
    REQUIRE(uc.url);
    CHECK(*uc.url == vectors().text("lync.schertz.local", "cert_prov_url"));
    CHECK(util::renderUcSummary(uc) ==
          "SIP Server FQDN : lync.schertz.local\n"
          "Certificate Provisioning Service URL : "
          "https://lync.schertz.local:443/CertProv/CertProvisioningService.svc\n");

    wire::OptionList partial;
    partial.set(43, hex("0303616263"));
    const auto p = util::extractUc(partial);
    CHECK_FALSE(p.url);
    CHECK(p.webServer == "abc");
    CHECK(util::renderUcSummary(p).empty());

    wire::OptionList addresses;
    addresses.set(120, hex("01C0000201"));
    CHECK(util::renderUcSummary(util::extractUc(addresses)) == "SIP Server Address : 192.0.2.1\n");
}

TEST_CASE("option 60 decides whose sub-options option 43 carries") {
    wire::OptionList options;
    CHECK(util::contextFor(options).msUcVendor);
    options.set(60, wire::toBytes("MS-UC-Client"));
    CHECK(util::contextFor(options).msUcVendor);
    options.set(60, wire::toBytes("CPE-OCPHONE"));
    CHECK_FALSE(util::contextFor(options).msUcVendor);
}

TEST_CASE("every option IANA has assigned has a name; the gaps read Unassigned") {
    // The unassigned and removed codes of the BOOTP/DHCP parameters registry.
    std::set<int> gaps{84, 96, 102, 103, 104, 105, 106, 107, 110, 111, 115, 126, 127, 149};
    for (int c = 163; c <= 174; ++c) gaps.insert(c);
    for (int c = 178; c <= 207; ++c) gaps.insert(c);
    for (int c = 214; c <= 219; ++c) gaps.insert(c);
    gaps.insert(222);
    gaps.insert(223);
    for (int c = 1; c <= 223; ++c) {
        CAPTURE(c);
        const auto name = util::optionName(static_cast<std::uint8_t>(c));
        CHECK((name == "Unassigned") == (gaps.count(c) == 1));
    }
    CHECK(util::optionName(124) == "V-I Vendor Class");
    CHECK(util::optionName(125) == "V-I Vendor-Specific Information");
    CHECK(util::optionName(249) == "Classless Static Route (Microsoft)");
    CHECK(util::optionName(230) == "Private Use");
}

TEST_CASE("RFC 3925 options 124 and 125, split by enterprise number") {
    // 125: Broadband Forum (3561) with sub-options 1 and 2, then Microsoft (311) with one.
    const auto d =
        describeOption(125, hex("00000DE9 0A 0103414243 0203313233  00000137 03 0A0100"));
    CHECK(renderOption(d) ==
          "DHCP: V-I Vendor-Specific Information(125) = (Length: 23) 2 enterprises "
          "(00000DE90A0103414243020331323300000137030A0100)\n"
          "        Enterprise 3561 (Broadband Forum) = (Length: 10) 2 sub-options "
          "(01034142430203313233)\n"
          "            Sub-option(1) = (Length: 3) \"ABC\" (414243)\n"
          "            Sub-option(2) = (Length: 3) \"123\" (313233)\n"
          "        Enterprise 311 (Microsoft) = (Length: 3) 1 sub-option (0A0100)\n"
          "            Sub-option(10) = (Length: 1) (00)\n");
    // 124: the vendor class strings of one enterprise.
    CHECK(
        renderOption(describeOption(124, hex("00000DE9 09 08 64736C666F72756D"))) ==
        "DHCP: V-I Vendor Class(124) = (Length: 14) 1 enterprise (00000DE9090864736C666F72756D)\n"
        "        Enterprise 3561 (Broadband Forum) = (Length: 9) dslforum (0864736C666F72756D)\n");
    util::JsonWriter json(0);
    util::writeOptionJson(json, describeOption(124, hex("0000303C 04 03 616263")));
    CHECK(json.finish() ==
          "{\"code\":124,\"name\":\"V-I Vendor "
          "Class\",\"length\":9,\"hex\":\"0000303C0403616263\",\"value\":"
          "\"1 "
          "enterprise\",\"subOptionSpace\":\"enterprise\",\"subOptions\":[{\"enterprise\":12348,"
          "\"name\":"
          "\"Enterprise "
          "12348\",\"length\":4,\"hex\":\"03616263\",\"value\":\"abc\",\"classes\":[\"abc\"]}]}\n");
    // A data length past the end is reported with its offset.
    CHECK(describeOption(125, hex("00000DE9 0A 0103")).error ==
          "enterprise 3561 data length 10 overruns the value (2 bytes left) at offset 5");
}
