#include "event_loop.hpp"

#include <signal.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <unistd.h>

#include <cerrno>

#include <fmt/format.h>

#include "startup_error.hpp"

namespace dhcplite::daemon {
namespace {

[[noreturn]] void osError(const char* what) {
    throw StartupError(util::ExitCode::OsErr, fmt::format("{}: {}", what, describeErrno(errno)));
}

}  // namespace

SignalFd::SignalFd() {
    sigset_t set;
    ::sigemptyset(&set);
    for (const int s : {SIGHUP, SIGTERM, SIGINT, SIGUSR1}) {
        ::sigaddset(&set, s);
    }
    if (::sigprocmask(SIG_BLOCK, &set, nullptr) != 0) {
        osError("sigprocmask");
    }
    // A closed log pipe must cost a lost line, not the daemon.
    ::signal(SIGPIPE, SIG_IGN);
    fd_.reset(::signalfd(-1, &set, SFD_NONBLOCK | SFD_CLOEXEC));
    if (!fd_) {
        osError("signalfd");
    }
}

std::optional<int> SignalFd::next() {
    signalfd_siginfo info{};
    for (;;) {
        const auto n = ::read(fd_.get(), &info, sizeof info);
        if (n == static_cast<ssize_t>(sizeof info)) {
            return static_cast<int>(info.ssi_signo);
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        return std::nullopt;  // EAGAIN: none pending
    }
}

TimerFd::TimerFd(std::chrono::microseconds interval) {
    fd_.reset(::timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC));
    if (!fd_) {
        osError("timerfd_create");
    }
    set(interval);
}

void TimerFd::set(std::chrono::microseconds interval) {
    const auto seconds = std::chrono::duration_cast<std::chrono::seconds>(interval);
    const auto rest = std::chrono::duration_cast<std::chrono::nanoseconds>(interval - seconds);
    itimerspec spec{};
    spec.it_interval.tv_sec = seconds.count();
    spec.it_interval.tv_nsec = rest.count();
    spec.it_value = spec.it_interval;
    if (::timerfd_settime(fd_.get(), 0, &spec, nullptr) != 0) {
        osError("timerfd_settime");
    }
}

void TimerFd::acknowledge() noexcept {
    std::uint64_t expirations = 0;
    // Nothing to do with the count; EAGAIN (already read) is fine too.
    [[maybe_unused]] const auto n = ::read(fd_.get(), &expirations, sizeof expirations);
}

EventLoop::EventLoop() = default;

std::size_t EventLoop::add(int fd, Handler handler) {
    if (fd < 0) {
        errno = EBADF;
        osError("event loop: add");
    }
    fds_.push_back(pollfd{fd, POLLIN, 0});
    handlers_.push_back(std::move(handler));
    return fds_.size() - 1;
}

std::size_t EventLoop::addSlot(Handler handler) {
    fds_.push_back(pollfd{-1, 0, 0});
    handlers_.push_back(std::move(handler));
    return fds_.size() - 1;
}

void EventLoop::update(std::size_t slot, int fd, short events) noexcept {
    fds_[slot] = pollfd{fd, events, 0};
}

void EventLoop::run() {
    running_ = true;
    while (running_) {
        const int n = ::poll(fds_.data(), fds_.size(), -1);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            osError("poll");
        }
        // A handler may add descriptors (the vectors may grow): index, and take the count first.
        const std::size_t count = fds_.size();
        for (std::size_t i = 0; i < count && running_; ++i) {
            if ((fds_[i].revents & POLLNVAL) != 0) {
                fds_[i].fd =
                    -1;  // closed under us (cannot happen: nobody closes them); ignored from now on
                continue;
            }
            if ((fds_[i].revents & (POLLIN | POLLOUT | POLLERR | POLLHUP)) != 0) {
                fds_[i].revents = 0;
                handlers_[i]();
            }
        }
    }
}

}  // namespace dhcplite::daemon
