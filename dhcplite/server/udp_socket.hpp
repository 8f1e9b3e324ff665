#pragma once
// The listening socket: UDP 0.0.0.0:67 (RFC 2131 §4.1), non-blocking, with IP_PKTINFO so each
// datagram tells which interface it came in on and which local address it reached (option 54
// and the reply's source), SO_BROADCAST for the 255.255.255.255 replies, SO_REUSEADDR, and
// SO_BINDTODEVICE when the socket serves one named interface.
#include <linux/filter.h>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "unique_fd.hpp"
#include "wire/dhcp_constants.hpp"

namespace dhcplite::daemon {

struct SocketSpec {
    std::optional<std::string> device{};  // SO_BINDTODEVICE; nullopt: every interface
    std::uint16_t port = wire::kServerPort;
    // Requested SO_RCVBUF: room for a burst while a reload compiles a big config. The kernel
    // caps it at net.core.rmem_max; we do not force it (SO_RCVBUFFORCE needs CAP_NET_ADMIN).
    int receiveBuffer = 4 << 20;
    // A socket filter admitting only datagrams that arrived on these interfaces (by index),
    // attached before bind so nothing else is ever queued; empty: admits none (yet). For the
    // shared socket beside device-bound ones (interface_watch.hpp).
    std::optional<std::vector<unsigned>> admitIfindexes{};
    // `workers: N`: SO_REUSEPORT, so N sockets share the port and the kernel spreads unicast
    // datagrams over them by a hash of the addresses and ports (socket(7)).
    bool reusePort = false;
    // For every worker socket but the first: a filter (unicastFilterProgram) that keeps only
    // datagrams sent to this host's own unicast address. A broadcast is delivered to EVERY
    // socket of a SO_REUSEPORT group (measured: docs/performance.md), so without it each
    // worker would answer it once.
    bool unicastOnly = false;
};

// Throws StartupError: 77 for a missing privilege (bind to a port below 1024 without
// CAP_NET_BIND_SERVICE), 69 for a device that vanished, 71 for everything else, each message
// naming the call, the errno and what would fix it.
UniqueFd openDhcpSocket(const SocketSpec& spec);

// The classic BPF program (SO_ATTACH_FILTER, socket(7)) behind admitIfindexes: load the
// receiving interface's index (SKF_AD_IFINDEX), accept on a match, drop otherwise. Two
// instructions per index so every jump is short; at most kMaxFilterIfindexes indexes.
inline constexpr std::size_t kMaxFilterIfindexes = 2000;
std::vector<sock_filter> ifindexFilterProgram(std::span<const unsigned> ifindexes);

// Attaches that program to `fd`, replacing the one before (no privilege needed). Returns 0, or
// the errno (E2BIG for too many indexes); the old filter then stays.
int setIfindexFilter(int fd, std::span<const unsigned> ifindexes) noexcept;

// The filter behind SocketSpec::unicastOnly: accept a frame the link layer addressed to this
// host (SKF_AD_PKTTYPE == PACKET_HOST) unless its IPv4 destination is 255.255.255.255; drop
// link-layer broadcasts and multicasts. (An IP broadcast in a unicast frame is caught once more
// in user space: PacketBatch compares ipi_addr with ipi_spec_dst.)
std::vector<sock_filter> unicastFilterProgram();

}  // namespace dhcplite::daemon
