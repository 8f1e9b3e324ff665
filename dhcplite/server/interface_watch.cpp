#include "interface_watch.hpp"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "startup_error.hpp"
#include "wire/hex.hpp"

namespace dhcplite::daemon {
namespace {

// struct nlmsghdr (netlink(7)): u32 length, u16 type, u16 flags, u32 seq, u32 port id, in host
// byte order; each message padded to 4 bytes (NLMSG_ALIGNTO).
constexpr std::size_t kNlHeaderSize = 16;
constexpr std::size_t kNlAlign = 4;
// A link notification with all its attributes is a few KiB, one message per datagram; a
// datagram larger than this arrives cut short, which summarizeNetlink reports as malformed and
// the caller treats as a change.
constexpr std::size_t kNetlinkBuffer = 32 * 1024;

template <typename T>
T hostField(std::span<const std::uint8_t> bytes, std::size_t offset) noexcept {
    T value{};
    std::memcpy(&value, bytes.data() + offset, sizeof value);
    return value;
}

bool sameAddresses(const InterfaceInfo& a, const InterfaceInfo& b) {
    return a.addresses == b.addresses;
}

std::string addressList(const InterfaceInfo& i) {
    if (i.addresses.empty()) {
        return "none";
    }
    std::string out;
    for (const auto& a : i.addresses) {
        if (!out.empty()) {
            out += ',';
        }
        out += a.toString();
    }
    return out;
}

bool usable(const InterfaceInfo& i) { return i.up && !i.loopback && !i.addresses.empty(); }

}  // namespace

NetlinkSummary summarizeNetlink(std::span<const std::uint8_t> datagram) noexcept {
    NetlinkSummary summary;
    std::size_t offset = 0;
    while (datagram.size() - offset >= kNlHeaderSize) {
        const auto rest = datagram.subspan(offset);
        const auto length = hostField<std::uint32_t>(rest, 0);
        const auto type = hostField<std::uint16_t>(rest, 4);
        if (length < kNlHeaderSize || length > rest.size()) {
            summary.malformed = true;
            return summary;
        }
        ++summary.messages;
        if (type == NLMSG_DONE) {
            return summary;
        }
        switch (type) {
        case RTM_NEWLINK:
        case RTM_DELLINK:
        case RTM_NEWADDR:
        case RTM_DELADDR: summary.interfacesChanged = true; break;
        default:  // NLMSG_NOOP, NLMSG_ERROR, anything a newer kernel adds: not ours to act on
            break;
        }
        // The last message of a datagram may lack its padding; never step past the end.
        const std::size_t step = (std::size_t{length} + kNlAlign - 1) & ~(kNlAlign - 1);
        offset += std::min(step, rest.size());
    }
    if (offset != datagram.size()) {
        summary.malformed = true;  // trailing bytes shorter than a header
    }
    return summary;
}

InterfaceWatch::InterfaceWatch()
    : fd_(::socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, NETLINK_ROUTE)),
      buffer_(kNetlinkBuffer) {
    if (!fd_) {
        throw StartupError(util::ExitCode::OsErr,
                           fmt::format("cannot open a netlink socket to watch interfaces: {}",
                                       describeErrno(errno)));
    }
    sockaddr_nl local{};
    local.nl_family = AF_NETLINK;
    // Links (created, deleted, up, down) and IPv4 addresses (added, removed); rtnetlink(7).
    local.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR;
    if (::bind(fd_.get(), reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) {
        throw StartupError(util::ExitCode::OsErr,
                           fmt::format("cannot subscribe to interface changes (netlink bind): {}",
                                       describeErrno(errno)));
    }
}

bool InterfaceWatch::drain() {
    bool changed = false;
    // Bounded: a burst of changes is read in one go (one re-read for all of them), but the
    // loop goes back to the packets after this many datagrams even if more keep coming.
    for (int i = 0; i < 256; ++i) {
        sockaddr_nl from{};
        socklen_t fromLength = sizeof from;
        const auto n = ::recvfrom(fd_.get(), buffer_.data(), buffer_.size(), MSG_DONTWAIT,
                                  reinterpret_cast<sockaddr*>(&from), &fromLength);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            if (errno == ENOBUFS) {  // the kernel dropped notifications: assume anything changed
                changed = true;
                continue;
            }
            break;  // EAGAIN: all read
        }
        // Only the kernel (port id 0) speaks for the interfaces; another local process can
        // send to this socket too, and must not make us re-read the list at its pace.
        if (fromLength < sizeof from || from.nl_pid != 0) {
            continue;
        }
        const auto summary = summarizeNetlink(
            std::span<const std::uint8_t>(buffer_.data(), static_cast<std::size_t>(n)));
        changed = changed || summary.interfacesChanged || summary.malformed;
    }
    return changed;
}

ServingPlan planServing(std::span<const InterfaceInfo> all, std::span<const std::string> named,
                        std::span<const DeviceSocket> deviceSockets) {
    ServingPlan plan;
    if (named.empty()) {
        std::copy_if(all.begin(), all.end(), std::back_inserter(plan.served), usable);
    } else {
        for (const auto& name : named) {
            const auto it = std::find_if(all.begin(), all.end(),
                                         [&](const InterfaceInfo& i) { return i.name == name; });
            if (it == all.end()) {
                plan.missing.push_back(name);
                continue;
            }
            if (std::none_of(plan.served.begin(), plan.served.end(),
                             [&](const InterfaceInfo& s) { return s.index == it->index; })) {
                plan.served.push_back(*it);
            }
        }
    }
    std::sort(plan.served.begin(), plan.served.end(),
              [](const InterfaceInfo& x, const InterfaceInfo& y) { return x.index < y.index; });
    for (const auto& s : plan.served) {
        const bool heard = std::any_of(deviceSockets.begin(), deviceSockets.end(),
                                       [&](const DeviceSocket& d) { return d.index == s.index; });
        if (!heard) {
            plan.viaShared.push_back(s.index);
        }
    }
    // served is sorted by index and free of duplicates, so viaShared is too.
    return plan;
}

std::vector<std::string> describeServingChanges(std::span<const InterfaceInfo> before,
                                                std::span<const InterfaceInfo> after) {
    std::vector<std::string> lines;
    const auto byName = [](std::span<const InterfaceInfo> list, const std::string& name) {
        return std::find_if(list.begin(), list.end(),
                            [&](const InterfaceInfo& i) { return i.name == name; });
    };
    for (const auto& a : after) {
        const auto was = byName(before, a.name);
        const auto name = wire::escapeForDisplay(a.name);
        if (was == before.end()) {
            lines.push_back(fmt::format("interface {} index={} served addresses={}", name, a.index,
                                        addressList(a)));
        } else if (was->index != a.index) {
            lines.push_back(fmt::format("interface {} re-created index={}->{} addresses={}", name,
                                        was->index, a.index, addressList(a)));
        } else if (!sameAddresses(*was, a)) {
            lines.push_back(fmt::format("interface {} index={} addresses={}->{}", name, a.index,
                                        addressList(*was), addressList(a)));
        }
    }
    for (const auto& b : before) {
        if (byName(after, b.name) == after.end()) {
            lines.push_back(
                fmt::format("interface {} index={} no longer served (gone, down or "
                            "without IPv4)",
                            wire::escapeForDisplay(b.name), b.index));
        }
    }
    return lines;
}

}  // namespace dhcplite::daemon
