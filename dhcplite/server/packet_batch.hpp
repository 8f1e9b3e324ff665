#pragma once
// The data path of the daemon: one recvmmsg of up to kBatchSize datagrams from a socket, decide()
// for each into preallocated reply buffers, one sendmmsg of the replies (with IP_PKTINFO so each
// leaves from the address, and for broadcasts out of the interface, the request came in on).
// Everything is allocated once; at info level and above a datagram costs no allocation, no clock
// read and no log call (the flood guard's clock is read once per batch). Send and receive errors
// are counted and logged rate-limited; none stops the daemon. decide() admits replies through
// this batch's flood guard (one per worker, kept across reloads) before they are queued.
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>

#include "dhcplite/compiled_config.hpp"
#include "dhcplite/flood_guard.hpp"
#include "dhcplite/responder.hpp"
#include "interfaces.hpp"
#include "log_throttle.hpp"
#include "logger.hpp"
#include "net/control_data.hpp"
#include "net/message_batch.hpp"
#include "stats.hpp"

namespace dhcplite::daemon {

inline constexpr std::size_t kBatchSize = 64;
inline constexpr std::size_t kBatchesPerWake = 8;
// A DHCP request fits in 576 bytes unless the client allows more (option 57, at most an MTU);
// anything that does not fit here arrives with MSG_TRUNC and is dropped as malformed.
inline constexpr std::size_t kReceiveBufferSize = 2048;

// Debug decision lines per second; beyond it "suppressed N debug lines" (debug logging is
// rate-limited so a flood cannot make it the bottleneck).
inline constexpr std::uint32_t kDebugLinesPerSecond = 200;
// Send/receive error lines per 10 seconds.
inline constexpr std::uint32_t kErrorLinesPerWindow = 5;

class PacketBatch {
public:
    PacketBatch();
    PacketBatch(const PacketBatch&) = delete;
    PacketBatch& operator=(const PacketBatch&) = delete;

    // One receive → respond → send round on `fd`. Returns how many datagrams were received
    // (0: nothing was waiting, or a receive error that was counted).
    std::size_t run(int fd, const CompiledConfig& config, const InterfaceFilter& filter,
                    Stats& stats, Logger& log);
    // run() again while batches come back full, at most kBatchesPerWake rounds: under load the
    // queue stays deep, and every round that needs no poll saves a system call per 64
    // datagrams; the event loop still sees signals within kBatchesPerWake batches.
    std::size_t drain(int fd, const CompiledConfig& config, const InterfaceFilter& filter,
                      Stats& stats, Logger& log);

    // Reports lines the throttles held back (on SIGUSR1 and at exit).
    void flushSuppressed(Logger& log);

    // For the second and later `workers`: ignore, uncounted, whatever was not sent to this
    // host's own unicast address. The kernel gives every socket of a SO_REUSEPORT group its own
    // copy of a broadcast; the first worker answers it (udp_socket.hpp unicastOnly).
    void acceptUnicastOnly() noexcept { unicastOnly_ = true; }

private:
    using Messages = net::MessageBatch<kBatchSize, net::kPacketInfoControl>;
    struct Buffers {
        std::array<std::array<std::uint8_t, kReceiveBufferSize>, kBatchSize> request;
        std::array<std::array<std::uint8_t, kReplyBufferSize>, kBatchSize> reply;
    };

    std::size_t receive(int fd, Stats& stats, Logger& log);
    // For each datagram received: its metadata, decide(), counters, the debug line, the reply
    // queued. Returns how many replies were queued.
    std::size_t answer(std::size_t received, const CompiledConfig& config,
                       const InterfaceFilter& filter, Stats& stats, Logger& log);
    Admission admissionFor(const CompiledConfig& config, const InterfaceFilter& filter, bool debug);
    // False (counted, or not ours to count) when the datagram is not to be answered here.
    bool readMeta(std::size_t i, const CompiledConfig& config, const InterfaceFilter& filter,
                  Stats& stats, RequestMeta& meta) noexcept;
    static void account(Stats& stats, const RequestMeta& meta, const Outcome& outcome) noexcept;
    void logDecision(Logger& log, std::uint64_t now, wire::ByteView request,
                     const RequestMeta& meta, const Outcome& outcome,
                     const InterfaceFilter& filter);
    void queueReply(std::size_t slot, const Outcome& outcome, const RequestMeta& meta) noexcept;
    void send(int fd, std::size_t replies, Stats& stats, Logger& log);
    void logError(Logger& log, std::string_view what, int error, const sockaddr_in* to);
    // The debug throttle's say on one decision line (the line is built only if admitted).
    bool admitDecision(Logger& log, std::uint64_t now);

    std::unique_ptr<Buffers> buffers_;
    Messages rx_;
    Messages tx_;  // peer(i): the reply's destination; control: its IP_PKTINFO
    LogThrottle debugThrottle_;
    LogThrottle errorThrottle_;
    FloodGuard floodGuard_;  // limits from each batch's config; its tables outlive reloads
    bool unicastOnly_ = false;
};

}  // namespace dhcplite::daemon
