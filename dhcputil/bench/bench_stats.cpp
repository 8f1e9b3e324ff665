#include "bench/bench_stats.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

namespace dhcplite::util::bench {

std::size_t LatencyHistogram::bucketOf(std::uint64_t value) noexcept {
    if (value < kExact) {
        return value;
    }
    // The top 7 significant bits select the sub-bucket; how far they were shifted, the group.
    const auto shift = static_cast<unsigned>(std::bit_width(value)) - kSubBucketBits;
    const std::uint64_t top = value >> shift;  // in [64, 128)
    return kExact + (shift - 1) * kHalf + (top - kHalf);
}

std::uint64_t LatencyHistogram::bucketLow(std::size_t bucket) noexcept {
    if (bucket < kExact) {
        return bucket;
    }
    const std::size_t j = bucket - kExact;
    const auto shift = static_cast<unsigned>(j / kHalf + 1);
    const std::uint64_t top = j % kHalf + kHalf;
    return top << shift;
}

std::uint64_t LatencyHistogram::bucketWidth(std::size_t bucket) noexcept {
    if (bucket < kExact) {
        return 1;
    }
    return std::uint64_t{1} << ((bucket - kExact) / kHalf + 1);
}

void LatencyHistogram::record(std::uint64_t valueNs) noexcept {
    ++buckets_[bucketOf(valueNs)];
    ++count_;
    min_ = std::min(min_, valueNs);
    max_ = std::max(max_, valueNs);
}

void LatencyHistogram::merge(const LatencyHistogram& other) noexcept {
    for (std::size_t i = 0; i < kBucketCount; ++i) {
        buckets_[i] += other.buckets_[i];
    }
    count_ += other.count_;
    min_ = std::min(min_, other.min_);
    max_ = std::max(max_, other.max_);
}

void LatencyHistogram::reset() noexcept {
    buckets_.fill(0);
    count_ = 0;
    min_ = ~std::uint64_t{0};
    max_ = 0;
}

std::uint64_t LatencyHistogram::percentile(double fraction) const noexcept {
    if (count_ == 0) {
        return 0;
    }
    const double f = std::clamp(fraction, 0.0, 1.0);
    // Nearest rank: the smallest sample with at least f of all samples at or below it.
    auto rank = static_cast<std::uint64_t>(std::ceil(f * static_cast<double>(count_)));
    rank = std::clamp<std::uint64_t>(rank, 1, count_);
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < kBucketCount; ++i) {
        seen += buckets_[i];
        if (seen >= rank) {
            const std::uint64_t middle = bucketLow(i) + bucketWidth(i) / 2;
            return std::clamp(middle, min_, max_);
        }
    }
    return max_;
}

LatencySummary summarize(const LatencyHistogram& h) noexcept {
    LatencySummary s;
    s.count = h.count();
    s.minNs = h.min();
    s.p50Ns = h.percentile(0.50);
    s.p99Ns = h.percentile(0.99);
    s.maxNs = h.max();
    return s;
}

double dropPercent(const Counters& c) noexcept {
    if (c.sent == 0) {
        return 0.0;
    }
    const std::uint64_t missing = c.sent > c.answered ? c.sent - c.answered : 0;
    return 100.0 * static_cast<double>(missing) / static_cast<double>(c.sent);
}

}  // namespace dhcplite::util::bench
