#include "net/control_data.hpp"

#include <arpa/inet.h>

#include <cstring>
#include <ctime>

namespace dhcplite::net {

PacketInfo readPacketInfo(msghdr& hdr) noexcept {
    PacketInfo info;
    for (cmsghdr* c = CMSG_FIRSTHDR(&hdr); c != nullptr; c = CMSG_NXTHDR(&hdr, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO &&
            c->cmsg_len >= CMSG_LEN(sizeof(in_pktinfo))) {
            in_pktinfo pi{};
            std::memcpy(&pi, CMSG_DATA(c), sizeof pi);
            info.ifindex = pi.ipi_ifindex;
            info.localAddress = wire::Ipv4{ntohl(pi.ipi_spec_dst.s_addr)};
            info.destination = wire::Ipv4{ntohl(pi.ipi_addr.s_addr)};
        }
    }
    return info;
}

void writePacketInfo(msghdr& hdr, int ifindex, wire::Ipv4 source) noexcept {
    cmsghdr* c = CMSG_FIRSTHDR(&hdr);
    if (c == nullptr) {  // cannot happen: msg_controllen is the buffer's full size
        hdr.msg_controllen = 0;
        return;
    }
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
    in_pktinfo pi{};
    pi.ipi_ifindex = ifindex;
    pi.ipi_spec_dst.s_addr = htonl(source.value);
    std::memcpy(CMSG_DATA(c), &pi, sizeof pi);
}

std::optional<std::uint64_t> readTimestampNs(msghdr& hdr) noexcept {
    std::optional<std::uint64_t> at;
    for (cmsghdr* c = CMSG_FIRSTHDR(&hdr); c != nullptr; c = CMSG_NXTHDR(&hdr, c)) {
        if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_TIMESTAMPNS &&
            c->cmsg_len >= CMSG_LEN(sizeof(timespec))) {
            timespec ts{};
            std::memcpy(&ts, CMSG_DATA(c), sizeof ts);
            at = static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ULL +
                 static_cast<std::uint64_t>(ts.tv_nsec);
        }
    }
    return at;
}

}  // namespace dhcplite::net
