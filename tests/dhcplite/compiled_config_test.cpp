// CompiledConfig: the ready TLV bytes per profile, the longest-prefix site map, vendor class
// matching, and what compile() refuses.
#include <doctest/doctest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "dhcplite/compiled_config.hpp"
#include "test_support.hpp"

namespace dhcplite::test {
namespace {

using daemon::CompiledConfig;
using daemon::CompiledProfile;

std::string hexOf(wire::ByteView b) { return wire::toHex(b); }

config::Profile profile(std::string name, std::string sip, std::vector<std::string> subnets = {}) {
    config::Profile p;
    p.name = std::move(name);
    p.uc.sipServers = {std::move(sip)};
    for (const std::string& s : subnets) {
        p.subnets.push_back(wire::Cidr::parse(s));
    }
    return p;
}

config::Config inCode() {
    config::Config c;
    c.sourceName = "in-code";
    c.vendorClasses = {config::VendorClass{"MS-UC-Client", config::MatchMode::Exact, std::nullopt}};
    return c;
}

std::string nameAt(const CompiledConfig& config, std::uint32_t address) {
    const CompiledProfile* p = config.select(wire::Ipv4{address});
    return p == nullptr ? std::string("(none)") : p->name;
}

std::string readFile(const std::string& path) {
    std::ifstream in(path);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

}  // namespace

TEST_CASE("the example configuration compiles to the expected bytes") {
    const std::string yaml =
        readFile(std::string(DHCPLITE_SOURCE_DIR) + "/packaging/dhcplite.example.yaml");
    REQUIRE_FALSE(yaml.empty());
    const auto config = compileYaml(yaml);
    REQUIRE(config->profileCount() == 3);
    const auto& profiles = config->profiles();
    CHECK(profiles[0].name == "branch-1");
    CHECK(profiles[1].name == "branch-2");
    CHECK(profiles[2].name == "default");
    CHECK(config->defaultProfile() == &profiles[2]);
    CHECK_FALSE(config->serverId().has_value());

    const CompiledProfile& def = profiles[2];
    CHECK(hexOf(def.tlvsOf(120)) ==
          "7813"
          "00"
          "04706F6F6C076578616D706C6503636F6D00");  // pool.example.com
    CHECK(hexOf(def.tlvsOf(43)) ==
          hexOf(cat({Bytes{43, 82}, tlv(1, "MS-UC-Client"), tlv(2, "https"),
                     tlv(3, "web.example.com"), tlv(4, "443"),
                     tlv(5, "/CertProv/CertProvisioningService.svc")})));
    CHECK(hexOf(def.tlvsOf(4)) == "0404C000020A");
    CHECK(hexOf(def.tlvsOf(42)) == "2A04C000020A");
    CHECK(hexOf(def.tlvsOf(6)) == "0608C0000235C0000236");
    CHECK(hexOf(def.tlvsOf(15)) == "0F0B" + wire::toHex(ascii("example.com")));
    CHECK(hexOf(def.tlvsOf(119)) ==
          "771F"
          "076578616D706C6503636F6D00"
          "04636F7270076578616D706C6503636F6D00");
    CHECK(hexOf(def.tlvsOf(150)) == "9604C0000205");
    CHECK(def.alwaysSend == std::vector<std::uint8_t>{42});
    // The TLVs are stored back to back in ascending code order.
    CHECK(def.tlvs.size() == 6 + 10 + 13 + 6 + 84 + 33 + 21 + 6);
    CHECK(def.byCode(4).offset == 0);
    CHECK(def.byCode(6).offset == 6);
    CHECK(def.byCode(66).length == 0);
    CHECK(def.tlvsOf(66).empty());

    // branch-2 has SIP addresses (enc 1) and takes the rest from default.
    CHECK(hexOf(profiles[1].tlvsOf(120)) == "780501C6336481");
    CHECK(hexOf(profiles[1].tlvsOf(43)) == hexOf(def.tlvsOf(43)));
    CHECK(hexOf(profiles[1].tlvsOf(6)) == hexOf(def.tlvsOf(6)));
    CHECK(hexOf(profiles[0].tlvsOf(120)) ==
          "781B00"
          "0C706F6F6C2D6272616E636831076578616D706C6503636F6D00");

    CHECK(nameAt(*config, test::ip(198, 51, 100, 5)) == "branch-1");
    CHECK(nameAt(*config, test::ip(198, 51, 100, 127)) == "branch-1");
    CHECK(nameAt(*config, test::ip(198, 51, 100, 128)) == "branch-2");
    CHECK(nameAt(*config, test::ip(198, 51, 100, 255)) == "branch-2");
    CHECK(nameAt(*config, test::ip(198, 51, 101, 1)) == "default");
    CHECK(nameAt(*config, test::ip(192, 0, 2, 1)) == "default");

    const auto* msuc = config->matchVendorClass(ascii("MS-UC-Client"));
    REQUIRE(msuc != nullptr);
    CHECK_FALSE(msuc->option43Tlvs.has_value());
    const auto* cpe = config->matchVendorClass(ascii("CPE-OCPHONE"));
    REQUIRE(cpe != nullptr);
    REQUIRE(cpe->option43Tlvs.has_value());
    CHECK(hexOf(*cpe->option43Tlvs) ==
          "2B0B"
          "0A020064"
          "0B05766F696365");
}

TEST_CASE("longest prefix wins across nested subnets, /0 to /32") {
    config::Config c = inCode();
    c.sites = {profile("all", "a.example.com", {"0.0.0.0/0"}),
               profile("ten", "b.example.com", {"10.0.0.0/8"}),
               profile("ten-one", "c.example.com", {"10.1.0.0/16", "172.16.0.0/12"}),
               profile("ten-one-two", "d.example.com", {"10.1.2.0/24"}),
               profile("host", "e.example.com", {"10.1.2.3/32"})};
    const auto config = CompiledConfig::compile(c);
    CHECK(config->defaultProfile() == nullptr);
    CHECK(nameAt(*config, test::ip(10, 1, 2, 3)) == "host");
    CHECK(nameAt(*config, test::ip(10, 1, 2, 4)) == "ten-one-two");
    CHECK(nameAt(*config, test::ip(10, 1, 3, 3)) == "ten-one");
    CHECK(nameAt(*config, test::ip(10, 2, 2, 3)) == "ten");
    CHECK(nameAt(*config, test::ip(172, 31, 255, 255)) == "ten-one");
    CHECK(nameAt(*config, test::ip(172, 32, 0, 0)) == "all");
    CHECK(nameAt(*config, test::ip(8, 8, 8, 8)) == "all");
    CHECK(nameAt(*config, 0) == "all");
}

TEST_CASE("no site and no default: null") {
    config::Config c = inCode();
    c.sites = {profile("one", "a.example.com", {"10.0.0.0/8"})};
    const auto config = CompiledConfig::compile(c);
    CHECK(nameAt(*config, test::ip(11, 0, 0, 1)) == "(none)");
    CHECK(nameAt(*config, test::ip(10, 0, 0, 1)) == "one");
    c.defaultProfile = profile("default", "d.example.com");
    CHECK(nameAt(*CompiledConfig::compile(c), test::ip(11, 0, 0, 1)) == "default");
}

TEST_CASE("vendor classes: exact and case-sensitive first, then the longest prefix") {
    config::Config c = inCode();
    c.defaultProfile = profile("default", "d.example.com");
    c.vendorClasses = {
        config::VendorClass{"MS-UC", config::MatchMode::Prefix, std::nullopt},
        config::VendorClass{"MS-UC-Client-", config::MatchMode::Prefix, std::nullopt},
        config::VendorClass{"MS-UC-Client", config::MatchMode::Exact, std::nullopt},
        config::VendorClass{"CPE-OCPHONE", config::MatchMode::Exact, std::nullopt},
    };
    const auto config = CompiledConfig::compile(c);
    const auto matched = [&](std::string_view value) {
        const auto* vc = config->matchVendorClass(ascii(value));
        return vc == nullptr ? std::string("(none)") : vc->match;
    };
    CHECK(matched("MS-UC-Client") == "MS-UC-Client");     // exact beats the "MS-UC" prefix
    CHECK(matched("MS-UC-Client-X") == "MS-UC-Client-");  // longest prefix
    CHECK(matched("MS-UC-Foo") == "MS-UC");
    CHECK(matched("MS-UC") == "MS-UC");
    CHECK(matched("MS-U") == "(none)");
    CHECK(matched("ms-uc-client") == "(none)");
    CHECK(matched("CPE-OCPHONE") == "CPE-OCPHONE");
    CHECK(matched("CPE-OCPHONE2") == "(none)");
    CHECK(matched("") == "(none)");
}

TEST_CASE("reserved codes are never compiled in; always-send is cleaned") {
    for (unsigned code = 0; code < 256; ++code) {
        const bool expected = code == 0 || code == 255 || code == 50 || code == 51 || code == 52 ||
                              code == 53 || code == 54 || code == 55 || code == 57 || code == 58 ||
                              code == 59 || code == 61 || code == 82;
        CAPTURE(code);
        CHECK(daemon::isReservedCode(static_cast<std::uint8_t>(code)) == expected);
    }
    config::Config c = inCode();
    config::Profile p = profile("default", "d.example.com");
    for (const std::uint8_t code :
         std::vector<std::uint8_t>{50, 51, 53, 54, 55, 57, 58, 59, 61, 82}) {
        p.rawOptions.push_back(wire::Option{code, Bytes{1, 2, 3, 4}});
    }
    p.ntpServers = {wire::Ipv4{test::ip(192, 0, 2, 11)}};
    p.dnsServers = {wire::Ipv4{test::ip(192, 0, 2, 53)}};
    p.alwaysSend = {42, 51, 42, 99, 43, 6, 82, 53};
    c.defaultProfile = p;
    const auto config = CompiledConfig::compile(c);
    const CompiledProfile& d = *config->defaultProfile();
    for (const std::uint8_t code :
         std::vector<std::uint8_t>{50, 51, 53, 54, 55, 57, 58, 59, 61, 82}) {
        CAPTURE(int{code});
        CHECK_FALSE(d.has(code));
    }
    CHECK(d.has(42));
    CHECK(d.has(6));
    CHECK(d.has(43));
    CHECK(d.has(120));
    // reserved (51, 82, 53) and absent (99) codes dropped, duplicates removed, order kept
    CHECK(d.alwaysSend == std::vector<std::uint8_t>{42, 43, 6});
}

TEST_CASE("long options are pre-split into 255-byte instances (RFC 3396)") {
    config::Config c = inCode();
    config::Profile p = profile("default", "d.example.com");
    Bytes data(300);
    for (std::size_t i = 0; i < data.size(); ++i) {
        data[i] = static_cast<std::uint8_t>(i);
    }
    p.rawOptions = {wire::Option{224, data}};
    c.defaultProfile = p;
    const auto config = CompiledConfig::compile(c);
    const Bytes expected = cat({tlv(224, Bytes(data.begin(), data.begin() + 255)),
                                tlv(224, Bytes(data.begin() + 255, data.end()))});
    CHECK(hexOf(config->defaultProfile()->tlvsOf(224)) == hexOf(expected));
}

TEST_CASE("compile refuses what no reply could carry, and one subnet in two sites") {
    config::Config c = inCode();
    config::Profile p = profile("default", "d.example.com");
    SUBCASE("an option of exactly the largest sendable size is fine") {
        p.rawOptions = {wire::Option{224, Bytes(1212, 7)}};  // 1212 + 5 × 2 = 1222
        c.defaultProfile = p;
        REQUIRE(daemon::maxCompiledOptionSize() == 1222);
        CHECK(CompiledConfig::compile(c)->defaultProfile()->byCode(224).length == 1222);
    }
    SUBCASE("one byte more is an error naming the option") {
        p.rawOptions = {wire::Option{224, Bytes(1213, 7)}};
        c.defaultProfile = p;
        CHECK_THROWS_WITH_AS(CompiledConfig::compile(c), doctest::Contains("option 224"),
                             config::ConfigError);
    }
    SUBCASE("the same subnet in two sites") {
        c.sites = {profile("a", "a.example.com", {"10.0.0.0/8"}),
                   profile("b", "b.example.com", {"10.0.0.0/8"})};
        try {
            (void)CompiledConfig::compile(c);
            FAIL("no error");
        } catch (const config::ConfigError& e) {
            CHECK(e.keyPath() == "sites[1].subnets[0]");
            CHECK(std::string(e.reason()).find("'a'") != std::string::npos);
        }
    }
    SUBCASE("the same subnet twice in one site is harmless") {
        c.sites = {profile("a", "a.example.com", {"10.0.0.0/8", "10.0.0.0/8"})};
        CHECK(nameAt(*CompiledConfig::compile(c), test::ip(10, 0, 0, 1)) == "a");
    }
}

TEST_CASE("server id from the configuration") {
    const auto config = compileYaml(R"(
listen:
  server-id: 192.0.2.99
default:
  sip-servers: [lync.schertz.local]
)");
    REQUIRE(config->serverId().has_value());
    CHECK(config->serverId()->value == test::ip(192, 0, 2, 99));
    CHECK(config->settings().sourceName == "test.yaml");
}

TEST_CASE("the compiled config keeps the settings but not the sites") {
    const auto config = compileYaml(R"(
log-level: debug
listen:
  interfaces: [eth1]
  server-id: 192.0.2.99
rate-limit: { per-mac: 3, per-address: 4, interval: 5 }
vendor-classes:
  - match: MS-UC-Client
  - match: AudioCodes
    mode: prefix
default:
  sip-servers: [d.example.com]
sites:
  - name: a
    subnets: [10.1.0.0/16]
    sip-servers: [a.example.com]
  - name: b
    subnets: [10.2.0.0/16]
    sip-servers: [b.example.com]
)");
    const config::Config& s = config->settings();
    CHECK(s.sourceName == "test.yaml");
    CHECK(s.logLevel == config::LogLevel::Debug);
    CHECK(s.interfaces == std::vector<std::string>{"eth1"});
    REQUIRE(s.serverId.has_value());
    CHECK(s.serverId->value == test::ip(192, 0, 2, 99));
    CHECK(s.rateLimit == config::RateLimit{3, 4, 5});
    REQUIRE(s.vendorClasses.size() == 2);
    CHECK(s.vendorClasses[1].match == "AudioCodes");
    REQUIRE(s.defaultProfile.has_value());
    CHECK(s.defaultProfile->uc.sipServers == std::vector<std::string>{"d.example.com"});
    // The sites are gone, storage and all; they live on as profiles.
    CHECK(s.sites.empty());
    CHECK(s.sites.capacity() == 0);
    REQUIRE(config->profileCount() == 3);
    CHECK(nameAt(*config, test::ip(10, 2, 3, 4)) == "b");
    CHECK(hexOf(config->profiles()[0].tlvsOf(120)) ==
          "7810"
          "00"
          "0161076578616D706C6503636F6D00");
}

TEST_CASE("compile takes a copy from an lvalue and leaves it whole") {
    config::Config c = inCode();
    c.sites = {profile("one", "a.example.com", {"10.0.0.0/8"})};
    const auto config = CompiledConfig::compile(c);
    CHECK(c.sites.size() == 1);
    CHECK(config->settings().sites.empty());
    CHECK(config->settings().sourceName == "in-code");
}

TEST_CASE("selectWithPrefix: the profile and the length of the subnet that matched") {
    config::Config c = inCode();
    c.sites = {profile("wide", "a.example.com", {"10.1.0.0/16"}),
               profile("narrow", "b.example.com", {"10.1.2.0/24", "10.9.9.9/32"}),
               profile("p2p", "c.example.com", {"198.51.100.0/31"})};
    const auto sitesOnly = CompiledConfig::compile(c);
    const auto at = [](const CompiledConfig& config, std::uint32_t address) {
        const daemon::SiteMatch m = config.selectWithPrefix(wire::Ipv4{address});
        return fmt::format("{} {}", m.profile == nullptr ? std::string("(none)") : m.profile->name,
                           m.prefixLength ? std::to_string(*m.prefixLength) : std::string("-"));
    };
    CHECK(at(*sitesOnly, test::ip(10, 1, 2, 0)) == "narrow 24");
    CHECK(at(*sitesOnly, test::ip(10, 1, 3, 255)) == "wide 16");
    CHECK(at(*sitesOnly, test::ip(10, 9, 9, 9)) == "narrow 32");
    CHECK(at(*sitesOnly, test::ip(198, 51, 100, 1)) == "p2p 31");
    CHECK(at(*sitesOnly, test::ip(198, 51, 100, 2)) == "(none) -");
    c.defaultProfile = profile("default", "d.example.com");
    const auto withDefault = CompiledConfig::compile(c);
    CHECK(at(*withDefault, test::ip(198, 51, 100, 2)) == "default -");
    CHECK(at(*withDefault, test::ip(10, 1, 2, 200)) == "narrow 24");
    // select() is the same lookup without the length.
    for (const std::uint32_t a :
         {test::ip(10, 1, 2, 0), test::ip(10, 1, 3, 255), test::ip(198, 51, 100, 2)}) {
        CHECK(withDefault->select(wire::Ipv4{a}) ==
              withDefault->selectWithPrefix(wire::Ipv4{a}).profile);
    }
}

TEST_CASE("100,000 sites compile and every probe finds its own site") {
    constexpr std::uint32_t kSites = 100000;
    config::Config c = inCode();
    c.sites.reserve(kSites);
    for (std::uint32_t i = 0; i < kSites; ++i) {
        config::Profile p;
        p.name = fmt::format("site-{}", i);
        p.uc.sipServers = {fmt::format("pool{}.example.com", i)};
        p.subnets = {wire::Cidr{wire::Ipv4{0x0A000000U + (i << 8)}, 24}};
        c.sites.push_back(std::move(p));
    }
    c.defaultProfile = profile("default", "d.example.com");
    const auto config = CompiledConfig::compile(std::move(c));
    REQUIRE(config->profileCount() == kSites + 1);
    CHECK(config->settings().sites.empty());
    for (std::uint32_t i = 0; i < kSites; i += 997) {
        CAPTURE(i);
        CHECK(nameAt(*config, 0x0A000000U + (i << 8) + 77) == fmt::format("site-{}", i));
    }
    CHECK(nameAt(*config, 0x0A000000U + (kSites << 8)) == "default");
    const std::string name = fmt::format("pool{}.example.com", 12345);
    CHECK(
        hexOf(config->select(wire::Ipv4{0x0A000000U + (12345U << 8) + 1})->tlvsOf(120)) ==
        hexOf(cat({Bytes{120, static_cast<std::uint8_t>(name.size() + 3), 0, 9}, ascii("pool12345"),
                   Bytes{7}, ascii("example"), Bytes{3}, ascii("com"), Bytes{0}})));
}

}  // namespace dhcplite::test
