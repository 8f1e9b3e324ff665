#pragma once
// Internal to the config library: what every section loader shares — the key path of an error,
// a section's keys read by name, and the readers of values that fail with file:line:column, the
// key path and a one-line reason (docs/design.md §6). The sections' own key tables are in
// sections.hpp and profile_keys.hpp.
#include <array>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "config/yaml_tree.hpp"
#include "wire/address.hpp"
#include "wire/errors.hpp"

namespace dhcplite::config::detail {

inline constexpr std::size_t kNoIndex = std::numeric_limits<std::size_t>::max();

std::string escaped(std::string_view text);  // untrusted text, one line
std::string describe(NodeRef node);          // "a list", "'text'": for "got ..."
bool onlyDigitsAndDots(std::string_view text);
// "; did you mean 'x'?" when `typed` is close to one of `names` (case and '_' for '-' do not
// count), else "".
std::string didYouMean(std::string_view typed, std::span<const std::string_view> names);
// Lower case with '_' as '-': how an unknown key is compared with the schema's names.
std::string normalKey(std::string_view text);

// A key path built on the stack as the walk descends ("sites[3].subnets[0]"); turned into text
// only for an error.
struct Path {
    const Path* parent = nullptr;
    std::string_view key;
    std::size_t index = kNoIndex;

    Path child(std::string_view name) const { return Path{this, name, kNoIndex}; }
    Path at(std::size_t i) const { return Path{this, {}, i}; }
    std::string str() const;
};

struct Entry {
    NodeRef key;
    NodeRef value;
    bool given() const noexcept { return key.valid(); }
};

// The keys written in one mapping, looked up by name. Asking for a name the section does not
// have is a bug in the loader (std::logic_error), never a user error.
class Keys {
public:
    static constexpr std::size_t kMaxKeys = 32;

    explicit Keys(std::span<const std::string_view> names);
    const Entry& operator[](std::string_view name) const { return entries_[indexOf(name)]; }
    // The entry of names[i], for walking a key table in its own order.
    const Entry& at(std::size_t i) const { return entries_[i]; }
    Entry& slot(std::size_t i) { return entries_[i]; }
    std::span<const std::string_view> names() const noexcept { return names_; }

private:
    std::size_t indexOf(std::string_view name) const;

    std::span<const std::string_view> names_;
    std::array<Entry, kMaxKeys> entries_{};
};

// Where a map sits in the schema, for the hints an unknown key gets.
enum class Level { Top, Listen, RateLimit, Default, Site, VendorClass, SubOption, RawOption };

class ValueReader {
public:
    explicit ValueReader(std::string source) : source_(std::move(source)) {}
    const std::string& source() const noexcept { return source_; }

    // ---- errors ----
    [[noreturn]] void fail(NodeRef at, const Path& path, std::string reason) const;
    // At character `index` of a scalar, or at the value with "(character N of the value)".
    [[noreturn]] void failAtCharacter(NodeRef at, std::size_t index, const Path& path,
                                      std::string reason) const;
    [[noreturn]] void failInput(NodeRef at, const Path& path, std::string_view what,
                                const wire::InputError& e) const;
    [[noreturn]] void failType(NodeRef at, const Path& path, std::string_view expected) const;

    // ---- shapes ----
    // A mapping whose keys must be among `names`: unknown keys (with a hint) and duplicates fail.
    Keys readKeys(NodeRef map, const Path& path, std::span<const std::string_view> names,
                  Level level, std::string_view expected) const;
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
    std::string printable(NodeRef node, const Path& path, std::string_view what,
                          std::size_t maxSize) const;
    std::string accountName(NodeRef node, const Path& path, std::string_view what) const;

private:
    std::string unknownKeyHint(std::string_view name, std::span<const std::string_view> names,
                               Level level) const;

    std::string source_;
};

// One key of a section: its name and how its value is read into the section's value `T`.
template <class T>
struct KeyRow {
    std::string_view name;
    void (*read)(const ValueReader& reader, NodeRef value, const Path& path, T& out);
};

// The names of a key table, in its order (the order of "expected one of" hints).
template <class Row, std::size_t N>
constexpr std::array<std::string_view, N> namesOf(const std::array<Row, N>& rows) {
    std::array<std::string_view, N> names{};
    for (std::size_t i = 0; i < N; ++i) names[i] = rows[i].name;
    return names;
}

// Runs the parser of every key written, in the table's order. `keys` was read with
// namesOf(rows), so entry i belongs to row i. Rows without a parser are the caller's.
template <class T, std::size_t N>
void readRows(const ValueReader& reader, const std::array<KeyRow<T>, N>& rows, const Keys& keys,
              const Path& path, T& out) {
    for (std::size_t i = 0; i < N; ++i) {
        if (rows[i].read != nullptr && keys.at(i).given()) {
            rows[i].read(reader, keys.at(i).value, path.child(rows[i].name), out);
        }
    }
}

}  // namespace dhcplite::config::detail
