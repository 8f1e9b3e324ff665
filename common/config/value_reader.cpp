// The readers every section shares: key paths, keys by name with their unknown-key hints, and
// scalars, numbers, names and addresses checked with one-line errors (docs/design.md §6).
#include "config/value_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <utility>

#include "config/config.hpp"
#include "config/sections.hpp"
#include "util/text.hpp"
#include "wire/dns_name.hpp"
#include "wire/hex.hpp"

namespace dhcplite::config::detail {

namespace {

// "an IPv4 address", "a domain name": for "expected ..." messages.
std::string withArticle(std::string_view noun) {
    const bool vowel =
        !noun.empty() && std::string_view("aeiouAEIOU").find(noun[0]) != std::string_view::npos;
    return fmt::format("{} {}", vowel ? "an" : "a", noun);
}

std::size_t editDistance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            row[j] =
                std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0U : 1U)});
            diagonal = above;
        }
    }
    return row[b.size()];
}

// The closest name, if it is close enough to be a typo (case and '_' for '-' do not count).
std::optional<std::string_view> closest(std::string_view typed,
                                        std::span<const std::string_view> names) {
    const std::string t = normalKey(typed);
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

bool contains(std::span<const std::string_view> names, std::string_view name) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

std::string escaped(std::string_view text) { return wire::escapeForDisplay(text); }

std::string normalKey(std::string_view text) {
    std::string out = util::asciiLower(text);
    std::replace(out.begin(), out.end(), '_', '-');
    return out;
}

std::string didYouMean(std::string_view typed, std::span<const std::string_view> names) {
    if (const auto c = closest(typed, names)) return fmt::format("; did you mean '{}'?", *c);
    return {};
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
    return !text.empty() && std::all_of(text.begin(), text.end(),
                                        [](char c) { return (c >= '0' && c <= '9') || c == '.'; });
}

std::string Path::str() const {
    std::string out = parent != nullptr ? parent->str() : std::string();
    if (index != kNoIndex) {
        out += fmt::format("[{}]", index);
    } else if (!key.empty()) {
        if (!out.empty()) out += '.';
        out += escaped(key);  // an unknown key is the admin's text: keep the message one line
    }
    return out;
}

Keys::Keys(std::span<const std::string_view> names) : names_(names) {
    if (names.size() > kMaxKeys)
        throw std::logic_error("config: a section with more keys than Keys holds");
}

std::size_t Keys::indexOf(std::string_view name) const {
    const auto it = std::find(names_.begin(), names_.end(), name);
    if (it == names_.end())
        throw std::logic_error(fmt::format("config: no key '{}' in this section", name));
    return static_cast<std::size_t>(it - names_.begin());
}

// ---- errors ----

void ValueReader::fail(NodeRef at, const Path& path, std::string reason) const {
    const SourcePosition pos = at.valid() ? at.position() : SourcePosition{};
    throw ConfigError(source_, pos.line, pos.column, path.str(), std::move(reason));
}

void ValueReader::failAtCharacter(NodeRef at, std::size_t index, const Path& path,
                                  std::string reason) const {
    SourcePosition pos = at.positionOfCharacter(index);
    if (pos.line == 0) {
        pos = at.position();
        reason += fmt::format(" (character {} of the value)", index + 1);
    }
    throw ConfigError(source_, pos.line, pos.column, path.str(), std::move(reason));
}

void ValueReader::failInput(NodeRef at, const Path& path, std::string_view what,
                            const wire::InputError& e) const {
    failAtCharacter(at, e.position(), path,
                    fmt::format("bad {} '{}': {}", what, escaped(e.value()), e.reason()));
}

void ValueReader::failType(NodeRef at, const Path& path, std::string_view expected) const {
    fail(at, path, fmt::format("expected {}, got {}", expected, describe(at)));
}

// ---- shapes ----

Keys ValueReader::readKeys(NodeRef map, const Path& path, std::span<const std::string_view> names,
                           Level level, std::string_view expected) const {
    Keys out(names);
    if (!map.isMapping()) failType(map, path, expected);
    for (std::size_t i = 0; i < map.size(); ++i) {
        const NodeRef key = map.key(i);
        if (!key.isScalar()) fail(key, path, "a key must be plain text, not " + describe(key));
        const std::string_view name = key.scalar();
        const auto it = std::find(names.begin(), names.end(), name);
        if (it == names.end()) {
            fail(key, path.child(name),
                 fmt::format("unknown key '{}'{}", escaped(name),
                             unknownKeyHint(name, names, level)));
        }
        Entry& entry = out.slot(static_cast<std::size_t>(it - names.begin()));
        if (entry.given()) {
            const SourcePosition first = entry.key.position();
            fail(key, path.child(name),
                 fmt::format("duplicate key '{}' (first at line {}, column {})", name, first.line,
                             first.column));
        }
        entry = Entry{key, map.value(i)};
    }
    return out;
}

std::string ValueReader::unknownKeyHint(std::string_view name,
                                        std::span<const std::string_view> names,
                                        Level level) const {
    std::string hint = didYouMean(name, names);
    if (!hint.empty()) return hint;
    const std::string normal = normalKey(name);
    switch (level) {
    case Level::Top:
        if (contains(profileKeyNames(), normal)) {
            return "; profile keys go under `default:` or in a site under `sites:`";
        }
        if (contains(listenKeyNames(), normal)) return "; it goes under `listen:`";
        if (contains(rateLimitKeyNames(), normal)) return "; it goes under `rate-limit:`";
        break;
    case Level::Default:
        if (normal == "name" || normal == "subnets") {
            return "; only sites have it (the default profile serves every phone no site matches)";
        }
        break;
    case Level::VendorClass:
        if (contains(subOptionKeyNames(), normal))
            return "; sub-option values go in a `sub-options:` list";
        break;
    default: break;
    }
    return fmt::format(" (expected one of: {})", fmt::join(names, ", "));
}

std::uint64_t ValueReader::integer(NodeRef node, const Path& path, std::string_view what,
                                   std::uint64_t min, std::uint64_t max) const {
    const std::string expected = fmt::format("{} (a number {}..{})", what, min, max);
    const std::string_view text = scalar(node, path, expected);
    std::uint64_t value = 0;
    bool ok = !text.empty();
    bool overflow = false;
    if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'X')) {
        for (const char c : text.substr(2)) {
            const int v = std::isxdigit(static_cast<unsigned char>(c)) == 0 ? -1
                          : c <= '9'                                        ? c - '0'
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
            fail(
                node, path,
                fmt::format("{} '{}' has a leading zero (octal or decimal?)", what, escaped(text)));
        }
    }
    if (!ok) failType(node, path, expected);
    if (overflow || value < min || value > max) {
        fail(node, path,
             fmt::format("{} {} is out of range {}..{}", what, escaped(text), min, max));
    }
    return value;
}

