// The DHCP step from classified answers: the OK line and the values the later steps take
// (option 120's pool, option 43's web server, port and path, options 15, 42 and 4), the
// diagnosis lines when no answer is usable, and the voice-VLAN query.
#include <doctest/doctest.h>

#include "check/dhcp_step.hpp"
#include "wire/packet.hpp"

using namespace dhcplite::util;
using namespace dhcplite::util::check;
using dhcplite::wire::Bytes;

namespace {

ExchangeFacts facts(const char* vendor) {
    ExchangeFacts f;
    f.interface = "ph0";
    f.vendorClass = vendor;
    return f;
}

ServerAnswer answer() {
    ServerAnswer a;
    a.server = "192.0.2.1";
    a.type = dhcplite::wire::MessageType::Ack;
    a.has120 = a.has43 = true;
    a.uc.sipServers = {"Pool.Example.Test"};
    a.uc.has43 = true;
    a.uc.webServer = "web.example.test";
    a.uc.port = "4443";
    a.uc.path = "/CertProv/CertProvisioningService.svc";
    a.uc.url = "https://web.example.test:4443/CertProv/CertProvisioningService.svc";
    dhcplite::wire::DecodedPacket d;
    d.packet.options.set(15, Bytes{'c', 'o', 'r', 'p', '.', 't', 'e', 's', 't'});
    d.packet.options.set(42, Bytes{192, 0, 2, 123});
    d.packet.options.set(4, Bytes{198, 51, 100, 4, 198, 51, 100, 5});
    a.decoded = d;
    return a;
}

}  // namespace

TEST_CASE("a good answer: one OK line, the values for the later steps") {
    ExchangeVerdict v;
    v.success = true;
    v.servers = {answer()};
    v.chosen = 0;
    const auto r = evaluateDhcp(facts("MS-UC-Client"), v, facts("CPE-OCPHONE"), {});
    REQUIRE(r.checks.size() == 2);
    CHECK(r.checks[0].status == Status::Ok);
    CHECK(r.checks[0].target == "MS-UC-Client INFORM on ph0");
    CHECK(r.checks[0].detail ==
          "DHCPACK from 192.0.2.1: option 120 Pool.Example.Test, option 43 "
          "https://web.example.test:4443/CertProv/CertProvisioningService.svc (1 server "
          "answered)");
    CHECK(r.checks[1].target == "CPE-OCPHONE INFORM on ph0");
    CHECK(r.checks[1].detail == "no answer: no voice VLAN offered, phones stay on this VLAN");
    CHECK(r.values.pool == "Pool.Example.Test");
    CHECK(r.values.web == "web.example.test");
    CHECK(r.values.port == std::uint16_t{4443});
    CHECK(r.values.path == "/CertProv/CertProvisioningService.svc");
    CHECK(r.values.domain == "corp.test");
    CHECK(r.values.ntp == std::vector<std::string>{"192.0.2.123", "198.51.100.4", "198.51.100.5"});
}

TEST_CASE("no usable answer: the diagnosis as FAIL/WARN lines, notes left out") {
    ExchangeVerdict v;
    v.findings.push_back({Severity::Error, "no-answer", "no DHCP server answered the DHCPINFORM",
                          "check the relay"});
    v.findings.push_back({Severity::Warning, "x", "something odd", ""});
    v.findings.push_back({Severity::Note, "y", "harmless", ""});
    const auto r = evaluateDhcp(facts("MS-UC-Client"), v, facts("CPE-OCPHONE"), {});
    REQUIRE(r.checks.size() == 3);
    CHECK(r.checks[0].status == Status::Fail);
    CHECK(r.checks[0].detail == "no DHCP server answered the DHCPINFORM");
    CHECK(r.checks[0].fix == "check the relay");
    CHECK(r.checks[1].status == Status::Warn);
    CHECK(r.checks[1].fix == "see 'dhcputil emulate-client' for the whole exchange");
    CHECK(r.values.pool.empty());
    CHECK(verdict(r.checks) == Status::Fail);
}

