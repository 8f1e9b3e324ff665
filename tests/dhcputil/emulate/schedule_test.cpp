// RFC 2131 §4.1 retransmission: 4 s, 8 s, 16 s … ±1 s, at most 64 s, fitted into the timeout.
#include <doctest/doctest.h>

#include "emulate/emulate_schedule.hpp"

using dhcplite::util::retransmitSchedule;

namespace {

std::vector<double> run(double timeout, unsigned retries, double jitter) {
    return retransmitSchedule(timeout, retries, [jitter] { return jitter; });
}

}  // namespace

TEST_CASE("the RFC 2131 back-off when the timeout leaves room for it") {
    CHECK(run(100, 3, 0) == std::vector<double>{0, 4, 12, 28});
    CHECK(run(100, 3, 1) == std::vector<double>{0, 5, 14, 31});
    CHECK(run(100, 3, -1) == std::vector<double>{0, 3, 10, 25});
    // Out-of-range random values are clamped to ±1.
    CHECK(run(100, 1, 7) == std::vector<double>{0, 5});
    CHECK(run(10, 0, 0) == std::vector<double>{0});
}

TEST_CASE("delays stop doubling at 64 s") {
    const auto t = run(1e9, 7, 0);
    REQUIRE(t.size() == 8);
    CHECK(t[5] - t[4] == 64);
    CHECK(t[6] - t[5] == 64);
    CHECK(t[7] - t[6] == 64);
}

TEST_CASE("compressed to end at 3/4 of a short timeout, shape kept") {
    const auto t = run(2, 2, 0);  // nominal 0, 4, 12
    REQUIRE(t.size() == 3);
    CHECK(t[0] == 0);
    CHECK(t[2] == doctest::Approx(1.5));
    CHECK(t[1] == doctest::Approx(0.5));  // 4/12 of the way, as before
    // With random jitter: always increasing, always before the timeout.
    double j = -1;
    for (int k = 0; k < 21; ++k, j += 0.1) {
        const auto r = run(1, 4, j);
        for (std::size_t i = 1; i < r.size(); ++i) {
            CHECK(r[i] > r[i - 1]);
        }
        CHECK(r.back() <= 0.75 + 1e-9);
    }
}
