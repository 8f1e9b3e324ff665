// From captured answers to a verdict: one case per diagnosis emulate-client gives, with reply
// bytes built from tests/data/ms-uc-client.txt and shaped like the answers of dhcplite, Kea,
// dnsmasq, ISC dhcpd and Windows (see tests/dhcputil/emulate/servers.sh for the live ones).
#include <doctest/doctest.h>

#include <algorithm>

#include "capture/frame_builder.hpp"
#include "emulate/emulate_classify.hpp"
#include "emulate/emulate_inform.hpp"
#include "support/vectors.hpp"
#include "wire/hex.hpp"
#include "wire/option120.hpp"

using namespace dhcplite;
using util::CapturedReply;
using util::Severity;

namespace {

const test::VectorFile& v() { return test::msUcClientVectors(); }
wire::Bytes vec(std::string_view key) { return v().bytes("lync.schertz.local", key); }

constexpr std::uint32_t kXid = 0x1A2B3C4D;
const wire::MacAddress kMac = wire::MacAddress::parse("00:04:f2:a1:b2:c3");

// A reply as `server` would send it: 53 first, then `options` in order.
wire::Bytes reply(const std::string& server, const std::vector<wire::Option>& options,
                  wire::MessageType type = wire::MessageType::Ack) {
    wire::Packet p;
    p.op = 2;
    p.xid = kXid;
    p.ciaddr = wire::Ipv4::parse("192.0.2.30");
    std::copy(kMac.octets.begin(), kMac.octets.end(), p.chaddr.begin());
    p.options.set(wire::opt::MessageType, {static_cast<std::uint8_t>(type)});
    const auto id = wire::Ipv4::parse(server).bytes();
    p.options.set(wire::opt::ServerId, wire::Bytes(id.begin(), id.end()));
    for (const auto& o : options) {
        p.options.set(o.code, o.data);
    }
    return wire::encodePacket(p);
}

CapturedReply captured(const std::string& server, wire::Bytes payload, double seconds = 0.01) {
    CapturedReply r;
    r.seconds = seconds;
    r.source = wire::Ipv4::parse(server);
    r.destination = wire::Ipv4::parse("192.0.2.30");
    r.sourcePort = 67;
    r.destinationPort = 68;
    r.payload = std::move(payload);
    return r;
}

std::vector<wire::Option> good() { return {{120, vec("option120")}, {43, vec("option43")}}; }

util::ExchangeFacts facts() {
    util::ExchangeFacts f;
    f.interface = "ph0";
    f.ciaddr = wire::Ipv4::parse("192.0.2.30");
    f.destination = wire::Ipv4::parse("255.255.255.255");
    f.sent = 3;
    f.timeout = 2;
    return f;
}

util::ExchangeVerdict classify(const std::vector<CapturedReply>& replies,
                               const util::Expectations& expect = {}) {
    return util::classifyReplies(replies, facts(), expect);
}

std::vector<std::string> ids(const util::ExchangeVerdict& verdict) {
    std::vector<std::string> out;
    for (const auto& f : verdict.findings) {
        out.push_back(f.id);
    }
    return out;
}

}  // namespace

TEST_CASE("one good DHCPACK (dhcplite / ISC dhcpd shape): success") {
    const auto verdict = classify({captured("192.0.2.1", reply("192.0.2.1", good()))});
    CHECK(verdict.success);
    REQUIRE(verdict.chosen == std::optional<std::size_t>(0));
    const auto& a = verdict.servers[0];
    CHECK(a.server == "192.0.2.1");
    CHECK(a.uc.sipServers == std::vector<std::string>{"lync.schertz.local"});
    CHECK(a.uc.url == v().text("lync.schertz.local", "cert_prov_url"));
    CHECK(verdict.findings.empty());
}

