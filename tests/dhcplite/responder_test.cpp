// Responder tests as tables: (config, request bytes written field by field, meta) → verdict,
// exact reply bytes, destination (docs/design.md §3).
#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "dhcplite/responder.hpp"
#include "support/allocation_count.hpp"
#include "test_support.hpp"
#include "wire/packet.hpp"

namespace dhcplite::test {
namespace {

using daemon::Destination;
using daemon::Outcome;
using daemon::RequestMeta;
using daemon::Verdict;

// ---- test-side encoders, written independently of the code under test ----

Bytes dnsName(std::string_view name) {  // RFC 1035 labels, no compression
    Bytes out;
    std::size_t start = 0;
    while (start <= name.size()) {
        const std::size_t dot = std::min(name.find('.', start), name.size());
        putU8(out, static_cast<std::uint8_t>(dot - start));
        putBytes(out, ascii(name.substr(start, dot - start)));
        start = dot + 1;
    }
    putU8(out, 0);
    return out;
}

Bytes option120(std::string_view fqdn) { return tlv(120, cat({Bytes{0}, dnsName(fqdn)})); }

Bytes option43(std::string_view web) {  // MS-UC-Client sub-options 1..5 with the defaults
    return tlv(43, cat({tlv(1, "MS-UC-Client"), tlv(2, "https"), tlv(3, web), tlv(4, "443"),
                        tlv(5, "/CertProv/CertProvisioningService.svc")}));
}

Bytes ipBytes(std::uint32_t a) {
    Bytes out;
    putU32(out, a);
    return out;
}

// The reply we expect, written field by field (RFC 2131 §4.3.5, Table 3).
Bytes expectedReply(const RequestFields& req, std::uint16_t flags, std::uint32_t serverId,
                    const std::vector<Bytes>& options, std::size_t minSize = 300) {
    Bytes out;
    putU8(out, 2);
    putU8(out, req.htype);
    putU8(out, req.hlen);
    putU8(out, 0);
    putU32(out, req.xid);
    putU16(out, 0);
    putU16(out, flags);
    putU32(out, req.ciaddr);
    putU32(out, 0);
    putU32(out, 0);
    putU32(out, req.giaddr);
    out.insert(out.end(), req.chaddr.begin(), req.chaddr.end());
    putZeros(out, 64 + 128);
    putU32(out, 0x63825363);
    putBytes(out, tlv(53, Bytes{5}));
    putBytes(out, tlv(54, ipBytes(serverId)));
    for (const Bytes& o : options) {
        putBytes(out, o);
    }
    putU8(out, 255);
    if (out.size() < minSize) {
        putZeros(out, minSize - out.size());
    }
    return out;
}

struct Result {
    Outcome outcome;
    Bytes reply;
};

Result run(const daemon::CompiledConfig& config, const Bytes& request, const RequestMeta& meta) {
    // Poisoned, so bytes the responder forgets to write (padding, sname/file) show up.
    std::array<std::uint8_t, daemon::kReplyBufferSize> buffer{};
    buffer.fill(0xEE);
    Result r;
    r.outcome = daemon::respond(request, meta, config, buffer);
    r.reply.assign(buffer.begin(),
                   buffer.begin() + static_cast<std::ptrdiff_t>(r.outcome.replySize));
    return r;
}

// The options after the cookie, up to and including END (for checks that ignore the header).
Bytes optionsOf(const Bytes& reply) {
    Bytes out;
    std::size_t i = 240;
    while (i < reply.size()) {
        const std::uint8_t code = reply[i];
        out.push_back(code);
        if (code == 255) {
            break;
        }
        const std::size_t len = reply[i + 1];
        out.insert(out.end(), reply.begin() + static_cast<std::ptrdiff_t>(i + 1),
                   reply.begin() + static_cast<std::ptrdiff_t>(i + 2 + len));
        i += 2 + len;
    }
    return out;
}

std::string hexOf(const Bytes& b) { return wire::toHex(b); }

constexpr std::uint32_t kIfAddr = ip(192, 0, 2, 1);
constexpr std::uint32_t kPhone = ip(192, 0, 2, 50);
constexpr int kIfIndex = 3;

RequestMeta meta(std::uint32_t source = kPhone, std::uint32_t iface = kIfAddr) {
    return RequestMeta{wire::Ipv4{iface}, kIfIndex, wire::Ipv4{source}, 68};
}

// Microsoft DHCPUtil -EmulateClient's INFORM (docs/design.md §10): 53=INFORM, 54 (len 0), 61 (type
// 1 + MAC), 120 (len 0), 12 host name, 60 MS-UC-Client, 55 = [120, 43], 43 (len 0).
RequestFields phoneInform() {
    RequestFields r;
    r.ciaddr = kPhone;
    r.options = {
        tlv(53, Bytes{8}),
        tlv(54, Bytes{}),
        tlv(61, Bytes{0x01, 0x00, 0x04, 0xF2, 0xAB, 0xCD, 0xEF}),
        tlv(120, Bytes{}),
        tlv(12, "LYNCPHONE01"),
        tlv(60, "MS-UC-Client"),
        tlv(55, Bytes{120, 43}),
        tlv(43, Bytes{}),
    };
    return r;
}

RequestFields replaced(RequestFields r, std::uint8_t code, const Bytes& newTlv) {
    for (Bytes& o : r.options) {
        if (!o.empty() && o[0] == code) {
            o = newTlv;
            return r;
        }
    }
    r.options.push_back(newTlv);
    return r;
}

RequestFields without(RequestFields r, std::uint8_t code) {
    std::erase_if(r.options, [code](const Bytes& o) { return !o.empty() && o[0] == code; });
    return r;
}

RequestFields asking(std::vector<std::uint8_t> prl, RequestFields r = phoneInform()) {
    return replaced(std::move(r), 55, tlv(55, Bytes(prl.begin(), prl.end())));
}

// Sites with nested prefixes, a relay site, a default, a second vendor class with its own 43.
constexpr std::string_view kSitesYaml = R"(
vendor-classes:
  - match: MS-UC-Client
  - match: CPE-OCPHONE
    sub-options:
      - { code: 10, u16: 100 }
      - { code: 11, string: "voice" }
default:
  sip-servers: [lync.schertz.local]
  web-server: lync.schertz.local
  time-servers: [192.0.2.10]
  ntp-servers: [192.0.2.11]
  dns-servers: [192.0.2.53, 192.0.2.54]
  domain-name: example.com
  domain-search: [example.com, corp.example.com]
  raw-options:
    - { code: 150, hex: "C0 00 02 05" }
sites:
  - name: relay-site
    subnets: [198.51.100.0/24]
    sip-servers: [relay.example.com]
    web-server: web-relay.example.com
  - name: wide
    subnets: [10.1.0.0/16]
    sip-servers: [wide.example.com]
    web-server: web-wide.example.com
  - name: narrow
    subnets: [10.1.2.0/24, 10.9.9.9/32]
    sip-servers: [narrow.example.com]
    web-server: web-narrow.example.com
)";

const daemon::CompiledConfig& sitesConfig() {
    static const auto config = compileYaml(kSitesYaml);
    return *config;
}

}  // namespace

TEST_CASE("test helpers agree with the known-good vectors") {
    const auto v = loadVectors("lync.schertz.local");
    CHECK(hexOf(option120("lync.schertz.local")) == "7815" + v.at("option120"));
    CHECK(hexOf(option43("lync.schertz.local")) == "2B55" + v.at("option43"));
}

TEST_CASE("DHCPUtil's INFORM gets exactly 53, 54, 120, 43 in PRL order, byte for byte") {
    const auto v = loadVectors("lync.schertz.local");
    const Bytes opt120 = cat({Bytes{120, 21}, hex(v.at("option120"))});
    const Bytes opt43 = cat({Bytes{43, 85}, hex(v.at("option43"))});
    REQUIRE(opt43.size() == 87);

    SUBCASE("PRL [120, 43]") {
        const RequestFields req = phoneInform();
        const Result r = run(sitesConfig(), req.bytes(), meta());
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(hexOf(r.reply) == hexOf(expectedReply(req, 0, kIfAddr, {opt120, opt43})));
        CHECK(r.reply.size() == 240 + 3 + 6 + 23 + 87 + 1);  // 360: over 300, so no padding
        CHECK(r.outcome.destination == Destination{wire::Ipv4{kPhone}, 68, false, 0});
        CHECK(r.outcome.profile == sitesConfig().defaultProfile());
        CHECK_FALSE(r.outcome.relayInfoDropped);
        CHECK(r.outcome.optionsDropped == 0);
    }
    SUBCASE("PRL [43, 120] reverses them") {
        const RequestFields req = asking({43, 120});
        const Result r = run(sitesConfig(), req.bytes(), meta());
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(hexOf(r.reply) == hexOf(expectedReply(req, 0, kIfAddr, {opt43, opt120})));
    }
    SUBCASE("a PRL that repeats codes gets each option once") {
        const RequestFields req = asking({43, 120, 43, 120, 43});
        const Result r = run(sitesConfig(), req.bytes(), meta());
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(hexOf(r.reply) == hexOf(expectedReply(req, 0, kIfAddr, {opt43, opt120})));
    }
}

