#pragma once
// The time adapter: one SNTP request (RFC 4330) over UDP to one address, waiting until the
// deadline for a valid answer. The reply is judged in sntp.cpp.
#include <chrono>
#include <cstdint>
#include <string>

#include "check/sntp.hpp"

namespace dhcplite::util::check {

NtpOutcome querySntp(const std::string& address, std::uint16_t port,
                     std::chrono::milliseconds timeout);

}  // namespace dhcplite::util::check
