#pragma once
// The loop's parts: signals as a file descriptor (signalfd: SIGHUP, SIGTERM, SIGINT and SIGUSR1
// are blocked and read like data, so no handler ever runs in the middle of a batch), a poll(2)
// set over the sockets, the signalfd and an optional timer (sd_notify STATUS=/WATCHDOG=1), and
// run(), which dispatches readiness to the server until told to stop.
//
// poll, not epoll, for a measured reason (docs/performance.md): an epoll set stays registered on
// each socket's wait queue, so every reply the kernel finishes sending (sock_wfree) calls epoll's
// wake-up callback under a lock -- 3 % of the daemon's CPU at full load. poll registers only
// while the loop sleeps; while it sends, nobody waits and nothing is called. For the handful of
// descriptors here poll costs no more per wake-up than epoll_wait.
#include <poll.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <span>

#include "unique_fd.hpp"

namespace dhcplite::daemon {

// Blocks the daemon's signals for the process and opens a signalfd for them. Create it first
// thing, so a SIGTERM during startup waits in the queue instead of killing us half-bound.
class SignalFd {
public:
    SignalFd();
    int fd() const noexcept { return fd_.get(); }
    // The next pending signal number, or nullopt when none is left.
    std::optional<int> next();

private:
    UniqueFd fd_;
};

// A periodic CLOCK_MONOTONIC timerfd.
class TimerFd {
public:
    explicit TimerFd(std::chrono::microseconds interval);
    int fd() const noexcept { return fd_.get(); }
    // A new period from now; zero stops it (the control socket's deadline timer runs only while
    // a connection is open).
    void set(std::chrono::microseconds interval);
    void acknowledge() noexcept;  // reads the expiry count so the fd stops being readable

private:
    UniqueFd fd_;
};

class EventLoop {
public:
    using Handler = std::function<void()>;

    EventLoop();
    // Level-triggered: a socket with datagrams left after one batch is reported again, so the
    // sockets and the signalfd take turns and SIGTERM is seen within one batch.
    // Returns the slot, for update().
    std::size_t add(int fd, Handler handler);
    // A slot whose descriptor comes and goes (the control socket's connections): -1 until
    // update() gives it one; poll(2) skips negative descriptors.
    std::size_t addSlot(Handler handler);
    // What `slot` waits for now: a descriptor (-1: nothing) and POLLIN and/or POLLOUT. The
    // handler runs on either, and on POLLERR/POLLHUP.
    void update(std::size_t slot, int fd, short events) noexcept;
    // Dispatches until stop() is called from a handler.
    void run();
    void stop() noexcept { running_ = false; }

private:
    std::vector<pollfd> fds_;
    std::vector<Handler> handlers_;
    bool running_ = false;
};

}  // namespace dhcplite::daemon
