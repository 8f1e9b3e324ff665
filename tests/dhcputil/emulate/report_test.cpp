// emulate-client's output: DHCPUtil's -EmulateClient text (docs/design.md §10) exactly, and the
// JSON object with the same facts.
#include <doctest/doctest.h>

#include "emulate/emulate_classify.hpp"
#include "emulate/emulate_report.hpp"
#include "support/vectors.hpp"
#include "wire/hex.hpp"

using namespace dhcplite;

namespace {

wire::Bytes vec(std::string_view key) {
    return test::msUcClientVectors().bytes("lync.schertz.local", key);
}

util::EmulateReport report(bool withAnswer) {
    util::EmulateReport r;
    r.inform.xid = 0x1A2B3C4D;
    r.inform.mac = wire::MacAddress::parse("00:04:f2:a1:b2:c3");
    r.inform.ciaddr = wire::Ipv4::parse("192.0.2.30");
    r.inform.hostName = "CX600";
    r.informBytes = util::encodeInform(r.inform);
    r.interfaceMac = r.inform.mac;
    r.facts.interface = "ph0";
    r.facts.ciaddr = r.inform.ciaddr;
    r.facts.destination = wire::Ipv4::parse("255.255.255.255");
    r.facts.sent = 1;
    r.facts.timeout = 2;
    if (withAnswer) {
        wire::Packet p;
        p.op = 2;
        p.xid = r.inform.xid;
        p.ciaddr = r.inform.ciaddr;
        std::copy(r.inform.mac.octets.begin(), r.inform.mac.octets.end(), p.chaddr.begin());
        p.options.set(53, {5});
        p.options.set(54, wire::parseHex("C0000201"));
        p.options.set(120, vec("option120"));
        p.options.set(43, vec("option43"));
        util::CapturedReply c;
        c.seconds = 0.0042;
        c.source = wire::Ipv4::parse("192.0.2.1");
        c.destination = r.inform.ciaddr;
        c.sourcePort = 67;
        c.destinationPort = 68;
        c.payload = wire::encodePacket(p);
        r.replies.push_back(c);
    }
    r.verdict = util::classifyReplies(r.replies, r.facts, {});
    return r;
}

const std::string kInformPart =
    "DHCPINFORM on ph0 (00:04:f2:a1:b2:c3) from 192.0.2.30:68 to 255.255.255.255:67 (broadcast), "
    "xid 0x1A2B3C4D, "
    "300 bytes, sent 1 time\n"
    "DHCP: DHCP Message Type(53) = (Length: 1) DHCPINFORM (08)\n"
    "DHCP: Client Identifier(61) = (Length: 7) hardware type 1 (Ethernet) 00:04:f2:a1:b2:c3 "
    "(010004F2A1B2C3)\n"
    "DHCP: Host Name(12) = (Length: 5) CX600 (4358363030)\n"
    "DHCP: Vendor Class Identifier(60) = (Length: 12) MS-UC-Client (4D532D55432D436C69656E74)\n"
    "DHCP: Parameter Request List(55) = (Length: 2) 120, 43 (782B)\n";

}  // namespace

TEST_CASE("success: the INFORM, the ACK, then DHCPUtil's result block") {
    const auto text = util::renderEmulateText(report(true));
    const std::string o43 = test::msUcClientVectors().text("lync.schertz.local", "option43");
    CHECK(text ==
          kInformPart +
              "\n"
              "DHCPACK from 192.0.2.1: 192.0.2.1:67 to 192.0.2.30:68 (unicast), after 4.2 ms, 360 "
              "bytes\n"
              "DHCP: DHCP Message Type(53) = (Length: 1) DHCPACK (05)\n"
              "DHCP: Server Identifier(54) = (Length: 4) 192.0.2.1 (C0000201)\n"
              "DHCP: SIP Servers(120) = (Length: 21) lync.schertz.local "
              "(00046C796E63077363686572747A056C6F63616C00)\n"
              "DHCP: Vendor Specific Information(43) = (Length: 85) 5 sub-options (" +
              o43 +
              ")\n"
              "        UC Identifier(1) = (Length: 12) MS-UC-Client (4D532D55432D436C69656E74)\n"
              "        URL Scheme(2) = (Length: 5) https (6874747073)\n"
              "        Web Server FQDN(3) = (Length: 18) lync.schertz.local "
              "(6C796E632E7363686572747A2E6C6F63616C)\n"
              "        Port(4) = (Length: 3) 443 (343433)\n"
              "        Relative Path for Cert Prov(5) = (Length: 37) "
              "/CertProv/CertProvisioningService.svc "
              "(2F4365727450726F762F4365727450726F766973696F6E696E67536572766963652E737663)\n"
              "\n"
              "Result: Success\n"
              "DHCP Server : 192.0.2.1\n"
              "SIP Server FQDN : lync.schertz.local\n"
              "Certificate Provisioning Service URL : "
              "https://lync.schertz.local:443/CertProv/CertProvisioningService.svc\n");
}

TEST_CASE("failure: no answer, the diagnosis with its fix, the capture file named") {
    auto r = report(false);
    r.pcapPath = "/tmp/x.pcap";
    const auto text = util::renderEmulateText(r);
    CHECK(text.starts_with(
        kInformPart +
        "\nResult: Failure\nhint: no DHCP server answered the DHCPINFORM (1 "
        "DHCPINFORM sent over 2 s, broadcast on ph0)\n      fix: check the relay"));
    CHECK(text.ends_with("Capture written to /tmp/x.pcap\n"));
}

TEST_CASE("DHCPUtil's INFORM shape is named in the title") {
    auto r = report(false);
    r.inform.style = util::InformStyle::DhcpUtil;
    CHECK(util::renderEmulateText(r).starts_with(
        "DHCPINFORM on ph0 (00:04:f2:a1:b2:c3) from 192.0.2.30:68 to 255.255.255.255:67 "
        "(broadcast), xid "
        "0x1A2B3C4D, 300 bytes, sent 1 time (DHCPUtil's option field)\n"
        "DHCP: DHCP Message Type(53) = (Length: 1) DHCPINFORM (08)\n"
        "DHCP: Server Identifier(54) = (Length: 0)\n"));
}

TEST_CASE("JSON: the same facts") {
    const auto json = util::renderEmulateJson(report(true));
    for (const char* part : {
             "\"interface\": \"ph0\"",
             "\"ciaddr\": \"192.0.2.30\"",
             "\"destination\": \"255.255.255.255\"",
             "\"xid\": \"0x1A2B3C4D\"",
             "\"style\": \"phone\"",
             "\"timeoutMilliseconds\": 2000",
             "\"sent\": 1",
             "\"server\": \"192.0.2.1\"",
             "\"milliseconds\": 4",
             "\"chosen\": true",
             "\"messageType\": \"DHCPACK\"",
             "\"result\": \"success\"",
             "\"dhcpServer\": \"192.0.2.1\"",
             "\"url\": \"https://lync.schertz.local:443/CertProv/CertProvisioningService.svc\"",
             "\"diagnosis\": []",
             "\"pcap\": null",
         }) {
        CAPTURE(part);
        CHECK(json.find(part) != std::string::npos);
    }
    const auto failed = util::renderEmulateJson(report(false));
    CHECK(failed.find("\"result\": \"failure\"") != std::string::npos);
    CHECK(failed.find("\"dhcpServer\": null") != std::string::npos);
    CHECK(failed.find("\"id\": \"no-answer\"") != std::string::npos);
    CHECK(failed.find("\"answers\": []") != std::string::npos);
}
