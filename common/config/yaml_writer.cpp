// toYaml: a Config written back in the schema of packaging/dhcplite.example.yaml. Written by hand
// (no yaml-cpp emitter) so the layout, the comments and the quoting are ours: every free text is
// double-quoted with escapes, so names like "null", "true" or "443" stay strings on reload.
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "config/config.hpp"
#include "config/profile_keys.hpp"
#include "config/yaml_text.hpp"
#include "wire/hex.hpp"

namespace dhcplite::config {

namespace {

using detail::addressList;
using detail::plainList;
using detail::quote;
using detail::quotedList;

bool printableAscii(const wire::Bytes& data) {
    return !data.empty() && std::all_of(data.begin(), data.end(),
                                        [](std::uint8_t b) { return b >= 0x20 && b < 0x7F; });
}

// One profile key as YAML ("key: value"), without indentation or final newline.
std::string keyLine(const detail::ProfileKey& key, const Profile& p, const std::string& indent) {
    return fmt::format("{}:{}", key.name, key.write(p, indent));
}

// The default profile: the MS-UC-Client keys always (so an admin sees every value the phones
// get), the other keys when set.
void writeDefault(std::string& out, const Profile& p) {
    const std::string indent = "  ";
    const Profile none;
    for (const auto& key : detail::profileKeys()) {
        const bool unset = key.same(p, none);
        if (key.alwaysWritten && unset && !key.unsetNote.empty()) {
            out += fmt::format("{}# {}: {}\n", indent, key.name, key.unsetNote);
            continue;
        }
        if (!key.alwaysWritten && unset) continue;
        const std::string text = keyLine(key, p, indent);
        const auto newline = text.find('\n');  // raw-options: the comment goes on the key's line
        out += fmt::format("{}{}  # {}{}\n", indent, text.substr(0, newline), key.comment,
                           newline == std::string::npos ? std::string() : text.substr(newline));
    }
}

// A site: the keys that differ from what it would inherit (from `default`, or the built-in
// defaults without one). An empty list or "" says "none here" against an inherited value.
void writeSite(std::string& out, const Profile& site, const Profile& base) {
    const std::string indent = "    ";
    out += fmt::format("  - name: {}\n", quote(site.name));
    std::vector<std::string> subnets;
    subnets.reserve(site.subnets.size());
    for (const auto& s : site.subnets) subnets.push_back(s.toString());
    out += fmt::format("{}subnets: {}\n", indent, plainList(subnets));
    for (const auto& key : detail::profileKeys()) {
        if (key.same(site, base)) continue;
        out += fmt::format("{}{}\n", indent, keyLine(key, site, indent));
    }
}

}  // namespace

std::string toYaml(const Config& config) {
    std::string out;
    out += "# dhcplite configuration (reference: docs/configuration.md)\n\n";
    out += fmt::format("log-level: {}  # error | warning | info | debug\n",
                       logLevelName(config.logLevel));
    if (config.user)
        out += fmt::format("user: {}  # dropped to after binding port 67\n", quote(*config.user));
    if (config.group) out += fmt::format("group: {}\n", quote(*config.group));
    if (config.runAsRoot) out += "run-as-root: true  # explicit consent to keep running as root\n";

    if (!config.interfaces.empty() || config.serverId) {
        out += "\nlisten:\n";
        if (!config.interfaces.empty()) {
            out += fmt::format("  interfaces: {}\n", quotedList(config.interfaces));
        }
        if (config.serverId) {
            out += fmt::format("  server-id: {}  # option 54 in every reply\n",
                               config.serverId->toString());
        }
    }

    if (config.workers != 1) {
        out += fmt::format("\nworkers: {}  # threads, each with its own SO_REUSEPORT socket\n",
                           config.workers);
    }

    if (config.controlSocket != kDefaultControlSocket) {
        out += fmt::format(
            "\ncontrol-socket: {}  # dhcputil stats\n",
            config.controlSocket.empty() ? std::string("off") : quote(config.controlSocket));
    }
    if (!config.metricsFile.empty()) {
        out += fmt::format("metrics-file: {}  # Prometheus textfile, rewritten every {} s\n",
                           quote(config.metricsFile), config.metricsInterval);
    }
    if (config.metricsInterval != 5) {
        out += fmt::format("metrics-interval: {}\n", config.metricsInterval);
    }

    if (config.rateLimit.off()) {
        out += "\nrate-limit: off  # no flood protection: every client gets every reply\n";
    } else if (config.rateLimit != RateLimit{}) {
        const auto count = [](std::uint32_t n) {
            return n == 0 ? std::string("off") : std::to_string(n);
        };
        out += "\n# Flood protection: replies per client per interval.\nrate-limit:\n";
        out += fmt::format("  per-mac: {}  # by hardware address (chaddr)\n",
                           count(config.rateLimit.perMac));
        out += fmt::format("  per-address: {}  # by the address a reply goes to (ciaddr)\n",
                           count(config.rateLimit.perAddress));
        out += fmt::format("  interval: {}  # seconds\n", config.rateLimit.intervalSeconds);
    }

    const bool defaultClasses =
        config.vendorClasses.empty() ||
        (config.vendorClasses.size() == 1 &&
         config.vendorClasses[0].match == wire::msuc::kVendorClass &&
         config.vendorClasses[0].mode == MatchMode::Exact && !config.vendorClasses[0].subOptions);
    if (!defaultClasses) {
        out +=
            "\n# Option 60 values answered; without sub-options a class gets the MS-UC-Client "
            "option 43.\n";
        out += "vendor-classes:\n";
        for (const auto& vc : config.vendorClasses) {
            out += fmt::format("  - match: {}\n", quote(vc.match));
            out += fmt::format("    mode: {}\n", vc.mode == MatchMode::Exact ? "exact" : "prefix");
            if (!vc.subOptions) continue;
            out += "    sub-options:\n";
            for (const auto& sub : *vc.subOptions) {
                if (printableAscii(sub.data)) {
                    out += fmt::format("      - {{ code: {}, string: {} }}\n", sub.code,
                                       quote(wire::toString(sub.data)));
                } else if (sub.data.empty()) {
                    out += fmt::format("      - {{ code: {}, string: \"\" }}\n", sub.code);
                } else {
                    out += fmt::format("      - {{ code: {}, hex: \"{}\" }}\n", sub.code,
                                       wire::toHex(sub.data));
                }
            }
        }
    }

    if (config.defaultProfile) {
        out += "\n# The profile for phones that match no site.\ndefault:\n";
        writeDefault(out, *config.defaultProfile);
    }
    if (!config.sites.empty()) {
        out +=
            "\n# Sites by subnet (longest prefix wins); keys not given come from "
            "`default`.\nsites:\n";
        const Profile builtIn;
        const Profile& base = config.defaultProfile ? *config.defaultProfile : builtIn;
        for (const auto& site : config.sites) writeSite(out, site, base);
    }
    return out;
}

}  // namespace dhcplite::config