TEST_CASE("dnsmasq's shape: 1, 28, END inside 43 and option 60 echoed: success with a note") {
    wire::Bytes o43 = vec("option43");
    o43.push_back(255);
    const auto verdict = classify(
        {captured("192.0.2.1", reply("192.0.2.1", {{1, wire::parseHex("FFFFFF00")},
                                                   {28, wire::parseHex("C00002FF")},
                                                   {120, vec("option120")},
                                                   {43, o43},
                                                   {60, wire::toBytes("MS-UC-Client")}}))});
    CHECK(verdict.success);
    CHECK(ids(verdict) == std::vector<std::string>{"suboption-trailing-end"});
    CHECK(verdict.findings[0].severity == Severity::Note);
    CHECK(verdict.findings[0].message.starts_with("DHCPACK from 192.0.2.1: option 43 ends"));
}

TEST_CASE("Kea's shape: 43 before 54, client id echoed; Windows' NAP sub-option: success") {
    wire::Packet p;
    p.op = 2;
    p.xid = kXid;
    std::copy(kMac.octets.begin(), kMac.octets.end(), p.chaddr.begin());
    p.options.set(53, {5});
    p.options.set(43, vec("option43_windows_ack"));
    p.options.set(54, wire::parseHex("C0000201"));
    p.options.set(61, wire::parseHex("010004F2A1B2C3"));
    p.options.set(120, vec("option120"));
    const auto verdict = classify({captured("192.0.2.1", wire::encodePacket(p))});
    CHECK(verdict.success);
    CHECK(ids(verdict) == std::vector<std::string>{"suboption-unknown"});
}

TEST_CASE("no answer: the relay / server / vendor class hint") {
    const auto verdict = classify({});
    CHECK(!verdict.success);
    CHECK(!verdict.chosen);
    REQUIRE(ids(verdict) == std::vector<std::string>{"no-answer"});
    CHECK(verdict.findings[0].severity == Severity::Error);
    CHECK(verdict.findings[0].message ==
          "no DHCP server answered the DHCPINFORM (3 DHCPINFORMs sent over 2 s, broadcast on ph0)");
    CHECK(verdict.findings[0].fix.find("ip helper-address") != std::string::npos);
    CHECK(verdict.findings[0].fix.find("\"MS-UC-Client\"") != std::string::npos);

    auto unicast = facts();
    unicast.destination = wire::Ipv4::parse("198.51.100.10");
    const auto v2 = util::classifyReplies({}, unicast, {});
    CHECK(v2.findings[0].message.find("unicast to 198.51.100.10") != std::string::npos);
    CHECK(v2.findings[0].fix.starts_with("check that 198.51.100.10 runs a DHCP server"));
}

TEST_CASE("a DHCPACK without options 120 and 43: the vendor class did not match") {
    const auto verdict = classify({captured("192.0.2.1", reply("192.0.2.1", {}))});
    CHECK(!verdict.success);
    CHECK(!verdict.chosen);
    CHECK(ids(verdict) == std::vector<std::string>{"no-options", "ack-without-options"});
    CHECK(verdict.findings[0].message ==
          "1 server (192.0.2.1) answered with a DHCPACK, but without options 120 and 43: no vendor "
          "class on the "
          "server matched \"MS-UC-Client\", or the options are not configured for this subnet");
}

TEST_CASE("a DHCPACK with only one of the two options") {
    SUBCASE("43 only") {
        const auto verdict =
            classify({captured("192.0.2.1", reply("192.0.2.1", {{43, vec("option43")}}))});
        CHECK(!verdict.success);
        CHECK(ids(verdict) == std::vector<std::string>{"ack-without-120"});
    }
    SUBCASE("120 only") {
        const auto verdict =
            classify({captured("192.0.2.1", reply("192.0.2.1", {{120, vec("option120")}}))});
        CHECK(!verdict.success);
        CHECK(ids(verdict) == std::vector<std::string>{"ack-without-43"});
        CHECK(verdict.findings[0].message.find("vendor class for \"MS-UC-Client\"") !=
              std::string::npos);
    }
    SUBCASE("43 with length 0 counts as missing") {
        const auto verdict = classify(
            {captured("192.0.2.1", reply("192.0.2.1", {{120, vec("option120")}, {43, {}}}))});
        CHECK(!verdict.success);
        CHECK(ids(verdict) == std::vector<std::string>{"option43-empty", "ack-without-43"});
    }
}

