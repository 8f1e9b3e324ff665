// The rate search: doubling, then bisection between the best pass and the lowest fail, bounded
// in trials; driven with made-up outcomes.
#include <doctest/doctest.h>

#include <functional>
#include <vector>

#include "bench/bench_search.hpp"

using dhcplite::util::bench::RateSearch;
using dhcplite::util::bench::SearchSettings;

namespace {

// Runs a search against a server that answers everything up to `capacity` per second.
std::vector<double> drive(RateSearch& s, const std::function<bool(double)>& passes) {
    std::vector<double> tried;
    while (const auto rate = s.next()) {
        tried.push_back(*rate);
        s.record(*rate, passes(*rate));
        REQUIRE(tried.size() <= 100);
    }
    return tried;
}

}  // namespace

TEST_CASE("doubles, then bisects to within the precision") {
    RateSearch s(SearchSettings{
        .startRate = 10'000, .maxRate = 1'000'000, .precision = 0.02, .maxTrials = 30});
    const auto tried = drive(s, [](double r) { return r <= 123'456; });
    REQUIRE(tried.size() >= 5);
    CHECK(tried[0] == 10'000);
    CHECK(tried[1] == 20'000);
    CHECK(tried[2] == 40'000);
    CHECK(tried[3] == 80'000);
    CHECK(tried[4] == 160'000);  // first fail
    CHECK(tried[5] == 120'000);  // halfway between 80k and 160k
    REQUIRE(s.bestPass());
    REQUIRE(s.lowestFail());
    CHECK(*s.bestPass() <= 123'456);
    CHECK(*s.lowestFail() > 123'456);
    CHECK(*s.lowestFail() - *s.bestPass() <= 0.02 * *s.bestPass());
}

TEST_CASE("stops at the ceiling when everything passes") {
    RateSearch s(SearchSettings{
        .startRate = 100'000, .maxRate = 300'000, .precision = 0.02, .maxTrials = 30});
    const auto tried = drive(s, [](double) { return true; });
    CHECK(tried == std::vector<double>{100'000, 200'000, 300'000});
    CHECK(*s.bestPass() == 300'000);
    CHECK_FALSE(s.lowestFail());
}

TEST_CASE("halves when the first trial fails, gives up below 1/s") {
    RateSearch s(
        SearchSettings{.startRate = 1000, .maxRate = 10'000, .precision = 0.02, .maxTrials = 40});
    const auto tried = drive(s, [](double r) { return r <= 100; });
    CHECK(tried[0] == 1000);
    CHECK(tried[1] == 500);
    CHECK(tried[2] == 250);
    CHECK(tried[3] == 125);
    CHECK(tried[4] == 62);
    REQUIRE(s.bestPass());
    CHECK(*s.bestPass() <= 100);
    CHECK(*s.bestPass() >= 98);

    RateSearch never(
        SearchSettings{.startRate = 16, .maxRate = 100, .precision = 0.02, .maxTrials = 40});
    const auto none = drive(never, [](double) { return false; });
    CHECK(none == std::vector<double>{16, 8, 4, 2, 1});
    CHECK_FALSE(never.bestPass());
}

TEST_CASE("bounded by maxTrials") {
    RateSearch s(SearchSettings{.startRate = 1, .maxRate = 1e9, .precision = 0.02, .maxTrials = 4});
    const auto tried = drive(s, [](double) { return true; });
    CHECK(tried.size() == 4);
    CHECK(s.trials() == 4);
}

TEST_CASE("a pass above an earlier fail (noise) reopens the search upwards") {
    RateSearch s(
        SearchSettings{.startRate = 1000, .maxRate = 100'000, .precision = 0.02, .maxTrials = 10});
    s.record(1000, true);
    s.record(2000, false);
    CHECK(*s.next() == 1500);
    s.record(2500, true);  // noise: a higher rate passed after all
    CHECK_FALSE(s.lowestFail());
    CHECK(*s.next() == 5000);
}
