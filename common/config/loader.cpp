// The schema walk: YAML tree → validated Config, every error with file:line:column and key path
// (docs/design.md §4, §6). This file holds the top level; each section has its own file and key
// table (sections.hpp). Schema reference: docs/configuration.md. Work is linear in the file size
// (hash maps for the duplicate checks), so 100,000 sites load in about as long as yaml-cpp takes
// to parse them.
#include <fmt/format.h>

#include <array>
#include <optional>
#include <string>

#include "config/config.hpp"
#include "config/sections.hpp"
#include "config/yaml_tree.hpp"

namespace dhcplite::config {

namespace {

using detail::KeyRow;
using detail::Keys;
using detail::NodeRef;
using detail::Path;
using detail::ValueReader;

void readLogLevel(const ValueReader& r, NodeRef v, const Path& p, Config& config) {
    static constexpr std::array<std::string_view, 4> kLevels = {"error", "warning", "info",
                                                                "debug"};
    const std::string_view text = r.scalar(v, p, "a log level (error, warning, info, debug)");
    const auto level = parseLogLevel(text);
    if (!level) {
        const std::string hint = detail::didYouMean(text, kLevels);
        r.fail(
            v, p,
            fmt::format("unknown log level '{}'{}", detail::escaped(text),
                        hint.empty() ? std::string("; use error, warning, info or debug") : hint));
    }
    config.logLevel = *level;
}

void readUser(const ValueReader& r, NodeRef v, const Path& p, Config& config) {
    config.user = r.accountName(v, p, "user name");
}

void readGroup(const ValueReader& r, NodeRef v, const Path& p, Config& config) {
    config.group = r.accountName(v, p, "group name");
}

void readWorkers(const ValueReader& r, NodeRef v, const Path& p, Config& config) {
    config.workers = static_cast<std::uint32_t>(
        r.integer(v, p, "number of worker threads", 1, detail::kMaxWorkers));
}

// `control-socket` and `metrics-file`: an absolute path, or `off` for none. A Unix socket's
// path must fit sun_path (108 bytes with its NUL, unix(7)).
std::string readPath(const ValueReader& r, NodeRef v, const Path& p, std::string_view what,
                     std::size_t maxSize) {
    const std::string text = r.printable(v, p, what, maxSize);
    if (text == "off") {
        return {};
    }
    if (text.front() != '/' || text.back() == '/') {
        r.fail(v, p,
               fmt::format("{} '{}' is not an absolute file path (or `off`)", what,
                           detail::escaped(text)));
    }
    return text;
}

// The top-level keys. The settings are read in this order; the three sections without a parser
// are read after them by load(), in this order too, because each needs the one before: the
// vendor classes size option 43 for the profiles, and sites inherit from `default`.
constexpr std::array<KeyRow<Config>, 13> kTopKeys{{
    {"log-level", readLogLevel},
    {"user", readUser},
    {"group", readGroup},
    {"run-as-root", [](const ValueReader& r, NodeRef v, const Path& p,
                       Config& c) { c.runAsRoot = r.boolean(v, p); }},
    {"listen", detail::loadListen},
    {"rate-limit", [](const ValueReader& r, NodeRef v, const Path& p,
                      Config& c) { detail::loadRateLimit(r, v, p, c.rateLimit); }},
    {"vendor-classes", nullptr},
    {"default", nullptr},
    {"sites", nullptr},
    {"workers", readWorkers},
    {"control-socket",
     [](const ValueReader& r, NodeRef v, const Path& p, Config& c) {
         c.controlSocket = readPath(r, v, p, "control socket path", 107);
     }},
    {"metrics-file",
     [](const ValueReader& r, NodeRef v, const Path& p, Config& c) {
         c.metricsFile = readPath(r, v, p, "metrics file path", 4000);
     }},
    {"metrics-interval",
     [](const ValueReader& r, NodeRef v, const Path& p, Config& c) {
         c.metricsInterval = static_cast<std::uint32_t>(
             r.integer(v, p, "seconds between metrics file rewrites", 1, 3600));
     }},
}};
constexpr auto kTopKeyNames = detail::namesOf(kTopKeys);

bool isRoot(const std::optional<std::string>& account) {
    return account && (*account == "root" || *account == "0");
}

// What the user and group say together with run-as-root.
void checkAccounts(const ValueReader& r, const Keys& keys, const Path& root, const Config& config) {
    if (isRoot(config.user) && !config.runAsRoot) {
        r.fail(
            keys["user"].value, root.child("user"),
            "running as 'root' keeps every privilege after binding; choose an unprivileged user, "
            "or say `run-as-root: true` to mean it");
    }
    if (isRoot(config.group) && !config.runAsRoot) {
        r.fail(keys["group"].value, root.child("group"),
               "group 'root' keeps root's group privileges after binding; choose an unprivileged "
               "group, or say `run-as-root: true` to mean it");
    }
    if (config.group && !config.user) {
        r.fail(keys["group"].key, root.child("group"),
               "group without user: the daemon changes group only when it drops to `user:` "
               "(give `user:` too, or remove `group:`)");
    }
}

Config load(const detail::YamlTree& tree, const std::string& source) {
    Config config;
    config.sourceName = source;
    if (tree.empty() || tree.root().isNull()) {
        throw ConfigError(source, 0, 0, "",
                          "the configuration is empty; it needs at least a `default:` profile with "
                          "`sip-servers`, or `sites:` (see docs/configuration.md)");
    }
    const ValueReader reader(source);
    const Path root;
    const NodeRef top = tree.root();
    const Keys keys = reader.readKeys(top, root, kTopKeyNames, detail::Level::Top,
                                      "a mapping of settings at the top level");
    detail::readRows(reader, kTopKeys, keys, root, config);
    checkAccounts(reader, keys, root, config);

    if (const auto& e = keys["vendor-classes"]; e.given()) {
        detail::loadVendorClasses(reader, e.value, root.child("vendor-classes"), config);
    } else {
        config.vendorClasses.push_back(
            VendorClass{std::string(wire::msuc::kVendorClass), MatchMode::Exact, {}});
    }
    const detail::Option43Sizes sizes = detail::option43Sizes(config.vendorClasses);
    std::optional<detail::DefaultDraft> defaults;
    if (const auto& e = keys["default"]; e.given()) {
        defaults = detail::loadDefault(reader, e.value, root.child("default"), sizes, config);
    }
    if (const auto& e = keys["sites"]; e.given()) {
        detail::loadSites(reader, e.value, root.child("sites"), defaults, sizes, config);
    }
    if (!config.defaultProfile && config.sites.empty()) {
        reader.fail(
            top, root,
            "nothing to answer: give a `default:` profile (for every phone), `sites:` (phones by "
            "subnet), or both");
    }
    return config;
}

}  // namespace

Config loadConfigText(std::string_view yaml, std::string_view sourceName) {
    const std::string source(sourceName);
    const detail::YamlTree tree = detail::YamlTree::parse(yaml, source);
    return load(tree, source);
}

}  // namespace dhcplite::config
