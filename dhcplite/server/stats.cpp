#include "stats.hpp"

#include <fmt/format.h>

#include <iterator>

namespace dhcplite::daemon {

Stats& operator+=(Stats& into, const Stats& from) noexcept {
    for (std::size_t i = 0; i < into.verdicts.size(); ++i) {
        into.verdicts[i] += from.verdicts[i];
    }
    into.received += from.received;
    into.replied += from.replied;
    into.sendErrors += from.sendErrors;
    into.receiveErrors += from.receiveErrors;
    into.truncated += from.truncated;
    into.otherInterface += from.otherInterface;
    into.relayInfoDropped += from.relayInfoDropped;
    into.reloadsOk += from.reloadsOk;
    into.reloadsFailed += from.reloadsFailed;
    return into;
}

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
                       stats.received, stats.replied, stats.received - stats.of(Verdict::Reply),
                       stats.sendErrors);
}

}  // namespace dhcplite::daemon
