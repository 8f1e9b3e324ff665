#include "net/interfaces.hpp"

#include <arpa/inet.h>
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <utility>

namespace dhcplite::net {
namespace {

struct IfaddrsDeleter {
    void operator()(ifaddrs* list) const noexcept { ::freeifaddrs(list); }
};
using IfaddrsPtr = std::unique_ptr<ifaddrs, IfaddrsDeleter>;

constexpr unsigned kRtfUp = 0x0001;  // RTF_UP in <linux/route.h>

InterfaceInfo& entryFor(std::vector<InterfaceInfo>& list, const char* name) {
    auto it = std::find_if(list.begin(), list.end(),
                           [&](const InterfaceInfo& i) { return i.name == name; });
    if (it != list.end()) {
        return *it;
    }
    InterfaceInfo info;
    info.name = name;
    info.index = ::if_nametoindex(name);
    list.push_back(std::move(info));
    return list.back();
}

void addSubnetEdges(InterfaceInfo& info, wire::Ipv4 address, std::uint32_t netmask) {
    const wire::Cidr subnet{wire::Ipv4{address.value & netmask},
                            static_cast<std::uint8_t>(std::popcount(netmask))};
    if (subnet.hasEdges()) {
        info.subnetEdges.push_back(subnet.network);
        info.subnetEdges.push_back(subnet.broadcast());
    }
}

// The sockaddr types are C's family of "subclasses": memcpy, not a cast, so no object is read
// through a pointer to a type it is not (the storage is only guaranteed to be a sockaddr).
void addLink(InterfaceInfo& info, const sockaddr* address) {
    sockaddr_ll ll{};
    std::memcpy(&ll, address, sizeof ll);
    if (ll.sll_hatype == ARPHRD_ETHER && ll.sll_halen == 6) {
        wire::MacAddress mac;
        std::copy_n(ll.sll_addr, 6, mac.octets.begin());
        info.mac = mac;
    }
    info.index = static_cast<unsigned>(ll.sll_ifindex);
}

void addIpv4(InterfaceInfo& info, const sockaddr* address, const sockaddr* netmask) {
    sockaddr_in sin{};
    std::memcpy(&sin, address, sizeof sin);
    const wire::Ipv4 ipv4{ntohl(sin.sin_addr.s_addr)};
    info.addresses.push_back(ipv4);
    if (netmask != nullptr) {
        sockaddr_in mask{};
        std::memcpy(&mask, netmask, sizeof mask);
        addSubnetEdges(info, ipv4, ntohl(mask.sin_addr.s_addr));
    }
}

}  // namespace

InterfaceList listInterfaces() {
    ifaddrs* raw = nullptr;
    if (::getifaddrs(&raw) != 0) {
        return {.interfaces = {}, .error = errno};
    }
    const IfaddrsPtr list(raw);
    std::vector<InterfaceInfo> out;
    for (const ifaddrs* a = list.get(); a != nullptr; a = a->ifa_next) {
        if (a->ifa_name == nullptr) {
            continue;
        }
        auto& info = entryFor(out, a->ifa_name);
        info.up = info.up || (a->ifa_flags & IFF_UP) != 0;
        info.loopback = info.loopback || (a->ifa_flags & IFF_LOOPBACK) != 0;
        if (a->ifa_addr == nullptr) {
            continue;
        }
        if (a->ifa_addr->sa_family == AF_PACKET) {
            addLink(info, a->ifa_addr);
        } else if (a->ifa_addr->sa_family == AF_INET) {
            addIpv4(info, a->ifa_addr, a->ifa_netmask);
        }
    }
    // An interface that vanished between getifaddrs and if_nametoindex has index 0: useless.
    std::erase_if(out, [](const InterfaceInfo& i) { return i.index == 0; });
    std::sort(out.begin(), out.end(),
              [](const InterfaceInfo& x, const InterfaceInfo& y) { return x.index < y.index; });
    return {.interfaces = std::move(out), .error = 0};
}

std::vector<std::string> defaultRouteInterfaces(std::string_view procNetRoute) {
    std::vector<std::string> out;
    std::istringstream lines{std::string(procNetRoute)};
    std::string line;
    std::getline(lines, line);  // the header line
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string iface, destination, gateway, flags, refcnt, use, metric, mask;
        if (!(fields >> iface >> destination >> gateway >> flags >> refcnt >> use >> metric >>
              mask)) {
            continue;
        }
        unsigned long flagBits = 0;
        try {
            flagBits = std::stoul(flags, nullptr, 16);
        } catch (const std::exception&) {
            continue;
        }
        if (destination == "00000000" && mask == "00000000" && (flagBits & kRtfUp) != 0 &&
            std::find(out.begin(), out.end(), iface) == out.end()) {
            out.push_back(iface);
        }
    }
    return out;
}

void markDefaultRoutes(std::vector<InterfaceInfo>& interfaces) {
    std::ifstream routes("/proc/net/route");
    std::ostringstream text;
    text << routes.rdbuf();
    for (const auto& name : defaultRouteInterfaces(text.str())) {
        for (auto& i : interfaces) {
            if (i.name == name) {
                i.defaultRoute = true;
            }
        }
    }
}

}  // namespace dhcplite::net
