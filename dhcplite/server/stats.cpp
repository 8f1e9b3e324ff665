#include "stats.hpp"

#include <fmt/format.h>

#include <iterator>

namespace dhcplite::daemon {

std::string formatStats(const Stats& stats) {
    fmt::memory_buffer out;
    auto it = std::back_inserter(out);
    fmt::format_to(it,
                   "received={} replied={} send-errors={} receive-errors={} truncated={} "
                   "other-interface={} relay-info-dropped={} reloads-ok={} reloads-failed={}",
                   stats.received, stats.replied, stats.sendErrors, stats.receiveErrors,
                   stats.truncated, stats.otherInterface, stats.relayInfoDropped, stats.reloadsOk,
                   stats.reloadsFailed);
    for (std::size_t i = 0; i < kVerdictCount; ++i) {
        fmt::format_to(it, " {}={}", verdictName(static_cast<Verdict>(i)), stats.verdicts[i]);
    }
    return fmt::to_string(out);
}

std::string formatStatus(const Stats& stats) {
    return fmt::format("Serving: {} received, {} answered, {} dropped, {} send errors",
                       stats.received, stats.replied,
                       stats.received - stats.of(Verdict::Reply), stats.sendErrors);
}

}  // namespace dhcplite::daemon
