// Fuzz target "config": config::loadConfigText on any text. Properties:
//   - loading throws config::ConfigError and nothing else (no yaml-cpp exception, no
//     InputError, no std::out_of_range...), and its message is one line naming the source;
//   - a config that loads is servable (config.hpp: "a Config that exists can be compiled and
//     served"): every profile's options encode, its worst-case reply fits 548 bytes, and
//     CompiledConfig::compile accepts it without any exception;
//   - toYaml writes it back as YAML that loads again and writes back identically;
//   - the compiled config answers INFORMs (one per vendor class and site) by the reply rules of
//     reply_rules.hpp.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <memory>
#include <string>
#include <string_view>
#include <typeinfo>
#include <vector>

#include "config/config.hpp"
#include "dhcplite/compiled_config.hpp"
#include "dhcplite/responder.hpp"
#include "fuzz_check.hpp"
#include "reply_rules.hpp"
#include "wire/bytes.hpp"
#include "wire/dhcp_constants.hpp"
#include "wire/packet.hpp"

namespace {

using namespace dhcplite;

constexpr std::string_view kSource = "fuzz.yaml";

// Runs `f`; anything thrown but ConfigError is a finding, named with its dynamic type.
template <typename F>
bool onlyConfigError(const char* what, F&& f) {
    try {
        f();
        return true;
    } catch (const config::ConfigError& e) {
        const std::string message = e.what();
        FUZZ_CHECK(message.find('\n') == std::string::npos, "{}: error message is not one line: {}",
                   what, message);
        FUZZ_CHECK(message.starts_with(std::string(kSource) + ":"),
                   "{}: error does not name the source: {}", what, message);
        return false;
    } catch (const std::exception& e) {
        FUZZ_CHECK(false, "{} threw {} (not ConfigError): {}", what, typeid(e).name(), e.what());
    } catch (...) {
        FUZZ_CHECK(false, "{} threw something that is not a std::exception", what);
    }
    return false;
}

// An INFORM as a phone at `ciaddr` (or relayed through `giaddr`) sends it, asking for every code.
wire::Bytes inform(std::string_view vendorClass, wire::Ipv4 ciaddr, wire::Ipv4 giaddr,
                   bool withRelayInfo) {
    wire::Packet p;
    p.xid = 0x3903F326;
    p.ciaddr = ciaddr;
    p.giaddr = giaddr;
    p.chaddr = {0x00, 0x04, 0xF2, 0xAB, 0xCD, 0xEF};
    p.options.set(wire::opt::MessageType, {static_cast<std::uint8_t>(wire::MessageType::Inform)});
    p.options.set(wire::opt::VendorClass, wire::toBytes(vendorClass));
    wire::Bytes everything;
    for (unsigned code = 1; code < 255; ++code)
        everything.push_back(static_cast<std::uint8_t>(code));
    p.options.set(wire::opt::ParameterList, everything);
    if (withRelayInfo) {
        p.options.set(wire::opt::RelayAgentInfo, wire::Bytes{1, 6, 'e', 't', 'h', '0', '/', '1'});
    }
    return wire::encodePacket(p, {wire::kBootpMinimum, std::size_t{1} << 16});
}

void checkServable(const config::Config& cfg) {
    FUZZ_CHECK(!cfg.vendorClasses.empty(), "no vendor class after loading");
    std::vector<const config::Profile*> profiles;
    if (cfg.defaultProfile) profiles.push_back(&*cfg.defaultProfile);
    for (const config::Profile& site : cfg.sites) profiles.push_back(&site);
    for (const config::Profile* profile : profiles) {
        onlyConfigError("profileOptions", [&] { config::profileOptions(*profile); });
        const std::size_t worst = config::worstCaseReplySize(cfg, *profile);
        FUZZ_CHECK(worst <= wire::kMinClientMessage,
                   "profile '{}' loaded with a {}-byte worst case", profile->name, worst);
    }
    std::shared_ptr<const daemon::CompiledConfig> compiled;
    try {
        compiled = daemon::CompiledConfig::compile(cfg);
    } catch (const std::exception& e) {
        FUZZ_CHECK(false, "a loaded config does not compile: {}", e.what());
    }

    // One INFORM per (vendor class, site) pair, a few of each, plus the default.
    std::vector<std::pair<wire::Ipv4, wire::Ipv4>> where{
        {wire::Ipv4{}, wire::Ipv4{}}};  // ciaddr, giaddr
    for (std::size_t i = 0; i < std::min<std::size_t>(cfg.sites.size(), 3); ++i) {
        if (!cfg.sites[i].subnets.empty()) {
            // The subnet's first host (its network address itself for a /31 or /32): a reply
            // to the network address of a shorter one is refused (bad-address), so ask that
            // once as well.
            const wire::Cidr& subnet = cfg.sites[i].subnets.front();
            const wire::Ipv4 host{subnet.network.value + (subnet.length <= 30 ? 1U : 0U)};
            where.emplace_back(host, wire::Ipv4{});
            where.emplace_back(wire::Ipv4{}, host);  // relayed from that subnet
            where.emplace_back(subnet.network, wire::Ipv4{});
        }
    }
    const daemon::RequestMeta meta{wire::Ipv4{0xC0000201U}, 2, wire::Ipv4{}, wire::kClientPort};
    for (std::size_t c = 0; c < std::min<std::size_t>(cfg.vendorClasses.size(), 3); ++c) {
        for (std::size_t w = 0; w < where.size(); ++w) {
            const wire::Bytes request = inform(cfg.vendorClasses[c].match, where[w].first,
                                               where[w].second, (c + w) % 2 == 1);
            fuzz::checkRespond(request, meta, *compiled);
        }
    }
}

void checkYamlRoundTrip(const config::Config& cfg) {
    std::string yaml;
    try {
        yaml = config::toYaml(cfg);
    } catch (const std::exception& e) {
        FUZZ_CHECK(false, "toYaml threw: {}", e.what());
    }
    config::Config again;
    try {
        again = config::loadConfigText(yaml, "toYaml");
    } catch (const std::exception& e) {
        FUZZ_CHECK(false, "toYaml's output does not load: {}\n--- toYaml:\n{}", e.what(), yaml);
    }
    const std::string yaml2 = config::toYaml(again);
    FUZZ_CHECK(yaml2 == yaml,
               "toYaml is not stable across a reload\n--- first:\n{}\n--- second:\n{}", yaml,
               yaml2);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    config::Config cfg;
    if (!onlyConfigError("loadConfigText", [&] { cfg = config::loadConfigText(text, kSource); })) {
        return 0;
    }
    checkServable(cfg);
    checkYamlRoundTrip(cfg);
    return 0;
}
