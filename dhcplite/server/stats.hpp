#pragma once
// The daemon's counters: one per responder verdict plus what the I/O layer sees. Plain integers
// bumped by the one event-loop thread; read on SIGUSR1, for sd_notify STATUS= and at exit.
// Invariant: received == sum(verdicts) + otherInterface.
#include <array>
#include <cstdint>
#include <string>

#include "dhcplite/responder.hpp"

namespace dhcplite::daemon {

class SiteCounters;

struct Stats {
    std::array<std::uint64_t, kVerdictCount> verdicts{};  // indexed by Verdict
    std::uint64_t received = 0;        // datagrams handed to decide() or dropped before it
    std::uint64_t replied = 0;         // replies the kernel accepted
    std::uint64_t sendErrors = 0;      // replies built but refused by sendmmsg
    std::uint64_t receiveErrors = 0;   // recvmmsg failures other than EAGAIN/EINTR
    std::uint64_t truncated = 0;       // larger than the receive buffer (MSG_TRUNC); also Malformed
    std::uint64_t otherInterface = 0;  // arrived on loopback or an interface we do not serve
    std::uint64_t relayInfoDropped = 0;  // option 82 present but not echoed (did not fit)
    std::uint64_t reloadsOk = 0;
    std::uint64_t reloadsFailed = 0;
    // Where PacketBatch also counts by site and vendor class (site_counters.hpp), owned by the
    // thread that counts; null: not counted. Not summed by operator+=; read with snapshot().
    SiteCounters* sites = nullptr;

    void count(Verdict v) noexcept { ++verdicts[static_cast<std::size_t>(v)]; }
    std::uint64_t of(Verdict v) const noexcept { return verdicts[static_cast<std::size_t>(v)]; }
};

// The sum of two workers' counters (`workers: N`: each thread counts its own, summed when
// read). Every field above must be added here.
Stats& operator+=(Stats& into, const Stats& from) noexcept;

// One line of key=value pairs, I/O counters first, then one per verdict by verdictName():
// "received=5 replied=3 send-errors=0 ... reply=3 malformed=1 ...".
std::string formatStats(const Stats& stats);

// The short form for sd_notify STATUS= (systemctl status shows it).
std::string formatStatus(const Stats& stats);

}  // namespace dhcplite::daemon