TEST_CASE("option 43 that is another vendor's") {
    SUBCASE("no MS-UC-Client sub-option at all (a Cisco AP's 241 = controller address)") {
        const auto verdict = classify({captured(
            "192.0.2.1",
            reply("192.0.2.1", {{120, vec("option120")}, {43, wire::parseHex("F104C0000205")}}))});
        CHECK(!verdict.success);
        CHECK(ids(verdict) == std::vector<std::string>{"option43-not-msuc"});
        CHECK(verdict.findings[0].message ==
              "DHCPACK from 192.0.2.1: option 43 (6 bytes, sub-option 241) holds none of "
              "MS-UC-Client's "
              "sub-options 1..5: it is another vendor's option 43");
    }
    SUBCASE("sub-option 1 names another client, no URL") {
        const auto verdict = classify({captured(
            "192.0.2.1", reply("192.0.2.1", {{120, vec("option120")},
                                             {43, wire::parseHex("01044143455302026869")}}))});
        CHECK(!verdict.success);
        CHECK(ids(verdict) == std::vector<std::string>{"option43-not-msuc"});
    }
    SUBCASE("the reply's option 60 names another vendor class") {
        const auto verdict = classify(
            {captured("192.0.2.1", reply("192.0.2.1", {{120, vec("option120")},
                                                       {43, vec("option43")},
                                                       {60, wire::toBytes("PXEClient")}}))});
        CHECK(!verdict.success);
        CHECK(ids(verdict) == std::vector<std::string>{"option43-not-msuc"});
        CHECK(verdict.findings[0].message.find("\"PXEClient\" (option 60 of the reply)") !=
              std::string::npos);
        CHECK(!verdict.servers[0].msUcContext);
    }
}

TEST_CASE("option 120 malformed: plain text, and a label overrun with its offset") {
    SUBCASE("plain text") {
        const auto verdict = classify(
            {captured("192.0.2.1", reply("192.0.2.1", {{120, wire::toBytes("lync.schertz.local")},
                                                       {43, vec("option43")}}))});
        CHECK(!verdict.success);
        CHECK(ids(verdict) == std::vector<std::string>{"option120-plain-text"});
        CHECK(verdict.findings[0].fix == "send " + v().text("lync.schertz.local", "option120"));
    }
    SUBCASE("a label length running past the end") {
        const auto verdict = classify({captured(
            "192.0.2.1", reply("192.0.2.1", {{120, wire::parseHex("00046C796E6307736368")},
                                             {43, vec("option43")}}))});
        CHECK(!verdict.success);
        REQUIRE(ids(verdict) == std::vector<std::string>{"option120-malformed"});
        CHECK(verdict.findings[0].message.find("at offset 6") != std::string::npos);
        CHECK(verdict.servers[0].uc.sipServers.empty());
    }
}

TEST_CASE("the port sent as an integer") {
    // Sub-option 4 as the 2-byte integer 443 (01BB) instead of the text "443".
    const wire::Bytes o43 = wire::parseHex(
        "010C4D532D55432D436C69656E740205687474707303126C796E632E7363686572747A2E6C6F63616C040201BB"
        "05252F4365727450726F"
        "762F4365727450726F766973696F6E696E67536572766963652E737663");
    const auto verdict =
        classify({captured("192.0.2.1", reply("192.0.2.1", {{120, vec("option120")}, {43, o43}}))});
    CHECK(!verdict.success);
    REQUIRE(ids(verdict) == std::vector<std::string>{"port-as-integer"});
    CHECK(verdict.findings[0].fix.starts_with("send 343433"));
}

