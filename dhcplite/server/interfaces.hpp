#pragma once
// Which interfaces to answer on. Listing them (getifaddrs) is kept apart from choosing among them
// (pure), so the choice is tested with made-up interface lists.
#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "net/interfaces.hpp"
#include "wire/address.hpp"

namespace dhcplite::daemon {

// The one interface type of both programs (common/net/interfaces.hpp).
using net::InterfaceInfo;

// net::listInterfaces(); throws StartupError(OsErr) if getifaddrs fails.
std::vector<InterfaceInfo> listInterfaces();

struct InterfaceSelection {
    std::vector<InterfaceInfo> selected;  // sorted by index, no duplicates
    std::vector<std::string> warnings;    // one line each, to log at warning level
    std::string error;                    // non-empty: nothing to serve (exit 69)
};

// `named` empty: every interface that is up, has an IPv4 address and is not loopback.
// `named` given: exactly those, each must exist; one that is down or has no IPv4 address yet is
// kept with a warning (its socket is bound to the device, so it starts answering once it is up;
// the reply's option 54 comes from the address the request arrived on).
InterfaceSelection selectInterfaces(std::span<const InterfaceInfo> all,
                                    std::span<const std::string> named);

// The per-packet check "do we answer on the interface this arrived on?" (IP_PKTINFO ifindex):
// a flat table indexed by ifindex, so the hot path does one bounds check and one load.
// Unselected interfaces are refused (so loopback, unless named), and so is index 0 (no
// IP_PKTINFO).
class InterfaceFilter {
public:
    InterfaceFilter() = default;
    // `selected`: answered on. `all`: every interface of the host, for isSubnetEdge (a reply
    // can leave through any of them, served or not); `selected` alone when not given.
    explicit InterfaceFilter(std::span<const InterfaceInfo> selected);
    InterfaceFilter(std::span<const InterfaceInfo> selected, std::span<const InterfaceInfo> all);

    bool allows(int ifindex) const noexcept {
        return ifindex > 0 && static_cast<std::size_t>(ifindex) < allowed_.size() &&
               allowed_[static_cast<std::size_t>(ifindex)] != 0;
    }
    // Whether `local` (IP_PKTINFO's ipi_spec_dst, the address option 54 and the reply's source
    // will carry) is right for a request that reached `destination` (ipi_addr) on `ifindex`.
    // Addressed to `local` itself: yes (a relay, or a phone that knows us). Broadcast: only
    // when `local` is one of that interface's own addresses — on an interface without IPv4 (or
    // in the moment between an address's removal and our netlink notice) the kernel names
    // some other interface's address, and an answer would carry a wrong server identifier
    // (RFC 2131 §4.3.5 / RFC 2132 §9.7). Such a request is left for the client's retry.
    bool namesOwnAddress(int ifindex, wire::Ipv4 local, wire::Ipv4 destination) const noexcept {
        if (destination == local) {
            return true;
        }
        if (ifindex <= 0 || static_cast<std::size_t>(ifindex) >= addressSpans_.size()) {
            return false;
        }
        const auto [first, count] = addressSpans_[static_cast<std::size_t>(ifindex)];
        for (std::uint32_t i = first; i < first + count; ++i) {
            if (addresses_[i] == local) {
                return true;
            }
        }
        return false;
    }
    // Whether `address` is the network or broadcast address of a subnet on one of the host's
    // interfaces: a unicast reply there would be a directed broadcast on that link. It catches
    // what the responder cannot know: a spoofed source address (an INFORM with ciaddr and
    // giaddr 0 is answered to its source) or a ciaddr on a link no site describes. A few
    // entries, sorted: a binary search per reply.
    bool isSubnetEdge(wire::Ipv4 address) const noexcept {
        return std::binary_search(subnetEdges_.begin(), subnetEdges_.end(), address.value);
    }
    // The same addresses, sorted, for the responder's admission (Admission::ownLinkEdges).
    std::span<const std::uint32_t> subnetEdges() const noexcept { return subnetEdges_; }
    // For log lines only; "?" when unknown.
    std::string_view nameOf(int ifindex) const noexcept;
    std::span<const InterfaceInfo> interfaces() const noexcept { return interfaces_; }

private:
    std::vector<std::uint8_t> allowed_;
    // Per ifindex (offset, count) into addresses_: flat, so the per-packet check allocates and
    // chases no pointers.
    std::vector<std::pair<std::uint32_t, std::uint32_t>> addressSpans_;
    std::vector<wire::Ipv4> addresses_;
    std::vector<std::uint32_t> subnetEdges_;  // sorted, unique
    std::vector<InterfaceInfo> interfaces_;
};

// "eth0,eth1" (names escaped: interface names are set by whoever configured the host).
std::string interfaceNames(std::span<const InterfaceInfo> interfaces);

}  // namespace dhcplite::daemon
