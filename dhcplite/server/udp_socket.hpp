#pragma once
// The listening socket: UDP 0.0.0.0:67 (RFC 2131 §4.1), non-blocking, with IP_PKTINFO so each
// datagram tells which interface it came in on and which local address it reached (option 54
// and the reply's source), SO_BROADCAST for the 255.255.255.255 replies, SO_REUSEADDR, and
// SO_BINDTODEVICE when the socket serves one named interface.
#include <cstdint>
#include <optional>
#include <string>

#include "unique_fd.hpp"
#include "wire/dhcp_constants.hpp"

namespace dhcplite::daemon {

struct SocketSpec {
    std::optional<std::string> device;  // SO_BINDTODEVICE; nullopt: every interface
    std::uint16_t port = wire::kServerPort;
    // Requested SO_RCVBUF: room for a burst while a reload compiles a big config. The kernel
    // caps it at net.core.rmem_max; we do not force it (SO_RCVBUFFORCE needs CAP_NET_ADMIN).
    int receiveBuffer = 4 << 20;
};

// Throws StartupError: 77 for a missing privilege (bind to a port below 1024 without
// CAP_NET_BIND_SERVICE), 69 for a device that vanished, 71 for everything else, each message
// naming the call, the errno and what would fix it.
UniqueFd openDhcpSocket(const SocketSpec& spec);

}  // namespace dhcplite::daemon