TEST_CASE("two servers with different values: the conflict, naming the first") {
    const auto other = wire::encodeSipServerNames({"sip.other.example"});
    const auto verdict = classify(
        {captured("192.0.2.2", reply("192.0.2.2", good()), 0.002),
         captured("192.0.2.3", reply("192.0.2.3", {{120, other}, {43, vec("option43")}}), 0.004)});
    CHECK(!verdict.success);
    CHECK(verdict.chosen == std::optional<std::size_t>(0));
    REQUIRE(ids(verdict) == std::vector<std::string>{"conflict"});
    CHECK(verdict.findings[0].message ==
          "2 DHCP servers answered with different values; a phone takes the first answer, here "
          "from 192.0.2.2 (SIP "
          "Server FQDN lync.schertz.local, URL "
          "https://lync.schertz.local:443/CertProv/CertProvisioningService.svc); 192.0.2.3 sent "
          "SIP Server FQDN "
          "sip.other.example, URL "
          "https://lync.schertz.local:443/CertProv/CertProvisioningService.svc");
}

TEST_CASE("two servers with the same values (one with dnsmasq's END): success, noted") {
    wire::Bytes o43 = vec("option43");
    o43.push_back(255);
    // Name case and a trailing dot do not make a difference either (RFC 4343).
    const auto upper = wire::encodeSipServerNames({"LYNC.schertz.local."});
    const auto verdict =
        classify({captured("192.0.2.2", reply("192.0.2.2", good())),
                  captured("192.0.2.3", reply("192.0.2.3", {{120, upper}, {43, o43}}))});
    CHECK(verdict.success);
    CHECK(ids(verdict) == std::vector<std::string>{"several-servers", "suboption-trailing-end"});
    CHECK(verdict.findings[0].message ==
          "192.0.2.3 also answered, with the same values as 192.0.2.2");
}

TEST_CASE("retransmissions answered twice are one server with two copies") {
    const auto payload = reply("192.0.2.1", good());
    const auto verdict =
        classify({captured("192.0.2.1", payload, 0.01), captured("192.0.2.1", payload, 0.5)});
    CHECK(verdict.success);
    REQUIRE(verdict.servers.size() == 1);
    CHECK(verdict.servers[0].copies == 2);
    CHECK(!verdict.servers[0].copiesDiffer);
    CHECK(verdict.findings.empty());
}

TEST_CASE("the first DHCPACK that carries the options wins (docs/design.md §1)") {
    const auto verdict = classify({captured("192.0.2.9", reply("192.0.2.9", {}), 0.001),
                                   captured("192.0.2.1", reply("192.0.2.1", good()), 0.003)});
    CHECK(verdict.success);
    CHECK(verdict.chosen == std::optional<std::size_t>(1));
    CHECK(ids(verdict) == std::vector<std::string>{"ack-without-options"});
    CHECK(verdict.findings[0].message.starts_with("DHCPACK from 192.0.2.9: "));
}

TEST_CASE("replies that are not DHCPACKs") {
    SUBCASE("a DHCPNAK with a message") {
        const auto verdict = classify(
            {captured("192.0.2.1", reply("192.0.2.1", {{56, wire::toBytes("wrong network")}},
                                         wire::MessageType::Nak))});
        CHECK(!verdict.success);
        REQUIRE(ids(verdict) == std::vector<std::string>{"no-ack", "reply-not-ack"});
        CHECK(verdict.findings[1].message ==
              "reply from 192.0.2.1: the answer is DHCPNAK saying \"wrong network\", not a "
              "DHCPACK; a phone ignores it");
    }
    SUBCASE("bytes that are no DHCP message") {
        const auto verdict = classify({captured("192.0.2.1", wire::parseHex("0201060012345678"))});
        CHECK(!verdict.success);
        REQUIRE(ids(verdict) == std::vector<std::string>{"no-ack", "reply-malformed"});
        CHECK(verdict.servers[0].server ==
              "192.0.2.1");  // no option 54 to read: the source address
    }
}

