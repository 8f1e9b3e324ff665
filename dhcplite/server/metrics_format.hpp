#pragma once
// The Prometheus text exposition (format 0.0.4) of the counters, for node_exporter's textfile
// collector (metrics_file.hpp writes it). Pure: the same counters and state give the same bytes.
// Names, types and labels follow Prometheus' naming conventions (counters end in _total, times
// in _seconds, one label set per metric); `promtool check metrics` accepts the output
// (tests/integration/stats.sh runs it). docs/operation.md lists the metrics.
#include <string>
#include <string_view>

#include "site_counters.hpp"
#include "stats.hpp"
#include "stats_report.hpp"

namespace dhcplite::daemon {

// A label value as the exposition format wants it: backslash, double quote and newline escaped.
std::string escapeLabelValue(std::string_view value);

std::string metricsText(const Stats& stats, const SiteTotals& sites, const ServerState& state);

}  // namespace dhcplite::daemon
