#pragma once
// The host's network interfaces (of the current network namespace), as both programs see them:
// the daemon chooses which to answer on (dhcplite/server/interfaces.hpp), emulate-client which
// to speak on (dhcputil/emulate/emulate_interface.hpp). Listing is kept apart from choosing, so
// each choice is a pure function tested with made-up lists of this one type.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wire/address.hpp"

namespace dhcplite::net {

struct InterfaceInfo {
    std::string name;
    unsigned index = 0;
    bool up = false;                      // IFF_UP
    bool loopback = false;                // IFF_LOOPBACK
    std::optional<wire::MacAddress> mac;  // set for Ethernet (ARPHRD_ETHER) interfaces only
    std::vector<wire::Ipv4> addresses;    // IPv4, in the kernel's order (primary first)
    // The network and the broadcast address of each IPv4 subnet on it of /30 or shorter (/31
    // and /32 have none, RFC 3021). A reply sent to one reaches every host of that link, so
    // the daemon never sends one there (InterfaceFilter::isSubnetEdge).
    std::vector<wire::Ipv4> subnetEdges;
    bool defaultRoute = false;  // a 0.0.0.0/0 route leaves through it (markDefaultRoutes only)
};

// What listInterfaces() found, or the errno of getifaddrs(3) when it failed: each program words
// that failure in its own terms. (Not std::expected: clang 14, which builds the fuzz targets,
// cannot compile libstdc++ 12's <expected>, and every fuzz target that reads frames links this.)
struct InterfaceList {
    std::vector<InterfaceInfo> interfaces;
    int error = 0;  // 0, or getifaddrs' errno (interfaces then empty)
};

// Every interface the kernel knows (AF_PACKET entries give the ones without an address too),
// sorted by index, with each IPv4 address's subnet edges from its netmask.
InterfaceList listInterfaces();

// Names of the interfaces with an active IPv4 default route, from the text of /proc/net/route
// (destination and mask 00000000, flag RTF_UP). Lines that do not parse are skipped.
std::vector<std::string> defaultRouteInterfaces(std::string_view procNetRoute);

// Sets defaultRoute from /proc/net/route (none set if it cannot be read).
void markDefaultRoutes(std::vector<InterfaceInfo>& interfaces);

}  // namespace dhcplite::net
