#pragma once
// Sending emulate-client's DHCPINFORM with source port 68 without binding port 68, so it works
// while dhclient, systemd-networkd or a DHCP server holds ports 67/68 (DHCPUtil cannot).
//
//   Broadcast (default): an AF_PACKET socket on the interface sends the complete Ethernet frame
//     built by frame_builder (ff:ff:ff:ff:ff:ff, 255.255.255.255), exactly as a phone would.
//   Unicast (--server): an AF_INET raw socket with IPPROTO_RAW (so IP_HDRINCL), bound to the
//     interface. We still write the IPv4 and UDP headers ourselves (source port 68, our
//     checksums), but the kernel routes the datagram and resolves the next hop's MAC through its
//     neighbour table and ARP — which is what reaching a server on another subnet needs, and what
//     an AF_PACKET socket would have to reimplement (and get wrong when the neighbour entry is
//     stale or missing). A plain UDP socket would need port 68 to be free.
// Both need CAP_NET_RAW; without it the error says so (exit 77).
#include <string>
#include <utility>

#include "net/net_error.hpp"
#include "util/unique_fd.hpp"
#include "wire/address.hpp"
#include "wire/bytes.hpp"

namespace dhcplite::util {

class FrameSender {
public:
    // AF_PACKET on interface `index`; send() takes a whole Ethernet frame.
    static FrameSender ethernet(const std::string& interface, int index);
    // AF_INET raw with our own IPv4 header, bound to `interface`; send() takes an IPv4 packet.
    static FrameSender ipv4(const std::string& interface);

    // Throws net::NetworkError: NotPermitted, InterfaceMissing when the interface or the route
    // to the destination is missing, SocketFailed for anything else.
    void send(wire::ByteView bytes, wire::Ipv4 destination) const;

    bool sendsEthernet() const noexcept { return ethernet_; }

private:
    FrameSender(UniqueFd fd, std::string interface, int index, bool ethernet)
        : fd_(std::move(fd)),
          interface_(std::move(interface)),
          index_(index),
          ethernet_(ethernet) {}

    UniqueFd fd_;
    std::string interface_;
    int index_ = 0;
    bool ethernet_ = true;
};

}  // namespace dhcplite::util
