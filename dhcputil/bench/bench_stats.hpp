#pragma once
// The numbers `dhcputil bench` reports: a latency histogram with fixed memory and ~1.6 % relative
// resolution (the HdrHistogram idea: exact below 128 ns, then 64 sub-buckets per power of two),
// and the per-run and per-second counters. Recording a sample is a few integer operations and no
// allocation, so the bench can time every answer at hundreds of thousands per second.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace dhcplite::util::bench {

class LatencyHistogram {
public:
    static constexpr unsigned kSubBucketBits = 7;                    // 128 exact values
    static constexpr std::uint64_t kExact = 1ULL << kSubBucketBits;  // 128
    static constexpr std::uint64_t kHalf = kExact / 2;               // 64 per power of two
    static constexpr unsigned kMaxShift = 64 - kSubBucketBits;       // covers all of uint64
    static constexpr std::size_t kBucketCount = kExact + kMaxShift * kHalf;

    // The bucket a value falls into, and the smallest value of a bucket (both pure; tested).
    static std::size_t bucketOf(std::uint64_t value) noexcept;
    static std::uint64_t bucketLow(std::size_t bucket) noexcept;
    static std::uint64_t bucketWidth(std::size_t bucket) noexcept;

    void record(std::uint64_t valueNs) noexcept;
    void merge(const LatencyHistogram& other) noexcept;
    void reset() noexcept;

    std::uint64_t count() const noexcept { return count_; }
    std::uint64_t min() const noexcept { return count_ == 0 ? 0 : min_; }
    std::uint64_t max() const noexcept { return max_; }
    // The value below which `fraction` (0..1) of the samples lie: the nearest-rank sample's
    // bucket, reported as the middle of that bucket clamped to [min, max]. 0 when empty.
    std::uint64_t percentile(double fraction) const noexcept;

private:
    std::array<std::uint64_t, kBucketCount> buckets_{};
    std::uint64_t count_ = 0;
    std::uint64_t min_ = ~std::uint64_t{0};
    std::uint64_t max_ = 0;
};

// Latency summary in nanoseconds (the report prints µs).
struct LatencySummary {
    std::uint64_t count = 0;
    std::uint64_t minNs = 0, p50Ns = 0, p99Ns = 0, maxNs = 0;
};
LatencySummary summarize(const LatencyHistogram& h) noexcept;

// What happened to the requests, counted once each.
struct Counters {
    std::uint64_t sent = 0;        // requests handed to the kernel
    std::uint64_t sendFailed = 0;  // sendmmsg refused them (ENOBUFS, EAGAIN...): never offered
    std::uint64_t answered = 0;    // well-formed ACKs for the right client, first answer only
    std::uint64_t lost = 0;        // no good answer within the timeout (or at the end of the run)
    std::uint64_t invalid = 0;     // answers with our xid that are wrong (see ReplyCheck)
    std::uint64_t duplicates = 0;  // further answers to an already answered request
    std::uint64_t late = 0;        // good answers that came after the request was given up
    std::uint64_t foreign = 0;     // datagrams on port 68 that are not for this run
};

// One second of the run (the perfdhcp-style series).
struct SecondStats {
    std::uint32_t second = 0;  // 0-based from the start of the run (or trial)
    std::uint64_t sent = 0;
    std::uint64_t answered = 0;  // answers received during this second
    std::uint64_t invalid = 0;
    LatencySummary latency;
};

// Drops as a percentage of what was offered: (sent - answered) / sent.
double dropPercent(const Counters& c) noexcept;

}  // namespace dhcplite::util::bench
