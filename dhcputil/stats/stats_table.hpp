#pragma once
// `dhcputil stats` as a table people can read, from the daemon's `stats` answer (JSON). Pure:
// the answer (and, for --watch, the one before it and the seconds between) → text.
#include <optional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace dhcplite::util {

// The previous answer and how long ago it was taken: the table then shows rates per second.
struct StatsBaseline {
    const nlohmann::json* before = nullptr;
    double seconds = 0;
};

// CommandError(70) when `stats` is not the shape this dhcputil knows (another version's daemon).
std::string renderStatsTable(const nlohmann::json& stats,
                             const std::optional<StatsBaseline>& baseline = std::nullopt);

// "2d 3h 4m 5s" / "4m 5s" / "5s".
std::string formatDuration(std::uint64_t seconds);

}  // namespace dhcplite::util
