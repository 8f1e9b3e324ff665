#pragma once
// The client side of dhcplite's control socket (docs/operation.md "Counters, stats and
// metrics"): connect, send one request line, read the one JSON answer until the daemon closes.
// Bounded in time (the whole exchange) and size (the answer).
#include <chrono>
#include <cstddef>
#include <string>

namespace dhcplite::util {

inline constexpr std::string_view kDefaultControlSocket = "/run/dhcplite/control.sock";
inline constexpr std::size_t kMaxControlAnswer = 256 * 1024 * 1024;  // 100,000 sites take ~40 MB

// The answer's text. CommandError: 69 (no socket, nobody listening, no answer in `timeout`),
// 77 (permission denied: root or the daemon's group), 70 (an answer over kMaxControlAnswer).
std::string askControl(const std::string& socketPath, std::string_view request,
                       std::chrono::milliseconds timeout);

}  // namespace dhcplite::util
