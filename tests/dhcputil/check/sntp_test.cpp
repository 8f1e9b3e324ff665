// SNTP (RFC 4330): the request bytes, reading a reply (offset and delay from the four
// timestamps), replies that must be refused, and the checks made of them.
#include <doctest/doctest.h>

#include <array>
#include <cstdint>

#include "check/sntp.hpp"

using namespace dhcplite::util::check;

namespace {

void put64(std::array<std::uint8_t, kSntpSize>& p, std::size_t at, std::uint64_t v) {
    for (std::size_t i = 0; i < 8; ++i) {
        p[at + i] = static_cast<std::uint8_t>(v >> (56 - 8 * i));
    }
}

constexpr std::uint64_t seconds(std::uint64_t s) { return (s + kNtpUnixOffset) << 32; }

// A server reply: LI 0, VN 4, mode 4, stratum 2, reference 192.0.2.1.
std::array<std::uint8_t, kSntpSize> reply(std::uint64_t t1, std::uint64_t t2, std::uint64_t t3) {
    std::array<std::uint8_t, kSntpSize> p{};
    p[0] = 0x24;
    p[1] = 2;
    p[12] = 192;
    p[13] = 0;
    p[14] = 2;
    p[15] = 1;
    put64(p, 24, t1);
    put64(p, 32, t2);
    put64(p, 40, t3);
    return p;
}

}  // namespace

TEST_CASE("NTP timestamps: seconds since 1900 and a binary fraction") {
    CHECK(ntpTimestamp(0) == kNtpUnixOffset << 32);
    CHECK(ntpTimestamp(1500000) == ((kNtpUnixOffset + 1) << 32 | 0x80000000u));
}

TEST_CASE("the request: LI 0, VN 4, mode 3, our transmit timestamp at offset 40, zeros elsewhere") {
    const auto p = sntpRequest(0x0102030405060708);
    CHECK(p[0] == 0x23);
    for (std::size_t i = 1; i < 40; ++i) {
        CHECK(p[i] == 0);
    }
    CHECK(p[40] == 0x01);
    CHECK(p[47] == 0x08);
}

TEST_CASE("offset and delay from the four timestamps (RFC 4330 §5)") {
    // Sent at 100, server received at 110.5 and answered at 110.5, received here at 101:
    // offset = ((10.5) + (9.5)) / 2 = 10, delay = 1.
    const std::uint64_t t1 = seconds(100), t4 = seconds(101);
    const std::uint64_t t2 = seconds(110) | 0x80000000u;
    std::string error;
    const auto r = parseSntpReply(reply(t1, t2, t2), t1, t4, error);
    REQUIRE(r);
    CHECK(r->offset == doctest::Approx(10.0));
    CHECK(r->delay == doctest::Approx(1.0));
    CHECK(r->stratum == 2);
    CHECK(r->referenceId == "192.0.2.1");
    CHECK(error.empty());
}

TEST_CASE("replies that are not answers to our request are refused with a reason") {
    const std::uint64_t t1 = seconds(100), t4 = seconds(101);
    std::string error;
    auto p = reply(t1, seconds(100), seconds(100));
    CHECK_FALSE(parseSntpReply(dhcplite::wire::ByteView(p.data(), 47), t1, t4, error));
    CHECK(error == "reply of 47 bytes (an NTP packet has at least 48)");
    p[0] = 0x23;  // mode 3: our own request reflected
    CHECK_FALSE(parseSntpReply(p, t1, t4, error));
    CHECK(error == "reply in mode 3 (a server answers in mode 4)");
    p = reply(t1 + 1, seconds(100), seconds(100));
    CHECK_FALSE(parseSntpReply(p, t1, t4, error));
    CHECK(error == "reply does not answer our request (originate timestamp differs)");
    p = reply(t1, seconds(100), seconds(100));
    p[1] = 0;  // stratum 0: kiss-o'-death, the code in the reference id
    p[12] = 'R';
    p[13] = 'A';
    p[14] = 'T';
    p[15] = 'E';
    CHECK_FALSE(parseSntpReply(p, t1, t4, error));
    CHECK(error == "kiss-o'-death RATE");
    p = reply(t1, seconds(100), 0);
    CHECK_FALSE(parseSntpReply(p, t1, t4, error));
    CHECK(error == "reply without a transmit timestamp");
}

TEST_CASE("the checks: OK with the offset, WARN unsynchronised, far off or unreachable") {
    SntpReply r;
    r.stratum = 3;
    r.referenceId = "192.0.2.1";
    r.offset = -0.0125;
    r.delay = 0.0021;
    Check c = evaluateNtp("ntp.example.test:123 @192.0.2.123", NtpOutcome{r, {}});
    CHECK(c.status == Status::Ok);
    CHECK(c.detail == "stratum 3, reference 192.0.2.1, offset -0.013 s, round trip 2.1 ms");
    REQUIRE(c.measures.size() == 2);
    CHECK(c.measures[0].name == "offset_ms");
    CHECK(c.measures[0].value == -13);

    r.leap = 3;
    c = evaluateNtp("x", NtpOutcome{r, {}});
    CHECK(c.status == Status::Warn);
    CHECK(c.detail.starts_with("server is not synchronised (leap 3, stratum 3); "));

    r.leap = 0;
    r.offset = 42;
    c = evaluateNtp("x", NtpOutcome{r, {}});
    CHECK(c.status == Status::Warn);
    CHECK(c.detail.starts_with("clocks differ by +42.0 s; "));

    c = evaluateNtp("ntp.example.test:123 @192.0.2.124",
                    NtpOutcome{std::nullopt, "no answer within 2000 ms"});
    CHECK(c.status == Status::Warn);
    CHECK(c.detail == "no answer within 2000 ms");
    CHECK(c.fix == "start the NTP service there or allow UDP 123 from the phones' subnet");

    CHECK(noNtpServer(true).detail ==
          "no NTP server answered: phones fall back to time.windows.com over the Internet");
    CHECK(noNtpServer(false).status == Status::Warn);
}
