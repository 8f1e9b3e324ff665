// The flood guard with a fake clock: the keyed hash against the reference vectors, who counts as
// the same client, and tables of (limits, events) → decisions: under the limit, at it, refill,
// the two counts apart and together, eviction, reloads, and many distinct clients.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <numeric>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "dhcplite/compiled_config.hpp"
#include "dhcplite/flood_guard.hpp"
#include "wire/dhcp_constants.hpp"

namespace dhcplite::test {
namespace {

using daemon::ClientIdentity;
using daemon::FloodDecision;
using daemon::FloodGuard;
using daemon::FloodHashKey;
using daemon::FloodLimits;
using Bytes = std::vector<std::uint8_t>;

constexpr std::uint64_t kSecond = 1'000'000'000ULL;
constexpr FloodHashKey kKey{0x0706050403020100ULL, 0x0F0E0D0C0B0A0908ULL};  // the paper's key
// A monotonic clock that does not start at 0, as CLOCK_MONOTONIC does not.
constexpr std::uint64_t kStart = 12'345 * kSecond;

constexpr wire::Ipv4 ip(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    return wire::Ipv4{(std::uint32_t{a} << 24) | (std::uint32_t{b} << 16) |
                      (std::uint32_t{c} << 8) | d};
}

// The request fields a reply copies (RFC 2131 §4.3.5) and identifyClient reads.
struct Header {
    std::uint8_t htype = 1;
    std::uint8_t hlen = 6;
    std::array<std::uint8_t, 16> chaddr{0x02, 0x00, 0x5E, 0x10, 0x00, 0x01};
    wire::Ipv4 ciaddr = ip(192, 0, 2, 30);
    wire::Ipv4 giaddr;

