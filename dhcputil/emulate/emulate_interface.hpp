#pragma once
// Which interface emulate-client speaks on. DHCPUtil -EmulateClient picks one itself and fails
// on hosts with several active adapters; here the rule is explicit and never guesses:
//   - --interface IF: that one (it must exist, be up and be Ethernet);
//   - otherwise the only interface that is up, not loopback, Ethernet and has an IPv4 address
//     (default route or not);
//   - among several such, the only one with a default route; if none or several have one, stop
//     and list the candidates.
// The choice is a pure function over a list, so it is tested without a machine's interfaces;
// listSystemInterfaces() fills the list from getifaddrs(3) and /proc/net/route.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wire/address.hpp"

namespace dhcplite::util {

struct InterfaceInfo {
    std::string name;
    int index = 0;
    bool up = false;        // IFF_UP
    bool loopback = false;  // IFF_LOOPBACK
    std::optional<wire::MacAddress> mac;  // set for Ethernet (ARPHRD_ETHER) interfaces only
    std::vector<wire::Ipv4> addresses;    // IPv4, in the kernel's order (primary first)
    bool defaultRoute = false;            // a 0.0.0.0/0 route leaves through it
};

// The interface to use. `haveCiaddr`: --ciaddr was given, so an interface without IPv4 is fine.
// Throws CommandError: Unavailable (69) for a named interface that is missing, down or not
// Ethernet, or when nothing qualifies; Usage (64) when several qualify (the candidates listed).
InterfaceInfo chooseInterface(const std::vector<InterfaceInfo>& interfaces,
                              const std::optional<std::string>& named, bool haveCiaddr);

// Names of the interfaces with an active IPv4 default route, from the text of /proc/net/route
// (destination and mask 00000000, flag RTF_UP). Lines that do not parse are skipped.
std::vector<std::string> defaultRouteInterfaces(std::string_view procNetRoute);

// The host's interfaces (of the current network namespace). CommandError(OsErr) when
// getifaddrs fails.
std::vector<InterfaceInfo> listSystemInterfaces();

// "eth0 (00:11:22:33:44:55, 192.0.2.10, default route)"
std::string describeInterface(const InterfaceInfo& i);

}  // namespace dhcplite::util
