#include "check/sntp.hpp"

#include <cmath>

#include <fmt/format.h>

namespace dhcplite::util::check {

namespace {

constexpr int kModeClient = 3, kModeServer = 4;  // RFC 4330 §4
constexpr int kLeapUnsynchronised = 3;
constexpr int kStratumUnsynchronised = 16;

std::uint64_t readU64(wire::ByteView b, std::size_t at) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 8; ++i) {
        v = v << 8 | b[at + i];
    }
    return v;
}

double toSeconds(std::uint64_t ntp) {
    return static_cast<double>(ntp >> 32) + static_cast<double>(ntp & 0xFFFFFFFFu) / 4294967296.0;
}

std::string referenceId(wire::ByteView b, int stratum) {
    if (stratum <= 1) {  // ASCII code (RFC 4330 §4, "Reference Identifier")
        std::string id;
        for (std::size_t i = 12; i < 16 && b[i] >= 0x20 && b[i] < 0x7F; ++i) {
            id += static_cast<char>(b[i]);
        }
        return id;
    }
    return fmt::format("{}.{}.{}.{}", b[12], b[13], b[14], b[15]);
}

}  // namespace

std::uint64_t ntpTimestamp(long long unixMicros) {
    const auto seconds = static_cast<std::uint64_t>(unixMicros / 1000000) + kNtpUnixOffset;
    const auto micros = static_cast<std::uint64_t>(unixMicros % 1000000);
    return seconds << 32 | ((micros << 32) / 1000000);
}

std::array<std::uint8_t, kSntpSize> sntpRequest(std::uint64_t transmit) {
    std::array<std::uint8_t, kSntpSize> p{};
    p[0] = 0 << 6 | 4 << 3 | kModeClient;
    for (std::size_t i = 0; i < 8; ++i) {
        p[40 + i] = static_cast<std::uint8_t>(transmit >> (56 - 8 * i));  // transmit timestamp
    }
    return p;
}

std::optional<SntpReply> parseSntpReply(wire::ByteView b, std::uint64_t t1, std::uint64_t t4,
                                        std::string& error) {
    if (b.size() < kSntpSize) {
        error =
            fmt::format("reply of {} bytes (an NTP packet has at least {})", b.size(), kSntpSize);
        return std::nullopt;
    }
    SntpReply r;
    r.leap = b[0] >> 6;
    r.version = b[0] >> 3 & 7;
    r.mode = b[0] & 7;
    r.stratum = b[1];
    if (r.mode != kModeServer) {
        error = fmt::format("reply in mode {} (a server answers in mode 4)", r.mode);
        return std::nullopt;
    }
    if (readU64(b, 24) != t1) {
        error = "reply does not answer our request (originate timestamp differs)";
        return std::nullopt;
    }
    if (r.stratum == 0) {
        error = fmt::format("kiss-o'-death {}", referenceId(b, 1));
        return std::nullopt;
    }
    const std::uint64_t t2 = readU64(b, 32), t3 = readU64(b, 40);
    if (t3 == 0) {
        error = "reply without a transmit timestamp";
        return std::nullopt;
    }
    r.referenceId = referenceId(b, r.stratum);
    // RFC 4330 §5: offset = ((T2 - T1) + (T3 - T4)) / 2, delay = (T4 - T1) - (T3 - T2).
    const double d1 = toSeconds(t1), d2 = toSeconds(t2), d3 = toSeconds(t3), d4 = toSeconds(t4);
    r.offset = ((d2 - d1) + (d3 - d4)) / 2;
    r.delay = (d4 - d1) - (d3 - d2);
    return r;
}

Check evaluateNtp(const std::string& target, const NtpOutcome& o) {
    if (!o.reply) {
        return problem(Step::Ntp, target, Status::Warn, o.error,
                       "start the NTP service there or allow UDP 123 from the phones' subnet");
    }
    const SntpReply& r = *o.reply;
    Check c =
        okCheck(Step::Ntp, target,
                fmt::format("stratum {}, reference {}, offset {:+.3f} s, round trip {:.1f} ms",
                            r.stratum, r.referenceId, r.offset, r.delay * 1000));
    c.measures.push_back({"offset_ms", std::llround(r.offset * 1000)});
    c.measures.push_back({"delay_us", std::llround(r.delay * 1e6)});
    if (r.leap == kLeapUnsynchronised || r.stratum >= kStratumUnsynchronised) {
        c.status = Status::Warn;
        c.detail =
            fmt::format("server is not synchronised (leap {}, stratum {}); ", r.leap, r.stratum) +
            c.detail;
        c.fix = "give the NTP server a working upstream source (or a local reference clock)";
    } else if (std::fabs(r.offset) > kMaxOffsetSeconds) {
        c.status = Status::Warn;
        c.detail = fmt::format("clocks differ by {:+.1f} s; ", r.offset) + c.detail;
        c.fix = "check which clock is wrong: the NTP server's upstream or this host's";
    }
    return c;
}

Check noNtpServer(bool anyKnown) {
    if (anyKnown) {
        return problem(
            Step::Ntp, "time", Status::Warn,
            "no NTP server answered: phones fall back to time.windows.com over the Internet",
            "make the NTP server of _ntp._udp / options 42,4 reachable from the phones' subnet");
    }
    return problem(
        Step::Ntp, "time", Status::Warn,
        "no NTP server known (no _ntp._udp SRV record, no option 42 or 4): phones fall back to "
        "time.windows.com",
        "add _ntp._udp.<SIP domain> SRV 0 0 123 <NTP server>, or DHCP option 42");
}

}  // namespace dhcplite::util::check
