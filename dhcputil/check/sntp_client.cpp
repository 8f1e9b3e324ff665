#include "check/sntp_client.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <array>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "check/tcp_connect.hpp"
#include "util/unique_fd.hpp"

namespace dhcplite::util::check {

namespace {
long long unixMicrosNow() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}
}  // namespace

NtpOutcome querySntp(const std::string& address, std::uint16_t port,
                     std::chrono::milliseconds timeout) {
    NtpOutcome o;
    const auto deadline = Clock::now() + timeout;
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    if (::inet_pton(AF_INET, address.c_str(), &sa.sin_addr) != 1) {
        o.error = fmt::format("'{}' is not an IPv4 address", address);
        return o;
    }
    UniqueFd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    if (!fd || ::connect(fd.get(), reinterpret_cast<const sockaddr*>(&sa), sizeof sa) != 0) {
        o.error = fmt::format("socket: {}", std::strerror(errno));
        return o;
    }
    const std::uint64_t t1 = ntpTimestamp(unixMicrosNow());
    const auto request = sntpRequest(t1);
    if (::send(fd.get(), request.data(), request.size(), 0) < 0) {
        o.error = fmt::format("send: {}", std::strerror(errno));
        return o;
    }
    std::string lastError = fmt::format("no answer within {} ms", timeout.count());
    while (waitFor(fd.get(), POLLIN, deadline)) {
        std::array<std::uint8_t, 512> buffer{};
        const ssize_t n = ::recv(fd.get(), buffer.data(), buffer.size(), 0);
        const std::uint64_t t4 = ntpTimestamp(unixMicrosNow());
        if (n < 0) {
            if (errno == EAGAIN || errno == EINTR) {
                continue;
            }
            // ICMP port unreachable arrives as ECONNREFUSED on a connected UDP socket.
            o.error = errno == ECONNREFUSED ? "nothing listens on UDP " + std::to_string(port)
                                            : fmt::format("recv: {}", std::strerror(errno));
            return o;
        }
        std::string error;
        o.reply = parseSntpReply(wire::ByteView(buffer.data(), static_cast<std::size_t>(n)), t1, t4,
                                 error);
        if (o.reply) {
            return o;
        }
        lastError = error;  // keep waiting for a valid answer until the deadline
    }
    o.error = lastError;
    return o;
}

}  // namespace dhcplite::util::check
