// Fuzz target "responder": the whole pure data path, daemon::respond(), on any request bytes,
// against two fixed configurations compiled once. The input is the datagram itself (so real
// captures are seeds as they are); the otherwise unused `secs` field (RFC 2131 §2, ignored by
// the responder and zeroed in replies) picks the case:
//   bits 0-1  where it arrived: 0 broadcast on 192.0.2.1 from 0.0.0.0, 1 from 192.0.2.77,
//             2 broadcast on 203.0.113.1, 3 unicast on 10.9.9.9 from 10.9.9.10 (no site);
//   bit 2     which configuration: 0 with a default profile, 1 sites only with a server-id.
// Every property is in reply_rules.hpp: the verdict, and for a reply its bytes and destination.
// DHCPLITE_FUZZ_VERBOSE=1 in the environment prints each input's verdict (for reading a corpus).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string_view>

#include "config/config.hpp"
#include "dhcplite/compiled_config.hpp"
#include "dhcplite/responder.hpp"
#include "fuzz_check.hpp"
#include "reply_rules.hpp"
#include "wire/address.hpp"
#include "wire/bytes.hpp"

namespace {

using namespace dhcplite;

// Default profile, no server-id (54 is the interface's address), classes exact, prefix and own 43.
constexpr std::string_view kWithDefault = R"(
vendor-classes:
  - match: MS-UC-Client
  - match: AudioCodes
    mode: prefix
  - match: AudioCodes-MP
    mode: prefix
    sub-options:
      - { code: 1, string: "mp" }
  - match: CPE-OCPHONE
    sub-options:
      - { code: 10, u16: 100 }
      - { code: 11, string: "voice" }
default:
  sip-servers: [pool.example.com]
  web-server: web.example.com
  time-servers: [192.0.2.10]
  ntp-servers: [192.0.2.10, 192.0.2.11]
  dns-servers: [192.0.2.53, 192.0.2.54]
  domain-name: example.com
  domain-search: [example.com, corp.example.com]
  raw-options:
    - { code: 150, hex: "C0 00 02 05" }
    - { code: 66, hex: "74667470" }
  always-send: [42]
sites:
  - name: branch-1
    subnets: [198.51.100.0/25]
    sip-servers: [pool-branch1.example.com]
    web-server: web-branch1.example.com
  - name: branch-2
    subnets: [198.51.100.128/25, 192.0.2.0/28]
    sip-servers: [198.51.100.129]
    always-send: [43, 120]
)";

// No default profile (unknown sites get nothing), a fixed server-id, a profile big enough
// that a long option 82 no longer fits in 548 bytes, and subnets of /24 to /32: a reply to the
// network or broadcast address of one up to /30 is refused (bad-address), a /31 has neither.
constexpr std::string_view kSitesOnly = R"(
listen:
  server-id: 192.0.2.1
vendor-classes:
  - match: MS-UC-Client
  - match: Polycom
    mode: prefix
    sub-options:
      - { code: 1, hex: "000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F" }
      - { code: 2, ipv4: 192.0.2.5 }
sites:
  - name: hq
    subnets: [192.0.2.0/24]
    sip-servers: [sip.hq.example.com, sip2.hq.example.com]
    dns-servers: [192.0.2.53]
    raw-options:
      - { code: 224, hex: "00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF00112233445566778899AABBCCDDEEFF" }
    always-send: [224, 6]
  - name: relayed
    subnets: [198.51.100.0/24, 203.0.113.0/25]
    sip-servers: [198.51.100.10, 198.51.100.11]
    web-server: web.example.com
    port: 8443
  - name: one-host
    subnets: [203.0.113.200/32, 203.0.113.202/31, 203.0.113.204/30]
    sip-servers: [one.example.com]
)";

struct Fixture {
    std::shared_ptr<const daemon::CompiledConfig> configs[2];
    daemon::RequestMeta metas[4];
};

std::shared_ptr<const daemon::CompiledConfig> compileText(std::string_view yaml,
                                                          std::string_view name) {
    try {
        return daemon::CompiledConfig::compile(config::loadConfigText(yaml, name));
    } catch (const std::exception& e) {
        FUZZ_CHECK(false, "the fixed config {} does not load: {}", name, e.what());
    }
    return nullptr;
}

const Fixture& fixture() {
    static const Fixture f = [] {
        Fixture out;
        out.configs[0] = compileText(kWithDefault, "with-default");
        out.configs[1] = compileText(kSitesOnly, "sites-only");
        const auto ip = [](std::string_view text) { return wire::Ipv4::parse(text); };
        out.metas[0] = {ip("192.0.2.1"), 2, ip("0.0.0.0"), wire::kClientPort};
        out.metas[1] = {ip("192.0.2.1"), 2, ip("192.0.2.77"), wire::kClientPort};
        out.metas[2] = {ip("203.0.113.1"), 3, ip("0.0.0.0"), wire::kClientPort};
        out.metas[3] = {ip("10.9.9.9"), 4, ip("10.9.9.10"), wire::kClientPort};
        return out;
    }();
    return f;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const Fixture& f = fixture();
    constexpr std::size_t kSecsLow = 9;  // RFC 2131 §2: secs is bytes 8-9, network order
    const std::uint8_t selector = size > kSecsLow ? data[kSecsLow] : 0;
    const daemon::Outcome outcome = fuzz::checkRespond(
        wire::ByteView(data, size), f.metas[selector & 3U], *f.configs[(selector >> 2) & 1U]);
    static const bool verbose = std::getenv("DHCPLITE_FUZZ_VERBOSE") != nullptr;
    if (verbose) {
        std::fprintf(stderr, "  case %u: %s, %zu-byte reply, profile %s, 82 dropped %d\n",
                     selector & 7U, daemon::verdictName(outcome.verdict).data(), outcome.replySize,
                     outcome.profile == nullptr ? "-" : outcome.profile->name.c_str(),
                     outcome.relayInfoDropped);
    }
    return 0;
}
