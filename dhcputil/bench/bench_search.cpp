#include "bench/bench_search.hpp"

#include <algorithm>
#include <cmath>

namespace dhcplite::util::bench {

RateSearch::RateSearch(SearchSettings settings) noexcept : settings_(settings) {
    settings_.startRate = std::max(1.0, std::min(settings_.startRate, settings_.maxRate));
    settings_.precision = std::max(settings_.precision, 0.001);
}

std::optional<double> RateSearch::next() const noexcept {
    if (trials_ >= settings_.maxTrials) {
        return std::nullopt;
    }
    if (!pass_ && !fail_) {
        return settings_.startRate;
    }
    if (!fail_) {
        // Still passing: double, up to the ceiling; a pass at the ceiling ends the search.
        if (*pass_ >= settings_.maxRate) {
            return std::nullopt;
        }
        return std::min(*pass_ * 2, settings_.maxRate);
    }
    if (!pass_) {
        // Failing from the start: halve until something passes (a rate under 1/s is no rate).
        const double lower = *fail_ / 2;
        return lower < 1.0 ? std::nullopt : std::optional<double>(std::floor(lower));
    }
    if ((*fail_ - *pass_) <= settings_.precision * *pass_) {
        return std::nullopt;
    }
    return std::floor((*pass_ + *fail_) / 2);
}

void RateSearch::record(double rate, bool passed) noexcept {
    ++trials_;
    if (passed) {
        pass_ = pass_ ? std::max(*pass_, rate) : rate;
    } else {
        fail_ = fail_ ? std::min(*fail_, rate) : rate;
    }
    // A pass above a fail (noise on a busy machine) makes the fail meaningless: forget it and
    // search above the pass again.
    if (pass_ && fail_ && *fail_ <= *pass_) {
        fail_.reset();
    }
}

}  // namespace dhcplite::util::bench
