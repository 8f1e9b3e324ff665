#pragma once
// What `dhcputil bench` prints: a perfdhcp-like text summary (optionally with the per-second
// series) or one JSON object with everything, the series and every search trial included. Pure
// functions of the results, so tests check the exact text.
#include <optional>
#include <string>
#include <vector>

#include "bench/bench_engine.hpp"
#include "bench/bench_search.hpp"

namespace dhcplite::util::bench {

struct BenchReport {
    std::string server;  // "192.0.2.1:67"
    std::string subnet;  // "198.51.100.0/24"
    std::uint32_t clients = 0;
    std::string mode;                 // "rate", "closed-loop", "search"
    double maxDropPercent = 2.5;      // search: a trial passes at or under this
    std::vector<RunResult> runs;      // one, or every trial of a search in order
    std::vector<bool> passed;         // search: per run
    std::optional<std::size_t> best;  // search: the index of the best passing trial
};

std::string renderText(const BenchReport& report, bool series);
std::string renderJson(const BenchReport& report);

// "12.3" (µs with one decimal) from nanoseconds.
std::string micros(std::uint64_t ns);

}  // namespace dhcplite::util::bench
