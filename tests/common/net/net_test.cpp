// The shared socket-level helpers: the default-route parser behind emulate-client's choice, the
// IP_PKTINFO control data both programs write and read, and the host's interface list.
#include <doctest/doctest.h>

#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "net/control_data.hpp"
#include "net/interfaces.hpp"

using namespace dhcplite;

TEST_CASE("default routes from /proc/net/route") {
    const std::string text =
        "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
        "eth0\t00000000\t010200C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
        "eth0\t000200C0\t00000000\t0001\t0\t0\t100\t00FFFFFF\t0\t0\t0\n"
        "wlan0\t00000000\t01000A0A\t0003\t0\t0\t600\t00000000\t0\t0\t0\n"
        "eth0\t00000000\t020200C0\t0003\t0\t0\t200\t00000000\t0\t0\t0\n"   // a second default:
                                                                           // listed once
        "down0\t00000000\t01000A0A\t0002\t0\t0\t600\t00000000\t0\t0\t0\n"  // not RTF_UP
        "host0\t00000000\t01000A0A\t0003\t0\t0\t600\tFFFFFFFF\t0\t0\t0\n"  // 0.0.0.0/32 is no
                                                                           // default
        "broken line\n"
        "bad0\t00000000\t0\tZZ\t0\t0\t0\t00000000\t0\t0\t0\n";
    CHECK(net::defaultRouteInterfaces(text) == std::vector<std::string>{"eth0", "wlan0"});
    CHECK(net::defaultRouteInterfaces("").empty());
}

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

TEST_CASE("this machine's interfaces: sorted by index, loopback among them") {
    const auto listed = net::listInterfaces();
    REQUIRE(listed.error == 0);
    const auto& list = listed.interfaces;
    CHECK(std::is_sorted(list.begin(), list.end(),
                         [](const auto& a, const auto& b) { return a.index < b.index; }));
    const auto lo =
        std::find_if(list.begin(), list.end(), [](const auto& i) { return i.loopback; });
    REQUIRE(lo != list.end());
    CHECK(lo->index != 0);
    CHECK_FALSE(lo->mac.has_value());  // ARPHRD_LOOPBACK, not Ethernet
}
