#include "emulate/emulate_raw_socket.hpp"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "capture/frame_builder.hpp"
#include "util/os_error.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util {

namespace {

using net::NetworkError;
using Kind = net::NetworkError::Kind;

[[noreturn]] void throwSocketError(int error, std::string_view what, const std::string& interface) {
    const std::string shown = wire::escapeForDisplay(interface);
    if (error == EPERM || error == EACCES) {
        throw NetworkError(
            Kind::NotPermitted,
            fmt::format("{} on {}: {}: emulate-client needs root or CAP_NET_RAW (run it with "
                        "sudo, or setcap cap_net_raw+ep on the binary)",
                        what, shown, util::describeErrno(error)));
    }
    if (error == ENODEV || error == ENXIO || error == ENETDOWN) {
        throw NetworkError(Kind::InterfaceMissing,
                           fmt::format("{} on {}: {}", what, shown, util::describeErrno(error)));
    }
    throw NetworkError(Kind::SocketFailed,
                       fmt::format("{} on {}: {}", what, shown, util::describeErrno(error)));
}

}  // namespace

FrameSender FrameSender::ethernet(const std::string& interface, int index) {
    // Protocol 0: this socket only sends; it receives nothing, so no buffer fills up behind it.
    UniqueFd fd(::socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0));
    if (!fd) {
        throwSocketError(errno, "cannot open a packet socket", interface);
    }
    return FrameSender(std::move(fd), interface, index, true);
}

FrameSender FrameSender::ipv4(const std::string& interface) {
    UniqueFd fd(::socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW));
    if (!fd) {
        throwSocketError(errno, "cannot open a raw IPv4 socket", interface);
    }
    // Leave through the phone's interface even when the routing table would pick another one
    // for the server: the answer comes back to ciaddr, on this interface.
    if (::setsockopt(fd.get(), SOL_SOCKET, SO_BINDTODEVICE, interface.c_str(),
                     static_cast<socklen_t>(interface.size() + 1)) != 0) {
        throwSocketError(errno, "cannot bind the raw IPv4 socket", interface);
    }
    return FrameSender(std::move(fd), interface, 0, false);
}

void FrameSender::send(wire::ByteView bytes, wire::Ipv4 destination) const {
    ssize_t sent = -1;
    if (ethernet_) {
        sockaddr_ll to{};
        to.sll_family = AF_PACKET;
        to.sll_protocol = htons(ETH_P_IP);
        to.sll_ifindex = index_;
        to.sll_halen = 6;
        std::memcpy(to.sll_addr, kBroadcastMac.octets.data(), 6);
        // sendto takes the generic sockaddr: the address is copied into sockaddr_storage, which the
        // C API guarantees may be viewed as one.
        sockaddr_storage storage{};
        std::memcpy(&storage, &to, sizeof to);
        sent = ::sendto(fd_.get(), bytes.data(), bytes.size(), 0,
                        reinterpret_cast<const sockaddr*>(&storage), sizeof to);
    } else {
        sockaddr_in to{};
        to.sin_family = AF_INET;
        to.sin_addr.s_addr = htonl(destination.value);
        sockaddr_storage storage{};
        std::memcpy(&storage, &to, sizeof to);
        sent = ::sendto(fd_.get(), bytes.data(), bytes.size(), 0,
                        reinterpret_cast<const sockaddr*>(&storage), sizeof to);
    }
    if (sent < 0) {
        const int e = errno;
        if (e == ENETUNREACH || e == EHOSTUNREACH) {
            throw NetworkError(
                Kind::InterfaceMissing,
                fmt::format("cannot send to {} from {}: {} (no route through this interface; "
                            "add one or choose the interface with --interface)",
                            destination.toString(), wire::escapeForDisplay(interface_),
                            util::describeErrno(e)));
        }
        throwSocketError(e, "cannot send the DHCPINFORM", interface_);
    }
    if (static_cast<std::size_t>(sent) != bytes.size()) {
        throw NetworkError(
            Kind::SocketFailed,
            fmt::format("cannot send the DHCPINFORM on {}: only {} of {} bytes went out",
                        wire::escapeForDisplay(interface_), sent, bytes.size()));
    }
}

}  // namespace dhcplite::util
