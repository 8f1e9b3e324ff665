#pragma once
// SNTP (RFC 4330) packets and what a reply means: the pure half of the time step. sntp_client.cpp
// sends the request over UDP; the offset and the server's state are judged here.
#include <array>
#include <cstdint>
#include <optional>
#include <string>

#include "check/check_model.hpp"
#include "wire/bytes.hpp"

namespace dhcplite::util::check {

inline constexpr std::size_t kSntpSize = 48;  // RFC 4330 §4, without authenticator
inline constexpr std::uint64_t kNtpUnixOffset =
    2208988800;                                   // seconds from 1900 to 1970 (RFC 5905 §6)
inline constexpr double kMaxOffsetSeconds = 5.0;  // beyond this, one of the two clocks is wrong

// NTP 64-bit timestamp (RFC 5905 §6) of a Unix time in microseconds.
std::uint64_t ntpTimestamp(long long unixMicros);

// Client request: LI 0, VN 4, mode 3, transmit timestamp = `transmit` (RFC 4330 §5).
std::array<std::uint8_t, kSntpSize> sntpRequest(std::uint64_t transmit);

struct SntpReply {
    int leap = 0, version = 0, mode = 0, stratum = 0;
    std::string referenceId;  // "GPS", "LOCL", or a dotted quad
    double offset = 0;        // seconds, server minus this host (RFC 4330 §5)
    double delay = 0;         // round trip, seconds
};

// Reads a reply to the request sent at `t1` and received at `t4` (NTP timestamps). nullopt with
// `error` for anything that is not a valid answer to that request (RFC 4330 §5: mode 4, the
// originate timestamp equals our transmit timestamp, a non-zero transmit timestamp; stratum 0 is
// a kiss-o'-death whose code goes into `error`).
std::optional<SntpReply> parseSntpReply(wire::ByteView reply, std::uint64_t t1, std::uint64_t t4,
                                        std::string& error);

struct NtpOutcome {
    std::optional<SntpReply> reply;
    std::string error;  // "no answer within 2 s", "kiss-o'-death RATE"
};

// One server (`target` "ntp.example.test:123 @192.0.2.30") → one check.
Check evaluateNtp(const std::string& target, const NtpOutcome& outcome);

// No server reachable, or none known: the phone falls back to time.windows.com (docs/design.md
// §11).
Check noNtpServer(bool anyKnown);

}  // namespace dhcplite::util::check
