// The debug/error line limiter, driven by plain numbers as the clock: no sleeps.
#include <doctest/doctest.h>

#include "log_throttle.hpp"

using dhcplite::daemon::LogThrottle;

TEST_CASE("a burst per window, then refusals, reported with the next admitted line") {
    LogThrottle limiter(3, 1000);
    for (std::uint64_t t = 0; t < 3; ++t) {
        const auto a = limiter.admit(100 + t);
        CHECK(a.admitted);
        CHECK(a.suppressed == 0);
    }
    for (std::uint64_t t = 3; t < 10; ++t) {
        const auto a = limiter.admit(100 + t);
        CHECK_FALSE(a.admitted);
        CHECK(a.suppressed == 0);  // only an admitted line carries the count
    }
    // Still inside the window that began at 100.
    CHECK_FALSE(limiter.admit(1099).admitted);
    const auto next = limiter.admit(1100);
    CHECK(next.admitted);
    CHECK(next.suppressed == 8);
    // Reported once.
    const auto after = limiter.admit(1101);
    CHECK(after.admitted);
    CHECK(after.suppressed == 0);
}

TEST_CASE("takeSuppressed hands over the count without an event, once") {
    LogThrottle limiter(1, 1000);
    CHECK(limiter.admit(0).admitted);
    CHECK_FALSE(limiter.admit(1).admitted);
    CHECK_FALSE(limiter.admit(2).admitted);
    CHECK(limiter.takeSuppressed() == 2);
    CHECK(limiter.takeSuppressed() == 0);
    CHECK(limiter.admit(5000).suppressed == 0);
}

TEST_CASE("a quiet gap of many windows starts afresh; a clock going back does not lock it") {
    LogThrottle limiter(2, 10);
    CHECK(limiter.admit(1'000'000).admitted);
    CHECK(limiter.admit(1'000'001).admitted);
    CHECK_FALSE(limiter.admit(1'000'002).admitted);
    const auto back = limiter.admit(5);  // earlier than the window start
    CHECK(back.admitted);
    CHECK(back.suppressed == 1);
}

TEST_CASE("burst 0 refuses everything and counts it") {
    LogThrottle limiter(0, 10);
    CHECK_FALSE(limiter.admit(0).admitted);
    CHECK_FALSE(limiter.admit(100).admitted);
    CHECK(limiter.takeSuppressed() == 2);
}
