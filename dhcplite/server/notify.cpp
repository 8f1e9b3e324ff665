#include "notify.hpp"

#include <systemd/sd-daemon.h>
#include <time.h>

#include <cstdint>
#include <cstdlib>
#include <string>

#include <fmt/format.h>

namespace dhcplite::daemon {

Notifier::Notifier() : enabled_(std::getenv("NOTIFY_SOCKET") != nullptr) {
    std::uint64_t usec = 0;
    if (enabled_ && ::sd_watchdog_enabled(0, &usec) > 0 && usec > 0) {
        watchdog_ = std::chrono::microseconds(usec / 2);
    }
}

void Notifier::send(std::string_view message) const {
    if (!enabled_) {
        return;
    }
    const std::string text(message);
    // A failure to notify is not worth stopping for: systemd will time the unit out itself.
    (void)::sd_notify(0, text.c_str());
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