TEST_CASE("header fields: copied or zeroed per RFC 2131 Table 3") {
    RequestFields req = phoneInform();
    req.htype = 6;  // IEEE 802: copied as is
    req.hlen = 6;
    req.hops = 2;
    req.secs = 77;
    req.flags = 0x8000;
    req.yiaddr = ip(1, 2, 3, 4);
    req.siaddr = ip(5, 6, 7, 8);
    req.chaddr = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
    req.sname = ascii("some-server");
    req.file = ascii("boot/file");
    req.xid = 0xDEADBEEF;
    const Result r = run(sitesConfig(), req.bytes(), meta());
    REQUIRE(r.outcome.verdict == Verdict::Reply);
    const auto v = loadVectors("lync.schertz.local");
    CHECK(hexOf(r.reply) == hexOf(expectedReply(req, 0x8000, kIfAddr,
                                                {cat({Bytes{120, 21}, hex(v.at("option120"))}),
                                                 cat({Bytes{43, 85}, hex(v.at("option43"))})})));
    CHECK(r.reply[0] == 2);
    CHECK(r.reply[3] == 0);  // hops
    CHECK(r.reply[8] == 0);  // secs
    CHECK(r.reply[9] == 0);
    CHECK(r.reply[44] == 0);   // sname empty
    CHECK(r.reply[108] == 0);  // file empty
}

TEST_CASE("drop reasons") {
    struct Case {
        const char* name;
        RequestFields request;
        Verdict verdict;
    };
    RequestFields bootReply = phoneInform();
    bootReply.op = 2;
    RequestFields opZero = phoneInform();
    opZero.op = 0;
    const std::vector<Case> cases = {
        {"BOOTREPLY", bootReply, Verdict::NotBootRequest},
        {"op 0", opZero, Verdict::NotBootRequest},
        {"no option 53 (plain BOOTP with options)", without(phoneInform(), 53),
         Verdict::NoMessageType},
        {"option 53 of length 2", replaced(phoneInform(), 53, tlv(53, Bytes{8, 8})),
         Verdict::NoMessageType},
        {"option 53 of length 0", replaced(phoneInform(), 53, tlv(53, Bytes{})),
         Verdict::NoMessageType},
        {"DISCOVER", replaced(phoneInform(), 53, tlv(53, Bytes{1})), Verdict::NotInform},
        {"REQUEST", replaced(phoneInform(), 53, tlv(53, Bytes{3})), Verdict::NotInform},
        {"RELEASE", replaced(phoneInform(), 53, tlv(53, Bytes{7})), Verdict::NotInform},
        {"ACK from another server's client side", replaced(phoneInform(), 53, tlv(53, Bytes{5})),
         Verdict::NotInform},
        {"no option 60", without(phoneInform(), 60), Verdict::NoVendorClass},
        {"option 60 MSFT 5.0", replaced(phoneInform(), 60, tlv(60, "MSFT 5.0")),
         Verdict::OtherVendorClass},
        {"option 60 lower case", replaced(phoneInform(), 60, tlv(60, "ms-uc-client")),
         Verdict::OtherVendorClass},
        {"option 60 with a suffix, exact mode",
         replaced(phoneInform(), 60, tlv(60, "MS-UC-Client-X")), Verdict::OtherVendorClass},
        {"option 60 a prefix of the class", replaced(phoneInform(), 60, tlv(60, "MS-UC-Clien")),
         Verdict::OtherVendorClass},
        {"option 60 with a NUL terminator",
         replaced(phoneInform(), 60, tlv(60, ascii(std::string("MS-UC-Client\0", 13)))),
         Verdict::OtherVendorClass},
        {"option 60 empty", replaced(phoneInform(), 60, tlv(60, Bytes{})),
         Verdict::OtherVendorClass},
        {"no option 55", without(phoneInform(), 55), Verdict::NothingRequested},
        {"option 55 empty", asking({}), Verdict::NothingRequested},
        {"option 55 asks for nothing we have", asking({1, 3, 51, 58, 59, 66, 67}),
         Verdict::NothingRequested},
        {"option 55 asks only for reserved codes", asking({53, 54, 55, 57, 61, 82, 0, 255}),
         Verdict::NothingRequested},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        const Result r = run(sitesConfig(), c.request.bytes(), meta());
        CHECK(r.outcome.verdict == c.verdict);
        CHECK(r.outcome.replySize == 0);
        CHECK(daemon::verdictName(r.outcome.verdict) != "unknown");
    }
}

TEST_CASE("what classify saw of option 60 is kept whatever is decided later (per class counters)") {
    const auto& config = sitesConfig();
    const auto& classes = config.vendorClasses();
    REQUIRE(classes.size() == 2);
    const Result reply = run(config, phoneInform().bytes(), meta());
    CHECK(reply.outcome.verdict == Verdict::Reply);
    CHECK(reply.outcome.vendorSeen == daemon::VendorSeen::Configured);
    CHECK(reply.outcome.vendorClass == &classes[0]);
    CHECK(reply.outcome.profile != nullptr);

    const Result cpe = run(
        config, replaced(without(phoneInform(), 55), 60, tlv(60, "CPE-OCPHONE")).bytes(), meta());
    CHECK(cpe.outcome.verdict == Verdict::NothingRequested);
    CHECK(cpe.outcome.vendorSeen == daemon::VendorSeen::Configured);
    CHECK(cpe.outcome.vendorClass == &classes[1]);
    CHECK(cpe.outcome.profile != nullptr);  // the site is known: counted as its drop

    const Result other =
        run(config, replaced(phoneInform(), 60, tlv(60, "MSFT 5.0")).bytes(), meta());
    CHECK(other.outcome.vendorSeen == daemon::VendorSeen::Other);
    CHECK(other.outcome.vendorClass == nullptr);
    CHECK(other.outcome.profile == nullptr);
    CHECK(run(config, without(phoneInform(), 60).bytes(), meta()).outcome.vendorSeen ==
          daemon::VendorSeen::None);
    CHECK(run(config, replaced(phoneInform(), 53, tlv(53, Bytes{1})).bytes(), meta())
              .outcome.vendorSeen == daemon::VendorSeen::NotCounted);
    RequestFields bootReply = phoneInform();
    bootReply.op = 2;
    CHECK(run(config, bootReply.bytes(), meta()).outcome.vendorSeen ==
          daemon::VendorSeen::NotCounted);
}

TEST_CASE("the same drop reason wins whatever follows: a BOOTREPLY is not parsed further") {
    RequestFields req = phoneInform();
    req.op = 2;
    req.options = {Bytes{53, 200}};  // would be malformed
    req.end = false;
    CHECK(run(sitesConfig(), req.bytes(), meta()).outcome.verdict == Verdict::NotBootRequest);
}

TEST_CASE("verdict names") {
    CHECK(daemon::verdictName(Verdict::Reply) == "reply");
    CHECK(daemon::verdictName(Verdict::Malformed) == "malformed");
    CHECK(daemon::verdictName(Verdict::NotBootRequest) == "not-bootrequest");
    CHECK(daemon::verdictName(Verdict::NoMessageType) == "no-message-type");
    CHECK(daemon::verdictName(Verdict::NotInform) == "not-inform");
    CHECK(daemon::verdictName(Verdict::NoVendorClass) == "no-vendor-class");
    CHECK(daemon::verdictName(Verdict::OtherVendorClass) == "other-vendor-class");
    CHECK(daemon::verdictName(Verdict::NothingRequested) == "nothing-requested");
    CHECK(daemon::verdictName(Verdict::NoProfile) == "no-profile");
    CHECK(daemon::verdictName(Verdict::BadAddress) == "bad-address");
    CHECK(daemon::verdictName(Verdict::RateLimited) == "rate-limited");
}

TEST_CASE("vendor class prefix mode") {
    const auto config = compileYaml(R"(
vendor-classes:
  - match: MS-UC-Client
    mode: prefix
default:
  sip-servers: [lync.schertz.local]
)");
    struct Case {
        std::string_view value;
        Verdict verdict;
    };
    for (const Case& c :
         {Case{"MS-UC-Client", Verdict::Reply}, Case{"MS-UC-Client-X", Verdict::Reply},
          Case{"MS-UC-Client/Polycom", Verdict::Reply},
          Case{"MS-UC-Clien", Verdict::OtherVendorClass},
          Case{"ms-uc-client-x", Verdict::OtherVendorClass},
          Case{"X-MS-UC-Client", Verdict::OtherVendorClass}}) {
        CAPTURE(c.value);
        const Result r =
            run(*config, replaced(phoneInform(), 60, tlv(60, c.value)).bytes(), meta());
        CHECK(r.outcome.verdict == c.verdict);
    }
}

TEST_CASE("no profile: no site matches and there is no default") {
    const auto config = compileYaml(R"(
sites:
  - name: only
    subnets: [10.1.0.0/16]
    sip-servers: [lync.schertz.local]
)");
    RequestFields outside = phoneInform();  // ciaddr 192.0.2.50
    CHECK(run(*config, outside.bytes(), meta()).outcome.verdict == Verdict::NoProfile);
    RequestFields inside = phoneInform();
    inside.ciaddr = ip(10, 1, 7, 7);
    const Result r = run(*config, inside.bytes(), meta(ip(10, 1, 7, 7)));
    CHECK(r.outcome.verdict == Verdict::Reply);
    REQUIRE(r.outcome.profile != nullptr);
    CHECK(r.outcome.profile->name == "only");
}

