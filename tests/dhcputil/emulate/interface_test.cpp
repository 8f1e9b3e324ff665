// Which interface emulate-client uses: named, the only up Ethernet interface with IPv4, or among
// several the only one with a default route; never a guess (DHCPUtil's failure with several
// adapters).
#include <doctest/doctest.h>

#include "commands/cli_support.hpp"
#include "emulate/emulate_interface.hpp"

using namespace dhcplite;
using util::InterfaceInfo;

namespace {

InterfaceInfo iface(std::string name, std::string address, bool defaultRoute, bool up = true) {
    InterfaceInfo i;
    i.name = std::move(name);
    i.index = 2;
    i.up = up;
    i.mac = wire::MacAddress::parse("02:00:00:00:00:01");
    if (!address.empty()) {
        i.addresses.push_back(wire::Ipv4::parse(address));
    }
    i.defaultRoute = defaultRoute;
    return i;
}

InterfaceInfo loopback() {
    InterfaceInfo i;
    i.name = "lo";
    i.index = 1;
    i.up = true;
    i.loopback = true;
    i.addresses.push_back(wire::Ipv4::parse("127.0.0.1"));
    return i;
}

struct Failure {
    util::ExitCode code = util::ExitCode::Ok;
    std::string message;
};

Failure fails(const std::vector<InterfaceInfo>& list, std::optional<std::string> named,
              bool ciaddr = false) {
    try {
        util::chooseInterface(list, named, ciaddr);
    } catch (const net::NetworkError& e) {
        return {util::exitCodeFor(e.kind()), e.what()};
    }
    return {};
}

}  // namespace

TEST_CASE("the only interface with a default route is chosen") {
    const std::vector<InterfaceInfo> list{loopback(), iface("eth0", "192.0.2.10", true),
                                          iface("eth1", "198.51.100.7", false)};
    CHECK(util::chooseInterface(list, std::nullopt, false).name == "eth0");
}

TEST_CASE("several with a default route: stop and list them") {
    const std::vector<InterfaceInfo> list{loopback(), iface("eth0", "192.0.2.10", true),
                                          iface("wlan0", "198.51.100.7", true)};
    const auto f = fails(list, std::nullopt);
    CHECK(f.code == util::ExitCode::Usage);
    CHECK(f.message ==
          "several interfaces have an IPv4 address and a default route: eth0 (02:00:00:00:00:01, "
          "192.0.2.10, "
          "default route); wlan0 (02:00:00:00:00:01, 198.51.100.7, default route); choose the "
          "phone's with "
          "--interface");
}

TEST_CASE("exactly one usable interface is chosen without a default route") {
    // DHCPUtil users type -EmulateClient with no switch on a bench port that has no gateway.
    const std::vector<InterfaceInfo> list{loopback(), iface("veth0", "192.0.2.10", false),
                                          iface("veth1", "", false),
                                          iface("veth2", "192.0.2.11", false, false)};
    CHECK(util::chooseInterface(list, std::nullopt, false).name == "veth0");
    // A default route elsewhere (through an interface without IPv4) does not change that.
    const std::vector<InterfaceInfo> routed{loopback(), iface("veth0", "192.0.2.10", false),
                                            iface("veth1", "", true)};
    CHECK(util::chooseInterface(routed, std::nullopt, false).name == "veth0");
}

TEST_CASE("several without a default route: list the candidates, do not pick one") {
    const std::vector<InterfaceInfo> list{loopback(), iface("veth0", "192.0.2.10", false),
                                          iface("veth1", "", false),
                                          iface("veth2", "198.51.100.7", false)};
    const auto f = fails(list, std::nullopt);
    CHECK(f.code == util::ExitCode::Usage);
    CHECK(f.message ==
          "several interfaces have an IPv4 address and none has a default route: veth0 "
          "(02:00:00:00:00:01, "
          "192.0.2.10); veth2 (02:00:00:00:00:01, 198.51.100.7); choose the phone's with "
          "--interface");
}

TEST_CASE("nothing usable at all") {
    const auto f = fails({loopback(), iface("eth0", "", true)}, std::nullopt);
    CHECK(f.code == util::ExitCode::Unavailable);
    CHECK(f.message.starts_with("no Ethernet interface is up with an IPv4 address"));
    // A default route through loopback or a down interface does not count.
    auto lo = loopback();
    lo.defaultRoute = true;
    CHECK(fails({lo, iface("eth0", "192.0.2.1", true, false)}, std::nullopt).code ==
          util::ExitCode::Unavailable);
}

TEST_CASE("a named interface") {
    const std::vector<InterfaceInfo> list{loopback(), iface("eth0", "192.0.2.10", true),
                                          iface("eth1", "", false),
                                          iface("eth2", "198.51.100.7", false, false)};
    CHECK(util::chooseInterface(list, std::string("eth0"), false).name == "eth0");
    // No IPv4 is fine when --ciaddr says what the phone's address is.
    CHECK(util::chooseInterface(list, std::string("eth1"), true).name == "eth1");

    auto f = fails(list, std::string("eth1"));
    CHECK(f.code == util::ExitCode::Unavailable);
    CHECK(f.message ==
          "--interface 'eth1' has no IPv4 address: the phone's DHCPINFORM comes from its address; "
          "give one with --ciaddr");
    f = fails(list, std::string("eth2"));
    CHECK(f.code == util::ExitCode::Unavailable);
    CHECK(f.message == "--interface 'eth2' is down: bring it up (ip link set eth2 up)");
    f = fails(list, std::string("lo"));
    CHECK(f.code == util::ExitCode::Unavailable);
    CHECK(f.message.starts_with("--interface 'lo' is not an Ethernet interface"));
    f = fails(list, std::string("eth9"));
    CHECK(f.code == util::ExitCode::Unavailable);
    CHECK(f.message ==
          "--interface 'eth9': no such interface; up Ethernet interfaces: eth0 (02:00:00:00:00:01, "
          "192.0.2.10, default route); eth1 (02:00:00:00:00:01, no IPv4)");
    f = fails({}, std::string("eth\x1B"));
    CHECK(f.message ==
          "--interface 'eth\\x1B': no such interface (and no other Ethernet interface is up)");
}

TEST_CASE("this machine's interfaces can be listed without privileges") {
    const auto list = util::listSystemInterfaces();
    const bool hasLoopback =
        std::any_of(list.begin(), list.end(), [](const InterfaceInfo& i) { return i.loopback; });
    CHECK(hasLoopback);
}
