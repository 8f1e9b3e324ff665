// Which interfaces dhcplite answers on, from made-up interface lists.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>
#include <vector>

#include "interface_fixture.hpp"
#include "interfaces.hpp"

using namespace dhcplite::daemon;
using dhcplite::wire::Ipv4;

namespace {

constexpr auto iface = dhcplite::test::makeInterface;

const std::vector<InterfaceInfo> kHost = {
    iface("lo", 1, true, true, {"127.0.0.1"}),
    iface("eth0", 2, true, false, {"192.0.2.1", "192.0.2.2"}),
    iface("eth1", 3, false, false, {"198.51.100.1"}),
    iface("eth2", 4, true, false, {}),
    iface("vlan20", 17, true, false, {"203.0.113.1"}),
};

std::vector<std::string> names(const InterfaceSelection& s) {
    std::vector<std::string> out;
    for (const auto& i : s.selected) {
        out.push_back(i.name);
    }
    return out;
}

}  // namespace

TEST_CASE("nothing named: every up interface with IPv4 but loopback") {
    const auto s = selectInterfaces(kHost, {});
    CHECK(s.error.empty());
    CHECK(s.warnings.empty());
    CHECK(names(s) == std::vector<std::string>{"eth0", "vlan20"});
    CHECK(s.selected[0].addresses.size() == 2);
}

TEST_CASE("nothing named and nothing usable: an error that says what to do") {
    const std::vector<InterfaceInfo> onlyLoopback = {iface("lo", 1, true, true, {"127.0.0.1"}),
                                                     iface("eth0", 2, false, false, {"192.0.2.1"})};
    const auto s = selectInterfaces(onlyLoopback, {});
    CHECK(s.selected.empty());
    CHECK(s.error.find("no usable interface") != std::string::npos);
    CHECK(s.error.find("listen.interfaces") != std::string::npos);
    CHECK_FALSE(selectInterfaces({}, {}).error.empty());
}

TEST_CASE("named: exactly those, sorted by index, down or address-less ones with a warning") {
    const std::vector<std::string> named = {"eth2", "eth1", "eth0"};
    const auto s = selectInterfaces(kHost, named);
    CHECK(s.error.empty());
    CHECK(names(s) == std::vector<std::string>{"eth0", "eth1", "eth2"});
    REQUIRE(s.warnings.size() == 2);
    CHECK(s.warnings[0].find("eth2 has no IPv4 address") != std::string::npos);
    CHECK(s.warnings[1].find("eth1 is down") != std::string::npos);
}

TEST_CASE("named twice counts once; loopback only when named, with a warning") {
    const std::vector<std::string> named = {"lo", "eth0", "eth0"};
    const auto s = selectInterfaces(kHost, named);
    CHECK(names(s) == std::vector<std::string>{"lo", "eth0"});
    REQUIRE(s.warnings.size() == 1);
    CHECK(s.warnings[0].find("loopback") != std::string::npos);
}

TEST_CASE("a named interface that does not exist stops the start, listing the known ones") {
    const std::vector<std::string> named = {"eth0", "eth9"};
    const auto s = selectInterfaces(kHost, named);
    CHECK(s.selected.empty());
    CHECK(s.error ==
          "interface eth9 (listen.interfaces) does not exist; known interfaces: "
          "lo,eth0,eth1,eth2,vlan20");
}

TEST_CASE("hostile interface names are escaped in messages") {
    const std::vector<std::string> named = {"e\nth\x1b"};
    const auto s = selectInterfaces(kHost, named);
    CHECK(s.error.find("e\\x0Ath\\x1B") != std::string::npos);
    CHECK(s.error.find('\n') == std::string::npos);
}

TEST_CASE("the per-packet filter") {
    const auto s = selectInterfaces(kHost, {});
    const InterfaceFilter filter(s.selected);
    CHECK(filter.allows(2));
    CHECK(filter.allows(17));
    CHECK_FALSE(filter.allows(1));  // loopback
    CHECK_FALSE(filter.allows(3));  // not selected
    CHECK_FALSE(filter.allows(0));  // no IP_PKTINFO
    CHECK_FALSE(filter.allows(-1));
    CHECK_FALSE(filter.allows(18));  // past the table
    CHECK_FALSE(filter.allows(1'000'000));
    CHECK(filter.nameOf(17) == "vlan20");
    CHECK(filter.nameOf(3) == "?");
    CHECK(interfaceNames(filter.interfaces()) == "eth0,vlan20");
    const InterfaceFilter empty;
    CHECK_FALSE(empty.allows(2));
}

TEST_CASE("subnet edges: network and broadcast of every link of the host, served or not") {
    auto eth0 = iface("eth0", 2, true, false, {"192.0.2.1"});
    eth0.subnetEdges = {Ipv4::parse("192.0.2.0"), Ipv4::parse("192.0.2.255")};
    auto eth1 = iface("eth1", 3, true, false, {"198.51.100.1"});  // not served
    eth1.subnetEdges = {Ipv4::parse("198.51.100.0"), Ipv4::parse("198.51.100.63")};
    const auto p2p = iface("p2p0", 4, true, false, {"203.0.113.0"});  // a /31: no edges
    const std::vector<InterfaceInfo> served = {eth0};
    const std::vector<InterfaceInfo> all = {eth0, eth1, p2p};
    const InterfaceFilter filter(served, all);

    CHECK(filter.isSubnetEdge(Ipv4::parse("192.0.2.0")));
    CHECK(filter.isSubnetEdge(Ipv4::parse("192.0.2.255")));
    CHECK(filter.isSubnetEdge(Ipv4::parse("198.51.100.0")));
    CHECK(filter.isSubnetEdge(Ipv4::parse("198.51.100.63")));
    CHECK_FALSE(filter.isSubnetEdge(Ipv4::parse("192.0.2.1")));
    CHECK_FALSE(filter.isSubnetEdge(Ipv4::parse("192.0.2.254")));
    CHECK_FALSE(filter.isSubnetEdge(Ipv4::parse("198.51.100.64")));
    CHECK_FALSE(filter.isSubnetEdge(Ipv4::parse("203.0.113.0")));
    CHECK_FALSE(filter.isSubnetEdge(Ipv4::parse("203.0.113.1")));
    // Only eth0 is answered on; eth1's edges count all the same (a reply may leave through it).
    CHECK(filter.allows(2));
    CHECK_FALSE(filter.allows(3));
    // Without the host list, the served interfaces' own.
    const InterfaceFilter servedOnly(served);
    CHECK(servedOnly.isSubnetEdge(Ipv4::parse("192.0.2.255")));
    CHECK_FALSE(servedOnly.isSubnetEdge(Ipv4::parse("198.51.100.63")));
    CHECK_FALSE(InterfaceFilter().isSubnetEdge(Ipv4::parse("192.0.2.255")));
}

TEST_CASE("listInterfaces derives the edges from the netmask: loopback's 127.0.0.0/8") {
    const auto all = listInterfaces();
    const auto lo =
        std::find_if(all.begin(), all.end(), [](const InterfaceInfo& i) { return i.loopback; });
    REQUIRE(lo != all.end());
    REQUIRE(std::find(lo->addresses.begin(), lo->addresses.end(), Ipv4::parse("127.0.0.1")) !=
            lo->addresses.end());
    CHECK(std::find(lo->subnetEdges.begin(), lo->subnetEdges.end(), Ipv4::parse("127.0.0.0")) !=
          lo->subnetEdges.end());
    CHECK(std::find(lo->subnetEdges.begin(), lo->subnetEdges.end(),
                    Ipv4::parse("127.255.255.255")) != lo->subnetEdges.end());
}
