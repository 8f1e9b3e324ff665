#pragma once
// One batch of datagrams for recvmmsg(2) and sendmmsg(2), shared by the daemon's data path
// (dhcplite/server/packet_batch) and the load generator (dhcputil/bench/bench_engine): N message
// headers, each wired once to its own iovec, IPv4 peer address and control buffer of
// ControlBytes. The payload buffers stay with the caller (setBuffer), so the daemon can keep its
// own large, lazily touched allocation. No allocation, no system call but the two batch calls.
// The headers point into the object itself: it is neither copied nor moved.
#include <netinet/in.h>
#include <sys/socket.h>

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace dhcplite::net {

template <std::size_t N, std::size_t ControlBytes>
class MessageBatch {
public:
    static constexpr std::size_t kSize = N;

    MessageBatch() noexcept {
        for (std::size_t i = 0; i < N; ++i) {
            auto& hdr = msgs_[i].msg_hdr;
            hdr.msg_name = &peers_[i];
            hdr.msg_namelen = sizeof(sockaddr_in);
            hdr.msg_iov = &iov_[i];
            hdr.msg_iovlen = 1;
            hdr.msg_control = control_[i].bytes.data();
            hdr.msg_controllen = ControlBytes;
        }
    }
    MessageBatch(const MessageBatch&) = delete;
    MessageBatch& operator=(const MessageBatch&) = delete;

    // Slot i sends from, or receives into, `buffer` (its whole size).
    void setBuffer(std::size_t i, std::span<std::uint8_t> buffer) noexcept {
        iov_[i] = {buffer.data(), buffer.size()};
    }
    msghdr& header(std::size_t i) noexcept { return msgs_[i].msg_hdr; }
    // The sender of a received datagram, or the destination of one to send.
    sockaddr_in& peer(std::size_t i) noexcept { return peers_[i]; }
    const sockaddr_in& peer(std::size_t i) const noexcept { return peers_[i]; }
    // Slot i sends no control data (the kernel then picks source address and interface).
    void clearControl(std::size_t i) noexcept {
        msgs_[i].msg_hdr.msg_control = nullptr;
        msgs_[i].msg_hdr.msg_controllen = 0;
    }
    // Slot i's control buffer at its full size again, flags cleared, before it is sent.
    void resetControl(std::size_t i) noexcept {
        msgs_[i].msg_hdr.msg_controllen = ControlBytes;
        msgs_[i].msg_hdr.msg_flags = 0;
    }

    // recvmmsg of up to N datagrams into slots 0..n-1: the count, or -1 with errno set.
    // recvmmsg overwrites the lengths it reports, so every slot first gets its full room back.
    int receive(int fd, int flags) noexcept {
        for (std::size_t i = 0; i < N; ++i) {
            auto& hdr = msgs_[i].msg_hdr;
            hdr.msg_namelen = sizeof(sockaddr_in);
            hdr.msg_controllen = ControlBytes;
            hdr.msg_flags = 0;
            msgs_[i].msg_len = 0;
        }
        return ::recvmmsg(fd, msgs_.data(), static_cast<unsigned>(N), flags, nullptr);
    }
    // sendmmsg of slots first..first+count-1: how many left, or -1 with errno set.
    int send(int fd, std::size_t first, std::size_t count, int flags) noexcept {
        return ::sendmmsg(fd, &msgs_[first], static_cast<unsigned>(count), flags);
    }

    // A received datagram's length as the kernel reported it (its full length with MSG_TRUNC).
    std::size_t length(std::size_t i) const noexcept { return msgs_[i].msg_len; }
    bool truncated(std::size_t i) const noexcept {
        return (msgs_[i].msg_hdr.msg_flags & MSG_TRUNC) != 0;
    }
    // Whether peer(i) holds the IPv4 sender of a received datagram.
    bool hasIpv4Peer(std::size_t i) const noexcept {
        return msgs_[i].msg_hdr.msg_namelen >= sizeof(sockaddr_in) &&
               peers_[i].sin_family == AF_INET;
    }

private:
    struct alignas(cmsghdr) Control {
        std::array<unsigned char, ControlBytes> bytes;
    };

    std::array<mmsghdr, N> msgs_{};
    std::array<iovec, N> iov_{};
    std::array<sockaddr_in, N> peers_{};
    std::array<Control, N> control_{};
};

}  // namespace dhcplite::net
