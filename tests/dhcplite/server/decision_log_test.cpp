// The debug decision line: the facts an admin needs, and nothing a hostile packet can forge.
#include <doctest/doctest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "decision_log.hpp"
#include "dhcplite/compiled_config.hpp"

using namespace dhcplite::daemon;
using dhcplite::wire::Bytes;
using dhcplite::wire::Ipv4;

namespace {

// An INFORM written field by field (RFC 2131 §2): op, htype, hlen, hops, xid, secs, flags,
// ciaddr, yiaddr, siaddr, giaddr, chaddr[16], sname[64], file[128], cookie, options.
Bytes inform(std::uint8_t hlen, const Bytes& vendorClass) {
    Bytes b = {1,    1,    hlen, 0,    0xde, 0xad, 0xbe, 0xef, 0,    0,    0,    0,
               192,  0,    2,    50,                                                 // ciaddr
               0,    0,    0,    0,    0,    0,    0,    0,    198,  51,   100,  1,  // giaddr
               0x00, 0x15, 0x5d, 0x01, 0x02, 0x03, 0xaa, 0xbb, 0xcc, 0xdd, 0xee, 0xff,
               1,    2,    3,    4};
    b.resize(236, 0);
    b.insert(b.end(), {0x63, 0x82, 0x53, 0x63});  // magic cookie, RFC 2131 §3
    b.insert(b.end(), {53, 1, 8});
    b.push_back(60);
    b.push_back(static_cast<std::uint8_t>(vendorClass.size()));
    b.insert(b.end(), vendorClass.begin(), vendorClass.end());
    b.insert(b.end(), {55, 2, 120, 43, 255});
    return b;
}

Bytes text(std::string_view s) { return Bytes(s.begin(), s.end()); }

RequestMeta meta() {
    RequestMeta m;
    m.interfaceAddress = Ipv4::parse("192.0.2.1");
    m.ifindex = 2;
    m.sourceAddress = Ipv4::parse("198.51.100.1");
    m.sourcePort = 67;
    return m;
}

}  // namespace

TEST_CASE("a relayed reply: every field, in order") {
    CompiledProfile profile;
    profile.name = "branch-1";
    Outcome o;
    o.verdict = Verdict::Reply;
    o.replySize = 300;
    o.profile = &profile;
    o.destination.address = Ipv4::parse("198.51.100.1");
    o.destination.port = 67;
    const auto req = inform(6, text("MS-UC-Client"));
    CHECK(describeDecision(req, meta(), o, "eth0") ==
          "decision verdict=reply interface=eth0 from=198.51.100.1:67 xid=0xdeadbeef "
          "chaddr=00:15:5d:01:02:03 ciaddr=192.0.2.50 giaddr=198.51.100.1 "
          "vendor-class=MS-UC-Client profile=branch-1 to=198.51.100.1:67 size=300");
}

TEST_CASE("broadcast reply and a dropped option 82 are marked") {
    Outcome o;
    o.verdict = Verdict::Reply;
    o.replySize = 310;
    o.destination.address = Ipv4::parse("255.255.255.255");
    o.destination.port = 68;
    o.destination.broadcast = true;
    o.relayInfoDropped = true;
    const auto line = describeDecision(inform(6, text("MS-UC-Client")), meta(), o, "eth0");
    CHECK(line.find(" to=255.255.255.255:68 broadcast=yes size=310 relay-info-dropped=yes") !=
          std::string::npos);
}

TEST_CASE("a hostile vendor class cannot break the line or fake a key") {
    Outcome o;
    o.verdict = Verdict::OtherVendorClass;
    const auto req = inform(6, text("MS-UC-Client\n<3>verdict=reply \x1b[2J\"\\"));
    const auto line = describeDecision(req, meta(), o, "eth0");
    CHECK(line.find('\n') == std::string::npos);
    CHECK(line.find('\x1b') == std::string::npos);
    CHECK(line.find(R"(vendor-class="MS-UC-Client\x0A<3>verdict=reply \x1B[2J\"\\")") !=
          std::string::npos);
    CHECK(line.find("decision verdict=other-vendor-class ") == 0);
}

TEST_CASE("a long vendor class is cut, and its length said") {
    Outcome o;
    o.verdict = Verdict::OtherVendorClass;
    const auto line = describeDecision(inform(6, Bytes(200, 'A')), meta(), o, "eth0");
    CHECK(line.find("vendor-class=" + std::string(kShownVendorClassBytes, 'A') +
                    " vendor-class-length=200") != std::string::npos);
}

TEST_CASE("hlen beyond chaddr shows the 16 bytes there are, and the claimed hlen") {
    Outcome o;
    o.verdict = Verdict::Reply;
    const auto line = describeDecision(inform(200, text("MS-UC-Client")), meta(), o, "eth0");
    CHECK(line.find("chaddr=00:15:5d:01:02:03:aa:bb:cc:dd:ee:ff:01:02:03:04 hlen=200 ") !=
          std::string::npos);
    CHECK(describeDecision(inform(0, text("MS-UC-Client")), meta(), o, "eth0").find("chaddr=- ") !=
          std::string::npos);
}

TEST_CASE("short and malformed datagrams: length or offset, no decoding guesses") {
    Outcome o;
    o.verdict = Verdict::Malformed;
    o.malformedOffset = 3;
    const Bytes tiny = {1, 2, 3};
    CHECK(describeDecision(tiny, meta(), o, "e\nth0") ==
          "decision verdict=malformed interface=e\\x0Ath0 from=198.51.100.1:67 length=3 offset=3");
    // Header intact, option 60 running past the end: no vendor class shown.
    auto bad = inform(6, text("MS-UC-Client"));
    bad.resize(bad.size() - 10);
    o.malformedOffset = 247;
    const auto line = describeDecision(bad, meta(), o, "eth0");
    CHECK(line.find("xid=0xdeadbeef") != std::string::npos);
    CHECK(line.find("vendor-class") == std::string::npos);
    CHECK(line.find(" offset=247") != std::string::npos);
}

TEST_CASE(
    "a reply refused for a link's network or broadcast address says where it would have gone") {
    CompiledProfile profile;
    profile.name = "default";
    Outcome o;
    o.verdict = Verdict::BadAddress;  // as packet_batch.cpp sets it after planning the reply
    o.replySize = 300;
    o.profile = &profile;
    o.destination.address = Ipv4::parse("192.0.2.255");
    o.destination.port = 68;
    const auto req = inform(6, text("MS-UC-Client"));
    CHECK(describeDecision(req, meta(), o, "eth0") ==
          "decision verdict=bad-address interface=eth0 from=198.51.100.1:67 xid=0xdeadbeef "
          "chaddr=00:15:5d:01:02:03 ciaddr=192.0.2.50 giaddr=198.51.100.1 "
          "vendor-class=MS-UC-Client profile=default to=192.0.2.255:68");
    // Refused by the responder before any reply was planned: no destination to name.
    Outcome early;
    early.verdict = Verdict::BadAddress;
    CHECK(describeDecision(req, meta(), early, "eth0").find(" to=") == std::string::npos);
}
