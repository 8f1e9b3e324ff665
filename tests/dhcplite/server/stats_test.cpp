// The SIGUSR1 counters line and the sd_notify STATUS= text.
#include <doctest/doctest.h>

#include "stats.hpp"

using namespace dhcplite::daemon;

TEST_CASE("zero counters: every key present, verdicts by name in enum order") {
    CHECK(formatStats(Stats{}) ==
          "received=0 replied=0 send-errors=0 receive-errors=0 truncated=0 other-interface=0 "
          "relay-info-dropped=0 reloads-ok=0 reloads-failed=0 reply=0 malformed=0 "
          "not-bootrequest=0 no-message-type=0 not-inform=0 no-vendor-class=0 "
          "other-vendor-class=0 nothing-requested=0 no-profile=0 bad-address=0 rate-limited=0");
}

TEST_CASE("each counter lands under its own key") {
    Stats s;
    s.received = 12;
    s.replied = 5;
    s.sendErrors = 1;
    s.receiveErrors = 2;
    s.truncated = 3;
    s.otherInterface = 4;
    s.relayInfoDropped = 6;
    s.reloadsOk = 7;
    s.reloadsFailed = 8;
    s.count(Verdict::Reply);
    s.count(Verdict::Reply);
    s.count(Verdict::NoProfile);
    s.count(Verdict::OtherVendorClass);
    s.count(Verdict::OtherVendorClass);
    s.count(Verdict::OtherVendorClass);
    CHECK(s.of(Verdict::Reply) == 2);
    CHECK(formatStats(s) ==
          "received=12 replied=5 send-errors=1 receive-errors=2 truncated=3 other-interface=4 "
          "relay-info-dropped=6 reloads-ok=7 reloads-failed=8 reply=2 malformed=0 "
          "not-bootrequest=0 no-message-type=0 not-inform=0 no-vendor-class=0 "
          "other-vendor-class=3 nothing-requested=0 no-profile=1 bad-address=0 rate-limited=0");
    CHECK(formatStatus(s) == "Serving: 12 received, 5 answered, 10 dropped, 1 send errors");
}

TEST_CASE("the counters line is one line of key=value pairs") {
    Stats s;
    s.received = 18446744073709551615ULL;
    const auto text = formatStats(s);
    CHECK(text.find('\n') == std::string::npos);
    CHECK(text.find("received=18446744073709551615 ") == 0);
}
