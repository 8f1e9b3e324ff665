#include "emulate/emulate_interface.hpp"

#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netinet/in.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>

#include <fmt/format.h>

#include "commands/cli_support.hpp"
#include "util/os_error.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util {

namespace {

struct FreeIfaddrs {
    void operator()(ifaddrs* p) const noexcept { freeifaddrs(p); }
};

constexpr unsigned kRtfUp = 0x0001;  // RTF_UP in <linux/route.h>

bool usable(const InterfaceInfo& i) {
    return i.up && !i.loopback && i.mac.has_value();
}

std::string listed(const std::vector<const InterfaceInfo*>& items) {
    std::string out;
    for (const auto* i : items) {
        out += out.empty() ? "" : "; ";
        out += describeInterface(*i);
    }
    return out;
}

InterfaceInfo chooseNamed(const std::vector<InterfaceInfo>& interfaces, const std::string& name, bool haveCiaddr) {
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
        throw CommandError(ExitCode::Unavailable,
                           fmt::format("--interface '{}': no such interface{}", shown,
                                       up.empty() ? std::string(" (and no other Ethernet interface is up)")
                                                  : "; up Ethernet interfaces: " + listed(up)));
    }
    if (it->loopback || !it->mac) {
        throw CommandError(ExitCode::Unavailable,
                           fmt::format("--interface '{}' is not an Ethernet interface: emulate-client sends "
                                       "Ethernet frames as a phone does",
                                       shown));
    }
    if (!it->up) {
        throw CommandError(ExitCode::Unavailable,
                           fmt::format("--interface '{}' is down: bring it up (ip link set {} up)", shown, shown));
    }
    if (it->addresses.empty() && !haveCiaddr) {
        throw CommandError(ExitCode::Unavailable,
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

InterfaceInfo chooseInterface(const std::vector<InterfaceInfo>& interfaces, const std::optional<std::string>& named,
                              bool haveCiaddr) {
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
        throw CommandError(ExitCode::Usage,
                           fmt::format("several interfaces have an IPv4 address and a default route: {}; choose "
                                       "the phone's with --interface",
                                       listed(chosen)));
    }
    if (withAddress.empty()) {
        throw CommandError(ExitCode::Unavailable,
                           "no Ethernet interface is up with an IPv4 address; name one with --interface "
                           "(and --ciaddr if it has no address)");
    }
    throw CommandError(ExitCode::Usage,
                       fmt::format("several interfaces have an IPv4 address and none has a default route: {}; "
                                   "choose the phone's with --interface",
                                   listed(withAddress)));
}

std::vector<std::string> defaultRouteInterfaces(std::string_view procNetRoute) {
    std::vector<std::string> out;
    std::istringstream lines{std::string(procNetRoute)};
    std::string line;
    std::getline(lines, line);  // the header line
    while (std::getline(lines, line)) {
        std::istringstream fields(line);
        std::string iface, destination, gateway, flags, refcnt, use, metric, mask;
        if (!(fields >> iface >> destination >> gateway >> flags >> refcnt >> use >> metric >> mask)) {
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

std::vector<InterfaceInfo> listSystemInterfaces() {
    ifaddrs* raw = nullptr;
    if (getifaddrs(&raw) != 0) {
        const int e = errno;
        throw CommandError(ExitCode::OsErr, fmt::format("cannot list network interfaces: {}", util::describeErrno(e)));
    }
    const std::unique_ptr<ifaddrs, FreeIfaddrs> list(raw);
    std::vector<InterfaceInfo> out;
    const auto entry = [&](const char* name) -> InterfaceInfo& {
        const auto it =
            std::find_if(out.begin(), out.end(), [&](const InterfaceInfo& i) { return i.name == name; });
        if (it != out.end()) {
            return *it;
        }
        InterfaceInfo info;
        info.name = name;
        info.index = static_cast<int>(if_nametoindex(name));
        out.push_back(std::move(info));
        return out.back();
    };
    for (const ifaddrs* a = list.get(); a != nullptr; a = a->ifa_next) {
        if (a->ifa_name == nullptr) {
            continue;
        }
        InterfaceInfo& info = entry(a->ifa_name);
        info.up = (a->ifa_flags & IFF_UP) != 0;
        info.loopback = (a->ifa_flags & IFF_LOOPBACK) != 0;
        if (a->ifa_addr == nullptr) {
            continue;
        }
        if (a->ifa_addr->sa_family == AF_PACKET) {
            // The sockaddr types are C's family of "subclasses": memcpy, not a cast, so no
            // object is read through a pointer to a type it is not.
            sockaddr_ll ll{};
            std::memcpy(&ll, a->ifa_addr, sizeof ll);
            if (ll.sll_hatype == ARPHRD_ETHER && ll.sll_halen == 6) {
                wire::MacAddress mac;
                std::copy_n(ll.sll_addr, 6, mac.octets.begin());
                info.mac = mac;
            }
            info.index = ll.sll_ifindex;
        } else if (a->ifa_addr->sa_family == AF_INET) {
            sockaddr_in in{};
            std::memcpy(&in, a->ifa_addr, sizeof in);
            info.addresses.push_back(wire::Ipv4{ntohl(in.sin_addr.s_addr)});
        }
    }
    std::ifstream routes("/proc/net/route");
    std::ostringstream text;
    text << routes.rdbuf();
    for (const auto& name : defaultRouteInterfaces(text.str())) {
        for (auto& i : out) {
            if (i.name == name) {
                i.defaultRoute = true;
            }
        }
    }
    return out;
}

}  // namespace dhcplite::util