    daemon::ClientFields fields() const { return {htype, hlen, chaddr, ciaddr, giaddr}; }
};

Header withMac(std::uint32_t n) {
    Header h;
    h.chaddr[2] = static_cast<std::uint8_t>(n >> 24);
    h.chaddr[3] = static_cast<std::uint8_t>(n >> 16);
    h.chaddr[4] = static_cast<std::uint8_t>(n >> 8);
    h.chaddr[5] = static_cast<std::uint8_t>(n);
    return h;
}

// The identity of a unicast reply to ciaddr (the common case), or of the given destination.
ClientIdentity identity(const Header& h, std::optional<wire::Ipv4> to = std::nullopt,
                        bool broadcast = false) {
    return daemon::identifyClient(h.fields(), to.value_or(h.ciaddr), broadcast);
}

FloodLimits limits(std::uint32_t perMac, std::uint32_t perAddress, std::uint64_t seconds = 60) {
    return FloodLimits{perMac, perAddress, seconds * kSecond};
}

FloodGuard guardWith(const FloodLimits& l, std::size_t entries = FloodGuard::kDefaultEntries) {
    FloodGuard g(kKey, entries);
    g.setLimits(l);
    return g;
}

const char* name(FloodDecision d) {
    switch (d) {
    case FloodDecision::Allow: return "allow";
    case FloodDecision::LimitedByMac: return "mac";
    case FloodDecision::LimitedByAddress: return "address";
    }
    return "?";
}

}  // namespace

TEST_CASE("SipHash-2-4: the reference vectors (key 00..0f, message 00..n-1)") {
    // Appendix A of the SipHash paper and the reference implementation's vectors_sip64.
    struct Vector {
        std::size_t length;
        std::uint64_t hash;
    };
    const std::array<Vector, 6> vectors{{{0, 0x726fdb47dd0e0e31ULL},
                                         {1, 0x74f839c593dc67fdULL},
                                         {2, 0x0d6c8009d9a94f5aULL},
                                         {8, 0x93f5f5799a932462ULL},
                                         {15, 0xa129ca6149be45e5ULL},
                                         {32, 0x7127512f72f27cceULL}}};
    Bytes message(32);
    std::iota(message.begin(), message.end(), std::uint8_t{0});
    for (const auto& v : vectors) {
        CAPTURE(v.length);
        CHECK(daemon::sipHash24(kKey, wire::ByteView(message).first(v.length)) == v.hash);
    }
}

TEST_CASE("SipHash: another key, another hash; the random key is random") {
    const Bytes mac{0x02, 0x00, 0x5E, 0x10, 0x00, 0x01};
    CHECK(daemon::sipHash24(kKey, mac) != daemon::sipHash24(FloodHashKey{1, 2}, mac));
    // Two keys drawn in a row: equal only if getrandom is broken (2^-128).
    CHECK(daemon::randomFloodHashKey() != daemon::randomFloodHashKey());
}

TEST_CASE("identifyClient: what counts as the same client and the same destination") {
    const Header phone;
    const ClientIdentity a = identity(phone);

    SUBCASE("hardware key: htype, the hlen bytes of chaddr, nothing after them") {
        CHECK(a.hardwareSize == 2 + 6);
        CHECK(Bytes(a.hardwareKey().begin(), a.hardwareKey().end()) ==
              Bytes{1, 6, 0x02, 0x00, 0x5E, 0x10, 0x00, 0x01});
        Header junkAfterHlen = phone;
        junkAfterHlen.chaddr[10] = 0xEE;  // beyond hlen: not part of the address
        const ClientIdentity junk = identity(junkAfterHlen);
        CHECK(Bytes(junk.hardwareKey().begin(), junk.hardwareKey().end()) ==
              Bytes(a.hardwareKey().begin(), a.hardwareKey().end()));
        Header otherType = phone;
        otherType.htype = 6;  // IEEE 802: same bytes, another kind of address
        CHECK(identity(otherType).hardware != a.hardware);
    }
    SUBCASE("hlen over 16 (hostile) counts the 16 bytes chaddr has") {
        Header h = phone;
        h.hlen = 255;
        const ClientIdentity id = identity(h);
        CHECK(id.hardwareSize == 2 + 16);
        CHECK(id.hardware[1] == 16);
    }
    SUBCASE("hlen 0: htype alone") {
        Header h = phone;
        h.hlen = 0;
        CHECK(identity(h).hardwareSize == 2);
    }
    SUBCASE("unicast to ciaddr: the address key is ciaddr") {
        CHECK(Bytes(a.addressKey().begin(), a.addressKey().end()) == Bytes{1, 192, 0, 2, 30});
        Header sameAddressOtherMac = withMac(77);
        CHECK(identity(sameAddressOtherMac).address == a.address);
    }
    SUBCASE("ciaddr 0 from a source address: the source is the destination, same key as ciaddr") {
        Header fresh = phone;
        fresh.ciaddr = wire::Ipv4{};
        CHECK(identity(fresh, ip(192, 0, 2, 30)).address == a.address);
    }
    SUBCASE("relayed with ciaddr 0: giaddr and chaddr, so phones behind one relay do not share") {
        Header relayed = phone;
        relayed.ciaddr = wire::Ipv4{};
        relayed.giaddr = ip(198, 51, 100, 1);
        const ClientIdentity r = identity(relayed, relayed.giaddr);
        CHECK(Bytes(r.addressKey().begin(), r.addressKey().end()) ==
              Bytes{2, 198, 51, 100, 1, 1, 6, 0x02, 0x00, 0x5E, 0x10, 0x00, 0x01});
        Header neighbour = withMac(9);
        neighbour.ciaddr = wire::Ipv4{};
        neighbour.giaddr = relayed.giaddr;
        CHECK(identity(neighbour, neighbour.giaddr).address != r.address);
    }
    SUBCASE("relayed with ciaddr 0 and a 16-byte chaddr: the longest key there is") {
        Header relayed = phone;
        relayed.ciaddr = wire::Ipv4{};
        relayed.giaddr = ip(198, 51, 100, 1);
        relayed.hlen = 16;
        relayed.chaddr.fill(0xAB);
        const ClientIdentity r = identity(relayed, relayed.giaddr);
        CHECK(r.addressSize == ClientIdentity::kAddressBytes);
        CHECK(r.address.back() == 0xAB);
        CHECK(r.hardwareSize == ClientIdentity::kHardwareBytes);
    }
    SUBCASE("relayed with ciaddr set: the reply goes to ciaddr, so that is the key") {
        Header relayed = phone;
        relayed.giaddr = ip(198, 51, 100, 1);
        CHECK(identity(relayed).address == a.address);
    }
    SUBCASE("broadcast: no address key") {
        Header fresh = phone;
        fresh.ciaddr = wire::Ipv4{};
        const ClientIdentity b = identity(fresh, ip(255, 255, 255, 255), true);
        CHECK(b.addressSize == 0);
        CHECK(b.hardwareSize == a.hardwareSize);
    }
    SUBCASE("hlen beyond the chaddr given counts only the bytes that exist") {
        Header wide = phone;
        wide.hlen = 200;
        const ClientIdentity b = identity(wide);
        CHECK(b.hardwareSize == 2 + 16);
        CHECK(b.hardware[1] == 16);
        const std::array<std::uint8_t, 4> four{1, 2, 3, 4};
        const ClientIdentity c =
            daemon::identifyClient({1, 6, four, ip(192, 0, 2, 30), {}}, ip(192, 0, 2, 30), false);
        CHECK(c.hardwareSize == 2 + 4);
    }
}

// One table row: limits, then events (seconds after start, which client) → expected decisions.
struct Event {
    double at;             // seconds after kStart
    std::uint32_t mac;     // client hardware address number
    std::uint8_t address;  // last octet of ciaddr
    FloodDecision expect;
};

TEST_CASE("limits: table of event sequences") {
    constexpr auto A = FloodDecision::Allow;
    constexpr auto M = FloodDecision::LimitedByMac;
    constexpr auto D = FloodDecision::LimitedByAddress;
    struct Row {
        const char* name;
        FloodLimits rule;
        std::vector<Event> events;
    };
    const std::vector<Row> rows = {
        {"under the limit: 2 of 3", limits(3, 3), {{0, 1, 30, A}, {0, 1, 30, A}}},
        {"at the limit: the 4th of 3 in one instant is refused",
         limits(3, 3),
         {{0, 1, 30, A}, {0, 1, 30, A}, {0, 1, 30, A}, {0, 1, 30, M}}},
        {"refill: one more per interval/limit (20 s), a full burst after the interval",
         limits(3, 100),
         {{0, 1, 30, A},
          {0, 1, 30, A},
          {0, 1, 30, A},
          {19.9, 1, 30, M},
          {20, 1, 30, A},
          {20, 1, 30, M},
          {80, 1, 30, A},
          {80, 1, 30, A},
          {80, 1, 30, A},
          {80, 1, 30, M}}},
        {"a refused reply uses up nothing: steady flooding still gets one per 20 s",
         limits(3, 100),
         {{0, 1, 30, A},
          {0, 1, 30, A},
          {0, 1, 30, A},
          {1, 1, 30, M},
          {2, 1, 30, M},
          {10, 1, 30, M},
          {20, 1, 30, A},
          {21, 1, 30, M},
          {40, 1, 30, A}}},
        {"per MAC: the same phone at many addresses",
         limits(2, 100),
         {{0, 1, 30, A}, {0, 1, 31, A}, {0, 1, 32, M}, {0, 1, 33, M}}},
        {"per address: many MACs aimed at one victim",
         limits(100, 2),
         {{0, 1, 99, A}, {0, 2, 99, A}, {0, 3, 99, D}, {0, 4, 99, D}, {0, 5, 98, A}}},
        {"others are not affected by one client's flood",
         limits(2, 2),
         {{0, 1, 30, A},
          {0, 1, 30, A},
          {0, 1, 30, M},
          {0, 2, 31, A},
          {0, 1, 30, M},
          {0, 3, 32, A}}},
        {"refused by address: the MAC's allowance is not used",
         limits(2, 1),
         {{0, 1, 30, A},
          {0, 2, 30, D},
          {0, 2, 30, D},
          {0, 2, 31, A},
          {0, 2, 32, A},
          {0, 2, 33, M}}},
        {"per-mac off: only the address counts",
         limits(0, 2),
         {{0, 1, 30, A},
          {0, 1, 31, A},
          {0, 1, 32, A},
          {0, 1, 33, A},
          {0, 2, 33, A},
          {0, 3, 33, D}}},
        {"per-address off: only the MAC counts",
         limits(2, 0),
         {{0, 1, 30, A},
          {0, 2, 30, A},
          {0, 3, 30, A},
          {0, 4, 30, A},
          {0, 4, 30, A},
          {0, 4, 30, M}}},
        {"both off: everything allowed",
         limits(0, 0),
         {{0, 1, 30, A}, {0, 1, 30, A}, {0, 1, 30, A}, {0, 1, 30, A}}},
        {"limit 1 per second",
         limits(1, 1, 1),
         {{0, 1, 30, A}, {0.5, 1, 30, M}, {1, 1, 30, A}, {1.999, 1, 30, M}, {2, 1, 30, A}}},
        {"the defaults: 10 per 60 s, then one per 6 s",
         limits(10, 10),
         {{0, 1, 30, A},
          {0, 1, 30, A},
          {0, 1, 30, A},
          {0, 1, 30, A},
          {0, 1, 30, A},
          {0, 1, 30, A},
          {0, 1, 30, A},
          {0, 1, 30, A},
          {0, 1, 30, A},
          {1, 1, 30, A},
          {1, 1, 30, M},
          {5.9, 1, 30, M},
          {6, 1, 30, A},
          {6.1, 1, 30, M}}},
    };
    for (const Row& row : rows) {
        CAPTURE(row.name);
        FloodGuard g = guardWith(row.rule);
        for (std::size_t i = 0; i < row.events.size(); ++i) {
            const Event& e = row.events[i];
            Header h = withMac(e.mac);
            h.ciaddr = ip(192, 0, 2, e.address);
            const auto now =
                kStart + static_cast<std::uint64_t>(e.at * static_cast<double>(kSecond));
            CAPTURE(i);
            CHECK(std::string(name(g.admit(identity(h), now))) == name(e.expect));
        }
    }
}

TEST_CASE("a burst of exactly the limit, for limits that do not divide the interval") {
    for (const std::uint32_t limit : {1U, 3U, 7U, 10U, 11U, 997U, 100000U}) {
        CAPTURE(limit);
        FloodGuard g = guardWith(limits(limit, 0, 60));
        const ClientIdentity id = identity(Header{});
        std::uint32_t allowed = 0;
        while (g.admit(id, kStart) == FloodDecision::Allow && allowed <= limit) ++allowed;
        CHECK(allowed == limit);
        // After a whole interval, a whole burst again.
        std::uint32_t again = 0;
        while (g.admit(id, kStart + 60 * kSecond) == FloodDecision::Allow && again <= limit)
            ++again;
        CHECK(again == limit);
    }
}

TEST_CASE("reloads: the state stays; lowered limits apply within one new interval") {
    FloodGuard g = guardWith(limits(10, 10));
    const ClientIdentity id = identity(Header{});
    for (int i = 0; i < 10; ++i) REQUIRE(g.admit(id, kStart) == FloodDecision::Allow);
    REQUIRE(g.admit(id, kStart) == FloodDecision::LimitedByMac);

    SUBCASE("the same limits again (a reload that changed other things): still limited") {
        g.setLimits(limits(10, 10));
        CHECK(g.admit(id, kStart + kSecond) == FloodDecision::LimitedByMac);
        CHECK(g.admit(id, kStart + 6 * kSecond) == FloodDecision::Allow);
    }
    SUBCASE("a shorter interval: held back at most one new emission interval") {
        g.setLimits(limits(10, 10, 1));
        CHECK(g.admit(id, kStart) == FloodDecision::LimitedByMac);
        CHECK(g.admit(id, kStart + kSecond / 10) == FloodDecision::Allow);
    }
    SUBCASE("a higher limit: more allowed at once") {
        g.setLimits(limits(20, 20));
        // The TAT stays 60 s ahead, which with 20 per 60 s is a used-up bucket too; but one
        // comes back every 3 s instead of 6 s.
        CHECK(g.admit(id, kStart) == FloodDecision::LimitedByMac);
        CHECK(g.admit(id, kStart + 3 * kSecond) == FloodDecision::Allow);
    }
    SUBCASE("switched off: everything allowed; on again: the old state is back") {
        g.setLimits(limits(0, 0));
        CHECK(g.admit(id, kStart) == FloodDecision::Allow);
        g.setLimits(limits(10, 10));
        CHECK(g.admit(id, kStart) == FloodDecision::LimitedByMac);
    }
}

TEST_CASE("a clock that goes back does not lock a client out for long") {
    FloodGuard g = guardWith(limits(2, 0, 60));
    const ClientIdentity id = identity(Header{});
    CHECK(g.admit(id, kStart + 3600 * kSecond) == FloodDecision::Allow);
    CHECK(g.admit(id, kStart + 3600 * kSecond) == FloodDecision::Allow);
    // An hour earlier: the TAT is capped at one full bucket from now, so 30 s bring one back.
    CHECK(g.admit(id, kStart) == FloodDecision::LimitedByMac);
    CHECK(g.admit(id, kStart + 30 * kSecond) == FloodDecision::Allow);
}

TEST_CASE("memory: fixed at construction, whatever arrives") {
    const FloodGuard g(kKey);
    CHECK(g.entriesPerTable() == 4096);
    CHECK(g.memoryBytes() == 128 * 1024);
    CHECK(FloodGuard(kKey, 100).entriesPerTable() == 128);  // rounded up to a power of two
    CHECK(FloodGuard(kKey, 1).entriesPerTable() == FloodGuard::kWays);
}

TEST_CASE("many distinct clients: every newcomer allowed, a flooder stays limited") {
    // 16 slots per table (4 sets of 4): far fewer than clients.
    FloodGuard g = guardWith(limits(3, 3), 16);
    Header flooder = withMac(0xF00D);
    flooder.chaddr[1] = 0xFF;  // not one of the newcomers' withMac(n)
    flooder.ciaddr = ip(192, 0, 2, 250);
    const ClientIdentity bad = identity(flooder);
    for (int i = 0; i < 3; ++i) REQUIRE(g.admit(bad, kStart) == FloodDecision::Allow);
    REQUIRE(g.admit(bad, kStart) == FloodDecision::LimitedByMac);

    std::uint64_t now = kStart;
    for (std::uint32_t n = 0; n < 100'000; ++n) {
        Header h = withMac(n);
        h.ciaddr = wire::Ipv4{0xC6120000U + n};  // 198.18.0.0/15 and on: all distinct
        now += 1000;                             // 1 µs apart: 100,000 clients in 0.1 s
        REQUIRE(g.admit(identity(h), now) == FloodDecision::Allow);
        if (n % 1000 == 0) {
            // The flooder's slot has the latest TAT of its set: the newcomers evict each other.
            REQUIRE(g.admit(bad, now) == FloodDecision::LimitedByMac);
        }
    }
    CHECK(g.memoryBytes() == 2 * 16 * 16);
    CHECK(g.limitedClients(now) >= 1);
}

TEST_CASE("eviction: a full table forgets the fullest bucket first") {
    // One set of 4 slots per table: every client shares it.
    FloodGuard g = guardWith(limits(2, 0, 60), 4);
    const auto id = [](std::uint32_t n) { return identity(withMac(n)); };
    // Client 1 uses up its 2; clients 2..4 send once each.
    REQUIRE(g.admit(id(1), kStart) == FloodDecision::Allow);
    REQUIRE(g.admit(id(1), kStart) == FloodDecision::Allow);
    for (std::uint32_t n = 2; n <= 4; ++n)
        REQUIRE(g.admit(id(n), kStart + n) == FloodDecision::Allow);
    // Client 5 needs a slot: the one with the smallest TAT goes (client 2: half full, oldest),
    // not client 1, which is empty and would otherwise come back with a fresh allowance.
    REQUIRE(g.admit(id(5), kStart + 5) == FloodDecision::Allow);
    CHECK(g.admit(id(1), kStart + 6) == FloodDecision::LimitedByMac);
    // Client 2 was forgotten: it starts afresh with the whole allowance (forgetting only ever
    // lets a client through, never holds back someone else).
    CHECK(g.admit(id(2), kStart + 7) == FloodDecision::Allow);
    CHECK(g.admit(id(2), kStart + 7) == FloodDecision::Allow);
    CHECK(g.admit(id(2), kStart + 7) == FloodDecision::LimitedByMac);
}

TEST_CASE("hash flooding: without the key, clients spread over all sets") {
    // 64 sets; 6,400 sequential MACs (what an attacker can produce without the key) land in
    // every set, none with more than 3x its share.
    std::array<std::size_t, 64> perSet{};
    for (std::uint32_t n = 0; n < 6400; ++n) {
        const ClientIdentity id = identity(withMac(n));
        const std::uint64_t h = daemon::sipHash24(kKey, id.hardwareKey());
        ++perSet[(h >> 32) % perSet.size()];
    }
    for (const auto n : perSet) {
        CHECK(n > 0);
        CHECK(n < 300);
    }
    // And with another key, another spread: the attacker cannot precompute it.
    const ClientIdentity first = identity(withMac(0));
    CHECK(daemon::sipHash24(kKey, first.hardwareKey()) !=
          daemon::sipHash24(FloodHashKey{3, 4}, first.hardwareKey()));
}

}  // namespace dhcplite::test