bool ValueReader::boolean(NodeRef node, const Path& path) const {
    const std::string_view text = scalar(node, path, "true or false");
    if (text == "true" || text == "True" || text == "TRUE") return true;
    if (text == "false" || text == "False" || text == "FALSE") return false;
    fail(node, path, fmt::format("expected true or false, got {}", describe(node)));
}

std::string ValueReader::fqdn(NodeRef node, const Path& path, std::string_view what) const {
    const std::string_view text = scalar(node, path, withArticle(what));
    // RFC 1123 §2.1: a host name never looks like dotted decimal. An address here is a mistake
    // (a phone checks the web server's certificate against the name, for one).
    if (onlyDigitsAndDots(text)) {
        fail(node, path,
             fmt::format("{} '{}' looks like an IPv4 address; give a name", what, escaped(text)));
    }
    try {
        wire::validateFqdn(text);
    } catch (const wire::InputError& e) {
        failInput(node, path, what, e);
    }
    return std::string(text);
}

wire::Ipv4 ValueReader::ipv4(NodeRef node, const Path& path, std::string_view what) const {
    const std::string_view text = scalar(node, path, withArticle(what));
    try {
        return wire::Ipv4::parse(text);
    } catch (const wire::InputError& e) {
        failInput(node, path, what, e);
    }
}

std::vector<wire::Ipv4> ValueReader::ipv4List(NodeRef node, const Path& path) const {
    std::vector<wire::Ipv4> out;
    forEachItem(node, path, "a list of IPv4 addresses",
                [&](NodeRef item, const Path& p) { out.push_back(ipv4(item, p, "IPv4 address")); });
    return out;
}

// Text that ends up in logs and option bytes: printable ASCII only, so nothing invisible or
// terminal-controlling hides in it.
std::string ValueReader::printable(NodeRef node, const Path& path, std::string_view what,
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
        fail(node, path,
             fmt::format("{} is {} bytes long, more than {}", what, text.size(), maxSize));
    }
    return std::string(text);
}

// User and group names as useradd(8) accepts them portably: letters, digits, '.', '_', '-', not
// starting with '-', an optional trailing '$'; at most 32 characters.
std::string ValueReader::accountName(NodeRef node, const Path& path, std::string_view what) const {
    const std::string text = printable(node, path, what, 32);
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const bool ok = std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '.' || c == '_' ||
                        (c == '-' && i > 0) || (c == '$' && i + 1 == text.size() && i > 0);
        if (!ok) {
            failAtCharacter(
                node, i, path,
                fmt::format("{} '{}': '{}' is not allowed (letters, digits, '.', '_', '-')", what,
                            escaped(text), escaped(std::string_view(&text[i], 1))));
        }
    }
    return text;
}

}  // namespace dhcplite::config::detail
