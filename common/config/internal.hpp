#pragma once
// Internal to the config library: the schema's bounds and the reply-size arithmetic the loader
// runs once per profile. The keys are tables: profile_keys.hpp, sections.hpp.
#include <array>
#include <cstddef>
#include <string_view>

#include "config/config.hpp"

namespace dhcplite::config::detail {

// `workers`: 1 to this many threads (more than any machine this daemon is meant for needs).
inline constexpr std::uint32_t kMaxWorkers = 64;
// Bounds of the rate-limit values: a client may get up to 100,000 replies per interval, and an
// interval is 1 s to 1 h (longer would hold one client's state longer than a table keeps it).
inline constexpr std::uint32_t kMaxRateLimitPerInterval = 100000;
inline constexpr std::uint32_t kMaxRateLimitIntervalSeconds = 3600;
// What vendor classes add to every reply's option 43: the largest TLV size of a class with its
// own sub-options (0 if none), and whether some class gets the profile's MS-UC-Client option 43.
struct Option43Sizes {
    std::size_t ownMax = 0;
    bool profileUc = false;
};
Option43Sizes option43Sizes(const std::vector<VendorClass>& classes);

// worstCaseReplySize with the vendor-class part computed once (the loader checks every site).
std::size_t worstCaseReplySize(const Profile& profile, const Option43Sizes& sizes);

}  // namespace dhcplite::config::detail
