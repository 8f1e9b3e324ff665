// The bench's latency histogram (bucket arithmetic, percentiles by nearest rank, merge) and the
// drop percentage.
#include <doctest/doctest.h>

#include <cstdint>

#include "bench/bench_stats.hpp"

using dhcplite::util::bench::Counters;
using dhcplite::util::bench::dropPercent;
using dhcplite::util::bench::LatencyHistogram;
using dhcplite::util::bench::summarize;

TEST_CASE("buckets: exact below 128, then 64 per power of two") {
    CHECK(LatencyHistogram::bucketOf(0) == 0);
    CHECK(LatencyHistogram::bucketOf(127) == 127);
    CHECK(LatencyHistogram::bucketOf(128) == 128);  // 128 = 64 << 1: first wide bucket
    CHECK(LatencyHistogram::bucketWidth(128) == 2);
    CHECK(LatencyHistogram::bucketOf(129) == 128);
    CHECK(LatencyHistogram::bucketOf(130) == 129);
    CHECK(LatencyHistogram::bucketOf(255) == 191);
    CHECK(LatencyHistogram::bucketOf(256) == 192);
    CHECK(LatencyHistogram::bucketWidth(192) == 4);
    CHECK(LatencyHistogram::bucketOf(~std::uint64_t{0}) == LatencyHistogram::kBucketCount - 1);
}

TEST_CASE("every bucket's range holds exactly the values that map to it") {
    for (std::size_t b = 0; b < LatencyHistogram::kBucketCount; ++b) {
        const std::uint64_t low = LatencyHistogram::bucketLow(b);
        const std::uint64_t last = low + (LatencyHistogram::bucketWidth(b) - 1);
        CAPTURE(b);
        REQUIRE(LatencyHistogram::bucketOf(low) == b);
        REQUIRE(LatencyHistogram::bucketOf(last) == b);
        if (b + 1 < LatencyHistogram::kBucketCount) {
            REQUIRE(LatencyHistogram::bucketLow(b + 1) == last + 1);  // no gaps, no overlaps
        }
        // Relative resolution: a bucket is at most 1/64 of its lowest value wide.
        if (low >= LatencyHistogram::kExact) {
            REQUIRE(LatencyHistogram::bucketWidth(b) * 64 <= low);
        }
    }
}

TEST_CASE("percentiles by nearest rank") {
    LatencyHistogram h;
    CHECK(h.percentile(0.5) == 0);
    CHECK(h.min() == 0);
    for (std::uint64_t v = 1; v <= 100; ++v) {  // exact buckets: 1..100 ns
        h.record(v);
    }
    CHECK(h.count() == 100);
    CHECK(h.min() == 1);
    CHECK(h.max() == 100);
    CHECK(h.percentile(0.50) == 50);
    CHECK(h.percentile(0.99) == 99);
    CHECK(h.percentile(1.0) == 100);
    CHECK(h.percentile(0.0) == 1);  // rank 1: the smallest
    CHECK(h.percentile(0.001) == 1);
    CHECK(h.percentile(0.011) == 2);  // ceil(1.1) = 2nd sample
}

TEST_CASE("wide buckets report their middle, within [min, max]") {
    LatencyHistogram h;
    h.record(10'000);  // bucket [9984, 10112): 128 wide
    const auto s = summarize(h);
    CHECK(s.count == 1);
    CHECK(s.minNs == 10'000);
    CHECK(s.p50Ns == 10'000);  // the middle (10048) clamped to max
    CHECK(s.maxNs == 10'000);

    LatencyHistogram spread;
    for (int i = 0; i < 99; ++i) {
        spread.record(20'000);
    }
    spread.record(5'000'000);  // one outlier
    CHECK(spread.percentile(0.5) ==
          LatencyHistogram::bucketLow(LatencyHistogram::bucketOf(20'000)) +
              LatencyHistogram::bucketWidth(LatencyHistogram::bucketOf(20'000)) / 2);
    CHECK(spread.percentile(0.99) < 20'400);  // within 1/64 of 20 µs
    CHECK(spread.percentile(1.0) == 5'000'000);
}

TEST_CASE("merge and reset") {
    LatencyHistogram a, b;
    a.record(10);
    a.record(20);
    b.record(5);
    b.record(1'000'000);
    a.merge(b);
    CHECK(a.count() == 4);
    CHECK(a.min() == 5);
    CHECK(a.max() == 1'000'000);
    CHECK(a.percentile(0.5) == 10);
    a.reset();
    CHECK(a.count() == 0);
    CHECK(a.max() == 0);
    CHECK(a.percentile(0.99) == 0);
}

TEST_CASE("drop percentage") {
    Counters c;
    CHECK(dropPercent(c) == 0.0);
    c.sent = 1000;
    c.answered = 975;
    CHECK(dropPercent(c) == doctest::Approx(2.5));
    c.answered = 1000;
    CHECK(dropPercent(c) == 0.0);
    c.answered = 1001;  // cannot happen (first answers only), but must not wrap
    CHECK(dropPercent(c) == 0.0);
}
