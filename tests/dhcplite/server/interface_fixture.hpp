#pragma once
// A made-up interface for the tests of interface selection (tests/server) and of the netlink
// watch (tests/faults): the choice is pure, so it is tested without touching the host's own.
#include <string>
#include <utility>
#include <vector>

#include "interfaces.hpp"

namespace dhcplite::test {

inline daemon::InterfaceInfo makeInterface(std::string name, unsigned index, bool up, bool loopback,
                                           const std::vector<std::string>& addresses) {
    daemon::InterfaceInfo i;
    i.name = std::move(name);
    i.index = index;
    i.up = up;
    i.loopback = loopback;
    for (const auto& a : addresses) {
        i.addresses.push_back(wire::Ipv4::parse(a));
    }
    return i;
}

}  // namespace dhcplite::test
