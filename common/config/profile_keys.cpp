// The profile key table (profile_keys.hpp): one row per key with its parser, its inheritance
// rule and the writer's view of it. Schema reference: docs/configuration.md "Profile keys".
#include "config/profile_keys.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <stdexcept>

#include "config/sections.hpp"
#include "config/yaml_text.hpp"
#include "wire/dhcp_constants.hpp"
#include "wire/hex.hpp"
#include "wire/pasted_hex.hpp"

namespace dhcplite::config::detail {

namespace {

// ---- parsers ----

// Why an option code cannot be configured by raw code: the daemon owns it, a typed key
// exists for it, or it never belongs in a reply to DHCPINFORM. Empty: allowed.
std::string_view forbiddenRawCode(unsigned code) {
    switch (code) {
    case wire::opt::Pad: return "0 is the pad byte, not an option (RFC 2132 §3.1)";
    case wire::opt::End: return "255 is the end marker, not an option (RFC 2132 §3.2)";
    case wire::opt::MessageType:
        return "option 53 (message type) is set by the daemon: always DHCPACK";
    case wire::opt::ServerId:
        return "option 54 (server identifier) is set by the daemon; use listen.server-id to fix it";
    case wire::opt::ParameterList:
    case wire::opt::MaxMessageSize:
    case wire::opt::ClientId:
    case wire::opt::RequestedAddress:
        return "this option is the client's, never in a DHCPACK (RFC 2131 §4.3.1 Table 3)";
    case wire::opt::LeaseTime:
    case wire::opt::RenewalTime:
    case wire::opt::RebindingTime:
        return "lease times must not be sent in reply to DHCPINFORM (RFC 2131 §3.4, §4.3.5)";
    case wire::opt::Overload:
        return "option 52 (overload) is the daemon's business; it never uses it";
    case wire::opt::RelayAgentInfo:
        return "option 82 is echoed from a relayed request, never configured (RFC 3046 §2.2)";
    case wire::opt::VendorSpecific:
        return "option 43 comes from the profile keys (web-server, port, scheme, path) or from a "
               "vendor class with sub-options";
    case wire::opt::SipServers: return "option 120 comes from sip-servers";
    case wire::opt::TimeServer: return "option 4 has a typed key: use time-servers";
    case wire::opt::DnsServer: return "option 6 has a typed key: use dns-servers";
    case wire::opt::DomainName: return "option 15 has a typed key: use domain-name";
    case wire::opt::NtpServer: return "option 42 has a typed key: use ntp-servers";
    case wire::opt::DomainSearch: return "option 119 has a typed key: use domain-search";
    default: return {};
    }
}

constexpr std::array<std::string_view, 2> kRawOptionKeys = {"code", "hex"};

void readSipServers(const ValueReader& r, NodeRef node, const Path& path, Profile& profile) {
    wire::UcSettings& uc = profile.uc;
    NodeRef firstName, firstAddress;
    r.forEachItem(
        node, path, "a list of SIP server FQDNs or IPv4 addresses",
        [&](NodeRef item, const Path& p) {
            const std::string_view text = r.scalar(item, p, "an FQDN or an IPv4 address");
            // Only digits and dots can only be meant as an address (and a host name's last label
            // is never all-numeric, RFC 1123 §2.1), so "192.0.2.300" is a bad address, not a name.
            const bool address = onlyDigitsAndDots(text);
            if (address) {
                uc.sipAddresses.push_back(r.ipv4(item, p, "SIP server address").toString());
                if (!firstAddress.valid()) firstAddress = item;
            } else {
                uc.sipServers.push_back(r.fqdn(item, p, "SIP server FQDN"));
                if (!firstName.valid()) firstName = item;
            }
            if (firstName.valid() && firstAddress.valid()) {
                const NodeRef other = address ? firstName : firstAddress;
                r.fail(item, p,
                       fmt::format(
                           "mixes SIP server names and addresses (first {} at line {}, column {}); "
                           "option 120 carries either FQDNs (enc 0) or IPv4 addresses (enc 1), "
                           "never both (RFC 3361 §3)",
                           address ? "name" : "address", other.position().line,
                           other.position().column));
            }
        });
    if (uc.sipServers.empty() && uc.sipAddresses.empty()) {
        r.fail(node, path, "needs at least one SIP server (FQDN or IPv4 address)");
    }
}

// `raw-options`: `{ code: N, hex: "..." }` items, each code once, none the daemon owns.
void readRawOptions(const ValueReader& r, NodeRef node, const Path& path, Profile& profile) {
    std::vector<wire::Option>& out = profile.rawOptions;
    if (!node.isSequence()) r.failType(node, path, "a list of `{ code: N, hex: \"...\" }` options");
    std::array<NodeRef, 256> seen{};
    for (std::size_t i = 0; i < node.size(); ++i) {
        const NodeRef item = node.item(i);
        const Path p = path.at(i);
        const Keys e = r.readKeys(item, p, kRawOptionKeys, Level::RawOption,
                                  "an option (a mapping like `{ code: 150, hex: \"C0000205\" }`)");
        const Entry& codeEntry = e["code"];
        const Entry& hexEntry = e["hex"];
        if (!codeEntry.given()) r.fail(item, p.child("code"), "an option needs `code:` (1..254)");
        if (!hexEntry.given())
            r.fail(item, p.child("hex"), "an option needs `hex:` (its value as hex bytes)");
        const Path cp = p.child("code");
        const auto code =
            static_cast<std::uint8_t>(r.integer(codeEntry.value, cp, "option code", 0, 255));
        if (const auto why = forbiddenRawCode(code); !why.empty()) {
            r.fail(codeEntry.value, cp,
                   fmt::format("option {} cannot be given as a raw option: {}", code, why));
        }
        if (seen[code].valid()) {
            r.fail(codeEntry.value, cp,
                   fmt::format("option {} is given twice (first at line {})", code,
                               seen[code].position().line));
        }
        seen[code] = codeEntry.value;
        wire::Option option{code, {}};
        const Path hp = p.child("hex");
        try {
            // Values over 255 bytes are fine: they go out split (RFC 3396).
            option.data = wire::readPastedHex(r.scalar(hexEntry.value, hp, "hex bytes")).bytes;
        } catch (const wire::InputError& err) {
            r.failInput(hexEntry.value, hp, "hex", err);
        }
        out.push_back(std::move(option));
    }
}

void readWebServer(const ValueReader& r, NodeRef v, const Path& p, Profile& profile) {
    // "" says: no web server of its own, use the first SIP server FQDN (also in a site whose
    // `default` names one).
    profile.uc.webServer = r.scalar(v, p, "a web server FQDN").empty()
                               ? std::string()
                               : r.fqdn(v, p, "web server FQDN");
}

void readPort(const ValueReader& r, NodeRef v, const Path& p, Profile& profile) {
    profile.uc.port = static_cast<std::uint16_t>(r.integer(v, p, "port", 1, 65535));
}

void readScheme(const ValueReader& r, NodeRef v, const Path& p, Profile& profile) {
    const std::string_view text = r.scalar(v, p, "a URL scheme (https)");
    if (text.empty()) r.fail(v, p, "the URL scheme is empty; phones use https");
    // RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), written in lower case.
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool ok = (c >= 'a' && c <= 'z') ||
                        (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
        if (!ok) {
            r.failAtCharacter(
                v, i, p,
                fmt::format("bad URL scheme '{}': use lower-case letters (then digits, "
                            "'+', '-', '.'), like https",
                            escaped(text)));
        }
    }
    profile.uc.scheme = std::string(text);
}

void readPath(const ValueReader& r, NodeRef v, const Path& p, Profile& profile) {
    const std::string_view text = r.scalar(v, p, "a URL path starting with '/'");
    if (text.empty() || text[0] != '/') {
        r.fail(v, p,
               fmt::format("path '{}' must start with '/' (the phone appends it to "
                           "scheme://web-server:port)",
                           escaped(text)));
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c <= 0x20 || c >= 0x7F) {
            r.failAtCharacter(v, i, p,
                              fmt::format("path '{}' has a space or a character that is not "
                                          "printable ASCII (percent-encode it)",
                                          escaped(text)));
        }
    }
    if (text.size() > wire::kMaxOptionData) {
        r.fail(v, p, fmt::format("path is {} bytes; sub-option 5 holds at most 255", text.size()));
    }
    profile.uc.path = std::string(text);
}

template <std::vector<wire::Ipv4> Profile::*Field>
void readAddresses(const ValueReader& r, NodeRef v, const Path& p, Profile& profile) {
    profile.*Field = r.ipv4List(v, p);
}

void readDomainName(const ValueReader& r, NodeRef v, const Path& p, Profile& profile) {
    profile.domainName =
        r.scalar(v, p, "a domain name").empty() ? std::string() : r.fqdn(v, p, "domain name");
}

void readDomainSearch(const ValueReader& r, NodeRef v, const Path& p, Profile& profile) {
    r.forEachItem(v, p, "a list of domain names", [&](NodeRef item, const Path& ip) {
        profile.domainSearch.push_back(r.fqdn(item, ip, "domain name"));
    });
}

void readAlwaysSend(const ValueReader& r, NodeRef v, const Path& p, Profile& profile) {
    std::array<NodeRef, 256> seen{};
    r.forEachItem(v, p, "a list of option codes", [&](NodeRef item, const Path& ip) {
        const auto code = static_cast<std::uint8_t>(r.integer(item, ip, "option code", 1, 254));
        if (seen[code].valid()) {
            r.fail(item, ip,
                   fmt::format("option {} is listed twice (first at line {}, column {})", code,
                               seen[code].position().line, seen[code].position().column));
        }
        seen[code] = item;
        profile.alwaysSend.push_back(code);
    });
}

// ---- inheritance rules and the writer's comparisons ----

template <auto Field>
void inheritField(Profile& site, const Profile& from) {
    site.*Field = from.*Field;
}
template <auto Field>
bool sameField(const Profile& a, const Profile& b) {
    return a.*Field == b.*Field;
}
template <auto Field>
void inheritUc(Profile& site, const Profile& from) {
    site.uc.*Field = from.uc.*Field;
}
template <auto Field>
bool sameUc(const Profile& a, const Profile& b) {
    return a.uc.*Field == b.uc.*Field;
}

// option 120 is names or addresses: a site takes both lists together.
void inheritSipServers(Profile& site, const Profile& from) {
    site.uc.sipServers = from.uc.sipServers;
    site.uc.sipAddresses = from.uc.sipAddresses;
}
bool sameSipServers(const Profile& a, const Profile& b) {
    return a.uc.sipServers == b.uc.sipServers && a.uc.sipAddresses == b.uc.sipAddresses;
}

// ---- the writer's spelling ----

std::string writeSipServers(const Profile& p, const std::string&) {
    return " " +
           (p.uc.sipServers.empty() ? plainList(p.uc.sipAddresses) : quotedList(p.uc.sipServers));
}
template <auto Field>
std::string writeUcText(const Profile& p, const std::string&) {
    return " " + quote(p.uc.*Field);
}
std::string writePort(const Profile& p, const std::string&) {
    return fmt::format(" {}", p.uc.port);
}
template <std::vector<wire::Ipv4> Profile::*Field>
std::string writeAddresses(const Profile& p, const std::string&) {
    return " " + addressList(p.*Field);
}
std::string writeDomainName(const Profile& p, const std::string&) {
    return " " + quote(p.domainName);
}
std::string writeDomainSearch(const Profile& p, const std::string&) {
    return " " + quotedList(p.domainSearch);
}
std::string writeRawOptions(const Profile& p, const std::string& indent) {
    if (p.rawOptions.empty()) return " []";
    std::string out;
    for (const auto& o : p.rawOptions) {
        out +=
            fmt::format("\n{}  - {{ code: {}, hex: \"{}\" }}", indent, o.code, wire::toHex(o.data));
    }
    return out;
}
std::string writeAlwaysSend(const Profile& p, const std::string&) {
    return fmt::format(" [{}]", fmt::join(p.alwaysSend, ", "));
}

using wire::UcSettings;

// The table. Its order is the writer's and the hints' order.
constexpr std::array kProfileKeys = std::to_array<ProfileKey>({
    {"sip-servers",
     readSipServers,
     inheritSipServers,
     sameSipServers,
     writeSipServers,
     "option 120 (RFC 3361): FQDNs (enc 0) or IPv4 addresses (enc 1)",
     true,
     {}},
    {"web-server", readWebServer, inheritUc<&UcSettings::webServer>, sameUc<&UcSettings::webServer>,
     writeUcText<&UcSettings::webServer>, "option 43 sub-option 3", true,
     "not set, so the first SIP server FQDN"},
    {"port",
     readPort,
     inheritUc<&UcSettings::port>,
     sameUc<&UcSettings::port>,
     writePort,
     "option 43 sub-option 4, sent as ASCII text",
     true,
     {}},
    {"scheme",
     readScheme,
     inheritUc<&UcSettings::scheme>,
     sameUc<&UcSettings::scheme>,
     writeUcText<&UcSettings::scheme>,
     "option 43 sub-option 2",
     true,
     {}},
    {"path",
     readPath,
     inheritUc<&UcSettings::path>,
     sameUc<&UcSettings::path>,
     writeUcText<&UcSettings::path>,
     "option 43 sub-option 5",
     true,
     {}},
    {"time-servers",
     readAddresses<&Profile::timeServers>,
     inheritField<&Profile::timeServers>,
     sameField<&Profile::timeServers>,
     writeAddresses<&Profile::timeServers>,
     "option 4",
     false,
     {}},
    {"ntp-servers",
     readAddresses<&Profile::ntpServers>,
     inheritField<&Profile::ntpServers>,
     sameField<&Profile::ntpServers>,
     writeAddresses<&Profile::ntpServers>,
     "option 42",
     false,
     {}},
    {"dns-servers",
     readAddresses<&Profile::dnsServers>,
     inheritField<&Profile::dnsServers>,
     sameField<&Profile::dnsServers>,
     writeAddresses<&Profile::dnsServers>,
     "option 6",
     false,
     {}},
    {"domain-name",
     readDomainName,
     inheritField<&Profile::domainName>,
     sameField<&Profile::domainName>,
     writeDomainName,
     "option 15",
     false,
     {}},
    {"domain-search",
     readDomainSearch,
     inheritField<&Profile::domainSearch>,
     sameField<&Profile::domainSearch>,
     writeDomainSearch,
     "option 119 (RFC 3397)",
     false,
     {}},
    {"raw-options",
     readRawOptions,
     inheritField<&Profile::rawOptions>,
     sameField<&Profile::rawOptions>,
     writeRawOptions,
     "other options by code, value as hex",
     false,
     {}},
    {"always-send",
     readAlwaysSend,
     inheritField<&Profile::alwaysSend>,
     sameField<&Profile::alwaysSend>,
     writeAlwaysSend,
     "codes sent even when not requested",
     false,
     {}},
});
static_assert(kProfileKeys.size() <= kMaxProfileKeys);

constexpr auto kProfileKeyNames = namesOf(kProfileKeys);

// A site's keys: its own two, then the profile keys.
constexpr auto kSiteKeyNames = [] {
    std::array<std::string_view, kProfileKeyNames.size() + 2> names{"name", "subnets"};
    std::copy(kProfileKeyNames.begin(), kProfileKeyNames.end(), names.begin() + 2);
    return names;
}();

}  // namespace

std::span<const ProfileKey> profileKeys() { return kProfileKeys; }
std::span<const std::string_view> profileKeyNames() { return kProfileKeyNames; }
std::span<const std::string_view> siteKeyNames() { return kSiteKeyNames; }

std::size_t profileKeyIndex(std::string_view name) {
    const auto it = std::find_if(kProfileKeys.begin(), kProfileKeys.end(),
                                 [&](const ProfileKey& k) { return k.name == name; });
    if (it == kProfileKeys.end())
        throw std::logic_error(fmt::format("config: no profile key '{}'", name));
    return static_cast<std::size_t>(it - kProfileKeys.begin());
}

}  // namespace dhcplite::config::detail
