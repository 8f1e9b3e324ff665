// Fuzz target "sntp": check::parseSntpReply, how `dhcputil check` reads an NTP server's answer
// off the network (RFC 4330), and evaluateNtp's verdict on it. Input: the request's transmit
// time T1 and the arrival time T4 (8 bytes each, NTP format, big-endian), then the UDP payload
// that came back. Properties:
//   - nothing throws; a refusal comes with a reason, one line of printable text;
//   - an accepted reply is a server's (mode 4) answer to our request (its originate timestamp is
//     T1), not a kiss-o'-death (stratum ≠ 0), with a transmit timestamp; leap, version, stratum
//     are the header's fields; the reference id is printable, at most a dotted quad long;
//   - offset and delay are RFC 4330 §5's formulas of the four timestamps, finite;
//   - evaluateNtp's detail and fix are one printable line each, its measures the rounded values.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>

#include "check/sntp.hpp"
#include "fuzz_check.hpp"
#include "wire/bytes.hpp"

namespace {

using namespace dhcplite;
using namespace dhcplite::util::check;

std::uint64_t u64At(wire::ByteView b, std::size_t at) {
    std::uint64_t v = 0;
    for (std::size_t i = 0; i < 8; ++i) v = v << 8 | b[at + i];
    return v;
}

double seconds(std::uint64_t ntp) {
    return static_cast<double>(ntp >> 32) + static_cast<double>(ntp & 0xFFFFFFFFu) / 4294967296.0;
}

bool printableLine(const std::string& s) {
    for (const char c : s) {
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F)
            return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 16) {
        return 0;
    }
    const wire::ByteView in(data, size);
    const std::uint64_t t1 = u64At(in, 0), t4 = u64At(in, 8);
    const wire::ByteView reply = in.subspan(16);
    std::string error;
    const auto r = parseSntpReply(reply, t1, t4, error);
    NtpOutcome outcome{r, error};
    if (!r) {
        FUZZ_CHECK(!error.empty() && printableLine(error),
                   "refusal without a one-line reason: '{}'", error);
    } else {
        FUZZ_CHECK(error.empty(), "accepted, with an error: {}", error);
        FUZZ_CHECK(reply.size() >= kSntpSize, "accepted {} bytes", reply.size());
        FUZZ_CHECK(r->mode == 4 && (reply[0] & 7) == 4, "accepted mode {}", r->mode);
        FUZZ_CHECK(
            r->leap == reply[0] >> 6 && r->version == (reply[0] >> 3 & 7) && r->stratum == reply[1],
            "header fields differ");
        FUZZ_CHECK(r->stratum != 0, "accepted a kiss-o'-death");
        FUZZ_CHECK(u64At(reply, 24) == t1, "accepted an answer to another request");
        FUZZ_CHECK(u64At(reply, 40) != 0, "accepted a reply without a transmit timestamp");
        FUZZ_CHECK(printableLine(r->referenceId) && r->referenceId.size() <= 15,
                   "reference id '{}'", r->referenceId);
        const double d1 = seconds(t1), d2 = seconds(u64At(reply, 32)),
                     d3 = seconds(u64At(reply, 40)), d4 = seconds(t4);
        FUZZ_CHECK(std::isfinite(r->offset) && std::isfinite(r->delay), "offset {} delay {}",
                   r->offset, r->delay);
        FUZZ_CHECK(r->offset == ((d2 - d1) + (d3 - d4)) / 2 && r->delay == (d4 - d1) - (d3 - d2),
                   "offset {} / delay {} are not RFC 4330's", r->offset, r->delay);
    }
    const Check c = evaluateNtp("ntp.example.test:123 @192.0.2.30", outcome);
    FUZZ_CHECK(printableLine(c.detail) && printableLine(c.fix),
               "check text not one printable line: {} / {}", c.detail, c.fix);
    if (r) {
        FUZZ_CHECK(c.measures.size() == 2 &&
                       c.measures[0].value == std::llround(r->offset * 1000) &&
                       c.measures[1].value == std::llround(r->delay * 1e6),
                   "measures are not the rounded offset and delay");
    }
    return 0;
}
