#pragma once
// Counters by site (profile) and by vendor class, on top of the totals in stats.hpp. Laid out
// for one CompiledConfig: one row of verdicts per profile (sites in order, the default last) and
// one counter per configured vendor class, then "other" and "none". The arrays are sized when a
// config is adopted (start, reload), so counting a datagram is an index and an increment, no
// allocation. A reload carries the counts over by site name and class match (adopt(), off the
// packet path); sites or classes the new config no longer has are dropped from these tables,
// never from the totals.
//
// One writer per SiteCounters (the thread that owns its PacketBatch); readers on other threads
// take snapshot() at any time: the counters are relaxed atomics, which on x86-64 and arm64 cost
// a plain load, add and store. adopt() must not run concurrently with snapshot() (worker_pool.cpp
// holds the worker's stats mutex for both).
#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "dhcplite/compiled_config.hpp"
#include "dhcplite/responder.hpp"

namespace dhcplite::daemon {

// Plain values of the counters, with the config whose layout they follow (null: empty).
struct SiteTotals {
    std::shared_ptr<const CompiledConfig> layout;
    std::vector<std::array<std::uint64_t, kVerdictCount>> profiles;  // by profile, by Verdict
    std::vector<std::uint64_t> vendorClasses;  // configured classes in order, then other, none
};

// The name a vendor class counter is reported under: the match text ("MS-UC-Client", with a
// trailing '*' for a prefix class), "other" and "none" for the two last slots.
std::string vendorSlotName(const CompiledConfig& layout, std::size_t slot);
inline constexpr std::string_view kVendorOther = "other";
inline constexpr std::string_view kVendorNone = "none";

// Zeroed totals laid out for `layout`.
SiteTotals emptyTotals(std::shared_ptr<const CompiledConfig> layout);
// Adds `from` into `into`: by index when both follow the same config, else by site name and
// vendor class name (a worker that has not yet seen a reload, or the counts of the config
// before one). Rows `into`'s layout does not have are left out.
void addTotals(SiteTotals& into, const SiteTotals& from);

class SiteCounters {
public:
    SiteCounters() = default;
    SiteCounters(const SiteCounters&) = delete;
    SiteCounters& operator=(const SiteCounters&) = delete;

    // Re-lays the counters out for `config`, carrying what they hold over by name. Allocates.
    void adopt(std::shared_ptr<const CompiledConfig> config);
    // One decided datagram: its profile's row (when a profile was chosen) and its vendor class
    // (when it was an INFORM). Outcomes whose profile or class is not of the adopted config are
    // not counted here (cannot happen: the batch and the counters change config together).
    void count(const Outcome& outcome) noexcept;
    SiteTotals snapshot() const;

private:
    using Counter = std::atomic<std::uint64_t>;
    static void bump(Counter& c) noexcept {
        c.store(c.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
    }

    std::shared_ptr<const CompiledConfig> layout_;
    std::unique_ptr<Counter[]> profiles_;  // profileCount × kVerdictCount
    std::unique_ptr<Counter[]> vendors_;   // vendor classes + 2
    std::size_t profileCount_ = 0;
    std::size_t vendorSlots_ = 0;
};

}  // namespace dhcplite::daemon
