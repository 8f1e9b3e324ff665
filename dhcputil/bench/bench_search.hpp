#pragma once
// The rate search of `dhcputil bench --search` (the method ISC uses for its DHCP benchmarks: the
// highest offered rate whose drops stay at or under a threshold, 2.5 % by default): double the
// rate from a start value until a trial fails, then bisect between the best pass and the lowest
// fail until they are within `precision` of each other. Pure: it only decides the next rate from
// the outcomes it is told about, so tests drive it with made-up outcomes.
#include <cstdint>
#include <optional>

namespace dhcplite::util::bench {

struct SearchSettings {
    double startRate = 10'000;   // first trial
    double maxRate = 2'000'000;  // never offer more than this
    double precision = 0.02;     // stop when (fail - pass) / pass is at most this
    std::uint32_t maxTrials = 14;
};

class RateSearch {
public:
    explicit RateSearch(SearchSettings settings) noexcept;

    // The rate to try next, or nullopt when the search is over.
    std::optional<double> next() const noexcept;
    // The outcome of the trial at next().
    void record(double rate, bool passed) noexcept;

    std::optional<double> bestPass() const noexcept { return pass_; }
    std::optional<double> lowestFail() const noexcept { return fail_; }
    std::uint32_t trials() const noexcept { return trials_; }

private:
    SearchSettings settings_;
    std::optional<double> pass_;
    std::optional<double> fail_;
    std::uint32_t trials_ = 0;
};

}  // namespace dhcplite::util::bench
