#include "control_socket.hpp"

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <fmt/format.h>

#include "startup_error.hpp"
#include "stats_report.hpp"

namespace dhcplite::daemon {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::chrono::milliseconds kTick{100};  // deadline resolution while clients are open
constexpr int kAcceptsPerWake = 64;              // then the loop serves the packets again

[[noreturn]] void unavailable(const std::string& path, const std::string& what) {
    throw StartupError(util::ExitCode::Unavailable,
                       fmt::format("control socket {}: {}", path, what));
}

sockaddr_un addressOf(const std::string& path) {
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    if (path.size() >= sizeof addr.sun_path) {
        unavailable(path, "path too long for a Unix socket");
    }
    std::memcpy(addr.sun_path, path.data(), path.size());
    return addr;
}

// Whether a process listens on the socket file at `path` (connect works).
bool answers(const sockaddr_un& addr) {
    const UniqueFd probe(::socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    return probe &&
           ::connect(probe.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0;
}

void removeStale(const std::string& path, const sockaddr_un& addr) {
    struct stat st {};
    if (::lstat(path.c_str(), &st) != 0) {
        return;  // nothing there
    }
    if (!S_ISSOCK(st.st_mode)) {
        unavailable(path, "exists and is not a socket; remove it or set control-socket");
    }
    if (answers(addr)) {
        unavailable(path,
                    "another process answers on it (a dhcplite already running?); stop "
                    "it or give this one another control-socket");
    }
    if (::unlink(path.c_str()) != 0 && errno != ENOENT) {
        unavailable(path, fmt::format("cannot remove the stale socket: {}", describeErrno(errno)));
    }
}

void makeParent(const std::string& path, const std::optional<SocketOwner>& owner) {
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    if (parent.empty() || ::mkdir(parent.c_str(), 0755) != 0) {
        return;  // there already (or not ours to make: bind says why)
    }
    ::chmod(parent.c_str(), 0755);  // whatever the umask (systemd's UMask=0077)
    if (owner && ::chown(parent.c_str(), owner->uid, owner->gid) != 0) {
        unavailable(parent.string(),
                    fmt::format("cannot hand the directory to the daemon's user: {}",
                                describeErrno(errno)));
    }
}

}  // namespace

UniqueFd openControlSocket(const std::string& path, const std::optional<SocketOwner>& owner) {
    const sockaddr_un addr = addressOf(path);
    makeParent(path, owner);
    removeStale(path, addr);
    UniqueFd fd(::socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) {
        unavailable(path, fmt::format("socket: {}", describeErrno(errno)));
    }
    if (::bind(fd.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
        const int err = errno;
        throw StartupError(err == EACCES ? util::ExitCode::NoPerm : util::ExitCode::Unavailable,
                           fmt::format("control socket {}: bind: {}", path, describeErrno(err)));
    }
    // The mode is the file's, not the descriptor's: chmod the path (bind applied the umask).
    if (::chmod(path.c_str(), 0660) != 0 ||
        (owner && ::chown(path.c_str(), owner->uid, owner->gid) != 0)) {
        const int err = errno;
        ::unlink(path.c_str());
        unavailable(path, fmt::format("cannot set mode 0660 and owner: {}", describeErrno(err)));
    }
    if (::listen(fd.get(), static_cast<int>(kMaxControlClients)) != 0) {
        const int err = errno;
        ::unlink(path.c_str());
        unavailable(path, fmt::format("listen: {}", describeErrno(err)));
    }
    return fd;
}

ControlServer::ControlServer(std::string path, UniqueFd listener, EventLoop& loop, Logger& log,
                             Answer answer, StartReload startReload)
    : path_(std::move(path)),
      listener_(std::move(listener)),
      loop_(loop),
      log_(log),
      answer_(std::move(answer)),
      startReload_(std::move(startReload)),
      timer_(std::chrono::microseconds{0}) {
    loop_.add(listener_.get(), [this] { onAccept(); });
    loop_.add(timer_.fd(), [this] { onTimer(); });
    for (auto& c : connections_) {
        c.slot = loop_.addSlot([this, conn = &c] { onReady(*conn); });
    }
}

ControlServer::~ControlServer() {
    for (auto& c : connections_) {
        c.fd.reset();
    }
    // After dropping privileges this works when the directory is the daemon's user's
    // (RuntimeDirectory=, or made by makeParent); else the next start removes the stale file.
    ::unlink(path_.c_str());
}

std::size_t ControlServer::open() const {
    std::size_t n = 0;
    for (const auto& c : connections_) {
        n += c.fd ? 1U : 0U;
    }
    return n;
}

void ControlServer::onAccept() {
    for (int i = 0; i < kAcceptsPerWake; ++i) {
        UniqueFd fd(::accept4(listener_.get(), nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
        if (!fd) {
            if (errno != EAGAIN && errno != EINTR && errno != ECONNABORTED) {
                log_.warning("control socket: accept: {}", describeErrno(errno));
            }
            return;
        }
        Connection* free = nullptr;
        for (auto& c : connections_) {
            if (!c.fd) {
                free = &c;
                break;
            }
        }
        if (free == nullptr) {
            ++refused_;  // closed as it came: every slot is busy
            continue;
        }
        free->fd = std::move(fd);
        free->phase = Connection::Phase::Reading;
        free->received.clear();
        free->response.clear();
        free->written = 0;
        free->deadline = Clock::now() + kControlDeadline;
        loop_.update(free->slot, free->fd.get(), POLLIN);
        updateTimer();
    }
}

void ControlServer::onReady(Connection& c) {
    if (!c.fd) {
        return;
    }
    if (c.phase == Connection::Phase::Reading) {
        read(c);
    } else if (c.phase == Connection::Phase::Writing) {
        write(c);
    } else {
        close(c);  // waiting for a reload, polled for nothing: POLLHUP or POLLERR, it is gone
    }
}

void ControlServer::read(Connection& c) {
    char buffer[kMaxControlRequest + 1];
    const std::size_t room = sizeof buffer - c.received.size();
    const ssize_t n = ::recv(c.fd.get(), buffer, room, MSG_DONTWAIT);
    if (n < 0) {
        if (errno != EAGAIN && errno != EINTR) {
            close(c);
        }
        return;
    }
    c.received.append(buffer, static_cast<std::size_t>(n));
    const ControlRequest request = parseControlRequest(c.received, n == 0);
    switch (request.state) {
    case ControlRequest::State::NeedMore: return;
    case ControlRequest::State::Bad: respond(c, errorJson(request.error)); return;
    case ControlRequest::State::Done: break;
    }
    if (request.command != ControlCommand::Reload) {
        respond(c, answer_(request.command));
        return;
    }
    log_.info("control socket: reload requested");
    c.phase = Connection::Phase::WaitingReload;
    c.deadline = Clock::now() + kReloadDeadline;
    // Nothing more is read: poll reports only a hang-up (a client that shut down its sending
    // side, as `nc -N` does, still gets its answer).
    loop_.update(c.slot, c.fd.get(), 0);
    startReload_();
}

void ControlServer::respond(Connection& c, std::string response) {
    c.phase = Connection::Phase::Writing;
    c.response = std::move(response);
    c.written = 0;
    write(c);
}

void ControlServer::write(Connection& c) {
    while (c.written < c.response.size()) {
        const ssize_t n = ::send(c.fd.get(), c.response.data() + c.written,
                                 c.response.size() - c.written, MSG_DONTWAIT | MSG_NOSIGNAL);
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                loop_.update(c.slot, c.fd.get(), POLLOUT);  // the rest when the client reads
                return;
            }
            break;  // EPIPE, ECONNRESET: the client is gone
        }
        c.written += static_cast<std::size_t>(n);
    }
    close(c);
}

void ControlServer::close(Connection& c) {
    loop_.update(c.slot, -1, 0);
    c.fd.reset();
    c.received = std::string();
    c.response = std::string();  // a stats answer may be large: give it back
    updateTimer();
}

void ControlServer::reloadFinished(const std::string& answer) {
    for (auto& c : connections_) {
        if (c.fd && c.phase == Connection::Phase::WaitingReload) {
            c.deadline = Clock::now() + kControlDeadline;
            respond(c, answer);
        }
    }
}

void ControlServer::onTimer() {
    timer_.acknowledge();
    const auto now = Clock::now();
    for (auto& c : connections_) {
        if (c.fd && now >= c.deadline) {
            close(c);  // silent, too slow, or not reading its answer
        }
    }
}

void ControlServer::updateTimer() {
    const bool want = open() > 0;
    if (want != timerRunning_) {
        timer_.set(want ? std::chrono::microseconds(kTick) : std::chrono::microseconds{0});
        timerRunning_ = want;
    }
}

}  // namespace dhcplite::daemon
