#include "notify.hpp"

#include <stddef.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include <charconv>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include <fmt/format.h>

namespace dhcplite::daemon {
namespace {

// sd_notify(3) and sd_watchdog_enabled(3) by hand: the protocol is one datagram of
// newline-separated assignments to the AF_UNIX socket named by $NOTIFY_SOCKET (a path, or '@'
// and a name in the abstract namespace), and the watchdog interval is $WATCHDOG_USEC when
// $WATCHDOG_PID is unset or ours. Doing this ourselves keeps libsystemd out of the daemon: it
// and the libraries it pulls in (libgcrypt, liblzma, libzstd, liblz4, libcap, libgpg-error)
// were close to 1 MiB of the daemon's resident memory (docs/performance.md).
std::optional<std::uint64_t> number(const char* text) {
    if (text == nullptr) {
        return std::nullopt;
    }
    const std::string_view s(text);
    std::uint64_t value = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size()) {
        return std::nullopt;
    }
    return value;
}

}  // namespace

Notifier::Notifier() : enabled_(std::getenv("NOTIFY_SOCKET") != nullptr) {
    const auto usec = number(std::getenv("WATCHDOG_USEC"));
    const auto pid = number(std::getenv("WATCHDOG_PID"));
    const bool forUs = !pid || *pid == static_cast<std::uint64_t>(::getpid());
    if (enabled_ && usec && *usec > 0 && forUs) {
        watchdog_ = std::chrono::microseconds(*usec / 2);
    }
}

void Notifier::send(std::string_view message) const {
    if (!enabled_) {
        return;
    }
    const char* target = std::getenv("NOTIFY_SOCKET");
    const std::string_view name = target != nullptr ? target : "";
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    // A path must be absolute; '@' stands for the leading NUL of an abstract name.
    if (name.size() < 2 || name.size() > sizeof addr.sun_path ||
        (name[0] != '/' && name[0] != '@')) {
        return;
    }
    std::memcpy(addr.sun_path, name.data(), name.size());
    if (name[0] == '@') {
        addr.sun_path[0] = '\0';
    }
    const auto length =
        static_cast<socklen_t>(offsetof(sockaddr_un, sun_path) + name.size() +
                               (name[0] == '/' && name.size() < sizeof addr.sun_path ? 1 : 0));
    const int fd = ::socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        return;  // a failure to notify is not worth stopping for: systemd times the unit out itself
    }
    (void)::sendto(fd, message.data(), message.size(), MSG_NOSIGNAL,
                   reinterpret_cast<const sockaddr*>(&addr), length);
    ::close(fd);
}

void Notifier::ready(std::string_view status) const {
    send(fmt::format("READY=1\nSTATUS={}", status));
}

void Notifier::reloading() const {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    const auto usec = static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000U +
                      static_cast<std::uint64_t>(ts.tv_nsec) / 1000U;
    send(fmt::format("RELOADING=1\nMONOTONIC_USEC={}\nSTATUS=Reloading the configuration", usec));
}

void Notifier::stopping() const { send("STOPPING=1\nSTATUS=Stopping"); }

void Notifier::status(std::string_view status) const { send(fmt::format("STATUS={}", status)); }

void Notifier::watchdog() const { send("WATCHDOG=1"); }

}  // namespace dhcplite::daemon
