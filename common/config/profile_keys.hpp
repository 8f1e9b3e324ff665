#pragma once
// Internal to the config library: the profile keys (`default:` and each site) as one table.
// A row is everything the library knows about a key — its name, its parser, its inheritance rule
// and how the writer compares and writes it — so adding a profile key is one row here plus its
// field in config::Profile (docs/design.md §8).
#include <array>
#include <cstddef>
#include <span>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "config/value_reader.hpp"

namespace dhcplite::config::detail {

struct ProfileKey {
    std::string_view name;
    // The parser: the key's value into the profile.
    void (*read)(const ValueReader& reader, NodeRef value, const Path& path, Profile& profile);
    // The inheritance rule: what a site that leaves the key out takes from `default`.
    void (*inherit)(Profile& site, const Profile& from);
    // The writer: whether two profiles agree on the key (a site writes only what differs from
    // what it would inherit), and the text after "name:" (" value", or "\n" lines for a list of
    // mappings, each starting with `indent`).
    bool (*same)(const Profile& a, const Profile& b);
    std::string (*write)(const Profile& profile, const std::string& indent);
    std::string_view comment;  // the writer's comment in `default:`
    // The MS-UC-Client keys: written in `default:` even when unchanged, so an admin sees every
    // value the phones get; unsetNote (if any) replaces the line when the key is not set.
    bool alwaysWritten = false;
    std::string_view unsetNote;
};

// In the order the writer emits them and unknown-key hints list them.
std::span<const ProfileKey> profileKeys();
// The row of `name`; std::logic_error when there is none (a bug, not a user error).
std::size_t profileKeyIndex(std::string_view name);

// Something per profile key (the value node where a key was written), indexed like profileKeys().
inline constexpr std::size_t kMaxProfileKeys = 24;
using ProfileNodes = std::array<NodeRef, kMaxProfileKeys>;

}  // namespace dhcplite::config::detail
