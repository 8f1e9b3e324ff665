// toYaml: a Config written back in the schema of packaging/dhcplite.example.yaml. Written by hand
// (no yaml-cpp emitter) so the layout, the comments and the quoting are ours: every free text is
// double-quoted with escapes, so names like "null", "true" or "443" stay strings on reload.
#include <fmt/format.h>

#include <algorithm>
#include <string>

#include "config/config.hpp"
#include "config/internal.hpp"
#include "wire/hex.hpp"

namespace dhcplite::config {

namespace {

// YAML double-quoted scalar (YAML 1.2 §7.3.1): '"' and '\' escaped, control characters as \xNN;
// other bytes (UTF-8) verbatim.
std::string quote(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out.push_back('"');
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '"' || ch == '\\') {
            out.push_back('\\');
            out.push_back(ch);
        } else if (c < 0x20 || c == 0x7F) {
            out += fmt::format("\\x{:02X}", c);
        } else {
            out.push_back(ch);
        }
    }
    out.push_back('"');
    return out;
}

std::string quotedList(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i != 0) out += ", ";
        out += quote(items[i]);
    }
    return out + "]";
}

// Addresses and subnets are digits, dots and '/': never read back as anything but text, so they
// go unquoted. Anything else (a hand-built Config may hold any text) is quoted.
std::string plainList(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i != 0) out += ", ";
        const bool plain = !items[i].empty() && items[i].find_first_not_of("0123456789./") == std::string::npos;
        out += plain ? items[i] : quote(items[i]);
    }
    return out + "]";
}

std::string addressList(const std::vector<wire::Ipv4>& addresses) {
    std::vector<std::string> text;
    text.reserve(addresses.size());
    for (const auto& a : addresses) text.push_back(a.toString());
    return plainList(text);
}

bool printableAscii(const wire::Bytes& data) {
    return !data.empty() && std::all_of(data.begin(), data.end(), [](std::uint8_t b) { return b >= 0x20 && b < 0x7F; });
}

bool sameKey(std::size_t key, const Profile& a, const Profile& b) {
    switch (static_cast<detail::ProfileKey>(key)) {
        case detail::kSipServers:
            return a.uc.sipServers == b.uc.sipServers && a.uc.sipAddresses == b.uc.sipAddresses;
        case detail::kWebServer: return a.uc.webServer == b.uc.webServer;
        case detail::kPort: return a.uc.port == b.uc.port;
        case detail::kScheme: return a.uc.scheme == b.uc.scheme;
        case detail::kPath: return a.uc.path == b.uc.path;
        case detail::kTimeServers: return a.timeServers == b.timeServers;
        case detail::kNtpServers: return a.ntpServers == b.ntpServers;
        case detail::kDnsServers: return a.dnsServers == b.dnsServers;
        case detail::kDomainName: return a.domainName == b.domainName;
        case detail::kDomainSearch: return a.domainSearch == b.domainSearch;
        case detail::kRawOptions: return a.rawOptions == b.rawOptions;
        case detail::kAlwaysSend: return a.alwaysSend == b.alwaysSend;
        case detail::kProfileKeyCount: break;
    }
    return true;
}

// One profile key as YAML ("key: value"), without indentation or newline.
std::string keyLine(std::size_t key, const Profile& p, const std::string& indent) {
    const std::string_view name = detail::kProfileKeys[key];
    switch (static_cast<detail::ProfileKey>(key)) {
        case detail::kSipServers:
            return fmt::format("{}: {}", name,
                               p.uc.sipServers.empty() ? plainList(p.uc.sipAddresses) : quotedList(p.uc.sipServers));
        case detail::kWebServer: return fmt::format("{}: {}", name, quote(p.uc.webServer));
        case detail::kPort: return fmt::format("{}: {}", name, p.uc.port);
        case detail::kScheme: return fmt::format("{}: {}", name, quote(p.uc.scheme));
        case detail::kPath: return fmt::format("{}: {}", name, quote(p.uc.path));
        case detail::kTimeServers: return fmt::format("{}: {}", name, addressList(p.timeServers));
        case detail::kNtpServers: return fmt::format("{}: {}", name, addressList(p.ntpServers));
        case detail::kDnsServers: return fmt::format("{}: {}", name, addressList(p.dnsServers));
        case detail::kDomainName: return fmt::format("{}: {}", name, quote(p.domainName));
        case detail::kDomainSearch: return fmt::format("{}: {}", name, quotedList(p.domainSearch));
        case detail::kRawOptions: {
            if (p.rawOptions.empty()) return fmt::format("{}: []", name);
            std::string out = fmt::format("{}:", name);
            for (const auto& o : p.rawOptions) {
                out += fmt::format("\n{}  - {{ code: {}, hex: \"{}\" }}", indent, o.code, wire::toHex(o.data));
            }
            return out;
        }
        case detail::kAlwaysSend: return fmt::format("{}: [{}]", name, fmt::join(p.alwaysSend, ", "));
        case detail::kProfileKeyCount: break;
    }
    return {};
}