TEST_CASE("malformed datagrams and where they fail") {
    const Bytes good = phoneInform().bytes();
    RequestFields badCookie = phoneInform();
    badCookie.cookie = 0x63825364;
    RequestFields overrun;  // 60 claims 32 bytes, 5 follow
    overrun.options = {tlv(53, Bytes{8}), cat({Bytes{60, 32}, ascii("MS-UC")})};
    overrun.end = false;
    RequestFields noLength;  // 60's length byte missing
    noLength.options = {tlv(53, Bytes{8}), Bytes{60}};
    noLength.end = false;
    RequestFields lateOverrun;  // 53, 60, then 55 claims 5 bytes with 2 left
    lateOverrun.options = {tlv(53, Bytes{8}), tlv(60, "MS-UC-Client"), Bytes{55, 5, 120, 43}};
    lateOverrun.end = false;
    RequestFields endAsLength;  // a code then END where the length should be: length 255 overruns
    endAsLength.options = {tlv(53, Bytes{8}), Bytes{60}};
    struct Case {
        const char* name;
        Bytes bytes;
        std::size_t offset;
    };
    const std::vector<Case> cases = {
        {"empty datagram", {}, 0},
        {"100 bytes", Bytes(good.begin(), good.begin() + 100), 100},
        {"header without cookie", Bytes(good.begin(), good.begin() + 236), 236},
        {"239 bytes", Bytes(good.begin(), good.begin() + 239), 239},
        {"bad magic cookie", badCookie.bytes(), 236},
        {"option 60 overruns the datagram", overrun.bytes(), 244},
        {"option 60 has no length byte", noLength.bytes(), 244},
        {"option 55 overruns after two good options", lateOverrun.bytes(), 258},
        {"END read as a length", endAsLength.bytes(), 244},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        const Result r = run(sitesConfig(), c.bytes, meta());
        CHECK(r.outcome.verdict == Verdict::Malformed);
        CHECK(r.outcome.malformedOffset == c.offset);
        CHECK(r.outcome.replySize == 0);
    }
}

TEST_CASE("leniency: PAD between options, no END, trailing bytes after END") {
    const auto v = loadVectors("lync.schertz.local");
    const std::vector<Bytes> expected = {cat({Bytes{120, 21}, hex(v.at("option120"))}),
                                         cat({Bytes{43, 85}, hex(v.at("option43"))})};
    RequestFields padded = phoneInform();
    padded.options.insert(padded.options.begin() + 2, Bytes{0, 0, 0});
    RequestFields noEnd = phoneInform();
    noEnd.end = false;
    RequestFields junkAfterEnd = phoneInform();
    junkAfterEnd.options.push_back(Bytes{255, 60, 3, 'a', 'b', 'c', 55, 1});  // END, then junk
    junkAfterEnd.end = false;
    RequestFields zeroPadded = phoneInform();
    zeroPadded.padTo = 548;
    for (const RequestFields& req : {padded, noEnd, junkAfterEnd, zeroPadded}) {
        const Result r = run(sitesConfig(), req.bytes(), meta());
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(hexOf(r.reply) == hexOf(expectedReply(req, 0, kIfAddr, expected)));
    }
}

TEST_CASE("destination rules (RFC 2131 §4.1, ISC's reading for INFORM)") {
    struct Case {
        const char* name;
        std::uint32_t ciaddr, giaddr, source;
        Destination destination;
        std::uint16_t replyFlags;
    };
    constexpr std::uint32_t relay = ip(198, 51, 100, 1);
    const std::vector<Case> cases = {
        {"ciaddr set: unicast to ciaddr:68",
         kPhone,
         0,
         kPhone,
         {wire::Ipv4{kPhone}, 68, false, 0},
         0},
        {"ciaddr set and relayed: still ciaddr:68",
         kPhone,
         relay,
         relay,
         {wire::Ipv4{kPhone}, 68, false, 0},
         0},
        {"ciaddr differs from source: ciaddr wins",
         kPhone,
         0,
         ip(192, 0, 2, 99),
         {wire::Ipv4{kPhone}, 68, false, 0},
         0},
        {"ciaddr 0, relayed: giaddr:67, broadcast flag",
         0,
         relay,
         relay,
         {wire::Ipv4{relay}, 67, false, 0},
         0x8000},
        {"ciaddr 0, not relayed, source known: source:68",
         0,
         0,
         ip(192, 0, 2, 77),
         {wire::Ipv4{ip(192, 0, 2, 77)}, 68, false, 0},
         0},
        {"nothing known: limited broadcast on the interface",
         0,
         0,
         0,
         {wire::Ipv4{0xFFFFFFFF}, 68, true, kIfIndex},
         0},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        RequestFields req = phoneInform();
        req.ciaddr = c.ciaddr;
        req.giaddr = c.giaddr;
        const Result r = run(sitesConfig(), req.bytes(), meta(c.source));
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(r.outcome.destination == c.destination);
        CHECK(r.reply[10] == (c.replyFlags >> 8));
        CHECK(r.reply[11] == (c.replyFlags & 0xFF));
        // ciaddr and giaddr copied whatever the destination
        CHECK(hexOf(Bytes(r.reply.begin() + 12, r.reply.begin() + 16)) == hexOf(ipBytes(c.ciaddr)));
        CHECK(hexOf(Bytes(r.reply.begin() + 24, r.reply.begin() + 28)) == hexOf(ipBytes(c.giaddr)));
    }
}

TEST_CASE("profile selection: giaddr, then ciaddr, then the interface; longest prefix; default") {
    struct Case {
        const char* name;
        std::uint32_t ciaddr, giaddr, iface;
        const char* profile;
        const char* sip;
        const char* web;
    };
    const std::vector<Case> cases = {
        {"giaddr in the relay site", 0, ip(198, 51, 100, 1), kIfAddr, "relay-site",
         "relay.example.com", "web-relay.example.com"},
        {"giaddr decides over ciaddr", ip(10, 1, 2, 3), ip(198, 51, 100, 1), kIfAddr, "relay-site",
         "relay.example.com", "web-relay.example.com"},
        {"giaddr in no site: default, ciaddr not consulted", ip(10, 1, 2, 3), ip(203, 0, 113, 1),
         kIfAddr, "default", "lync.schertz.local", "lync.schertz.local"},
        {"ciaddr in the /24 inside the /16: the /24", ip(10, 1, 2, 3), 0, kIfAddr, "narrow",
         "narrow.example.com", "web-narrow.example.com"},
        {"ciaddr in the /16 only", ip(10, 1, 3, 3), 0, kIfAddr, "wide", "wide.example.com",
         "web-wide.example.com"},
        {"ciaddr matching a /32", ip(10, 9, 9, 9), 0, kIfAddr, "narrow", "narrow.example.com",
         "web-narrow.example.com"},
        {"ciaddr next to the /32", ip(10, 9, 9, 8), 0, kIfAddr, "default", "lync.schertz.local",
         "lync.schertz.local"},
        {"ciaddr decides over the interface", ip(10, 1, 3, 3), 0, ip(10, 1, 2, 1), "wide",
         "wide.example.com", "web-wide.example.com"},
        {"only the interface address", 0, 0, ip(10, 1, 2, 1), "narrow", "narrow.example.com",
         "web-narrow.example.com"},
        {"interface address in the /16", 0, 0, ip(10, 1, 200, 1), "wide", "wide.example.com",
         "web-wide.example.com"},
        {"nothing matches: default", ip(203, 0, 113, 9), 0, kIfAddr, "default",
         "lync.schertz.local", "lync.schertz.local"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        RequestFields req = asking({43, 120});
        req.ciaddr = c.ciaddr;
        req.giaddr = c.giaddr;
        const Result r = run(sitesConfig(), req.bytes(), meta(0, c.iface));
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        REQUIRE(r.outcome.profile != nullptr);
        CHECK(r.outcome.profile->name == c.profile);
        const std::uint16_t flags = (c.ciaddr == 0 && c.giaddr != 0) ? 0x8000 : 0;
        CHECK(hexOf(r.reply) ==
              hexOf(expectedReply(req, flags, c.iface, {option43(c.web), option120(c.sip)})));
    }
}

TEST_CASE("bad-address: a ciaddr or giaddr that no host can have") {
    struct Case {
        const char* name;
        std::uint32_t ciaddr, giaddr;
    };
    const std::vector<Case> cases = {
        {"ciaddr 0.0.0.1 (0/8, this network)", ip(0, 0, 0, 1), 0},
        {"ciaddr 127.0.0.1 (loopback)", ip(127, 0, 0, 1), 0},
        {"ciaddr 224.0.0.1 (multicast)", ip(224, 0, 0, 1), 0},
        {"ciaddr 240.0.0.1 (reserved)", ip(240, 0, 0, 1), 0},
        {"ciaddr 255.255.255.255", ip(255, 255, 255, 255), 0},
        {"giaddr 239.1.1.1 (multicast), relayed", 0, ip(239, 1, 1, 1)},
        {"giaddr 127.0.0.1 beside a good ciaddr", kPhone, ip(127, 0, 0, 1)},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        RequestFields req = phoneInform();
        req.ciaddr = c.ciaddr;
        req.giaddr = c.giaddr;
        const Result r = run(sitesConfig(), req.bytes(), meta());
        CHECK(r.outcome.verdict == Verdict::BadAddress);
        CHECK(r.outcome.replySize == 0);
    }
}

// Sites of every shape for the network/broadcast rule: a /24, a /30 (the longest prefix with
// such addresses), a /31 and a /32 (RFC 3021: none), a relay's /26, and a /24 inside a /16.
constexpr std::string_view kEdgesYaml = R"(
default:
  sip-servers: [lync.schertz.local]
sites:
  - name: lan
    subnets: [192.0.2.0/24]
    sip-servers: [lan.example.com]
    web-server: web-lan.example.com
  - name: link
    subnets: [198.51.100.4/30]
    sip-servers: [link.example.com]
    web-server: web-link.example.com
  - name: p2p
    subnets: [198.51.100.0/31, 198.51.100.9/32]
    sip-servers: [p2p.example.com]
    web-server: web-p2p.example.com
  - name: relayed
    subnets: [198.51.100.64/26]
    sip-servers: [relay.example.com]
    web-server: web-relay.example.com
  - name: wide
    subnets: [10.1.0.0/16]
    sip-servers: [wide.example.com]
    web-server: web-wide.example.com
  - name: narrow
    subnets: [10.1.2.0/24]
    sip-servers: [narrow.example.com]
    web-server: web-narrow.example.com
)";

