// The shared socket-level helpers: the IP_PKTINFO control data both programs write and read.
#include <doctest/doctest.h>

#include <sys/socket.h>

#include <array>

#include "net/control_data.hpp"

using namespace dhcplite;

TEST_CASE("IP_PKTINFO written for a reply reads back as written") {
    struct alignas(cmsghdr) Buffer {
        std::array<unsigned char, net::kPacketInfoControl> bytes{};
    } control;
    msghdr hdr{};
    hdr.msg_control = control.bytes.data();
    hdr.msg_controllen = control.bytes.size();
    net::writePacketInfo(hdr, 7, wire::Ipv4::parse("192.0.2.1"));
    const net::PacketInfo info = net::readPacketInfo(hdr);
    CHECK(info.ifindex == 7);
    CHECK(info.localAddress == wire::Ipv4::parse("192.0.2.1"));
    CHECK(info.destination == wire::Ipv4{});
    CHECK_FALSE(net::readTimestampNs(hdr).has_value());
}

TEST_CASE("no control data: no packet info, no timestamp") {
    msghdr hdr{};
    CHECK(net::readPacketInfo(hdr).ifindex == 0);
    CHECK_FALSE(net::readTimestampNs(hdr).has_value());
}
