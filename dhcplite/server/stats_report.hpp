#pragma once
// What the control socket answers and the metrics file holds, as pure functions of the counters
// and the daemon's state (docs/operation.md "Counters, stats and metrics"). No clocks here: the
// caller passes the times in, so tests check exact bytes.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "site_counters.hpp"
#include "stats.hpp"

namespace dhcplite::daemon {

// Where a failed reload stopped; line and column 0 when the file could not be read at all.
struct ReloadFailure {
    std::string message;  // the whole error line, as logged
    std::string file;
    std::size_t line = 0;
    std::size_t column = 0;
};

struct ServerState {
    std::string version;
    std::string configPath;
    std::uint64_t configGeneration = 1;  // 1 as started, one more per successful reload
    std::int64_t configLoadedAt = 0;     // Unix seconds
    std::int64_t startedAt = 0;          // Unix seconds
    std::uint64_t uptimeSeconds = 0;
    std::uint32_t workers = 1;
    std::vector<std::string> interfaces;  // served now
    // The last reload: nullopt before the first. ok with no failure, or the failure.
    std::optional<std::int64_t> lastReloadAt;
    std::optional<ReloadFailure> lastReloadFailure;
};

// Verdicts other than Reply: every drop reason.
std::uint64_t droppedTotal(const Stats& stats);

// {"ok":true,"version":…,"uptimeSeconds":…,"startedAt":…,"config":{…},"interfaces":[…],
//  "workers":…,"totals":{…},"drops":{reason:n…},"sites":[{"name","replies","drops":{…}}…],
//  "vendorClasses":[{"class","requests"}…]}, one line. Site rows in config order.
std::string statsJson(const Stats& stats, const SiteTotals& sites, const ServerState& state);
// {"ok":true,"file":…,"generation":…,"loadedAt":…,"lastReload":null|{"at","ok","error",
//  "location":{"file","line","column"}}}, one line.
std::string configJson(const ServerState& state);
// The answer to `reload`: ok and the new generation, or the failure with file:line:column.
std::string reloadJson(const ServerState& state, bool ok);
// {"ok":false,"error":"…"}, one line.
std::string errorJson(std::string_view error);

}  // namespace dhcplite::daemon
