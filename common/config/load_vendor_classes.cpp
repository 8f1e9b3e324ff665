// `vendor-classes:`: which option 60 values are answered, and with which option 43. Two key
// tables: a class's keys, and the typed values a sub-option may have.
// Schema reference: docs/configuration.md "vendor-classes".
#include <fmt/format.h>

#include <string>
#include <unordered_map>
#include <utility>

#include "config/sections.hpp"
#include "wire/hex.hpp"
#include "wire/pasted_hex.hpp"

namespace dhcplite::config::detail {

namespace {

// ---- a sub-option's value: exactly one of these keys, beside `code` ----

struct ValueKind {
    std::string_view name;
    wire::Bytes (*read)(const ValueReader& reader, NodeRef value, const Path& path);
};

wire::Bytes bigEndian(std::uint64_t x, std::size_t size) {
    wire::Bytes out(size);
    for (std::size_t i = 0; i < size; ++i)
        out[i] = static_cast<std::uint8_t>(x >> (8 * (size - 1 - i)));
    return out;
}

constexpr std::array<ValueKind, 6> kValueKinds{{
    {"string", [](const ValueReader& r, NodeRef v,
                  const Path& p) { return wire::toBytes(r.scalar(v, p, "a text value")); }},
    {"hex",
     [](const ValueReader& r, NodeRef v, const Path& p) {
         try {
             return wire::readPastedHex(r.scalar(v, p, "hex bytes")).bytes;  // docs/design.md §12
         } catch (const wire::InputError& err) {
             r.failInput(v, p, "hex", err);
         }
     }},
    {"u8", [](const ValueReader& r, NodeRef v,
              const Path& p) { return bigEndian(r.integer(v, p, "u8 value", 0, 0xFF), 1); }},
    {"u16", [](const ValueReader& r, NodeRef v,
               const Path& p) { return bigEndian(r.integer(v, p, "u16 value", 0, 0xFFFF), 2); }},
    {"u32",
     [](const ValueReader& r, NodeRef v, const Path& p) {
         return bigEndian(r.integer(v, p, "u32 value", 0, 0xFFFFFFFF), 4);
     }},
    {"ipv4",
     [](const ValueReader& r, NodeRef v, const Path& p) {
         const auto b = r.ipv4(v, p, "IPv4 address").bytes();
         return wire::Bytes(b.begin(), b.end());
     }},
}};

// A sub-option's keys: `code`, then the value kinds.
constexpr auto kSubOptionKeyNames = [] {
    std::array<std::string_view, kValueKinds.size() + 1> names{"code"};
    for (std::size_t i = 0; i < kValueKinds.size(); ++i) names[i + 1] = kValueKinds[i].name;
    return names;
}();

wire::SubOption loadSubOption(const ValueReader& r, NodeRef node, const Path& path) {
    const Keys e = r.readKeys(node, path, kSubOptionKeyNames, Level::SubOption,
                              "a sub-option (a mapping like `{ code: 10, u16: 100 }`)");
    wire::SubOption sub;
    if (!e["code"].given()) r.fail(node, path.child("code"), "a sub-option needs `code:` (1..254)");
    // 0 (pad) and 255 (end) structure the sub-option list itself (RFC 2132 §8.4).
    sub.code = static_cast<std::uint8_t>(
        r.integer(e["code"].value, path.child("code"), "sub-option code", 1, 254));
    // Entry k + 1 of `e` is kValueKinds[k] (kSubOptionKeyNames is built that way).
    std::optional<std::size_t> kind;
    for (std::size_t k = 0; k < kValueKinds.size(); ++k) {
        const Entry& entry = e.at(k + 1);
        if (!entry.given()) continue;
        if (kind) {
            // Blame the one written later.
            const auto before = [](NodeRef a, NodeRef b) {
                return std::pair(a.position().line, a.position().column) <
                       std::pair(b.position().line, b.position().column);
            };
            const std::size_t first = before(e.at(*kind + 1).key, entry.key) ? *kind : k;
            const std::size_t second = first == k ? *kind : k;
            r.fail(
                e.at(second + 1).key, path.child(kValueKinds[second].name),
                fmt::format("a sub-option has exactly one value, but both '{}' and '{}' are given",
                            kValueKinds[first].name, kValueKinds[second].name));
        }
        kind = k;
    }
    if (!kind)
        r.fail(node, path, "a sub-option needs one value: string, hex, u8, u16, u32 or ipv4");
    const NodeRef v = e.at(*kind + 1).value;
    const Path vp = path.child(kValueKinds[*kind].name);
    sub.data = kValueKinds[*kind].read(r, v, vp);
    if (sub.data.size() > wire::kMaxOptionData) {
        r.fail(v, vp,
               fmt::format("{} bytes; a sub-option holds at most 255 (RFC 2132 §8.4)",
                           sub.data.size()));
    }
    return sub;
}

// ---- a vendor class ----

void readMatch(const ValueReader& r, NodeRef v, const Path& p, VendorClass& vc) {
    // Option 60 as phones send it; one option instance holds 255 bytes (RFC 2132 §9.13).
    vc.match = r.printable(v, p, "vendor class", wire::kMaxOptionData);
}

void readMode(const ValueReader& r, NodeRef v, const Path& p, VendorClass& vc) {
    const std::string_view mode = r.scalar(v, p, "exact or prefix");
    if (mode == "exact") {
        vc.mode = MatchMode::Exact;
    } else if (mode == "prefix") {
        vc.mode = MatchMode::Prefix;
    } else {
        r.fail(v, p, fmt::format("unknown mode '{}'; use exact or prefix", escaped(mode)));
    }
}

void readSubOptions(const ValueReader& r, NodeRef subs, const Path& sp, VendorClass& vc) {
    if (!subs.isSequence()) r.failType(subs, sp, "a list of sub-options");
    if (subs.size() == 0)
        r.fail(subs, sp, "an empty list; omit `sub-options` to send the MS-UC-Client option 43");
    std::vector<wire::SubOption> list;
    std::array<NodeRef, 256> codes{};
    for (std::size_t j = 0; j < subs.size(); ++j) {
        wire::SubOption sub = loadSubOption(r, subs.item(j), sp.at(j));
        if (codes[sub.code].valid()) {
            r.fail(subs.item(j), sp.at(j),
                   fmt::format("sub-option {} is given twice (first at line {})", sub.code,
                               codes[sub.code].position().line));
        }
        codes[sub.code] = subs.item(j);
        list.push_back(std::move(sub));
    }
    vc.subOptions = std::move(list);
}

constexpr std::array<KeyRow<VendorClass>, 3> kVendorClassKeys{{
    {"match", readMatch},
    {"mode", readMode},
    {"sub-options", readSubOptions},
}};
constexpr auto kVendorClassKeyNames = namesOf(kVendorClassKeys);

}  // namespace

std::span<const std::string_view> subOptionKeyNames() { return kSubOptionKeyNames; }

void loadVendorClasses(const ValueReader& reader, NodeRef node, const Path& path, Config& config) {
    if (!node.isSequence()) reader.failType(node, path, "a list of vendor classes");
    if (node.size() == 0) {
        reader.fail(node, path,
                    "an empty list would answer no phone; omit `vendor-classes` for the default "
                    "MS-UC-Client");
    }
    std::unordered_map<std::string, NodeRef> seen;
    for (std::size_t i = 0; i < node.size(); ++i) {
        const Path p = path.at(i);
        const NodeRef item = node.item(i);
        const Keys keys = reader.readKeys(item, p, kVendorClassKeyNames, Level::VendorClass,
                                          "a vendor class (a mapping with `match:`)");
        const Entry& match = keys["match"];
        if (!match.given())
            reader.fail(item, p.child("match"),
                        "a vendor class needs `match:` (the option 60 text)");
        VendorClass vc;
        readRows(reader, kVendorClassKeys, keys, p, vc);
        const std::string key =
            std::string(vc.mode == MatchMode::Exact ? "exact:" : "prefix:") + vc.match;
        const auto [it, inserted] = seen.emplace(key, item);
        if (!inserted) {
            reader.fail(
                match.value, p.child("match"),
                fmt::format("vendor class '{}' ({}) is listed twice (first at line {})",
                            escaped(vc.match), vc.mode == MatchMode::Exact ? "exact" : "prefix",
                            it->second.position().line));
        }
        config.vendorClasses.push_back(std::move(vc));
    }
}

}  // namespace dhcplite::config::detail
