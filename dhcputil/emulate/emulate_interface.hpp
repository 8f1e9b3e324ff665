#pragma once
// Which interface emulate-client speaks on. DHCPUtil -EmulateClient picks one itself and fails
// on hosts with several active adapters; here the rule is explicit and never guesses:
//   - --interface IF: that one (it must exist, be up and be Ethernet);
//   - otherwise the only interface that is up, not loopback, Ethernet and has an IPv4 address
//     (default route or not);
//   - among several such, the only one with a default route; if none or several have one, stop
//     and list the candidates.
// The choice is a pure function over a list, so it is tested without a machine's interfaces;
// listSystemInterfaces() fills the list from getifaddrs(3) and /proc/net/route (common/net).
#include <optional>
#include <string>
#include <vector>

#include "net/interfaces.hpp"
#include "net/net_error.hpp"

namespace dhcplite::util {

// The one interface type of both programs (common/net/interfaces.hpp).
using net::InterfaceInfo;

// The interface to use. `haveCiaddr`: --ciaddr was given, so an interface without IPv4 is fine.
// Throws net::NetworkError: InterfaceMissing for a named interface that is missing, down or not
// Ethernet, or when nothing qualifies; InterfaceAmbiguous when several qualify (the candidates
// listed).
InterfaceInfo chooseInterface(const std::vector<InterfaceInfo>& interfaces,
                              const std::optional<std::string>& named, bool haveCiaddr);

// The host's interfaces (of the current network namespace) with their default routes
// (net::listInterfaces, net::markDefaultRoutes). net::NetworkError(SocketFailed) when getifaddrs
// fails.
std::vector<InterfaceInfo> listSystemInterfaces();

// "eth0 (00:11:22:33:44:55, 192.0.2.10, default route)"
std::string describeInterface(const InterfaceInfo& i);

}  // namespace dhcplite::util
