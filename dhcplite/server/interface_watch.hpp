#pragma once
// Interfaces change while dhcplite serves. Taking one down and up, or changing its address, keeps
// its index, and option 54 follows the address per packet (IP_PKTINFO). But an interface that
// was down or without IPv4 at start is not in the list chosen then, and one that is deleted and
// created again (a VLAN or bridge re-created by a network manager, a veth re-plugged) comes back
// with a new index: the filter refuses it, and a socket bound to it with SO_BINDTODEVICE keeps
// the old index and hears nothing. Binding a new socket would need CAP_NET_BIND_SERVICE, long
// dropped.
//
// So: an rtnetlink socket subscribed to link and IPv4 address changes (rtnetlink(7); joining
// those groups needs no privilege) tells the loop when to re-read the interface list, and
// planServing() decides again what is served and through which socket. With interfaces named,
// one extra socket bound to port 67 without a device is opened at start, closed by a socket
// filter that admits no interface (udp_socket.hpp); an interface its device socket cannot hear
// any more is admitted there by index.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "interfaces.hpp"
#include "unique_fd.hpp"

namespace dhcplite::daemon {

// What one datagram read from the netlink socket says (rtnetlink(7), netlink(7)).
struct NetlinkSummary {
    std::size_t messages = 0;
    bool interfacesChanged = false;  // RTM_NEWLINK/DELLINK/NEWADDR/DELADDR among them
    bool malformed = false;          // a header that does not fit; the caller re-reads anyway
};

// Walks the nlmsghdr chain with bounds checks (NLMSG_OK's rules, without casting the buffer).
NetlinkSummary summarizeNetlink(std::span<const std::uint8_t> datagram) noexcept;

class InterfaceWatch {
public:
    // Throws StartupError(OsErr) when the socket cannot be opened (e.g. a sandbox without
    // AF_NETLINK); the server then re-reads interfaces on SIGHUP only.
    InterfaceWatch();
    int fd() const noexcept { return fd_.get(); }
    // Reads every pending datagram. True when the interface list should be read again: a
    // change was reported, or notifications were lost because the socket buffer overflowed
    // (ENOBUFS) — then nobody can tell what changed.
    bool drain();

private:
    UniqueFd fd_;
    std::vector<std::uint8_t> buffer_;
};

// A socket bound at start with SO_BINDTODEVICE: the kernel resolved the name to `index` then.
struct DeviceSocket {
    std::string name;
    unsigned index = 0;
};

struct ServingPlan {
    std::vector<InterfaceInfo> served;  // answered on these (the InterfaceFilter), by index
    // Served interfaces no device socket hears (re-created, or named only after start): the
    // shared socket's filter must admit these indexes. Sorted, no duplicates.
    std::vector<unsigned> viaShared;
    std::vector<std::string> missing;  // named but absent now
};

// `named` empty: every interface that is up, has IPv4 and is not loopback (as at start), but an
// empty result is no error here: nothing can arrive on a down interface, and serving resumes
// when one comes back. `named` given: each that exists now, whatever its state (its traffic
// can only arrive once it is up). A served interface is heard by its device socket if one is
// bound to its current index, else by the shared socket.
ServingPlan planServing(std::span<const InterfaceInfo> all, std::span<const std::string> named,
                        std::span<const DeviceSocket> deviceSockets);

// One line per change between two served lists, for the log: "interface srv1 index=5 served
// addresses=192.0.2.1", "interface srv0 re-created index=3->9", "interface srv0 index=3 no
// longer served", "interface srv0 index=3 addresses=192.0.2.1->192.0.2.2".
std::vector<std::string> describeServingChanges(std::span<const InterfaceInfo> before,
                                                std::span<const InterfaceInfo> after);

}  // namespace dhcplite::daemon