// Comments for the default profile, the one an admin reads first.
constexpr std::array<std::string_view, detail::kProfileKeyCount> kKeyComments = {
    "option 120 (RFC 3361): FQDNs (enc 0) or IPv4 addresses (enc 1)",
    "option 43 sub-option 3",
    "option 43 sub-option 4, sent as ASCII text",
    "option 43 sub-option 2",
    "option 43 sub-option 5",
    "option 4",
    "option 42",
    "option 6",
    "option 15",
    "option 119 (RFC 3397)",
    "other options by code, value as hex",
    "codes sent even when not requested",
};

// The default profile: the MS-UC-Client keys always (so an admin sees every value the phones
// get), the other keys when set.
void writeDefault(std::string& out, const Profile& p) {
    const std::string indent = "  ";
    const Profile none;
    for (std::size_t k = 0; k < detail::kProfileKeyCount; ++k) {
        const bool uc = k <= detail::kPath;
        if (k == detail::kWebServer && p.uc.webServer.empty()) {
            out += "  # web-server: not set, so the first SIP server FQDN\n";
            continue;
        }
        if (!uc && sameKey(k, p, none)) continue;
        const std::string text = keyLine(k, p, indent);
        const auto newline = text.find('\n');  // raw-options: the comment goes on the key's line
        out += fmt::format("{}{}  # {}{}\n", indent, text.substr(0, newline), kKeyComments[k],
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
    for (std::size_t k = 0; k < detail::kProfileKeyCount; ++k) {
        if (sameKey(k, site, base)) continue;
        out += fmt::format("{}{}\n", indent, keyLine(k, site, indent));
    }
}

}  // namespace

std::string toYaml(const Config& config) {
    std::string out;
    out += "# dhcplite configuration (reference: docs/configuration.md)\n\n";
    out += fmt::format("log-level: {}  # error | warning | info | debug\n", logLevelName(config.logLevel));
    if (config.user) out += fmt::format("user: {}  # dropped to after binding port 67\n", quote(*config.user));
    if (config.group) out += fmt::format("group: {}\n", quote(*config.group));
    if (config.runAsRoot) out += "run-as-root: true  # explicit consent to keep running as root\n";

    if (!config.interfaces.empty() || config.serverId) {
        out += "\nlisten:\n";
        if (!config.interfaces.empty()) {
            out += fmt::format("  interfaces: {}\n", quotedList(config.interfaces));
        }
        if (config.serverId) {
            out += fmt::format("  server-id: {}  # option 54 in every reply\n", config.serverId->toString());
        }
    }

    if (config.workers != 1) {
        out += fmt::format("\nworkers: {}  # threads, each with its own SO_REUSEPORT socket\n", config.workers);
    }

    if (config.rateLimit.off()) {
        out += "\nrate-limit: off  # no flood protection: every client gets every reply\n";
    } else if (config.rateLimit != RateLimit{}) {
        const auto count = [](std::uint32_t n) { return n == 0 ? std::string("off") : std::to_string(n); };
        out += "\n# Flood protection: replies per client per interval.\nrate-limit:\n";
        out += fmt::format("  per-mac: {}  # by hardware address (chaddr)\n", count(config.rateLimit.perMac));
        out += fmt::format("  per-address: {}  # by the address a reply goes to (ciaddr)\n",
                           count(config.rateLimit.perAddress));
        out += fmt::format("  interval: {}  # seconds\n", config.rateLimit.intervalSeconds);
    }

    const bool defaultClasses =
        config.vendorClasses.empty() ||
        (config.vendorClasses.size() == 1 && config.vendorClasses[0].match == wire::msuc::kVendorClass &&
         config.vendorClasses[0].mode == MatchMode::Exact && !config.vendorClasses[0].subOptions);
    if (!defaultClasses) {
        out += "\n# Option 60 values answered; without sub-options a class gets the MS-UC-Client option 43.\n";
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
                    out += fmt::format("      - {{ code: {}, hex: \"{}\" }}\n", sub.code, wire::toHex(sub.data));
                }
            }
        }
    }

    if (config.defaultProfile) {
        out += "\n# The profile for phones that match no site.\ndefault:\n";
        writeDefault(out, *config.defaultProfile);
    }
    if (!config.sites.empty()) {
        out += "\n# Sites by subnet (longest prefix wins); keys not given come from `default`.\nsites:\n";
        const Profile builtIn;
        const Profile& base = config.defaultProfile ? *config.defaultProfile : builtIn;
        for (const auto& site : config.sites) writeSite(out, site, base);
    }
    return out;
}

}  // namespace dhcplite::config
