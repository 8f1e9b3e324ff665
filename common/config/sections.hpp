#pragma once
// Internal to the config library: the section loaders of the schema walk, one file each —
// load_settings.cpp (listen, rate-limit), load_vendor_classes.cpp, load_profiles.cpp (default,
// sites) — called in order by the top-level table in loader.cpp. Each section's keys are a table
// of (name, parser); the names here feed the hints an unknown key gets elsewhere.
#include <optional>
#include <span>
#include <string_view>

#include "config/config.hpp"
#include "config/internal.hpp"
#include "config/profile_keys.hpp"
#include "config/value_reader.hpp"

namespace dhcplite::config::detail {

std::span<const std::string_view> listenKeyNames();
std::span<const std::string_view> rateLimitKeyNames();
std::span<const std::string_view> subOptionKeyNames();
std::span<const std::string_view> profileKeyNames();
std::span<const std::string_view> siteKeyNames();  // name, subnets, then the profile keys

void loadListen(const ValueReader& reader, NodeRef node, const Path& path, Config& config);
void loadRateLimit(const ValueReader& reader, NodeRef node, const Path& path, RateLimit& limit);
void loadVendorClasses(const ValueReader& reader, NodeRef node, const Path& path, Config& config);

// The default profile as written, kept for the sites that inherit from it.
struct DefaultDraft {
    Profile profile;
    ProfileNodes given;  // the value node of each key written
};
// `default:` → config.defaultProfile, checked whole; returns what sites inherit.
DefaultDraft loadDefault(const ValueReader& reader, NodeRef node, const Path& path,
                         const Option43Sizes& sizes, Config& config);
// `sites:` → config.sites, each merged with `defaults` key by key and checked whole.
void loadSites(const ValueReader& reader, NodeRef node, const Path& path,
               const std::optional<DefaultDraft>& defaults, const Option43Sizes& sizes,
               Config& config);

}  // namespace dhcplite::config::detail