TEST_CASE("bad-address: no reply to a site subnet's network or broadcast address") {
    const auto config = compileYaml(kEdgesYaml);
    struct Case {
        const char* name;
        std::uint32_t ciaddr, giaddr;
        const char* profile;  // nullptr: dropped as bad-address
    };
    const std::vector<Case> cases = {
        {"ciaddr the /24's network", ip(192, 0, 2, 0), 0, nullptr},
        {"ciaddr the /24's broadcast", ip(192, 0, 2, 255), 0, nullptr},
        {"ciaddr the /24's first host", ip(192, 0, 2, 1), 0, "lan"},
        {"ciaddr the /24's last host", ip(192, 0, 2, 254), 0, "lan"},
        {"ciaddr the /30's network", ip(198, 51, 100, 4), 0, nullptr},
        {"ciaddr the /30's broadcast", ip(198, 51, 100, 7), 0, nullptr},
        {"ciaddr the /30's first host", ip(198, 51, 100, 5), 0, "link"},
        {"ciaddr the /30's last host", ip(198, 51, 100, 6), 0, "link"},
        {"ciaddr the /31's lower address (RFC 3021)", ip(198, 51, 100, 0), 0, "p2p"},
        {"ciaddr the /31's upper address (RFC 3021)", ip(198, 51, 100, 1), 0, "p2p"},
        {"ciaddr a /32", ip(198, 51, 100, 9), 0, "p2p"},
        {"ciaddr the inner /24's network", ip(10, 1, 2, 0), 0, nullptr},
        {"ciaddr the inner /24's broadcast", ip(10, 1, 2, 255), 0, nullptr},
        {"ciaddr the /16's broadcast", ip(10, 1, 255, 255), 0, nullptr},
        {"ciaddr the /16's network", ip(10, 1, 0, 0), 0, nullptr},
        {"ciaddr x.x.x.255 inside the /16: a host there", ip(10, 1, 3, 255), 0, "wide"},
        {"ciaddr x.x.x.0 inside the /16: a host there", ip(10, 1, 3, 0), 0, "wide"},
        {"ciaddr in no site: the default, nothing known", ip(203, 0, 113, 255), 0, "default"},
        {"ciaddr in no site, .0: the default", ip(203, 0, 113, 0), 0, "default"},
        {"relayed: giaddr the /26's network", 0, ip(198, 51, 100, 64), nullptr},
        {"relayed: giaddr the /26's broadcast", 0, ip(198, 51, 100, 127), nullptr},
        {"relayed: giaddr the /26's first host", 0, ip(198, 51, 100, 65), "relayed"},
        {"relayed: giaddr the /26's last host", 0, ip(198, 51, 100, 126), "relayed"},
        {"relayed with ciaddr the /24's broadcast: the reply would go there", ip(192, 0, 2, 255),
         ip(198, 51, 100, 65), nullptr},
        {"relayed with ciaddr the /24's network", ip(192, 0, 2, 0), ip(198, 51, 100, 65), nullptr},
        {"relayed with ciaddr the inner /24's broadcast", ip(10, 1, 2, 255), ip(198, 51, 100, 65),
         nullptr},
        {"relayed with ciaddr a host: the relay's site answers", ip(192, 0, 2, 7),
         ip(198, 51, 100, 65), "relayed"},
        {"relayed with ciaddr ending in binary 11, a host", ip(192, 0, 2, 3), ip(198, 51, 100, 65),
         "relayed"},
        {"relayed with ciaddr in no site", ip(203, 0, 113, 255), ip(198, 51, 100, 65), "relayed"},
        {"giaddr an edge, but the reply goes to ciaddr", ip(192, 0, 2, 7), ip(198, 51, 100, 127),
         "relayed"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        RequestFields req = asking({43, 120});
        req.ciaddr = c.ciaddr;
        req.giaddr = c.giaddr;
        const Result r = run(*config, req.bytes(), meta(0, kIfAddr));
        if (c.profile == nullptr) {
            CHECK(r.outcome.verdict == Verdict::BadAddress);
            CHECK(r.outcome.replySize == 0);
            continue;
        }
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        REQUIRE(r.outcome.profile != nullptr);
        CHECK(r.outcome.profile->name == c.profile);
        const std::string name = c.profile;
        const std::string stem = name == "relayed" ? "relay" : name;
        const std::string sip = name == "default" ? "lync.schertz.local" : stem + ".example.com";
        const std::string web =
            name == "default" ? "lync.schertz.local" : "web-" + stem + ".example.com";
        const bool relayBroadcast = c.ciaddr == 0 && c.giaddr != 0;
        CHECK(hexOf(r.reply) == hexOf(expectedReply(req, relayBroadcast ? 0x8000 : 0, kIfAddr,
                                                    {option43(web), option120(sip)})));
        const Destination to = c.ciaddr != 0 ? Destination{wire::Ipv4{c.ciaddr}, 68, false, 0}
                                             : Destination{wire::Ipv4{c.giaddr}, 67, false, 0};
        CHECK(r.outcome.destination == to);
    }
}

TEST_CASE("bad-address for a subnet edge: the default profile alone knows no subnets") {
    const auto config = compileYaml("default:\n  sip-servers: [lync.schertz.local]\n");
    for (const std::uint32_t ciaddr :
         {ip(192, 0, 2, 0), ip(192, 0, 2, 255), ip(10, 255, 255, 255)}) {
        CAPTURE(ciaddr);
        RequestFields req = asking({120});
        req.ciaddr = ciaddr;
        const Result r = run(*config, req.bytes(), meta(ciaddr));
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(hexOf(r.reply) ==
              hexOf(expectedReply(req, 0, kIfAddr, {option120("lync.schertz.local")})));
        CHECK(r.outcome.destination == Destination{wire::Ipv4{ciaddr}, 68, false, 0});
    }
    // Relayed from what would be a /24's broadcast: with no site, nothing says it is one.
    RequestFields relayed = asking({120});
    relayed.ciaddr = 0;
    relayed.giaddr = ip(198, 51, 100, 255);
    const Result r = run(*config, relayed.bytes(), meta(ip(198, 51, 100, 255)));
    REQUIRE(r.outcome.verdict == Verdict::Reply);
    CHECK(r.outcome.destination == Destination{wire::Ipv4{ip(198, 51, 100, 255)}, 67, false, 0});
}

TEST_CASE("bad-address for a subnet edge comes before no-profile, after the class") {
    const auto config = compileYaml(R"(
sites:
  - name: relay
    subnets: [198.51.100.0/24]
    sip-servers: [lync.schertz.local]
  - name: phones
    subnets: [192.0.2.0/24]
    sip-servers: [lync.schertz.local]
)");
    RequestFields req = phoneInform();
    req.ciaddr = ip(192, 0, 2, 255);
    req.giaddr = ip(203, 0, 113, 1);  // a relay in no site, and no default: no profile
    CHECK(run(*config, req.bytes(), meta()).outcome.verdict == Verdict::BadAddress);
    req.ciaddr = ip(192, 0, 2, 254);
    CHECK(run(*config, req.bytes(), meta()).outcome.verdict == Verdict::NoProfile);
    RequestFields other = replaced(phoneInform(), 60, tlv(60, "MSFT 5.0"));
    other.ciaddr = ip(192, 0, 2, 255);
    CHECK(run(*config, other.bytes(), meta()).outcome.verdict == Verdict::OtherVendorClass);
}

TEST_CASE("option 54: the configured server id, else the receiving interface's address") {
    const auto config = compileYaml(R"(
listen:
  server-id: 192.0.2.99
default:
  sip-servers: [lync.schertz.local]
)");
    const RequestFields req = phoneInform();
    const Result configured = run(*config, req.bytes(), meta(kPhone, ip(192, 0, 2, 1)));
    REQUIRE(configured.outcome.verdict == Verdict::Reply);
    CHECK(hexOf(optionsOf(configured.reply))
              .starts_with("350105"
                           "3604C0000263"));
    const Result fromInterface = run(sitesConfig(), req.bytes(), meta(kPhone, ip(192, 0, 2, 7)));
    REQUIRE(fromInterface.outcome.verdict == Verdict::Reply);
    CHECK(hexOf(optionsOf(fromInterface.reply))
              .starts_with("350105"
                           "3604C0000207"));
}

TEST_CASE("extra options, exact bytes, in PRL order") {
    const RequestFields req = asking({4, 6, 15, 42, 119, 150, 120, 43, 66});
    const Result r = run(sitesConfig(), req.bytes(), meta());
    REQUIRE(r.outcome.verdict == Verdict::Reply);
    const Bytes opt4 = hex("04 04 C0 00 02 0A");
    const Bytes opt6 = hex("06 08 C0 00 02 35 C0 00 02 36");
    const Bytes opt15 = cat({Bytes{15, 11}, ascii("example.com")});
    const Bytes opt42 = hex("2A 04 C0 00 02 0B");
    // RFC 3397: example.com, corp.example.com, uncompressed
    const Bytes opt119 = cat({Bytes{119, 31}, dnsName("example.com"), dnsName("corp.example.com")});
    const Bytes opt150 = hex("96 04 C0 00 02 05");
    CHECK(hexOf(r.reply) ==
          hexOf(expectedReply(req, 0, kIfAddr,
                              {opt4, opt6, opt15, opt42, opt119, opt150,
                               option120("lync.schertz.local"), option43("lync.schertz.local")})));
    CHECK(r.reply.size() == 434);
}

TEST_CASE("a class with its own sub-options gets its own option 43") {
    const Bytes own43 = hex("2B 0B 0A 02 00 64 0B 05 76 6F 69 63 65");  // 10: u16 100, 11: "voice"
    SUBCASE("CPE-OCPHONE asking for 43 and 120") {
        const RequestFields req = replaced(asking({43, 120}), 60, tlv(60, "CPE-OCPHONE"));
        const Result r = run(sitesConfig(), req.bytes(), meta());
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(hexOf(r.reply) ==
              hexOf(expectedReply(req, 0, kIfAddr, {own43, option120("lync.schertz.local")})));
    }
    SUBCASE("MS-UC-Client on the same config still gets the profile's") {
        const RequestFields req = asking({43});
        const Result r = run(sitesConfig(), req.bytes(), meta());
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(hexOf(r.reply) ==
              hexOf(expectedReply(req, 0, kIfAddr, {option43("lync.schertz.local")})));
    }
}

TEST_CASE("always-send options") {
    const auto config = compileYaml(R"(
default:
  sip-servers: [lync.schertz.local]
  ntp-servers: [192.0.2.11]
  dns-servers: [192.0.2.53]
  always-send: [42]
)");
    const Bytes opt42 = hex("2A 04 C0 00 02 0B");
    struct Case {
        const char* name;
        RequestFields request;
        std::vector<Bytes> options;
    };
    const std::vector<Case> cases = {
        {"appended after the requested ones",
         asking({120, 43}),
         {option120("lync.schertz.local"), option43("lync.schertz.local"), opt42}},
        {"in PRL order when also requested, once",
         asking({42, 120}),
         {opt42, option120("lync.schertz.local")}},
        {"sent even without option 55", without(phoneInform(), 55), {opt42}},
        {"sent when 55 asks for nothing we have", asking({1, 3}), {opt42}},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        const Result r = run(*config, c.request.bytes(), meta());
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(hexOf(r.reply) == hexOf(expectedReply(c.request, 0, kIfAddr, c.options)));
    }
}

TEST_CASE("reply padded with zeros to 300 bytes (BOOTP minimum)") {
    const RequestFields req = asking({6});
    const Result r = run(sitesConfig(), req.bytes(), meta());
    REQUIRE(r.outcome.verdict == Verdict::Reply);
    REQUIRE(r.reply.size() == 300);
    const Bytes expected = expectedReply(req, 0, kIfAddr, {hex("06 08 C0 00 02 35 C0 00 02 36")});
    CHECK(hexOf(r.reply) == hexOf(expected));
    CHECK(r.reply[259] == 255);  // 240 + 53 (3) + 54 (6) + 6 (10) = 259: END, then zeros
    CHECK(std::all_of(r.reply.begin() + 260, r.reply.end(), [](std::uint8_t b) { return b == 0; }));
}

TEST_CASE("option 82: echoed whole and last, or left out when it does not fit") {
    constexpr std::uint32_t relay = ip(198, 51, 100, 1);
    const auto relayed = [&](const Bytes& opt82, std::vector<std::uint8_t> prl) {
        RequestFields req = asking(std::move(prl));
        req.ciaddr = 0;
        req.giaddr = relay;
        req.hops = 1;
        req.options.push_back(opt82);
        return req;
    };
    const std::vector<std::uint8_t> everything = {120, 43, 4, 6, 15, 42, 119, 150};

    SUBCASE("echoed last, byte for byte") {
        const Bytes opt82 =
            tlv(82, cat({tlv(1, "eth0/1:100"), tlv(2, Bytes{0x00, 0x1B, 0x21, 0x3C, 0x4D, 0x5E})}));
        const RequestFields req = relayed(opt82, {120, 43});
        const Result r = run(sitesConfig(), req.bytes(), meta(relay));
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(hexOf(r.reply) == hexOf(expectedReply(req, 0x8000, kIfAddr,
                                                    {option120("relay.example.com"),
                                                     option43("web-relay.example.com"), opt82})));
        CHECK_FALSE(r.outcome.relayInfoDropped);
        CHECK(r.outcome.destination == Destination{wire::Ipv4{relay}, 67, false, 0});
    }
    // Without 82 the relay site's "everything" reply takes 436 bytes: 240 + 3 + 6 + 120 (22) +
    // 43 (90) + 4 (6) + 6 (10) + 15 (13) + 42 (6) + 119 (33) + 150 (6) + END. 548 (a 576-byte
    // datagram) leaves 112.
    constexpr std::size_t kEverything = 436;
    SUBCASE("exactly fitting 548") {
        const Bytes opt82 = tlv(82, cat({tlv(1, Bytes(108, 0x11))}));  // 2 + 2 + 108 = 112
        const RequestFields req = relayed(opt82, everything);
        const Result r = run(sitesConfig(), req.bytes(), meta(relay));
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(r.reply.size() == 548);
        CHECK_FALSE(r.outcome.relayInfoDropped);
        CHECK(hexOf(Bytes(r.reply.end() - 113, r.reply.end())) == hexOf(cat({opt82, Bytes{255}})));
    }
    SUBCASE("one byte too many: left out entirely, flagged") {
        const Bytes opt82 = tlv(82, cat({tlv(1, Bytes(109, 0x11))}));  // 113
        const RequestFields req = relayed(opt82, everything);
        const Result r = run(sitesConfig(), req.bytes(), meta(relay));
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(r.reply.size() == kEverything);
        CHECK(r.outcome.relayInfoDropped);
        CHECK(r.outcome.optionsDropped == 0);
        CHECK(r.reply[kEverything - 1] == 255);
        CHECK(std::find(r.reply.begin() + 240, r.reply.end(), 82) == r.reply.end());
    }
    SUBCASE("option 57 = 1000 (a 972-byte message) lets the big one through") {
        const Bytes opt82 = tlv(82, cat({tlv(1, Bytes(251, 0x11))}));  // 255 bytes
        RequestFields req = relayed(opt82, everything);
        req.options.insert(req.options.begin() + 1, tlv(57, Bytes{0x03, 0xE8}));
        const Result big = run(sitesConfig(), req.bytes(), meta(relay));
        REQUIRE(big.outcome.verdict == Verdict::Reply);
        CHECK_FALSE(big.outcome.relayInfoDropped);
        CHECK(big.reply.size() == kEverything + 255);
        CHECK(hexOf(Bytes(big.reply.end() - 256, big.reply.end())) ==
              hexOf(cat({opt82, Bytes{255}})));

        const Result small = run(sitesConfig(), relayed(opt82, everything).bytes(), meta(relay));
        REQUIRE(small.outcome.verdict == Verdict::Reply);
        CHECK(small.outcome.relayInfoDropped);
        CHECK(small.reply.size() == kEverything);
    }
    SUBCASE("option 57 under 576 or of the wrong length is ignored: 548 applies") {
        const Bytes opt82 = tlv(82, cat({tlv(1, Bytes(200, 0x11))}));
        for (const Bytes& opt57 : {tlv(57, Bytes{0x01, 0x2C}), tlv(57, Bytes{0x02, 0x3F}),
                                   tlv(57, Bytes{0x03}), tlv(57, Bytes{0x03, 0xE8, 0x00})}) {
            CAPTURE(hexOf(opt57));
            RequestFields req = relayed(opt82, everything);
            req.options.insert(req.options.begin() + 1, opt57);
            const Result r = run(sitesConfig(), req.bytes(), meta(relay));
            REQUIRE(r.outcome.verdict == Verdict::Reply);
            CHECK(r.outcome.relayInfoDropped);
            CHECK(r.reply.size() == kEverything);
        }
    }
    SUBCASE("echoed for a local (not relayed) client too") {
        const Bytes opt82 = tlv(82, tlv(1, "port7"));
        RequestFields req = asking({120});
        req.options.push_back(opt82);
        const Result r = run(sitesConfig(), req.bytes(), meta());
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(hexOf(r.reply) ==
              hexOf(expectedReply(req, 0, kIfAddr, {option120("lync.schertz.local"), opt82})));
    }
}

TEST_CASE("option 82 whose sub-options overrun it: malformed, never echoed (RFC 3046 §2.0)") {
    // phoneInform() asking for 120 has 48 bytes of options: option 82's code is at 288, its
    // length at 289, its data from 290 (the first sub-option's length byte at 291).
    struct Case {
        const char* name;
        std::vector<Bytes> relayOptions;  // the raw option 82 instance(s), code and length included
        std::size_t malformedAt;          // 0: well formed, answered with it echoed
    };
    const std::vector<Case> cases = {
        {"sub-option 1 claims 10 bytes, 3 follow", {Bytes{82, 5, 1, 10, 'a', 'b', 'c'}}, 291},
        {"the second sub-option claims 5, 2 follow",
         {Bytes{82, 8, 1, 2, 'a', 'b', 2, 5, 'c', 'd'}},
         295},
        {"a last sub-option without its length byte", {Bytes{82, 5, 1, 2, 'a', 'b', 9}}, 289},
        {"one byte: a code, no length", {Bytes{82, 1, 1}}, 289},
        {"joined (RFC 3396), the overrun in the second instance",
         {Bytes{82, 4, 1, 2, 'a', 'b'}, Bytes{82, 3, 2, 9, 'c'}},
         289},
        {"joined, the overrun in the first instance",
         {Bytes{82, 3, 1, 9, 'a'}, Bytes{82, 2, 2, 0}},
         291},
        {"sub-options ending exactly with the option", {Bytes{82, 6, 1, 2, 'a', 'b', 2, 0}}, 0},
        {"joined, a sub-option spanning both instances",
         {Bytes{82, 3, 1, 3, 'a'}, Bytes{82, 2, 'b', 'c'}},
         0},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        RequestFields req = asking({120});
        for (const Bytes& o : c.relayOptions) {
            req.options.push_back(o);
        }
        REQUIRE(req.bytes()[288] == 82);
        const Result r = run(sitesConfig(), req.bytes(), meta());
        if (c.malformedAt != 0) {
            CHECK(r.outcome.verdict == Verdict::Malformed);
            CHECK(r.outcome.malformedOffset == c.malformedAt);
            CHECK(r.outcome.replySize == 0);
            continue;
        }
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        Bytes joined;
        for (const Bytes& o : c.relayOptions) {
            joined.insert(joined.end(), o.begin() + 2, o.end());
        }
        CHECK(hexOf(r.reply) ==
              hexOf(expectedReply(req, 0, kIfAddr,
                                  {option120("lync.schertz.local"), tlv(82, joined)})));
    }
}

TEST_CASE("cold path: RFC 3396 split options and RFC 2131 overload") {
    SUBCASE("option 55 in two instances is joined, order kept") {
        RequestFields req = without(phoneInform(), 55);
        req.options.push_back(tlv(55, Bytes{43}));
        req.options.push_back(tlv(55, Bytes{120}));
        const Result r = run(sitesConfig(), req.bytes(), meta());
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(hexOf(r.reply) == hexOf(expectedReply(req, 0, kIfAddr,
                                                    {option43("lync.schertz.local"),
                                                     option120("lync.schertz.local")})));
    }
    SUBCASE("option 60 split in two instances matches") {
        RequestFields req = without(phoneInform(), 60);
        req.options.push_back(tlv(60, "MS-UC-"));
        req.options.push_back(tlv(60, "Client"));
        CHECK(run(sitesConfig(), req.bytes(), meta()).outcome.verdict == Verdict::Reply);
    }
    SUBCASE("option 82 in two instances is echoed joined") {
        RequestFields req = asking({120});
        req.options.push_back(tlv(82, tlv(1, "ab")));
        req.options.push_back(tlv(82, tlv(2, "cd")));
        const Result r = run(sitesConfig(), req.bytes(), meta());
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(hexOf(r.reply) == hexOf(expectedReply(req, 0, kIfAddr,
                                                    {option120("lync.schertz.local"),
                                                     tlv(82, cat({tlv(1, "ab"), tlv(2, "cd")}))})));
    }
    SUBCASE("a joined option 82 over 255 bytes is echoed split again") {
        RequestFields req = asking({120});
        req.options.push_back(tlv(82, tlv(1, Bytes(200, 0x11))));
        req.options.push_back(tlv(82, tlv(2, Bytes(100, 0x22))));
        req.options.insert(req.options.begin() + 1, tlv(57, Bytes{0x05, 0xDC}));
        const Result r = run(sitesConfig(), req.bytes(), meta());
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        const Bytes joined =
            cat({tlv(1, Bytes(200, 0x11)), tlv(2, Bytes(100, 0x22))});  // 304 bytes
        const Bytes echoed = cat({tlv(82, Bytes(joined.begin(), joined.begin() + 255)),
                                  tlv(82, Bytes(joined.begin() + 255, joined.end()))});
        CHECK(hexOf(r.reply) ==
              hexOf(expectedReply(req, 0, kIfAddr, {option120("lync.schertz.local"), echoed})));
    }
    SUBCASE("option 52 = 1: options continue in the file field") {
        RequestFields req = phoneInform();
        req.options = {tlv(53, Bytes{8}), tlv(52, Bytes{1}), tlv(55, Bytes{120, 43})};
        req.file = cat({tlv(60, "MS-UC-Client"), Bytes{255}});
        const Result r = run(sitesConfig(), req.bytes(), meta());
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(hexOf(r.reply) == hexOf(expectedReply(req, 0, kIfAddr,
                                                    {option120("lync.schertz.local"),
                                                     option43("lync.schertz.local")})));
    }
    SUBCASE("option 52 with a bad value is malformed") {
        RequestFields req = phoneInform();
        req.options.insert(req.options.begin(), tlv(52, Bytes{7}));
        const Result r = run(sitesConfig(), req.bytes(), meta());
        CHECK(r.outcome.verdict == Verdict::Malformed);
        CHECK(r.outcome.malformedOffset >= 240);
    }
}

// A profile over 548 bytes cannot come from the loader (it rejects those); built in code it
// shows how the responder keeps to the size limit: whole options dropped from the end of the
// order, 43 and 120 last.
TEST_CASE("size limit: whole options dropped from the end of the order") {
    config::Config cfg;
    cfg.sourceName = "in-code";
    cfg.vendorClasses = {
        config::VendorClass{"MS-UC-Client", config::MatchMode::Exact, std::nullopt}};
    config::Profile profile;
    profile.name = "default";
    profile.uc.sipServers = {"lync.schertz.local"};
    profile.rawOptions = {wire::Option{201, Bytes(186, 0xA1)}, wire::Option{202, Bytes(200, 0xA2)},
                          wire::Option{203, Bytes(1100, 0xA3)}};
    cfg.defaultProfile = profile;
    const auto config = daemon::CompiledConfig::compile(cfg);
    const Bytes o201 = tlv(201, Bytes(186, 0xA1));
    const Bytes o202 = tlv(202, Bytes(200, 0xA2));
    Bytes o203;  // 1100 bytes → 5 instances (RFC 3396)
    for (std::size_t done = 0; done < 1100; done += 255) {
        putBytes(o203, tlv(203, Bytes(std::min<std::size_t>(255, 1100 - done), 0xA3)));
    }
    REQUIRE(o203.size() == 1110);
    const Bytes o120 = option120("lync.schertz.local");
    const Bytes o43 = option43("lync.schertz.local");

    const auto with57 = [](RequestFields req, std::uint16_t size) {
        req.options.insert(req.options.begin() + 1,
                           tlv(57, Bytes{static_cast<std::uint8_t>(size >> 8),
                                         static_cast<std::uint8_t>(size & 0xFF)}));
        return req;
    };
    SUBCASE("548: the last non-essential option goes, the rest fills the limit exactly") {
        const RequestFields req = asking({201, 202, 43, 120});
        const Result r = run(*config, req.bytes(), meta());
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(hexOf(r.reply) == hexOf(expectedReply(req, 0, kIfAddr, {o201, o43, o120})));
        CHECK(r.reply.size() == 548);
        CHECK(r.outcome.optionsDropped == 1);
    }
    SUBCASE("43 and 120 stay even when asked for last") {
        const RequestFields req = asking({203, 43, 120});
        const Result r = run(*config, req.bytes(), meta());
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(hexOf(r.reply) == hexOf(expectedReply(req, 0, kIfAddr, {o43, o120})));
        CHECK(r.outcome.optionsDropped == 1);
    }
    SUBCASE("option 57 = 1000 lets 201 and 202 through") {
        const RequestFields req = with57(asking({201, 202, 43, 120}), 1000);
        const Result r = run(*config, req.bytes(), meta());
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(hexOf(r.reply) == hexOf(expectedReply(req, 0, kIfAddr, {o201, o202, o43, o120})));
        CHECK(r.reply.size() == 750);
        CHECK(r.outcome.optionsDropped == 0);
    }
    SUBCASE("option 57 = 1500 means a 1472-byte message, which is also kReplyBufferSize") {
        RequestFields req = with57(asking({203, 43, 120}), 1500);
        const Result r = run(*config, req.bytes(), meta());
        REQUIRE(r.outcome.verdict == Verdict::Reply);
        CHECK(hexOf(r.reply) == hexOf(expectedReply(req, 0, kIfAddr, {o203, o43, o120})));
        CHECK(r.reply.size() == 1470);
        // 82 (12 bytes) would fit 1500 but not 1472
        req.options.push_back(tlv(82, tlv(1, "12345678")));
        const Result capped = run(*config, req.bytes(), meta());
        REQUIRE(capped.outcome.verdict == Verdict::Reply);
        CHECK(capped.outcome.relayInfoDropped);
        CHECK(capped.reply.size() == 1470);
    }
}

TEST_CASE("requested lease, client-id and other forbidden options are never sent") {
    config::Config cfg;
    cfg.sourceName = "in-code";
    cfg.vendorClasses = {
        config::VendorClass{"MS-UC-Client", config::MatchMode::Exact, std::nullopt}};
    config::Profile profile;
    profile.name = "default";
    profile.uc.sipServers = {"lync.schertz.local"};
    for (const std::uint8_t code :
         std::vector<std::uint8_t>{50, 51, 52, 53, 54, 55, 57, 58, 59, 61, 82}) {
        profile.rawOptions.push_back(wire::Option{code, Bytes{0, 0, 0, 1}});
    }
    profile.alwaysSend = {51, 61, 82};
    cfg.defaultProfile = profile;
    const auto config = daemon::CompiledConfig::compile(cfg);
    const RequestFields req = asking({50, 51, 52, 53, 54, 55, 57, 58, 59, 61, 82, 120});
    const Result r = run(*config, req.bytes(), meta());
    REQUIRE(r.outcome.verdict == Verdict::Reply);
    CHECK(hexOf(r.reply) ==
          hexOf(expectedReply(req, 0, kIfAddr, {option120("lync.schertz.local")})));
    // The DHCPUtil request carries 54 (empty), 61 and 43 (empty): none of them is echoed.
    const Result dhcputil = run(*config, phoneInform().bytes(), meta());
    REQUIRE(dhcputil.outcome.verdict == Verdict::Reply);
    CHECK(hexOf(optionsOf(dhcputil.reply)) ==
          hexOf(cat({hex("350105 3604C0000201"), option120("lync.schertz.local"),
                     option43("lync.schertz.local"), Bytes{255}})));
}

TEST_CASE("the reply path does not touch the heap") {
    const Bytes inform = phoneInform().bytes();
    RequestFields relayedReq = asking({4, 6, 15, 42, 119, 150, 120, 43});
    relayedReq.ciaddr = 0;
    relayedReq.giaddr = ip(198, 51, 100, 1);
    relayedReq.options.push_back(tlv(82, tlv(1, Bytes(250, 1))));  // dropped: does not fit
    const Bytes relayed = relayedReq.bytes();
    const Bytes discover = replaced(phoneInform(), 53, tlv(53, Bytes{1})).bytes();
    const Bytes shortOne(inform.begin(), inform.begin() + 100);
    const Bytes overrunning(inform.begin(), inform.begin() + 250);
    std::array<std::uint8_t, daemon::kReplyBufferSize> buffer{};
    const RequestMeta m = meta();
    const daemon::CompiledConfig& config = sitesConfig();
    (void)daemon::respond(inform, m, config, buffer);  // warm up anything lazy
    {  // the counter sees allocations at all (else the checks below could not fail)
        const std::size_t before = allocationCount();
        const auto probe = std::make_unique<std::array<std::uint8_t, 64>>();
        CHECK(allocationCount() == before + 1);
    }
    {  // and the cold path (RFC 3396 join via the full decoder) is allowed to use it
        RequestFields split = without(phoneInform(), 55);
        split.options.push_back(tlv(55, Bytes{43}));
        split.options.push_back(tlv(55, Bytes{120}));
        const Bytes splitBytes = split.bytes();
        const std::size_t before = allocationCount();
        CHECK(daemon::respond(splitBytes, m, config, buffer).verdict == Verdict::Reply);
        CHECK(allocationCount() > before);
    }
    for (const Bytes* request : {&inform, &relayed, &discover, &shortOne, &overrunning}) {
        const std::size_t before = allocationCount();
        const Outcome o = daemon::respond(*request, m, config, buffer);
        const std::size_t after = allocationCount();
        CAPTURE(daemon::verdictName(o.verdict));
        CHECK(after == before);
    }
}

TEST_CASE("never crashes: every truncation of a good INFORM") {
    RequestFields req = phoneInform();
    req.options.push_back(tlv(82, tlv(1, "circuit")));
    const Bytes good = req.bytes();
    std::array<std::uint8_t, daemon::kReplyBufferSize> buffer{};
    for (std::size_t n = 0; n <= good.size(); ++n) {
        CAPTURE(n);
        const Bytes cut(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(n));
        const Outcome o = daemon::respond(cut, meta(), sitesConfig(), buffer);
        if (n < 240) {
            CHECK(o.verdict == Verdict::Malformed);
            CHECK(o.malformedOffset == n);
        } else if (n == 240) {
            CHECK(o.verdict == Verdict::NoMessageType);  // no options at all, no END: lenient
        } else {
            CHECK(o.verdict != Verdict::Count);
        }
        if (o.verdict == Verdict::Reply) {
            CHECK(o.replySize >= 300);
        }
    }
    // Cut right after option 43 (before 82's TLV): missing END is tolerated, the reply is full.
    const std::size_t beforeRelay = good.size() - 1 - 11;  // 82 TLV = 2 + (2 + 7), END = 1
    const Outcome o = daemon::respond(
        Bytes(good.begin(), good.begin() + static_cast<std::ptrdiff_t>(beforeRelay)), meta(),
        sitesConfig(), buffer);
    CHECK(o.verdict == Verdict::Reply);
}

TEST_CASE("never crashes: random mutations (fixed seed); every reply is a valid DHCPACK") {
    RequestFields relayedReq = asking({4, 6, 15, 42, 119, 150, 120, 43});
    relayedReq.giaddr = ip(198, 51, 100, 1);
    relayedReq.options.push_back(tlv(82, tlv(1, "circuit")));
    relayedReq.options.insert(relayedReq.options.begin() + 1, tlv(57, Bytes{0x04, 0x00}));
    const std::vector<Bytes> seeds = {phoneInform().bytes(), relayedReq.bytes(),
                                      replaced(phoneInform(), 60, tlv(60, "CPE-OCPHONE")).bytes()};
    std::mt19937 engine(20240611U);
    const auto rng = [&engine] { return static_cast<std::uint32_t>(engine()); };
    std::array<std::uint8_t, daemon::kReplyBufferSize> buffer{};
    std::array<std::size_t, daemon::kVerdictCount> seen{};
    for (int i = 0; i < 30000; ++i) {
        Bytes b = seeds[rng() % seeds.size()];
        const unsigned edits = 1 + rng() % 4;
        for (unsigned e = 0; e < edits; ++e) {
            const unsigned kind = rng() % 10;
            if (kind < 7) {  // mostly the options area, where the parsing is
                const bool anywhere = b.size() <= 240 || rng() % 4 == 0;
                const std::size_t at = anywhere ? rng() % b.size() : 240 + rng() % (b.size() - 240);
                b[at] = static_cast<std::uint8_t>(rng());
            } else if (kind < 9) {
                b.resize(std::max<std::size_t>(1, rng() % (b.size() + 1)));
            } else {
                b.insert(b.begin() + static_cast<std::ptrdiff_t>(rng() % b.size()),
                         static_cast<std::uint8_t>(rng()));
            }
        }
        const Outcome o = daemon::respond(b, meta(rng() % 2 ? kPhone : 0), sitesConfig(), buffer);
        REQUIRE(o.verdict < Verdict::Count);
        ++seen[static_cast<std::size_t>(o.verdict)];
        if (o.verdict == Verdict::Reply) {
            REQUIRE(o.replySize >= 300);
            REQUIRE(o.replySize <= daemon::kReplyBufferSize);
            const wire::ByteView reply(buffer.data(), o.replySize);
            CHECK(reply[0] == 2);
            CHECK(reply[240] == 53);
            CHECK(reply[242] == 5);
            try {
                const wire::DecodedPacket decoded = wire::decodePacket(reply);
                CHECK(decoded.packet.messageType() == wire::MessageType::Ack);
                CHECK_FALSE(decoded.report.missingEnd);
                CHECK(decoded.report.trailingBytes == 0);
                CHECK_FALSE(decoded.packet.options.has(51));
                CHECK_FALSE(decoded.packet.options.has(61));
            } catch (const wire::WireError& e) {
                FAIL("reply does not decode: " << e.what());
            }
        }
    }
    // The mutations reach replies and drops alike, not just one verdict.
    CHECK(seen[static_cast<std::size_t>(Verdict::Reply)] > 100);
    CHECK(seen[static_cast<std::size_t>(Verdict::Malformed)] > 100);
}

}  // namespace dhcplite::test