TEST_CASE("option 120 with addresses gives no pool FQDN") {
    ExchangeVerdict v;
    v.success = true;
    ServerAnswer a = answer();
    a.uc.sipAddresses = true;
    a.uc.sipServers = {"192.0.2.11"};
    v.servers = {a};
    v.chosen = 0;
    CHECK(evaluateDhcp(facts("MS-UC-Client"), v, facts("CPE-OCPHONE"), {}).values.pool.empty());
}

namespace {

// A DHCPACK from 192.0.2.1 whose option 43 is `option43` (none when empty).
CapturedReply vlanAck(const Bytes& option43) {
    dhcplite::wire::Packet p;
    p.op = 2;
    p.options.set(53, Bytes{5});
    if (!option43.empty()) {
        p.options.set(43, option43);
    }
    CapturedReply r;
    r.source = dhcplite::wire::Ipv4::parse("192.0.2.1");
    r.payload = dhcplite::wire::encodePacket(p);
    return r;
}

Check vlanLineFor(const Bytes& option43) {
    const auto r = evaluateDhcp(facts("MS-UC-Client"), ExchangeVerdict{}, facts("CPE-OCPHONE"),
                                {vlanAck(option43)});
    return r.checks.back();
}

}  // namespace

TEST_CASE("CPE-OCPHONE's option 43: the voice VLAN of sub-option 10 decoded") {
    const Check ok = vlanLineFor(Bytes{0x0a, 0x02, 0x00, 0x64});
    CHECK(ok.status == Status::Ok);
    CHECK(ok.target == "CPE-OCPHONE INFORM on ph0");
    CHECK(ok.detail == "DHCPACK from 192.0.2.1, option 43 0A020064: voice VLAN 100");

    const Check withEnd = vlanLineFor(Bytes{0x0a, 0x02, 0x0f, 0xfe, 0xff});  // dnsmasq's END
    CHECK(withEnd.status == Status::Ok);
    CHECK(withEnd.detail == "DHCPACK from 192.0.2.1, option 43 0A020FFEFF: voice VLAN 4094");

    const Check ascii = vlanLineFor(Bytes{0x0a, 0x03, '1', '0', '0'});
    CHECK(ascii.status == Status::Warn);
    CHECK(ascii.detail ==
          "DHCPACK from 192.0.2.1, option 43 0A03313030: voice VLAN 100 written as ASCII text; "
          "Lync Phone Edition reads a 2-byte word");
    CHECK(ascii.fix ==
          "give CPE-OCPHONE's option 43 sub-option 10 the VLAN ID as 2 bytes "
          "(dhcputil config --vlan ID writes it)");

    CHECK(vlanLineFor(Bytes{0x0a, 0x02, 0x0f, 0xff}).detail ==
          "DHCPACK from 192.0.2.1, option 43 0A020FFF: sub-option 10 is not a VLAN ID 1..4094");
    CHECK(vlanLineFor(Bytes{0x0a, 0x02, 0x00, 0x00}).status == Status::Warn);
    CHECK(vlanLineFor(Bytes{0x01, 0x02, 0x00, 0x64}).detail ==
          "DHCPACK from 192.0.2.1, option 43 01020064: no sub-option 10 (voice VLAN ID)");
    const Check overrun = vlanLineFor(Bytes{0x0a, 0x05, 0x00});
    CHECK(overrun.status == Status::Warn);
    CHECK(
        overrun.detail.starts_with("DHCPACK from 192.0.2.1, option 43 0A0500: not sub-options ("));
    const Check none = vlanLineFor(Bytes{});
    CHECK(none.status == Status::Ok);
    CHECK(none.detail == "DHCPACK from 192.0.2.1 without option 43: no voice VLAN");
}

TEST_CASE("option 43's URL scheme is passed on, lower-cased") {
    ExchangeVerdict v;
    v.success = true;
    ServerAnswer a = answer();
    a.uc.scheme = "HTTP";
    v.servers = {a};
    v.chosen = 0;
    CHECK(evaluateDhcp(facts("MS-UC-Client"), v, facts("CPE-OCPHONE"), {}).values.scheme ==
          std::string("http"));
}
