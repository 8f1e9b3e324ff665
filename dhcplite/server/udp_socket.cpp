#include "udp_socket.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <new>

#include <fmt/format.h>

#include "startup_error.hpp"
#include "wire/hex.hpp"

namespace dhcplite::daemon {
namespace {

std::string where(const SocketSpec& spec) {
    return spec.device ? fmt::format("UDP 0.0.0.0:{} on {}", spec.port,
                                     wire::escapeForDisplay(*spec.device))
                       : fmt::format("UDP 0.0.0.0:{}", spec.port);
}

void setInt(int fd, int level, int name, int value, const char* what, const SocketSpec& spec) {
    if (::setsockopt(fd, level, name, &value, sizeof value) != 0) {
        throw StartupError(util::ExitCode::OsErr, fmt::format("cannot set {} on {}: {}", what,
                                                              where(spec), describeErrno(errno)));
    }
}

}  // namespace

UniqueFd openDhcpSocket(const SocketSpec& spec) {
    UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) {
        throw StartupError(util::ExitCode::OsErr,
                           fmt::format("cannot create a UDP socket: {}", describeErrno(errno)));
    }
    // SO_REUSEADDR lets dhcplite share port 67 with ISC dhcpd or dhcrelay on the same host
    // (they receive through packet sockets and keep a UDP socket only for sending); a server
    // that does not set it still makes our bind fail with EADDRINUSE.
    setInt(fd.get(), SOL_SOCKET, SO_REUSEADDR, 1, "SO_REUSEADDR", spec);
    setInt(fd.get(), SOL_SOCKET, SO_BROADCAST, 1, "SO_BROADCAST", spec);
    setInt(fd.get(), IPPROTO_IP, IP_PKTINFO, 1, "IP_PKTINFO", spec);
    // Best effort: a smaller buffer still works, it only drops sooner under a burst.
    const int rcvbuf = spec.receiveBuffer;
    (void)::setsockopt(fd.get(), SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof rcvbuf);

    if (spec.reusePort) {
        setInt(fd.get(), SOL_SOCKET, SO_REUSEPORT, 1, "SO_REUSEPORT", spec);
    }
    if (spec.unicastOnly) {
        auto program = unicastFilterProgram();
        sock_fprog prog{};
        prog.len = static_cast<unsigned short>(program.size());
        prog.filter = program.data();
        if (::setsockopt(fd.get(), SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) != 0) {
            throw StartupError(util::ExitCode::OsErr,
                               fmt::format("cannot attach the unicast filter to {}: {}",
                                           where(spec), describeErrno(errno)));
        }
    }
    if (spec.admitIfindexes) {
        // Before bind: from the moment the port is ours, nothing the filter refuses is queued.
        if (const int err = setIfindexFilter(fd.get(), *spec.admitIfindexes); err != 0) {
            throw StartupError(util::ExitCode::OsErr,
                               fmt::format("cannot attach the interface filter to {}: {}",
                                           where(spec), describeErrno(err)));
        }
    }

    if (spec.device) {
        // Since Linux 5.7 an unprivileged process may bind a socket to a device once (changing
        // it again needs CAP_NET_RAW); older kernels need CAP_NET_RAW for the first bind too.
        const auto& name = *spec.device;
        if (::setsockopt(fd.get(), SOL_SOCKET, SO_BINDTODEVICE, name.data(),
                         static_cast<socklen_t>(name.size())) != 0) {
            const int err = errno;
            if (err == EPERM || err == EACCES) {
                throw StartupError(util::ExitCode::NoPerm,
                                   fmt::format("cannot bind {} to its device (SO_BINDTODEVICE): "
                                               "{}; kernels before 5.7 need CAP_NET_RAW for it",
                                               where(spec), describeErrno(err)));
            }
            throw StartupError(err == ENODEV ? util::ExitCode::Unavailable : util::ExitCode::OsErr,
                               fmt::format("cannot bind {} to its device (SO_BINDTODEVICE): {}",
                                           where(spec), describeErrno(err)));
        }
    }

    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(spec.port);
    addr.sin_addr.s_addr = htonl(INADDR_ANY);
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        const int err = errno;
        switch (err) {
        case EACCES:
            throw StartupError(util::ExitCode::NoPerm,
                               fmt::format("cannot bind {}: {}; ports below 1024 need root or "
                                           "CAP_NET_BIND_SERVICE (the systemd unit grants it)",
                                           where(spec), describeErrno(err)));
        case EADDRINUSE:
            throw StartupError(
                util::ExitCode::OsErr,
                fmt::format("cannot bind {}: {}; another program holds port 67 without sharing "
                            "it (SO_REUSEADDR), most likely a DHCP server (dnsmasq, Kea, dhcpd): "
                            "stop it, or answer INFORMs from another host",
                            where(spec), describeErrno(err)));
        default:
            throw StartupError(util::ExitCode::OsErr,
                               fmt::format("cannot bind {}: {}", where(spec), describeErrno(err)));
        }
    }
    return fd;
}

std::vector<sock_filter> ifindexFilterProgram(std::span<const unsigned> ifindexes) {
    // Accepting returns the byte count to keep: all of it.
    constexpr std::uint32_t kAcceptAll = 0xFFFFFFFFU;
    std::vector<sock_filter> program;
    program.reserve(2 * ifindexes.size() + 2);
    program.push_back(BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                               static_cast<std::uint32_t>(SKF_AD_OFF + SKF_AD_IFINDEX)));
    for (const unsigned index : ifindexes) {
        // Match: fall through to the accept right after; else skip it.
        program.push_back(BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, index, 0, 1));
        program.push_back(BPF_STMT(BPF_RET | BPF_K, kAcceptAll));
    }
    program.push_back(BPF_STMT(BPF_RET | BPF_K, 0));
    return program;
}

std::vector<sock_filter> unicastFilterProgram() {
    constexpr std::uint32_t kAcceptAll = 0xFFFFFFFFU;
    constexpr std::uint32_t kPacketHost = 0;  // PACKET_HOST, linux/if_packet.h
    // A UDP socket's filter sees the datagram from its UDP header on; SKF_NET_OFF reaches back
    // to the IPv4 header, whose destination address is at byte 16 (RFC 791).
    constexpr std::uint32_t kIpv4Destination = 16;
    return {
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS, static_cast<std::uint32_t>(SKF_AD_OFF + SKF_AD_PKTTYPE)),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, kPacketHost, 0, 3),
        BPF_STMT(BPF_LD | BPF_W | BPF_ABS,
                 static_cast<std::uint32_t>(SKF_NET_OFF) + kIpv4Destination),
        BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0xFFFFFFFFU, 1, 0),
        BPF_STMT(BPF_RET | BPF_K, kAcceptAll),
        BPF_STMT(BPF_RET | BPF_K, 0),
    };
}

int setIfindexFilter(int fd, std::span<const unsigned> ifindexes) noexcept {
    if (ifindexes.size() > kMaxFilterIfindexes) {
        return E2BIG;
    }
    try {
        auto program = ifindexFilterProgram(ifindexes);
        sock_fprog prog{};
        prog.len = static_cast<unsigned short>(program.size());
        prog.filter = program.data();
        if (::setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) != 0) {
            return errno;
        }
        return 0;
    } catch (const std::bad_alloc&) {
        return ENOMEM;
    }
}

}  // namespace dhcplite::daemon