// ---- admission (docs/design.md §3.4, §3.5): the host's own links and the flood guard ----------

namespace dhcplite::test {
namespace {

// The edges of two links of the host, sorted as InterfaceFilter keeps them: 203.0.113.0/24
// (no site describes it) and 198.51.100.0/26 (inside the relay site's /24).
constexpr std::array<std::uint32_t, 4> kOwnLinkEdges{ip(198, 51, 100, 0), ip(198, 51, 100, 63),
                                                     ip(203, 0, 113, 0), ip(203, 0, 113, 255)};

Result decideWith(const Bytes& request, const RequestMeta& m, const daemon::Admission& admission,
                  const daemon::CompiledConfig& config = sitesConfig()) {
    std::array<std::uint8_t, daemon::kReplyBufferSize> buffer{};
    buffer.fill(0xEE);
    Result r;
    r.outcome = daemon::decide(request, m, config, admission, buffer);
    r.reply.assign(buffer.begin(),
                   buffer.begin() + static_cast<std::ptrdiff_t>(r.outcome.replySize));
    return r;
}

}  // namespace

TEST_CASE("admission: no reply to a network or broadcast address of the host's own links") {
    struct Case {
        const char* name;
        std::uint32_t ciaddr, giaddr, source;
        std::vector<std::uint8_t> prl;
        Verdict verdict;
        Destination to;  // where it goes, or would have gone
    };
    const std::vector<Case> cases = {
        {"spoofed source: a link's broadcast address",
         0,
         0,
         ip(203, 0, 113, 255),
         {120},
         Verdict::BadAddress,
         {wire::Ipv4{ip(203, 0, 113, 255)}, 68, false, 0}},
        {"spoofed source: a link's network address",
         0,
         0,
         ip(203, 0, 113, 0),
         {120},
         Verdict::BadAddress,
         {wire::Ipv4{ip(203, 0, 113, 0)}, 68, false, 0}},
        {"ciaddr a link's broadcast, no site describes it",
         ip(203, 0, 113, 255),
         0,
         ip(203, 0, 113, 255),
         {120},
         Verdict::BadAddress,
         {wire::Ipv4{ip(203, 0, 113, 255)}, 68, false, 0}},
        {"ciaddr the /26 link's broadcast inside the relay site's /24",
         ip(198, 51, 100, 63),
         0,
         ip(198, 51, 100, 63),
         {120},
         Verdict::BadAddress,
         {wire::Ipv4{ip(198, 51, 100, 63)}, 68, false, 0}},
        {"relayed from a giaddr that is a link's network address",
         0,
         ip(203, 0, 113, 0),
         ip(203, 0, 113, 0),
         {120},
         Verdict::BadAddress,
         {wire::Ipv4{ip(203, 0, 113, 0)}, 67, false, 0}},
        {"a host next to the edge is answered",
         ip(203, 0, 113, 254),
         0,
         ip(203, 0, 113, 254),
         {120},
         Verdict::Reply,
         {wire::Ipv4{ip(203, 0, 113, 254)}, 68, false, 0}},
        {"a broadcast reply is never refused",
         0,
         0,
         0,
         {120},
         Verdict::Reply,
         {wire::Ipv4{0xFFFFFFFFU}, 68, true, kIfIndex}},
        {"nothing requested wins over the edge",
         0,
         0,
         ip(203, 0, 113, 255),
         {199},
         Verdict::NothingRequested,
         {}},
    };
    const daemon::Admission admission{kOwnLinkEdges, nullptr, 0};
    for (const Case& c : cases) {
        CAPTURE(c.name);
        RequestFields req = asking(c.prl);
        req.ciaddr = c.ciaddr;
        req.giaddr = c.giaddr;
        const Result r = decideWith(req.bytes(), meta(c.source), admission);
        CHECK(daemon::verdictName(r.outcome.verdict) == daemon::verdictName(c.verdict));
        CHECK(r.outcome.destination == c.to);
        if (c.verdict != Verdict::Reply) {
            CHECK(r.outcome.replySize == 0);
            continue;
        }
        // The same bytes respond() gives: admission only ever says yes or no.
        CHECK(hexOf(r.reply) == hexOf(run(sitesConfig(), req.bytes(), meta(c.source)).reply));
    }
    // Without the host's links known the edges are answered: refusing them is admission's.
    for (const Case& c : cases) {
        if (c.verdict == Verdict::BadAddress) {
            RequestFields req = asking(c.prl);
            req.ciaddr = c.ciaddr;
            req.giaddr = c.giaddr;
            CAPTURE(c.name);
            CHECK(decideWith(req.bytes(), meta(c.source), daemon::Admission{}).outcome.verdict ==
                  Verdict::Reply);
        }
    }
}

TEST_CASE("admission: the flood guard, fed the client identity from the request") {
    constexpr std::uint64_t kSecond = 1'000'000'000ULL;
    constexpr std::uint64_t kStart = 1'000 * kSecond;
    daemon::FloodGuard guard(daemon::FloodHashKey{1, 2}, 64);
    guard.setLimits(daemon::FloodLimits{2, 3, 60 * kSecond});
    const auto admission = [&](std::uint64_t now) {
        return daemon::Admission{kOwnLinkEdges, &guard, now};
    };
    const auto phone = [](std::uint8_t macLow, std::uint32_t ciaddr) {
        RequestFields req = phoneInform();
        req.chaddr[5] = macLow;
        req.ciaddr = ciaddr;
        return req;
    };
    const RequestFields a = phone(0x01, kPhone);

    SUBCASE("per hardware address: two replies, then limited by mac, no bytes written") {
        CHECK(decideWith(a.bytes(), meta(), admission(kStart)).outcome.verdict == Verdict::Reply);
        const Result second = decideWith(a.bytes(), meta(), admission(kStart));
        CHECK(second.outcome.verdict == Verdict::Reply);
        CHECK(hexOf(second.reply) == hexOf(run(sitesConfig(), a.bytes(), meta()).reply));
        const Result third = decideWith(a.bytes(), meta(), admission(kStart));
        CHECK(third.outcome.verdict == Verdict::RateLimited);
        CHECK(third.outcome.limitedBy == daemon::FloodDecision::LimitedByMac);
        CHECK(third.outcome.replySize == 0);
        CHECK(third.outcome.profile != nullptr);
        CHECK(third.outcome.destination == Destination{wire::Ipv4{kPhone}, 68, false, 0});
        // One token back every 30 s (60 s / 2).
        CHECK(decideWith(a.bytes(), meta(), admission(kStart + 30 * kSecond)).outcome.verdict ==
              Verdict::Reply);
        CHECK(decideWith(a.bytes(), meta(), admission(kStart + 30 * kSecond)).outcome.verdict ==
              Verdict::RateLimited);
    }
    SUBCASE("per address: many MACs aimed at one ciaddr get three replies") {
        for (std::uint8_t mac = 1; mac <= 3; ++mac) {
            CHECK(
                decideWith(phone(mac, kPhone).bytes(), meta(), admission(kStart)).outcome.verdict ==
                Verdict::Reply);
        }
        const Result fourth = decideWith(phone(4, kPhone).bytes(), meta(), admission(kStart));
        CHECK(fourth.outcome.verdict == Verdict::RateLimited);
        CHECK(fourth.outcome.limitedBy == daemon::FloodDecision::LimitedByAddress);
        CHECK(decideWith(phone(5, ip(192, 0, 2, 51)).bytes(), meta(), admission(kStart))
                  .outcome.verdict == Verdict::Reply);
    }
    SUBCASE("relayed: counted per client behind the relay, not per relay") {
        for (std::uint8_t mac = 1; mac <= 5; ++mac) {
            RequestFields req = phone(mac, 0);
            req.giaddr = ip(198, 51, 100, 1);
            CAPTURE(int{mac});
            CHECK(decideWith(req.bytes(), meta(ip(198, 51, 100, 1)), admission(kStart))
                      .outcome.verdict == Verdict::Reply);
        }
    }
    SUBCASE("what is not answered uses up no share") {
        const Bytes discover = replaced(a, 53, tlv(53, Bytes{1})).bytes();
        RequestFields toEdge = a;
        toEdge.ciaddr = ip(203, 0, 113, 255);
        const Bytes nothing = asking({199}, a).bytes();
        for (int i = 0; i < 5; ++i) {
            CHECK(decideWith(discover, meta(), admission(kStart)).outcome.verdict ==
                  Verdict::NotInform);
            CHECK(decideWith(toEdge.bytes(), meta(ip(203, 0, 113, 255)), admission(kStart))
                      .outcome.verdict == Verdict::BadAddress);
            CHECK(decideWith(nothing, meta(), admission(kStart)).outcome.verdict ==
                  Verdict::NothingRequested);
        }
        CHECK(guard.limitedClients(kStart) == 0);
        CHECK(decideWith(a.bytes(), meta(), admission(kStart)).outcome.verdict == Verdict::Reply);
        CHECK(decideWith(a.bytes(), meta(), admission(kStart)).outcome.verdict == Verdict::Reply);
    }
    SUBCASE("a broadcast reply is counted by hardware address only") {
        RequestFields fresh = a;
        fresh.ciaddr = 0;
        for (int i = 0; i < 2; ++i) {
            CHECK(decideWith(fresh.bytes(), meta(0), admission(kStart)).outcome.verdict ==
                  Verdict::Reply);
        }
        CHECK(decideWith(fresh.bytes(), meta(0), admission(kStart)).outcome.limitedBy ==
              daemon::FloodDecision::LimitedByMac);
    }
    SUBCASE("the guarded path does not touch the heap") {
        const Bytes request = a.bytes();
        std::array<std::uint8_t, daemon::kReplyBufferSize> buffer{};
        for (int i = 0; i < 4; ++i) {
            const std::size_t before = allocationCount();
            const Outcome o =
                daemon::decide(request, meta(), sitesConfig(), admission(kStart), buffer);
            const std::size_t after = allocationCount();
            CAPTURE(daemon::verdictName(o.verdict));
            CHECK(after == before);
        }
    }
}

}  // namespace dhcplite::test
