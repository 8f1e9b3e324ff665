#pragma once
// At most `burst` events per window; the rest are counted and reported once the next window
// admits something. Time comes from the caller (a monotonic clock in the daemon, plain numbers
// in tests), so the throttle has no clock and tests need no sleeps. Used for debug decision lines
// (a flood must not make logging the bottleneck) and for send/receive error lines. Not the
// flood guard (dhcplite/flood_guard.hpp), which limits replies, not log lines.
#include <cstdint>

namespace dhcplite::daemon {

class LogThrottle {
public:
    LogThrottle(std::uint32_t burst, std::uint64_t windowNs) noexcept
        : burst_(burst), windowNs_(windowNs) {}

    struct Admission {
        bool admitted = false;
        // Events refused in earlier windows, not yet reported; non-zero only on an admitted
        // event, so the caller writes "suppressed N lines" right before its own line.
        std::uint64_t suppressed = 0;
    };

    Admission admit(std::uint64_t nowNs) noexcept;
    // Hand over the refused count without an event (at exit, on SIGUSR1).
    std::uint64_t takeSuppressed() noexcept;

private:
    std::uint32_t burst_;
    std::uint64_t windowNs_;
    std::uint64_t windowStart_ = 0;
    bool started_ = false;
    std::uint32_t used_ = 0;
    std::uint64_t suppressed_ = 0;
};

// CLOCK_MONOTONIC_COARSE in nanoseconds: a few ns to read, jiffy resolution is plenty for
// one-second windows.
std::uint64_t coarseMonotonicNs() noexcept;

}  // namespace dhcplite::daemon
