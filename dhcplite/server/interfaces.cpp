#include "interfaces.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "startup_error.hpp"
#include "wire/hex.hpp"

namespace dhcplite::daemon {
namespace {

bool usable(const InterfaceInfo& i) { return i.up && !i.loopback && !i.addresses.empty(); }

}  // namespace

std::vector<InterfaceInfo> listInterfaces() {
    auto list = net::listInterfaces();
    if (list.error != 0) {
        throw StartupError(util::ExitCode::OsErr,
                           fmt::format("cannot list network interfaces: getifaddrs: {}",
                                       describeErrno(list.error)));
    }
    return std::move(list.interfaces);
}

InterfaceSelection selectInterfaces(std::span<const InterfaceInfo> all,
                                    std::span<const std::string> named) {
    InterfaceSelection result;
    if (named.empty()) {
        for (const auto& i : all) {
            if (usable(i)) {
                result.selected.push_back(i);
            }
        }
        if (result.selected.empty()) {
            result.error =
                "no usable interface: none is up with an IPv4 address (loopback is never "
                "used); bring one up or name interfaces under listen.interfaces";
        }
    } else {
        for (const auto& name : named) {
            auto it = std::find_if(all.begin(), all.end(),
                                   [&](const InterfaceInfo& i) { return i.name == name; });
            if (it == all.end()) {
                std::vector<InterfaceInfo> known(all.begin(), all.end());
                result.error = fmt::format(
                    "interface {} (listen.interfaces) does not exist; known interfaces: {}",
                    wire::escapeForDisplay(name), known.empty() ? "none" : interfaceNames(known));
                result.selected.clear();
                return result;
            }
            if (std::any_of(result.selected.begin(), result.selected.end(),
                            [&](const InterfaceInfo& s) { return s.index == it->index; })) {
                continue;
            }
            if (!it->up) {
                result.warnings.push_back(fmt::format(
                    "interface {} is down; listening anyway, replies start when it comes up",
                    wire::escapeForDisplay(name)));
            } else if (it->addresses.empty()) {
                result.warnings.push_back(
                    fmt::format("interface {} has no IPv4 address yet; replies need one (or "
                                "listen.server-id) for option 54 and the source address",
                                wire::escapeForDisplay(name)));
            }
            if (it->loopback) {
                result.warnings.push_back(
                    fmt::format("interface {} is a loopback interface; answering there only makes "
                                "sense in tests",
                                wire::escapeForDisplay(name)));
            }
            result.selected.push_back(*it);
        }
        std::sort(result.selected.begin(), result.selected.end(),
                  [](const InterfaceInfo& x, const InterfaceInfo& y) { return x.index < y.index; });
    }
    return result;
}

InterfaceFilter::InterfaceFilter(std::span<const InterfaceInfo> selected)
    : InterfaceFilter(selected, selected) {}

InterfaceFilter::InterfaceFilter(std::span<const InterfaceInfo> selected,
                                 std::span<const InterfaceInfo> all)
    : interfaces_(selected.begin(), selected.end()) {
    for (const auto& i : all) {
        for (const auto& edge : i.subnetEdges) {
            subnetEdges_.push_back(edge.value);
        }
    }
    std::ranges::sort(subnetEdges_);
    subnetEdges_.erase(std::unique(subnetEdges_.begin(), subnetEdges_.end()), subnetEdges_.end());
    for (const auto& i : interfaces_) {
        if (i.index == 0) {
            continue;
        }
        if (i.index >= allowed_.size()) {
            allowed_.resize(std::size_t{i.index} + 1, 0);
            addressSpans_.resize(std::size_t{i.index} + 1, {0, 0});
        }
        allowed_[i.index] = 1;
        addressSpans_[i.index] = {static_cast<std::uint32_t>(addresses_.size()),
                                  static_cast<std::uint32_t>(i.addresses.size())};
        addresses_.insert(addresses_.end(), i.addresses.begin(), i.addresses.end());
    }
}

std::string_view InterfaceFilter::nameOf(int ifindex) const noexcept {
    for (const auto& i : interfaces_) {
        if (ifindex > 0 && i.index == static_cast<unsigned>(ifindex)) {
            return i.name;
        }
    }
    return "?";
}

std::string interfaceNames(std::span<const InterfaceInfo> interfaces) {
    std::string out;
    for (const auto& i : interfaces) {
        if (!out.empty()) {
            out += ',';
        }
        out += wire::escapeForDisplay(i.name);
    }
    return out;
}

}  // namespace dhcplite::daemon