TEST_CASE("--expect-sip-server and --expect-web-server") {
    const std::vector<CapturedReply> replies{captured("192.0.2.1", reply("192.0.2.1", good()))};
    util::Expectations e;
    e.sipServer = "Lync.Schertz.Local.";
    e.webServer = "lync.schertz.local";
    CHECK(classify(replies, e).success);

    e.sipServer = "pool.schertz.local";
    auto verdict = classify(replies, e);
    CHECK(!verdict.success);
    REQUIRE(ids(verdict) == std::vector<std::string>{"expect-sip-server"});
    CHECK(
        verdict.findings[0].message ==
        "option 120 from 192.0.2.1 names \"lync.schertz.local\", expected \"pool.schertz.local\"");

    e.sipServer.reset();
    e.webServer = "web.schertz.local";
    verdict = classify(replies, e);
    CHECK(!verdict.success);
    REQUIRE(ids(verdict) == std::vector<std::string>{"expect-web-server"});
    CHECK(verdict.findings[0].message ==
          "option 43 sub-option 3 (Web Server FQDN) from 192.0.2.1 is \"lync.schertz.local\", "
          "expected "
          "\"web.schertz.local\"");
}

TEST_CASE("a request list without 120 or 43 is pointed out") {
    auto f = facts();
    f.requested = {1, 3, 43};
    const auto verdict = util::classifyReplies(
        {captured("192.0.2.1", reply("192.0.2.1", {{43, vec("option43")}}))}, f, {});
    CHECK(!verdict.success);
    REQUIRE(ids(verdict) == std::vector<std::string>{"not-requested", "ack-without-120"});
    CHECK(verdict.findings[0].severity == Severity::Warning);
    CHECK(verdict.findings[0].message ==
          "the DHCPINFORM did not ask for option 120 (option 55), as a phone does; servers may "
          "leave it out");
    f.requested = {1};
    CHECK(util::classifyReplies({}, f, {}).findings[0].message.starts_with(
        "the DHCPINFORM did not ask for options 120 and 43 (option 55)"));
}

TEST_CASE("matching captured frames to our exchange") {
    util::UdpFrameSpec spec;
    spec.sourceMac = wire::MacAddress::parse("02:00:00:00:00:01");
    spec.destinationMac = kMac;
    spec.source = wire::Ipv4::parse("192.0.2.1");
    spec.destination = wire::Ipv4::parse("192.0.2.30");
    spec.sourcePort = 67;
    spec.destinationPort = 68;
    const auto payload = reply("192.0.2.1", good());
    const auto frame = util::buildEthernetUdpFrame(spec, payload);

    auto m = util::matchFrame(util::LinkType::Ethernet, frame, kXid, kMac, 0.25);
    REQUIRE(m.role == util::FrameRole::Reply);
    CHECK(m.reply.payload == payload);
    CHECK(m.reply.seconds == 0.25);
    CHECK(m.reply.source.toString() == "192.0.2.1");
    CHECK(m.reply.sourcePort == 67);
    CHECK(m.reply.sourceMac == wire::MacAddress::parse("02:00:00:00:00:01"));

    CHECK(util::matchFrame(util::LinkType::Ethernet, frame, kXid + 1, kMac, 0).role ==
          util::FrameRole::Ignore);
    CHECK(util::matchFrame(util::LinkType::Ethernet, frame, kXid,
                           wire::MacAddress::parse("00:04:f2:00:00:00"), 0)
              .role == util::FrameRole::Ignore);

    // Our own INFORM, seen going out.
    util::InformSpec inform;
    inform.xid = kXid;
    inform.mac = kMac;
    util::UdpFrameSpec out;
    out.sourceMac = kMac;
    out.destinationMac = util::kBroadcastMac;
    out.source = wire::Ipv4::parse("192.0.2.30");
    out.destination = wire::Ipv4::parse("255.255.255.255");
    out.sourcePort = 68;
    out.destinationPort = 67;
    CHECK(util::matchFrame(util::LinkType::Ethernet,
                           util::buildEthernetUdpFrame(out, util::encodeInform(inform)), kXid, kMac,
                           0)
              .role == util::FrameRole::OurRequest);

    // Short or foreign frames are ignored, never thrown.
    for (std::size_t n = 0; n < frame.size(); n += 7) {
        CHECK_NOTHROW(util::matchFrame(util::LinkType::Ethernet, wire::ByteView(frame).first(n),
                                       kXid, kMac, 0));
    }
    CHECK(util::matchFrame(util::LinkType::Ethernet, wire::ByteView(frame).first(60), kXid, kMac, 0)
              .role == util::FrameRole::Ignore);
}
