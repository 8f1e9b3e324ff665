#include "emulate/emulate_interface.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "util/os_error.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util {

namespace {

using net::NetworkError;
using Kind = net::NetworkError::Kind;

bool usable(const InterfaceInfo& i) { return i.up && !i.loopback && i.mac.has_value(); }

std::string listed(const std::vector<const InterfaceInfo*>& items) {
    std::string out;
    for (const auto* i : items) {
        out += out.empty() ? "" : "; ";
        out += describeInterface(*i);
    }
    return out;
}

InterfaceInfo chooseNamed(const std::vector<InterfaceInfo>& interfaces, const std::string& name,
                          bool haveCiaddr) {
    const auto it = std::find_if(interfaces.begin(), interfaces.end(),
                                 [&](const InterfaceInfo& i) { return i.name == name; });
    const std::string shown = wire::escapeForDisplay(name);
    if (it == interfaces.end()) {
        std::vector<const InterfaceInfo*> up;
        for (const auto& i : interfaces) {
            if (usable(i)) {
                up.push_back(&i);
            }
        }
        throw NetworkError(
            Kind::InterfaceMissing,
            fmt::format("--interface '{}': no such interface{}", shown,
                        up.empty() ? std::string(" (and no other Ethernet interface is up)")
                                   : "; up Ethernet interfaces: " + listed(up)));
    }
    if (it->loopback || !it->mac) {
        throw NetworkError(
            Kind::InterfaceMissing,
            fmt::format("--interface '{}' is not an Ethernet interface: emulate-client sends "
                        "Ethernet frames as a phone does",
                        shown));
    }
    if (!it->up) {
        throw NetworkError(
            Kind::InterfaceMissing,
            fmt::format("--interface '{}' is down: bring it up (ip link set {} up)", shown, shown));
    }
    if (it->addresses.empty() && !haveCiaddr) {
        throw NetworkError(
            Kind::InterfaceMissing,
            fmt::format("--interface '{}' has no IPv4 address: the phone's DHCPINFORM comes from "
                        "its address; give one with --ciaddr",
                        shown));
    }
    return *it;
}

}  // namespace

std::string describeInterface(const InterfaceInfo& i) {
    std::string out = wire::escapeForDisplay(i.name) + " (";
    out += i.mac ? i.mac->toString() : std::string("no MAC");
    for (const auto& a : i.addresses) {
        out += ", " + a.toString();
    }
    if (i.addresses.empty()) {
        out += ", no IPv4";
    }
    if (i.defaultRoute) {
        out += ", default route";
    }
    return out + ")";
}

InterfaceInfo chooseInterface(const std::vector<InterfaceInfo>& interfaces,
                              const std::optional<std::string>& named, bool haveCiaddr) {
    if (named) {
        return chooseNamed(interfaces, *named, haveCiaddr);
    }
    std::vector<const InterfaceInfo*> withAddress;
    std::vector<const InterfaceInfo*> chosen;
    for (const auto& i : interfaces) {
        if (usable(i) && !i.addresses.empty()) {
            withAddress.push_back(&i);
            if (i.defaultRoute) {
                chosen.push_back(&i);
            }
        }
    }
    // One candidate is the obvious choice with or without a default route: a test bench or a
    // phone VLAN port often has none, and DHCPUtil users type -EmulateClient with no switch
    // (docs/design.md §10). Among several, only a single default route decides.
    if (withAddress.size() == 1) {
        return *withAddress.front();
    }
    if (chosen.size() == 1) {
        return *chosen.front();
    }
    if (chosen.size() > 1) {
        throw NetworkError(
            Kind::InterfaceAmbiguous,
            fmt::format("several interfaces have an IPv4 address and a default route: {}; choose "
                        "the phone's with --interface",
                        listed(chosen)));
    }
    if (withAddress.empty()) {
        throw NetworkError(
            Kind::InterfaceMissing,
            "no Ethernet interface is up with an IPv4 address; name one with --interface "
            "(and --ciaddr if it has no address)");
    }
    throw NetworkError(
        Kind::InterfaceAmbiguous,
        fmt::format("several interfaces have an IPv4 address and none has a default route: {}; "
                    "choose the phone's with --interface",
                    listed(withAddress)));
}

std::vector<InterfaceInfo> listSystemInterfaces() {
    auto list = net::listInterfaces();
    if (list.error != 0) {
        throw NetworkError(Kind::SocketFailed, fmt::format("cannot list network interfaces: {}",
                                                           util::describeErrno(list.error)));
    }
    net::markDefaultRoutes(list.interfaces);
    return std::move(list.interfaces);
}

}  // namespace dhcplite::util
