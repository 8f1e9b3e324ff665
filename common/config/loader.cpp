// The schema walk: YAML tree → validated Config, every error with file:line:column and key path.
// Schema reference: docs/configuration.md. Work is linear in the file size (hash maps for the
// duplicate checks), so 100,000 sites load in about as long as yaml-cpp takes to parse them.
#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <utility>

#include "config/config.hpp"
#include "config/internal.hpp"
#include "config/yaml_tree.hpp"
#include "wire/dhcp_constants.hpp"
#include "wire/dns_name.hpp"
#include "wire/hex.hpp"
#include "wire/pasted_hex.hpp"
#include "wire/option120.hpp"

namespace dhcplite::config {

namespace {

using detail::kProfileKeyCount;
using detail::NodeRef;
using detail::ProfileKey;
using detail::SourcePosition;

constexpr std::size_t kNoIndex = std::numeric_limits<std::size_t>::max();

std::string escaped(std::string_view text) { return wire::escapeForDisplay(text); }

// A key path built on the stack as the walk descends ("sites[3].subnets[0]"); turned into text
// only for an error.
struct Path {
    const Path* parent = nullptr;
    std::string_view key;
    std::size_t index = kNoIndex;

    Path child(std::string_view name) const { return Path{this, name, kNoIndex}; }
    Path at(std::size_t i) const { return Path{this, {}, i}; }
    std::string str() const {
        std::string out = parent != nullptr ? parent->str() : std::string();
        if (index != kNoIndex) {
            out += fmt::format("[{}]", index);
        } else if (!key.empty()) {
            if (!out.empty()) out += '.';
            out += escaped(key);  // an unknown key is the admin's text: keep the message one line
        }
        return out;
    }
};

struct Entry {
    NodeRef key;
    NodeRef value;
    bool given() const noexcept { return key.valid(); }
};

// Where a map sits in the schema, for the hints an unknown key gets.
enum class Level { Top, Listen, RateLimit, Default, Site, VendorClass, SubOption, RawOption };

// "an IPv4 address", "a domain name": for "expected ..." messages.
std::string withArticle(std::string_view noun) {
    const bool vowel = !noun.empty() && std::string_view("aeiouAEIOU").find(noun[0]) != std::string_view::npos;
    return fmt::format("{} {}", vowel ? "an" : "a", noun);
}

std::string lower(std::string_view text) {
    std::string out(text);
    for (char& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (c == '_') c = '-';
    }
    return out;
}

std::size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// The closest name, if it is close enough to be a typo (case and '_' for '-' do not count).
std::optional<std::string_view> closest(std::string_view typed, std::span<const std::string_view> names) {
    const std::string t = lower(typed);
    std::optional<std::string_view> best;
    std::size_t bestDistance = kNoIndex;
    for (const auto name : names) {
        const std::size_t d = editDistance(t, name);
        if (d < bestDistance) {
            bestDistance = d;
            best = name;
        }
    }
    const std::size_t allowed = t.size() <= 4 ? 1 : (t.size() <= 8 ? 2 : 3);
    if (best && bestDistance <= allowed) return best;
    return std::nullopt;
}

std::string didYouMean(std::string_view typed, std::span<const std::string_view> names) {
    if (const auto c = closest(typed, names)) return fmt::format("; did you mean '{}'?", *c);
    return {};
}

bool contains(std::span<const std::string_view> names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

std::string describe(NodeRef node) {
    switch (node.kind()) {
        case detail::NodeKind::Null: return "no value";
        case detail::NodeKind::Sequence: return "a list";
        case detail::NodeKind::Mapping: return "a mapping";
        case detail::NodeKind::Scalar: break;
    }
    std::string_view text = node.scalar();
    if (text.size() > 60) return fmt::format("'{}...'", escaped(text.substr(0, 60)));
    return fmt::format("'{}'", escaped(text));
}

bool onlyDigitsAndDots(std::string_view text) {
    return !text.empty() &&
           std::all_of(text.begin(), text.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

// Why an option code cannot be configured by raw code: the daemon owns it, a typed key
// exists for it, or it never belongs in a reply to DHCPINFORM. Empty: allowed.
std::string_view forbiddenRawCode(unsigned code) {
    switch (code) {
        case wire::opt::Pad: return "0 is the pad byte, not an option (RFC 2132 §3.1)";
        case wire::opt::End: return "255 is the end marker, not an option (RFC 2132 §3.2)";
        case wire::opt::MessageType: return "option 53 (message type) is set by the daemon: always DHCPACK";
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
        case wire::opt::Overload: return "option 52 (overload) is the daemon's business; it never uses it";
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

struct Origin {
    NodeRef node;           // the value node of the key
    bool inherited = false;  // taken from `default` into a site
};

// A profile as written, before a site is merged with `default`.
struct Draft {
    Profile profile;
    std::array<NodeRef, kProfileKeyCount> given{};  // value nodes of the keys written
};

class Loader {
public:
    Loader(const detail::YamlTree& tree, std::string_view source) : tree_(tree), source_(source) {}

    Config load();

private:
    // ---- errors ----
    [[noreturn]] void fail(NodeRef at, const Path& path, std::string reason) const {
        const SourcePosition pos = at.valid() ? at.position() : SourcePosition{};
        throw ConfigError(source_, pos.line, pos.column, path.str(), std::move(reason));
    }
    [[noreturn]] void failAtCharacter(NodeRef at, std::size_t index, const Path& path,
                                      std::string reason) const {
        SourcePosition pos = at.positionOfCharacter(index);
        if (pos.line == 0) {
            pos = at.position();
            reason += fmt::format(" (character {} of the value)", index + 1);
        }
        throw ConfigError(source_, pos.line, pos.column, path.str(), std::move(reason));
    }
    [[noreturn]] void failInput(NodeRef at, const Path& path, std::string_view what,
                                const wire::InputError& e) const {
        failAtCharacter(at, e.position(), path,
                        fmt::format("bad {} '{}': {}", what, escaped(e.value()), e.reason()));
    }
    [[noreturn]] void failType(NodeRef at, const Path& path, std::string_view expected) const {
        fail(at, path, fmt::format("expected {}, got {}", expected, describe(at)));
    }

    // ---- shapes ----
    void readKeys(NodeRef map, const Path& path, std::span<const std::string_view> names,
                  std::span<Entry> out, Level level, std::string_view expected) const;
    std::string unknownKeyHint(std::string_view name, std::span<const std::string_view> names,
                               Level level) const;
    std::string_view scalar(NodeRef node, const Path& path, std::string_view expected) const {
        if (!node.isScalar()) failType(node, path, expected);
        return node.scalar();
    }
    // A list; a single scalar counts as a list of one (`sip-servers: pool.example.com`).
    template <class F>
    void forEachItem(NodeRef node, const Path& path, std::string_view expected, F&& f) const {
        if (node.isScalar()) {
            f(node, path);
            return;
        }
        if (!node.isSequence()) failType(node, path, expected);
        for (std::size_t i = 0; i < node.size(); ++i) f(node.item(i), path.at(i));
    }
    std::uint64_t integer(NodeRef node, const Path& path, std::string_view what, std::uint64_t min,
                          std::uint64_t max) const;
    bool boolean(NodeRef node, const Path& path) const;

    // ---- values ----
    std::string fqdn(NodeRef node, const Path& path, std::string_view what) const;
    wire::Ipv4 ipv4(NodeRef node, const Path& path, std::string_view what) const;
    std::vector<wire::Ipv4> ipv4List(NodeRef node, const Path& path) const;
    std::string printable(NodeRef node, const Path& path, std::string_view what, std::size_t maxSize) const;
    std::string accountName(NodeRef node, const Path& path, std::string_view what) const;

    // ---- sections ----
    void loadListen(NodeRef node, const Path& path, Config& config) const;
    void loadRateLimit(NodeRef node, const Path& path, Config& config) const;
    void loadVendorClasses(NodeRef node, const Path& path, Config& config) const;
    wire::SubOption loadSubOption(NodeRef node, const Path& path) const;
    void loadProfileKeys(std::span<const Entry> entries, const Path& path, Draft& draft) const;
    void loadSipServers(NodeRef node, const Path& path, wire::UcSettings& uc) const;
    void loadRawOptions(NodeRef node, const Path& path, std::vector<wire::Option>& out) const;
    void finishProfile(Profile& profile, const std::array<Origin, kProfileKeyCount>& origins,
                       NodeRef profileNode, const Path& path) const;
    void loadSites(NodeRef node, const Path& path, const std::optional<Draft>& defaults, Config& config);

    const detail::YamlTree& tree_;
    std::string source_;
    detail::Option43Sizes option43_;
};

void Loader::readKeys(NodeRef map, const Path& path, std::span<const std::string_view> names,
                      std::span<Entry> out, Level level, std::string_view expected) const {
    if (!map.isMapping()) failType(map, path, expected);
    for (std::size_t i = 0; i < map.size(); ++i) {
        const NodeRef key = map.key(i);
        if (!key.isScalar()) fail(key, path, "a key must be plain text, not " + describe(key));
        const std::string_view name = key.scalar();
        const auto it = std::find(names.begin(), names.end(), name);
        if (it == names.end()) {
            fail(key, path.child(name),
                 fmt::format("unknown key '{}'{}", escaped(name), unknownKeyHint(name, names, level)));
        }
        Entry& entry = out[static_cast<std::size_t>(it - names.begin())];
        if (entry.given()) {
            const SourcePosition first = entry.key.position();
            fail(key, path.child(name),
                 fmt::format("duplicate key '{}' (first at line {}, column {})", name, first.line,
                             first.column));
        }
        entry = Entry{key, map.value(i)};
    }
}

std::string Loader::unknownKeyHint(std::string_view name, std::span<const std::string_view> names,
                                   Level level) const {
    std::string hint = didYouMean(name, names);
    if (!hint.empty()) return hint;
    const std::string normal = lower(name);
    switch (level) {
        case Level::Top:
            if (contains(detail::kProfileKeys, normal)) {
                return "; profile keys go under `default:` or in a site under `sites:`";
            }
            if (contains(detail::kListenKeys, normal)) return "; it goes under `listen:`";
            if (contains(detail::kRateLimitKeys, normal)) return "; it goes under `rate-limit:`";
            break;
        case Level::Default:
            if (normal == "name" || normal == "subnets") {
                return "; only sites have it (the default profile serves every phone no site matches)";
            }
            break;
        case Level::VendorClass:
            if (contains(detail::kSubOptionKeys, normal)) return "; sub-option values go in a `sub-options:` list";
            break;
        default: break;
    }
    return fmt::format(" (expected one of: {})", fmt::join(names, ", "));
}

std::uint64_t Loader::integer(NodeRef node, const Path& path, std::string_view what, std::uint64_t min,
                              std::uint64_t max) const {
    const std::string expected = fmt::format("{} (a number {}..{})", what, min, max);
    const std::string_view text = scalar(node, path, expected);
    std::uint64_t value = 0;
    bool ok = !text.empty();
    bool overflow = false;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        for (const char c : text.substr(2)) {
            const int v = std::isxdigit(static_cast<unsigned char>(c)) == 0 ? -1
                          : c <= '9'                                      ? c - '0'
                                                                          : (c | 0x20) - 'a' + 10;
            if (v < 0) ok = false;
            if (value > (std::numeric_limits<std::uint64_t>::max() >> 4)) overflow = true;
            value = (value << 4) | static_cast<std::uint64_t>(v < 0 ? 0 : v);
        }
    } else {
        for (const char c : text) {
            if (c < '0' || c > '9') {
                ok = false;
                break;
            }
            const auto digit = static_cast<std::uint64_t>(c - '0');
            if (value > (std::numeric_limits<std::uint64_t>::max() - digit) / 10) overflow = true;
            value = value * 10 + digit;
        }
        // YAML 1.1 reads 0443 as octal, YAML 1.2 as decimal: refuse to guess.
        if (ok && text.size() > 1 && text[0] == '0') {
            fail(node, path, fmt::format("{} '{}' has a leading zero (octal or decimal?)", what, escaped(text)));
        }
    }
    if (!ok) failType(node, path, expected);
    if (overflow || value < min || value > max) {
        fail(node, path, fmt::format("{} {} is out of range {}..{}", what, escaped(text), min, max));
    }
    return value;
}

bool Loader::boolean(NodeRef node, const Path& path) const {
    const std::string_view text = scalar(node, path, "true or false");
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
    fail(node, path, fmt::format("expected true or false, got {}", describe(node)));
}

std::string Loader::fqdn(NodeRef node, const Path& path, std::string_view what) const {
    const std::string_view text = scalar(node, path, withArticle(what));
    // RFC 1123 §2.1: a host name never looks like dotted decimal. An address here is a mistake
    // (a phone checks the web server's certificate against the name, for one).
    if (onlyDigitsAndDots(text)) {
        fail(node, path, fmt::format("{} '{}' looks like an IPv4 address; give a name", what, escaped(text)));
    }
    try {
        wire::validateFqdn(text);
    } catch (const wire::InputError& e) {
        failInput(node, path, what, e);
    }
    return std::string(text);
}

wire::Ipv4 Loader::ipv4(NodeRef node, const Path& path, std::string_view what) const {
    const std::string_view text = scalar(node, path, withArticle(what));
    try {
        return wire::Ipv4::parse(text);
    } catch (const wire::InputError& e) {
        failInput(node, path, what, e);
    }
}

std::vector<wire::Ipv4> Loader::ipv4List(NodeRef node, const Path& path) const {
    std::vector<wire::Ipv4> out;
    forEachItem(node, path, "a list of IPv4 addresses",
                [&](NodeRef item, const Path& p) { out.push_back(ipv4(item, p, "IPv4 address")); });
    return out;
}

// Text that ends up in logs and option bytes: printable ASCII only, so nothing invisible or
// terminal-controlling hides in it.
std::string Loader::printable(NodeRef node, const Path& path, std::string_view what,
                              std::size_t maxSize) const {
    const std::string_view text = scalar(node, path, withArticle(what));
    if (text.empty()) fail(node, path, fmt::format("{} is empty", what));
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x20 || c >= 0x7F) {
            failAtCharacter(node, i, path,
                            fmt::format("{} '{}' has a character that is not printable ASCII", what,
                                        escaped(text)));
        }
    }
    if (text.size() > maxSize) {
        fail(node, path, fmt::format("{} is {} bytes long, more than {}", what, text.size(), maxSize));
    }
    return std::string(text);
}

// User and group names as useradd(8) accepts them portably: letters, digits, '.', '_', '-', not
// starting with '-', an optional trailing '$'; at most 32 characters.
std::string Loader::accountName(NodeRef node, const Path& path, std::string_view what) const {
    const std::string text = printable(node, path, what, 32);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool ok = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' ||
                        (c == '-' && i > 0) || (c == '$' && i + 1 == text.size() && i > 0);
        if (!ok) {
            failAtCharacter(node, i, path,
                            fmt::format("{} '{}': '{}' is not allowed (letters, digits, '.', '_', '-')", what,
                                        escaped(text), escaped(std::string_view(&text[i], 1))));
        }
    }
    return text;
}

// ---- top level ----

Config Loader::load() {
    Config config;
    config.sourceName = source_;
    if (tree_.empty() || tree_.root().isNull()) {
        throw ConfigError(source_, 0, 0, "",
                          "the configuration is empty; it needs at least a `default:` profile with "
                          "`sip-servers`, or `sites:` (see docs/configuration.md)");
    }
    const Path root;
    const NodeRef top = tree_.root();
    std::array<Entry, detail::kTopKeys.size()> e{};
    readKeys(top, root, detail::kTopKeys, e, Level::Top, "a mapping of settings at the top level");
    enum { kLogLevel, kUser, kGroup, kRunAsRoot, kListen, kRateLimit, kVendorClasses, kDefault, kSites, kWorkers };

    if (e[kLogLevel].given()) {
        const Path p = root.child("log-level");
        static constexpr std::array<std::string_view, 4> kLevels = {"error", "warning", "info", "debug"};
        const std::string_view text = scalar(e[kLogLevel].value, p, "a log level (error, warning, info, debug)");
        const auto level = parseLogLevel(text);
        if (!level) {
            fail(e[kLogLevel].value, p,
                 fmt::format("unknown log level '{}'{}", escaped(text),
                             closest(text, kLevels) ? didYouMean(text, kLevels)
                                                    : std::string("; use error, warning, info or debug")));
        }
        config.logLevel = *level;
    }
    if (e[kRunAsRoot].given()) config.runAsRoot = boolean(e[kRunAsRoot].value, root.child("run-as-root"));
    if (e[kUser].given()) {
        const Path p = root.child("user");
        config.user = accountName(e[kUser].value, p, "user name");
        if ((*config.user == "root" || *config.user == "0") && !config.runAsRoot) {
            fail(e[kUser].value, p,
                 "running as 'root' keeps every privilege after binding; choose an unprivileged user, "
                 "or say `run-as-root: true` to mean it");
        }
    }
    if (e[kGroup].given()) {
        const Path p = root.child("group");
        config.group = accountName(e[kGroup].value, p, "group name");
        if ((*config.group == "root" || *config.group == "0") && !config.runAsRoot) {
            fail(e[kGroup].value, p,
                 "group 'root' keeps root's group privileges after binding; choose an unprivileged "
                 "group, or say `run-as-root: true` to mean it");
        }
        if (!config.user) {
            fail(e[kGroup].key, p,
                 "group without user: the daemon changes group only when it drops to `user:` "
                 "(give `user:` too, or remove `group:`)");
        }
    }
    if (e[kListen].given()) loadListen(e[kListen].value, root.child("listen"), config);
    if (e[kRateLimit].given()) loadRateLimit(e[kRateLimit].value, root.child("rate-limit"), config);
    if (e[kWorkers].given()) {
        config.workers = static_cast<std::uint32_t>(
            integer(e[kWorkers].value, root.child("workers"), "number of worker threads", 1, detail::kMaxWorkers));
    }

    if (e[kVendorClasses].given()) {
        loadVendorClasses(e[kVendorClasses].value, root.child("vendor-classes"), config);
    } else {
        config.vendorClasses.push_back(VendorClass{std::string(wire::msuc::kVendorClass), MatchMode::Exact, {}});
    }
    option43_ = detail::option43Sizes(config.vendorClasses);

    std::optional<Draft> defaults;
    if (e[kDefault].given()) {
        const Path p = root.child("default");
        std::array<Entry, kProfileKeyCount> pe{};
        readKeys(e[kDefault].value, p, detail::kProfileKeys, pe, Level::Default, "a mapping of profile keys");
        defaults.emplace();
        loadProfileKeys(pe, p, *defaults);
        Profile profile = defaults->profile;
        profile.name = "default";
        std::array<Origin, kProfileKeyCount> origins{};
        for (std::size_t k = 0; k < kProfileKeyCount; ++k) origins[k] = Origin{defaults->given[k], false};
        finishProfile(profile, origins, e[kDefault].value, p);
        config.defaultProfile = std::move(profile);
    }
    if (e[kSites].given()) loadSites(e[kSites].value, root.child("sites"), defaults, config);

    if (!config.defaultProfile && config.sites.empty()) {
        fail(top, root,
             "nothing to answer: give a `default:` profile (for every phone), `sites:` (phones by "
             "subnet), or both");
    }
    return config;
}

void Loader::loadListen(NodeRef node, const Path& path, Config& config) const {
    if (node.isNull()) return;  // every key under it commented out
    std::array<Entry, detail::kListenKeys.size()> e{};
    readKeys(node, path, detail::kListenKeys, e, Level::Listen, "a mapping (interfaces, server-id)");
    if (e[0].given()) {
        const Path p = path.child("interfaces");
        std::unordered_map<std::string, NodeRef> seen;
        forEachItem(e[0].value, p, "a list of interface names", [&](NodeRef item, const Path& ip) {
            // Linux dev_valid_name(): 1..15 bytes (IFNAMSIZ - 1), no '/', ':' or white space.
            std::string name = printable(item, ip, "interface name", 15);
            const auto bad = name.find_first_of("/: ");
            if (bad != std::string::npos || name == "." || name == "..") {
                failAtCharacter(item, bad == std::string::npos ? 0 : bad, ip,
                                fmt::format("'{}' is not a valid interface name", escaped(name)));
            }
            const auto [it, inserted] = seen.emplace(name, item);
            if (!inserted) {
                fail(item, ip,
                     fmt::format("interface '{}' is listed twice (first at line {})", escaped(name),
                                 it->second.position().line));
            }
            config.interfaces.push_back(std::move(name));
        });
        if (config.interfaces.empty()) {
            fail(e[0].value, p, "an empty list would listen nowhere; omit `interfaces` to use every interface");
        }
    }
    if (e[1].given()) {
        const Path p = path.child("server-id");
        const wire::Ipv4 id = ipv4(e[1].value, p, "server identifier (IPv4 address)");
        if (id.isZero() || id.value == 0xFFFFFFFFU) {
            fail(e[1].value, p,
                 fmt::format("{} cannot identify a server (option 54, RFC 2132 §9.7)", id.toString()));
        }
        config.serverId = id;
    }
}

// `rate-limit: off`, or a mapping: per-mac and per-address (a number, or `off` for that count
// alone) and interval (seconds). Keys left out keep their defaults.
void Loader::loadRateLimit(NodeRef node, const Path& path, Config& config) const {
    if (node.isNull()) return;  // every key under it commented out: the defaults
    constexpr std::string_view kExpected = "`off` or a mapping (per-mac, per-address, interval)";
    if (node.isScalar()) {
        if (node.scalar() == "off") {
            config.rateLimit.perMac = 0;
            config.rateLimit.perAddress = 0;
            return;
        }
        fail(node, path, fmt::format("expected {}, got {}", kExpected, describe(node)));
    }
    std::array<Entry, detail::kRateLimitKeys.size()> e{};
    readKeys(node, path, detail::kRateLimitKeys, e, Level::RateLimit, kExpected);
    const auto perInterval = [&](const Entry& entry, std::string_view key, std::uint32_t& out) {
        if (!entry.given()) return;
        if (entry.value.isScalar() && entry.value.scalar() == "off") {
            out = 0;
            return;
        }
        out = static_cast<std::uint32_t>(integer(entry.value, path.child(key), "replies per interval, or off",
                                                 1, detail::kMaxRateLimitPerInterval));
    };
    perInterval(e[0], detail::kRateLimitKeys[0], config.rateLimit.perMac);
    perInterval(e[1], detail::kRateLimitKeys[1], config.rateLimit.perAddress);
    if (e[2].given()) {
        config.rateLimit.intervalSeconds = static_cast<std::uint32_t>(
            integer(e[2].value, path.child(detail::kRateLimitKeys[2]), "interval in seconds", 1,
                    detail::kMaxRateLimitIntervalSeconds));
    }
}

void Loader::loadVendorClasses(NodeRef node, const Path& path, Config& config) const {
    if (!node.isSequence()) failType(node, path, "a list of vendor classes");
    if (node.size() == 0) {
        fail(node, path, "an empty list would answer no phone; omit `vendor-classes` for the default MS-UC-Client");
    }
    std::unordered_map<std::string, NodeRef> seen;
    for (std::size_t i = 0; i < node.size(); ++i) {
        const Path p = path.at(i);
        const NodeRef item = node.item(i);
        std::array<Entry, detail::kVendorClassKeys.size()> e{};
        readKeys(item, p, detail::kVendorClassKeys, e, Level::VendorClass,
                 "a vendor class (a mapping with `match:`)");
        VendorClass vc;
        if (!e[0].given()) fail(item, p.child("match"), "a vendor class needs `match:` (the option 60 text)");
        // Option 60 as phones send it; one option instance holds 255 bytes (RFC 2132 §9.13).
        vc.match = printable(e[0].value, p.child("match"), "vendor class", wire::kMaxOptionData);
        if (e[1].given()) {
            const Path mp = p.child("mode");
            const std::string_view mode = scalar(e[1].value, mp, "exact or prefix");
            if (mode == "exact") {
                vc.mode = MatchMode::Exact;
            } else if (mode == "prefix") {
                vc.mode = MatchMode::Prefix;
            } else {
                fail(e[1].value, mp, fmt::format("unknown mode '{}'; use exact or prefix", escaped(mode)));
            }
        }
        if (e[2].given()) {
            const Path sp = p.child("sub-options");
            const NodeRef subs = e[2].value;
            if (!subs.isSequence()) failType(subs, sp, "a list of sub-options");
            if (subs.size() == 0) {
                fail(subs, sp, "an empty list; omit `sub-options` to send the MS-UC-Client option 43");
            }
            std::vector<wire::SubOption> list;
            std::array<NodeRef, 256> codes{};
            for (std::size_t j = 0; j < subs.size(); ++j) {
                wire::SubOption sub = loadSubOption(subs.item(j), sp.at(j));
                if (codes[sub.code].valid()) {
                    fail(subs.item(j), sp.at(j),
                         fmt::format("sub-option {} is given twice (first at line {})", sub.code,
                                     codes[sub.code].position().line));
                }
                codes[sub.code] = subs.item(j);
                list.push_back(std::move(sub));
            }
            vc.subOptions = std::move(list);
        }
        const std::string key = std::string(vc.mode == MatchMode::Exact ? "exact:" : "prefix:") + vc.match;
        const auto [it, inserted] = seen.emplace(key, item);
        if (!inserted) {
            fail(e[0].value, p.child("match"),
                 fmt::format("vendor class '{}' ({}) is listed twice (first at line {})", escaped(vc.match),
                             vc.mode == MatchMode::Exact ? "exact" : "prefix", it->second.position().line));
        }
        config.vendorClasses.push_back(std::move(vc));
    }
}

wire::SubOption Loader::loadSubOption(NodeRef node, const Path& path) const {
    std::array<Entry, detail::kSubOptionKeys.size()> e{};
    readKeys(node, path, detail::kSubOptionKeys, e, Level::SubOption,
             "a sub-option (a mapping like `{ code: 10, u16: 100 }`)");
    wire::SubOption sub;
    if (!e[0].given()) fail(node, path.child("code"), "a sub-option needs `code:` (1..254)");
    // 0 (pad) and 255 (end) structure the sub-option list itself (RFC 2132 §8.4).
    sub.code = static_cast<std::uint8_t>(integer(e[0].value, path.child("code"), "sub-option code", 1, 254));
    std::size_t valueKey = 0;
    for (std::size_t k = 1; k < e.size(); ++k) {
        if (!e[k].given()) continue;
        if (valueKey != 0) {
            // Blame the one written later.
            const auto before = [](NodeRef a, NodeRef b) {
                return std::pair(a.position().line, a.position().column) <
                       std::pair(b.position().line, b.position().column);
            };
            const std::size_t first = before(e[valueKey].key, e[k].key) ? valueKey : k;
            const std::size_t second = first == k ? valueKey : k;
            fail(e[second].key, path.child(detail::kSubOptionKeys[second]),
                 fmt::format("a sub-option has exactly one value, but both '{}' and '{}' are given",
                             detail::kSubOptionKeys[first], detail::kSubOptionKeys[second]));
        }
        valueKey = k;
    }
    if (valueKey == 0) {
        fail(node, path, "a sub-option needs one value: string, hex, u8, u16, u32 or ipv4");
    }
    const NodeRef v = e[valueKey].value;
    const Path vp = path.child(detail::kSubOptionKeys[valueKey]);
    switch (valueKey) {
        case 1: sub.data = wire::toBytes(scalar(v, vp, "a text value")); break;
        case 2:
            try {
                sub.data = wire::readPastedHex(scalar(v, vp, "hex bytes")).bytes;  // docs/design.md §12
            } catch (const wire::InputError& err) {
                failInput(v, vp, "hex", err);
            }
            break;
        case 3: sub.data = {static_cast<std::uint8_t>(integer(v, vp, "u8 value", 0, 0xFF))}; break;
        case 4: {
            const auto x = integer(v, vp, "u16 value", 0, 0xFFFF);
            sub.data = {static_cast<std::uint8_t>(x >> 8), static_cast<std::uint8_t>(x)};
            break;
        }
        case 5: {
            const auto x = integer(v, vp, "u32 value", 0, 0xFFFFFFFF);
            sub.data = {static_cast<std::uint8_t>(x >> 24), static_cast<std::uint8_t>(x >> 16),
                        static_cast<std::uint8_t>(x >> 8), static_cast<std::uint8_t>(x)};
            break;
        }
        default: {
            const auto b = ipv4(v, vp, "IPv4 address").bytes();
            sub.data.assign(b.begin(), b.end());
            break;
        }
    }
    if (sub.data.size() > wire::kMaxOptionData) {
        fail(v, vp, fmt::format("{} bytes; a sub-option holds at most 255 (RFC 2132 §8.4)", sub.data.size()));
    }
    return sub;
}

// ---- profiles ----

void Loader::loadSipServers(NodeRef node, const Path& path, wire::UcSettings& uc) const {
    NodeRef firstName, firstAddress;
    forEachItem(node, path, "a list of SIP server FQDNs or IPv4 addresses", [&](NodeRef item, const Path& p) {
        const std::string_view text = scalar(item, p, "an FQDN or an IPv4 address");
        // Only digits and dots can only be meant as an address (and a host name's last label
        // is never all-numeric, RFC 1123 §2.1), so "192.0.2.300" is a bad address, not a name.
        const bool address = onlyDigitsAndDots(text);
        if (address) {
            uc.sipAddresses.push_back(ipv4(item, p, "SIP server address").toString());
            if (!firstAddress.valid()) firstAddress = item;
        } else {
            uc.sipServers.push_back(fqdn(item, p, "SIP server FQDN"));
            if (!firstName.valid()) firstName = item;
        }
        if (firstName.valid() && firstAddress.valid()) {
            const NodeRef other = address ? firstName : firstAddress;
            fail(item, p,
                 fmt::format("mixes SIP server names and addresses (first {} at line {}, column {}); "
                             "option 120 carries either FQDNs (enc 0) or IPv4 addresses (enc 1), "
                             "never both (RFC 3361 §3)",
                             address ? "name" : "address", other.position().line, other.position().column));
        }
    });
    if (uc.sipServers.empty() && uc.sipAddresses.empty()) {
        fail(node, path, "needs at least one SIP server (FQDN or IPv4 address)");
    }
}

void Loader::loadRawOptions(NodeRef node, const Path& path, std::vector<wire::Option>& out) const {
    if (!node.isSequence()) failType(node, path, "a list of `{ code: N, hex: \"...\" }` options");
    std::array<NodeRef, 256> seen{};
    for (std::size_t i = 0; i < node.size(); ++i) {
        const NodeRef item = node.item(i);
        const Path p = path.at(i);
        std::array<Entry, detail::kRawOptionKeys.size()> e{};
        readKeys(item, p, detail::kRawOptionKeys, e, Level::RawOption,
                 "an option (a mapping like `{ code: 150, hex: \"C0000205\" }`)");
        if (!e[0].given()) fail(item, p.child("code"), "an option needs `code:` (1..254)");
        if (!e[1].given()) fail(item, p.child("hex"), "an option needs `hex:` (its value as hex bytes)");
        const Path cp = p.child("code");
        const auto code = static_cast<std::uint8_t>(integer(e[0].value, cp, "option code", 0, 255));
        if (const auto why = forbiddenRawCode(code); !why.empty()) {
            fail(e[0].value, cp, fmt::format("option {} cannot be given as a raw option: {}", code, why));
        }
        if (seen[code].valid()) {
            fail(e[0].value, cp,
                 fmt::format("option {} is given twice (first at line {})", code, seen[code].position().line));
        }
        seen[code] = e[0].value;
        wire::Option option{code, {}};
        const Path hp = p.child("hex");
        try {
            // Values over 255 bytes are fine: they go out split (RFC 3396).
            option.data = wire::readPastedHex(scalar(e[1].value, hp, "hex bytes")).bytes;
        } catch (const wire::InputError& err) {
            failInput(e[1].value, hp, "hex", err);
        }
        out.push_back(std::move(option));
    }
}

void Loader::loadProfileKeys(std::span<const Entry> entries, const Path& path, Draft& draft) const {
    Profile& profile = draft.profile;
    wire::UcSettings& uc = profile.uc;
    for (std::size_t k = 0; k < kProfileKeyCount; ++k) {
        if (!entries[k].given()) continue;
        const NodeRef v = entries[k].value;
        draft.given[k] = v;
        const Path p = path.child(detail::kProfileKeys[k]);
        switch (static_cast<ProfileKey>(k)) {
            case detail::kSipServers: loadSipServers(v, p, uc); break;
            case detail::kWebServer:
                // "" says: no web server of its own, use the first SIP server FQDN (also in a
                // site whose `default` names one).
                uc.webServer = scalar(v, p, "a web server FQDN").empty() ? std::string()
                                                                         : fqdn(v, p, "web server FQDN");
                break;
            case detail::kPort: uc.port = static_cast<std::uint16_t>(integer(v, p, "port", 1, 65535)); break;
            case detail::kScheme: {
                const std::string_view text = scalar(v, p, "a URL scheme (https)");
                if (text.empty()) fail(v, p, "the URL scheme is empty; phones use https");
                // RFC 3986 §3.1: ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ), written in lower case.
                for (std::size_t i = 0; i < text.size(); ++i) {
                    const char c = text[i];
                    const bool ok = (c >= 'a' && c <= 'z') ||
                                    (i > 0 && ((c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.'));
                    if (!ok) {
                        failAtCharacter(v, i, p,
                                        fmt::format("bad URL scheme '{}': use lower-case letters (then digits, "
                                                    "'+', '-', '.'), like https",
                                                    escaped(text)));
                    }
                }
                uc.scheme = std::string(text);
                break;
            }
            case detail::kPath: {
                const std::string_view text = scalar(v, p, "a URL path starting with '/'");
                if (text.empty() || text[0] != '/') {
                    fail(v, p,
                         fmt::format("path '{}' must start with '/' (the phone appends it to "
                                     "scheme://web-server:port)",
                                     escaped(text)));
                }
                for (std::size_t i = 0; i < text.size(); ++i) {
                    const auto c = static_cast<unsigned char>(text[i]);
                    if (c <= 0x20 || c >= 0x7F) {
                        failAtCharacter(v, i, p,
                                        fmt::format("path '{}' has a space or a character that is not "
                                                    "printable ASCII (percent-encode it)",
                                                    escaped(text)));
                    }
                }
                if (text.size() > wire::kMaxOptionData) {
                    fail(v, p, fmt::format("path is {} bytes; sub-option 5 holds at most 255", text.size()));
                }
                uc.path = std::string(text);
                break;
            }
            case detail::kTimeServers: profile.timeServers = ipv4List(v, p); break;
            case detail::kNtpServers: profile.ntpServers = ipv4List(v, p); break;
            case detail::kDnsServers: profile.dnsServers = ipv4List(v, p); break;
            case detail::kDomainName:
                profile.domainName =
                    scalar(v, p, "a domain name").empty() ? std::string() : fqdn(v, p, "domain name");
                break;
            case detail::kDomainSearch:
                forEachItem(v, p, "a list of domain names", [&](NodeRef item, const Path& ip) {
                    profile.domainSearch.push_back(fqdn(item, ip, "domain name"));
                });
                break;
            case detail::kRawOptions: loadRawOptions(v, p, profile.rawOptions); break;
            case detail::kAlwaysSend: {
                std::array<NodeRef, 256> seen{};
                forEachItem(v, p, "a list of option codes", [&](NodeRef item, const Path& ip) {
                    const auto code = static_cast<std::uint8_t>(integer(item, ip, "option code", 1, 254));
                    if (seen[code].valid()) {
                        fail(item, ip,
                             fmt::format("option {} is listed twice (first at line {}, column {})", code,
                                         seen[code].position().line, seen[code].position().column));
                    }
                    seen[code] = item;
                    profile.alwaysSend.push_back(code);
                });
                break;
            }
            case detail::kProfileKeyCount: break;
        }
    }
}

bool hasOption(const Profile& profile, std::uint8_t code) {
    switch (code) {
        case wire::opt::SipServers:
        case wire::opt::VendorSpecific: return true;
        case wire::opt::TimeServer: return !profile.timeServers.empty();
        case wire::opt::DnsServer: return !profile.dnsServers.empty();
        case wire::opt::DomainName: return !profile.domainName.empty();
        case wire::opt::NtpServer: return !profile.ntpServers.empty();
        case wire::opt::DomainSearch: return !profile.domainSearch.empty();
        default:
            return std::any_of(profile.rawOptions.begin(), profile.rawOptions.end(),
                               [code](const wire::Option& o) { return o.code == code; });
    }
}

// Checks that need the whole (merged) profile.
void Loader::finishProfile(Profile& profile, const std::array<Origin, kProfileKeyCount>& origins,
                           NodeRef profileNode, const Path& path) const {
    const bool isSite = !profile.subnets.empty();
    const Path defaultPath{nullptr, "default"};
    // Where a key's value was written: in this profile, or in `default` for a site.
    const auto keyPath = [&](std::size_t k) {
        return (origins[k].inherited ? defaultPath : path).child(detail::kProfileKeys[k]);
    };
    const auto inheritedNote = [&](std::size_t k) {
        return origins[k].inherited && isSite ? fmt::format(" (inherited by site '{}')", escaped(profile.name))
                                              : std::string();
    };
    const auto& uc = profile.uc;
    if (uc.sipServers.empty() && uc.sipAddresses.empty()) {
        fail(profileNode, path,
             isSite ? "no sip-servers: give them in this site or in `default`"
                    : "no sip-servers: every profile needs them");
    }
    if (uc.sipServers.empty() && uc.webServer.empty()) {
        const auto k = detail::kSipServers;
        fail(origins[k].node, keyPath(k),
             "the SIP servers are IPv4 addresses, so `web-server:` is needed: a phone builds its "
             "certificate URL from a web server FQDN" +
                 inheritedNote(k));
    }
    for (std::size_t i = 0; i < profile.alwaysSend.size(); ++i) {
        const std::uint8_t code = profile.alwaysSend[i];
        if (hasOption(profile, code)) continue;
        const auto k = detail::kAlwaysSend;
        const NodeRef list = origins[k].node;
        const NodeRef item = list.isSequence() ? list.item(i) : list;
        const Path base = keyPath(k);
        fail(item, list.isSequence() ? base.at(i) : base,
             fmt::format("always-send lists option {}, but this profile has no option {}{}{}", code, code,
                         code == wire::opt::MessageType || code == wire::opt::ServerId
                             ? " (53 and 54 are always sent anyway)"
                             : "",
                         inheritedNote(k)));
    }
    // The field names encodeUc reports (wire/option43.hpp) map back onto our keys; a Config that
    // loads must encode.
    try {
        (void)wire::encodeUc(uc);
    } catch (const wire::InputError& e) {
        std::size_t k = kProfileKeyCount;
        const std::string& field = e.field();
        if (field == "SIP server FQDN" || field == "SIP server address") k = detail::kSipServers;
        if (field == "web server FQDN") k = origins[detail::kWebServer].node.valid() ? detail::kWebServer
                                                                                     : detail::kSipServers;
        if (field == "port") k = detail::kPort;
        if (field == "URL scheme") k = detail::kScheme;
        if (field == "path") k = detail::kPath;
        if (k == kProfileKeyCount || !origins[k].node.valid()) fail(profileNode, path, e.what());
        fail(origins[k].node, keyPath(k), e.what() + inheritedNote(k));
    }
    std::size_t size = 0;
    try {
        size = detail::worstCaseReplySize(profile, option43_);
    } catch (const wire::InputError& e) {
        fail(profileNode, path, e.what());
    }
    if (size > wire::kMinClientMessage) {
        fail(profileNode, path,
             fmt::format("the largest reply for this profile is {} bytes, {} more than the {} every "
                         "client must accept (a {}-byte datagram, RFC 2131 §2); send fewer or "
                         "shorter options",
                         size, size - wire::kMinClientMessage, wire::kMinClientMessage,
                         wire::kMinClientDatagram));
    }
}

void Loader::loadSites(NodeRef node, const Path& path, const std::optional<Draft>& defaults, Config& config) {
    if (!node.isSequence()) failType(node, path, "a list of sites");
    struct SeenSubnet {
        std::size_t site;
        NodeRef node;
    };
    std::unordered_map<std::uint64_t, SeenSubnet> subnets;
    std::unordered_map<std::string_view, NodeRef> names;
    subnets.reserve(node.size() * 2);
    names.reserve(node.size());
    config.sites.reserve(node.size());
    for (std::size_t i = 0; i < node.size(); ++i) {
        const Path p = path.at(i);
        const NodeRef siteNode = node.item(i);
        std::array<Entry, detail::kSiteKeys.size()> e{};
        readKeys(siteNode, p, detail::kSiteKeys, e, Level::Site,
                 "a site (a mapping with `name:`, `subnets:` and profile keys)");
        if (!e[0].given()) fail(siteNode, p.child("name"), "a site needs `name:`");
        const Path np = p.child("name");
        const NodeRef nameNode = e[0].value;
        std::string name = printable(nameNode, np, "site name", 255);
        if (name == "default") {
            fail(nameNode, np, "'default' is the default profile's name; give the site another name");
        }
        if (const auto [it, inserted] = names.emplace(nameNode.scalar(), nameNode); !inserted) {
            fail(nameNode, np,
                 fmt::format("site name '{}' is used twice (first at line {})", escaped(name),
                             it->second.position().line));
        }
        if (!e[1].given()) fail(siteNode, p.child("subnets"), "a site needs `subnets:` (a list of CIDR prefixes)");

        Draft draft;
        const std::span<const Entry> profileEntries(e.data() + 2, kProfileKeyCount);
        loadProfileKeys(profileEntries, p, draft);
        Profile& profile = draft.profile;
        profile.name = std::move(name);

        const Path sp = p.child("subnets");
        forEachItem(e[1].value, sp, "a list of subnets (CIDR, like 198.51.100.0/24)", [&](NodeRef item, const Path& ip) {
            const std::string_view text = scalar(item, ip, "a subnet (CIDR, like 198.51.100.0/24)");
            wire::Cidr cidr;
            try {
                cidr = wire::Cidr::parse(text);
            } catch (const wire::InputError& err) {
                failInput(item, ip, "subnet", err);
            }
            const std::uint64_t key = (std::uint64_t{cidr.network.value} << 8) | cidr.length;
            const auto [it, inserted] = subnets.emplace(key, SeenSubnet{i, item});
            if (!inserted) {
                const auto first = it->second;
                const std::string firstName = first.site == i ? profile.name : config.sites[first.site].name;
                fail(item, ip,
                     first.site == i
                         ? fmt::format("subnet {} is listed twice in site '{}' (first at line {})",
                                       cidr.toString(), escaped(firstName), first.node.position().line)
                         : fmt::format("subnet {} of site '{}' is already in site '{}' (sites[{}], line {}); "
                                       "a subnet belongs to one site",
                                       cidr.toString(), escaped(profile.name), escaped(firstName),
                                       first.site, first.node.position().line));
            }
            profile.subnets.push_back(cidr);
        });
        if (profile.subnets.empty()) fail(e[1].value, sp, "a site needs at least one subnet");

        std::array<Origin, kProfileKeyCount> origins{};
        for (std::size_t k = 0; k < kProfileKeyCount; ++k) {
            if (draft.given[k].valid() || !defaults || !defaults->given[k].valid()) {
                origins[k] = Origin{draft.given[k], false};
                continue;
            }
            origins[k] = Origin{defaults->given[k], true};
            const Profile& from = defaults->profile;
            switch (static_cast<ProfileKey>(k)) {
                case detail::kSipServers:
                    profile.uc.sipServers = from.uc.sipServers;
                    profile.uc.sipAddresses = from.uc.sipAddresses;
                    break;
                case detail::kWebServer: profile.uc.webServer = from.uc.webServer; break;
                case detail::kPort: profile.uc.port = from.uc.port; break;
                case detail::kScheme: profile.uc.scheme = from.uc.scheme; break;
                case detail::kPath: profile.uc.path = from.uc.path; break;
                case detail::kTimeServers: profile.timeServers = from.timeServers; break;
                case detail::kNtpServers: profile.ntpServers = from.ntpServers; break;
                case detail::kDnsServers: profile.dnsServers = from.dnsServers; break;
                case detail::kDomainName: profile.domainName = from.domainName; break;
                case detail::kDomainSearch: profile.domainSearch = from.domainSearch; break;
                case detail::kRawOptions: profile.rawOptions = from.rawOptions; break;
                case detail::kAlwaysSend: profile.alwaysSend = from.alwaysSend; break;
                case detail::kProfileKeyCount: break;
            }
        }
        finishProfile(profile, origins, siteNode, p);
        config.sites.push_back(std::move(profile));
    }
}

}  // namespace

Config loadConfigText(std::string_view yaml, std::string_view sourceName) {
    const std::string source(sourceName);
    const detail::YamlTree tree = detail::YamlTree::parse(yaml, source);
    Loader loader(tree, source);
    return loader.load();
}

}  // namespace dhcplite::config
