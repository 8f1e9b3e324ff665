// The daemon's settings sections, each a key table: `listen:` and `rate-limit:`.
// Schema reference: docs/configuration.md "listen", "rate-limit".
#include <fmt/format.h>

#include <string>
#include <unordered_map>
#include <utility>

#include "config/sections.hpp"

namespace dhcplite::config::detail {

namespace {

void readInterfaces(const ValueReader& r, NodeRef value, const Path& p, Config& config) {
    std::unordered_map<std::string, NodeRef> seen;
    r.forEachItem(value, p, "a list of interface names", [&](NodeRef item, const Path& ip) {
        // Linux dev_valid_name(): 1..15 bytes (IFNAMSIZ - 1), no '/', ':' or white space.
        std::string name = r.printable(item, ip, "interface name", 15);
        const auto bad = name.find_first_of("/: ");
        if (bad != std::string::npos || name == "." || name == "..") {
            r.failAtCharacter(item, bad == std::string::npos ? 0 : bad, ip,
                              fmt::format("'{}' is not a valid interface name", escaped(name)));
        }
        const auto [it, inserted] = seen.emplace(name, item);
        if (!inserted) {
            r.fail(item, ip,
                   fmt::format("interface '{}' is listed twice (first at line {})", escaped(name),
                               it->second.position().line));
        }
        config.interfaces.push_back(std::move(name));
    });
    if (config.interfaces.empty()) {
        r.fail(value, p,
               "an empty list would listen nowhere; omit `interfaces` to use every interface");
    }
}

void readServerId(const ValueReader& r, NodeRef value, const Path& p, Config& config) {
    const wire::Ipv4 id = r.ipv4(value, p, "server identifier (IPv4 address)");
    if (id.isZero() || id.value == 0xFFFFFFFFU) {
        r.fail(
            value, p,
            fmt::format("{} cannot identify a server (option 54, RFC 2132 §9.7)", id.toString()));
    }
    config.serverId = id;
}

constexpr std::array<KeyRow<Config>, 2> kListenKeys{{
    {"interfaces", readInterfaces},
    {"server-id", readServerId},
}};
constexpr auto kListenKeyNames = namesOf(kListenKeys);

// A number of replies per interval, or `off` for that count alone.
std::uint32_t perInterval(const ValueReader& r, NodeRef value, const Path& p) {
    if (value.isScalar() && value.scalar() == "off") return 0;
    return static_cast<std::uint32_t>(
        r.integer(value, p, "replies per interval, or off", 1, kMaxRateLimitPerInterval));
}

constexpr std::array<KeyRow<RateLimit>, 3> kRateLimitKeys{{
    {"per-mac", [](const ValueReader& r, NodeRef v, const Path& p,
                   RateLimit& l) { l.perMac = perInterval(r, v, p); }},
    {"per-address", [](const ValueReader& r, NodeRef v, const Path& p,
                       RateLimit& l) { l.perAddress = perInterval(r, v, p); }},
    {"interval",
     [](const ValueReader& r, NodeRef v, const Path& p, RateLimit& l) {
         l.intervalSeconds = static_cast<std::uint32_t>(
             r.integer(v, p, "interval in seconds", 1, kMaxRateLimitIntervalSeconds));
     }},
}};
constexpr auto kRateLimitKeyNames = namesOf(kRateLimitKeys);

}  // namespace

std::span<const std::string_view> listenKeyNames() { return kListenKeyNames; }
std::span<const std::string_view> rateLimitKeyNames() { return kRateLimitKeyNames; }

void loadListen(const ValueReader& reader, NodeRef node, const Path& path, Config& config) {
    if (node.isNull()) return;  // every key under it commented out
    const Keys keys = reader.readKeys(node, path, kListenKeyNames, Level::Listen,
                                      "a mapping (interfaces, server-id)");
    readRows(reader, kListenKeys, keys, path, config);
}

// `rate-limit: off`, or a mapping: per-mac and per-address (a number, or `off` for that count
// alone) and interval (seconds). Keys left out keep their defaults.
void loadRateLimit(const ValueReader& reader, NodeRef node, const Path& path, RateLimit& limit) {
    if (node.isNull()) return;  // every key under it commented out: the defaults
    constexpr std::string_view kExpected = "`off` or a mapping (per-mac, per-address, interval)";
    if (node.isScalar()) {
        if (node.scalar() == "off") {
            limit.perMac = 0;
            limit.perAddress = 0;
            return;
        }
        reader.fail(node, path, fmt::format("expected {}, got {}", kExpected, describe(node)));
    }
    const Keys keys = reader.readKeys(node, path, kRateLimitKeyNames, Level::RateLimit, kExpected);
    readRows(reader, kRateLimitKeys, keys, path, limit);
}

}  // namespace dhcplite::config::detail
