#pragma once
// A TCP connection with a deadline, shared by the TLS prober: non-blocking connect(2) and
// poll(2), so a black-holed address costs the timeout and no more.
#include <chrono>
#include <cstdint>
#include <string>

#include "check/tls_rules.hpp"
#include "util/unique_fd.hpp"

namespace dhcplite::util::check {

using Clock = std::chrono::steady_clock;

struct TcpResult {
    UniqueFd fd;  // valid on success
    ConnectError error = ConnectError::None;
    std::string errorText;
};

TcpResult tcpConnect(const std::string& address, std::uint16_t port, Clock::time_point deadline);

// Waits for `events` on `fd` until the deadline; false on timeout.
bool waitFor(int fd, short events, Clock::time_point deadline);

}  // namespace dhcplite::util::check
