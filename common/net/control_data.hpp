#pragma once
// The ancillary data both programs read and write on their UDP sockets (ip(7), socket(7)):
// IP_PKTINFO, which says where a datagram arrived and where a reply leaves from, and the kernel's
// receive timestamp (SO_TIMESTAMPNS). Control data is only byte-aligned as far as the language is
// concerned, so the structs are copied in and out with memcpy.
#include <netinet/in.h>
#include <sys/socket.h>

#include <cstddef>
#include <cstdint>
#include <optional>

#include "wire/address.hpp"

namespace dhcplite::net {

// Room for one IP_PKTINFO, one SO_TIMESTAMPNS: a MessageBatch's ControlBytes.
inline constexpr std::size_t kPacketInfoControl = CMSG_SPACE(sizeof(in_pktinfo));
inline constexpr std::size_t kTimestampControl = CMSG_SPACE(sizeof(timespec));

struct PacketInfo {
    int ifindex = 0;
    wire::Ipv4 localAddress;  // ipi_spec_dst: the address the datagram reached on this host
    wire::Ipv4 destination;   // ipi_addr: the header's destination (255.255.255.255 if broadcast)
};

// IP_PKTINFO of a received datagram; all zero when there is none.
PacketInfo readPacketInfo(msghdr& hdr) noexcept;

// One IP_PKTINFO as the message's only control data: leave through `ifindex` (0: the routing
// table chooses) from `source` (ipi_spec_dst). msg_control must hold kPacketInfoControl bytes
// and msg_controllen say so.
void writePacketInfo(msghdr& hdr, int ifindex, wire::Ipv4 source) noexcept;

// The SO_TIMESTAMPNS receive time (CLOCK_REALTIME, in ns), if the kernel gave one.
std::optional<std::uint64_t> readTimestampNs(msghdr& hdr) noexcept;

}  // namespace dhcplite::net
