#include "stats/control_client.hpp"

#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "commands/cli_support.hpp"
#include "util/os_error.hpp"
#include "util/unique_fd.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util {
namespace {

using Clock = std::chrono::steady_clock;

[[noreturn]] void fail(ExitCode code, const std::string& path, const std::string& what) {
    throw CommandError(code,
                       fmt::format("control socket '{}': {}", wire::escapeForDisplay(path), what));
}

[[noreturn]] void failConnect(const std::string& path, int err) {
    switch (err) {
    case ENOENT:
        fail(ExitCode::Unavailable, path,
             "no such socket (is dhcplite running, with control-socket at this path?)");
    case ECONNREFUSED:
        fail(ExitCode::Unavailable, path,
             "nobody listens (a stale socket: dhcplite is not running)");
    case EACCES:
    case EPERM:
        fail(ExitCode::NoPerm, path,
             "permission denied (run as root or as a member of the daemon's group)");
    default:
        fail(ExitCode::Unavailable, path, fmt::format("cannot connect: {}", describeErrno(err)));
    }
}

// Waits for `events` until `deadline`; false when the time is up.
bool waitFor(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0) {
            return false;
        }
        pollfd p{fd, events, 0};
        const int n = ::poll(&p, 1, static_cast<int>(left.count()));
        if (n > 0) {
            return true;
        }
        if (n < 0 && errno != EINTR) {
            return false;
        }
    }
}

}  // namespace

std::string askControl(const std::string& socketPath, std::string_view request,
                       std::chrono::milliseconds timeout) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (socketPath.empty() || socketPath.size() >= sizeof addr.sun_path) {
        throw CommandError(
            ExitCode::Usage,
            fmt::format("--socket '{}': not a Unix socket path (1 to {} bytes)",
                        wire::escapeForDisplay(socketPath), sizeof addr.sun_path - 1));
    }
    std::memcpy(addr.sun_path, socketPath.data(), socketPath.size());
    const UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0));
    if (!fd) {
        fail(ExitCode::OsErr, socketPath, fmt::format("socket: {}", describeErrno(errno)));
    }
    const auto deadline = Clock::now() + timeout;
    // A Unix stream connect completes at once or fails (EAGAIN: the backlog is full; retried).
    while (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        if (errno != EAGAIN && errno != EINTR) {
            failConnect(socketPath, errno);
        }
        if (Clock::now() >= deadline) {
            fail(ExitCode::Unavailable, socketPath, "the daemon accepts no connection (busy?)");
        }
        ::usleep(10'000);
    }
    const std::string line = std::string(request) + "\n";
    for (std::size_t sent = 0; sent < line.size();) {
        const ssize_t n = ::send(fd.get(), line.data() + sent, line.size() - sent, MSG_NOSIGNAL);
        if (n > 0) {
            sent += static_cast<std::size_t>(n);
        } else if (errno == EAGAIN && waitFor(fd.get(), POLLOUT, deadline)) {
            continue;
        } else if (errno != EINTR) {
            fail(ExitCode::Unavailable, socketPath,
                 fmt::format("cannot send the request: {}", describeErrno(errno)));
        }
    }
    std::string answer;
    char buffer[65536];
    for (;;) {
        const ssize_t n = ::recv(fd.get(), buffer, sizeof buffer, 0);
        if (n > 0) {
            answer.append(buffer, static_cast<std::size_t>(n));
            if (answer.size() > kMaxControlAnswer) {
                fail(ExitCode::Software, socketPath, "the answer is larger than 256 MiB");
            }
            continue;
        }
        if (n == 0) {
            break;  // the daemon closed: the answer is complete
        }
        if (errno == EINTR || (errno == EAGAIN && waitFor(fd.get(), POLLIN, deadline))) {
            continue;
        }
        if (errno == EAGAIN) {
            fail(ExitCode::Unavailable, socketPath,
                 fmt::format("no complete answer within {} ms", timeout.count()));
        }
        fail(ExitCode::Unavailable, socketPath,
             fmt::format("cannot read the answer: {}", describeErrno(errno)));
    }
    if (answer.empty()) {
        fail(ExitCode::Unavailable, socketPath,
             "the daemon closed without an answer (too many clients at once?)");
    }
    return answer;
}

}  // namespace dhcplite::util
