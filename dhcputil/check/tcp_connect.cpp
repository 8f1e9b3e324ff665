#include "check/tcp_connect.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

namespace dhcplite::util::check {

bool waitFor(int fd, short events, Clock::time_point deadline) {
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
        if (left <= 0) {
            return false;
        }
        pollfd p{fd, events, 0};
        const int rc = ::poll(&p, 1, static_cast<int>(left) + 1);
        if (rc > 0) {
            return true;
        }
        if (rc < 0 && errno != EINTR) {
            return true;  // let the following call report the error
        }
    }
}

TcpResult tcpConnect(const std::string& address, std::uint16_t port, Clock::time_point deadline) {
    TcpResult r;
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    if (::inet_pton(AF_INET, address.c_str(), &sa.sin_addr) != 1) {
        r.error = ConnectError::Other;
        r.errorText = fmt::format("'{}' is not an IPv4 address", address);
        return r;
    }
    UniqueFd fd(::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd) {
        r.error = ConnectError::Other;
        r.errorText = fmt::format("socket: {}", std::strerror(errno));
        return r;
    }
    int err = 0;
    if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
        err = errno;
        if (err == EINPROGRESS) {
            if (!waitFor(fd.get(), POLLOUT, deadline)) {
                r.error = ConnectError::Timeout;
                r.errorText = "no TCP answer (connect timed out)";
                return r;
            }
            socklen_t len = sizeof err;
            ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len);
        }
    }
    if (err != 0) {
        // A server that resets at once may do it before connect(2) reports success.
        r.error = err == ECONNREFUSED ? ConnectError::Refused
                  : err == ECONNRESET ? ConnectError::Reset
                                      : ConnectError::Other;
        r.errorText = err == ECONNREFUSED ? "connection refused"
                      : err == ECONNRESET ? "connection reset as it was opened"
                                          : fmt::format("connect: {}", std::strerror(err));
        return r;
    }
    r.fd = std::move(fd);
    return r;
}

}  // namespace dhcplite::util::check