namespace dhcplite::test {
namespace {

daemon::FloodLimits compiledLimits(const std::string& yaml) {
    const auto config =
        config::loadConfigText("default:\n  sip-servers: [a.example.com]\n" + yaml, "test.yaml");
    return daemon::CompiledConfig::compile(config)->floodLimits();
}

std::string loadError(const std::string& yaml) {
    try {
        (void)config::loadConfigText("default:\n  sip-servers: [a.example.com]\n" + yaml,
                                     "test.yaml");
    } catch (const config::ConfigError& e) {
        return e.what();
    }
    return "(loaded)";
}

}  // namespace

TEST_CASE("rate-limit in the config: defaults, values, off; carried into the compiled config") {
    struct Row {
        const char* yaml;
        FloodLimits expect;
    };
    const std::vector<Row> rows = {
        {"", limits(10, 10, 60)},               // on by default
        {"rate-limit:\n", limits(10, 10, 60)},  // every key commented out
        {"rate-limit: off\n", limits(0, 0, 60)},
        {"rate-limit: { per-mac: 20 }\n", limits(20, 10, 60)},
        {"rate-limit: { per-address: 3, interval: 10 }\n", limits(10, 3, 10)},
        {"rate-limit:\n  per-mac: off\n  per-address: 100000\n  interval: 3600\n",
         limits(0, 100000, 3600)},
        {"rate-limit: { per-mac: 1, per-address: off, interval: 1 }\n", limits(1, 0, 1)},
        {"rate-limit: { per-mac: 0x10 }\n", limits(16, 10, 60)},
    };
    for (const Row& row : rows) {
        CAPTURE(row.yaml);
        const FloodLimits got = compiledLimits(row.yaml);
        CHECK(got.perMac == row.expect.perMac);
        CHECK(got.perAddress == row.expect.perAddress);
        CHECK(got.intervalNs == row.expect.intervalNs);
        // And the writer writes it back the same (dhcputil config --format dhcplite).
        const auto loaded = config::loadConfigText(
            "default:\n  sip-servers: [a.example.com]\n" + std::string(row.yaml), "a");
        CHECK(config::loadConfigText(config::toYaml(loaded), "b").rateLimit == loaded.rateLimit);
    }
    CHECK(compiledLimits("rate-limit: off\n").enabled() == false);
    CHECK(compiledLimits("").enabled());
}

TEST_CASE("rate-limit in the config: errors say where and what") {
    struct Row {
        const char* yaml;
        const char* message;
    };
    const std::vector<Row> rows = {
        {"rate-limit: 10\n",
         "test.yaml:3:13: rate-limit: expected `off` or a mapping (per-mac, per-address, "
         "interval), got '10'"},
        {"rate-limit: on\n", "test.yaml:3:13: rate-limit: expected `off`"},
        {"rate-limit: [1]\n", "test.yaml:3:13: rate-limit: expected `off` or a mapping"},
        {"rate-limit: { per-mac: 0 }\n",
         "test.yaml:3:24: rate-limit.per-mac: replies per interval, or off 0 is out of range "
         "1..100000"},
        {"rate-limit: { per-address: 100001 }\n",
         "rate-limit.per-address: replies per interval, or off 100001 is out of range 1..100000"},
        {"rate-limit: { interval: 0 }\n",
         "rate-limit.interval: interval in seconds 0 is out of range 1..3600"},
        {"rate-limit: { interval: off }\n",
         "rate-limit.interval: expected interval in seconds (a number 1..3600), got 'off'"},
        {"rate-limit: { interval: 60s }\n",
         "rate-limit.interval: expected interval in seconds (a number 1..3600), got '60s'"},
        {"rate-limit: { per-mc: 5 }\n",
         "rate-limit.per-mc: unknown key 'per-mc'; did you mean 'per-mac'?"},
        {"per-mac: 5\n",
         "test.yaml:3:1: per-mac: unknown key 'per-mac'; it goes under `rate-limit:`"},
    };
    for (const Row& row : rows) {
        CAPTURE(row.yaml);
        const std::string message = loadError(row.yaml);
        CAPTURE(message);
        CHECK(message.find(row.message) != std::string::npos);
    }
}

}  // namespace dhcplite::test
