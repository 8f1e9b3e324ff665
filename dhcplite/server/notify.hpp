#pragma once
// sd_notify(3) for Type=notify: READY=1 once bound and unprivileged, RELOADING=1/READY=1 around
// a reload, STOPPING=1, STATUS= with the counters, WATCHDOG=1 when WatchdogSec= is set. Every
// call is a no-op unless NOTIFY_SOCKET is set (libsystemd checks), so it costs nothing by hand.
#include <chrono>
#include <optional>
#include <string_view>

namespace dhcplite::daemon {

class Notifier {
public:
    Notifier();

    bool enabled() const noexcept { return enabled_; }
    void ready(std::string_view status) const;
    // systemd ≥ 253 (Type=notify-reload) wants MONOTONIC_USEC beside RELOADING=1; 252 ignores it.
    void reloading() const;
    void stopping() const;
    void status(std::string_view status) const;
    void watchdog() const;
    // Half the WatchdogSec= interval when systemd asked for keep-alives, else nullopt.
    std::optional<std::chrono::microseconds> watchdogInterval() const noexcept { return watchdog_; }

private:
    void send(std::string_view message) const;

    bool enabled_ = false;
    std::optional<std::chrono::microseconds> watchdog_;
};

}  // namespace dhcplite::daemon
