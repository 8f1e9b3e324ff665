#include "log_throttle.hpp"

#include <time.h>

#include <utility>

namespace dhcplite::daemon {

LogThrottle::Admission LogThrottle::admit(std::uint64_t nowNs) noexcept {
    // A clock that goes backwards (it should not: monotonic) starts a new window too, rather
    // than refusing everything until it catches up.
    if (!started_ || nowNs < windowStart_ || nowNs - windowStart_ >= windowNs_) {
        started_ = true;
        windowStart_ = nowNs;
        used_ = 0;
    }
    if (used_ >= burst_) {
        ++suppressed_;
        return {};
    }
    ++used_;
    return {true, std::exchange(suppressed_, 0)};
}

std::uint64_t LogThrottle::takeSuppressed() noexcept { return std::exchange(suppressed_, 0); }

std::uint64_t coarseMonotonicNs() noexcept {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ULL +
           static_cast<std::uint64_t>(ts.tv_nsec);
}

}  // namespace dhcplite::daemon
