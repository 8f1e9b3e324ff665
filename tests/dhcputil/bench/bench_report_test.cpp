// The bench's output: the exact text summary and series, µs formatting, and the JSON object's
// fields (checked as text; scripts/bench-compare.sh parses it with Python).
#include <doctest/doctest.h>

#include "bench/bench_report.hpp"

using namespace dhcplite::util::bench;

namespace {

RunResult sample() {
    RunResult r;
    r.spec.mode = Mode::ClosedLoop;
    r.spec.inFlight = 64;
    r.spec.durationNs = 2'000'000'000;
    r.spec.timeoutNs = 1'000'000'000;
    r.elapsedNs = 2'000'000'000;
    r.counters.sent = 1000;
    r.counters.answered = 990;
    r.counters.lost = 10;
    r.counters.invalid = 3;
    r.invalidBy[static_cast<std::size_t>(ReplyCheck::WrongClient)] = 3;
    r.latency = LatencySummary{990, 12'345, 45'600, 120'000, 900'100};
    r.kernelTimestamps = true;
    SecondStats s0;
    s0.second = 0;
    s0.sent = 500;
    s0.answered = 495;
    s0.latency = LatencySummary{495, 12'345, 45'000, 110'000, 500'000};
    r.seconds.push_back(s0);
    return r;
}

}  // namespace

TEST_CASE("microseconds with one decimal, truncated") {
    CHECK(micros(0) == "0.0");
    CHECK(micros(999) == "0.9");
    CHECK(micros(12'345) == "12.3");
    CHECK(micros(1'000'000) == "1000.0");
}

TEST_CASE("text summary of one run") {
    BenchReport report;
    report.server = "192.0.2.1:67";
    report.subnet = "198.51.100.0/24";
    report.clients = 1000;
    report.mode = "closed-loop";
    report.runs.push_back(sample());
    CHECK(renderText(report, false) ==
          "dhcputil bench: server 192.0.2.1:67, 1000 clients in 198.51.100.0/24\n"
          "closed loop, 64 in flight, 2.0 s\n"
          "  sent             1000  (500.0/s offered over 2.000 s)\n"
          "  answered          990  (495.0/s)  drops 1.000 %\n"
          "  lost 10  invalid 3  duplicates 0  late 0  foreign 0  send-failed 0\n"
          "  invalid answers: wrong-client=3\n"
          "  latency us min 12.3  p50 45.6  p99 120.0  max 900.1  (kernel receive timestamps)\n");
    const std::string withSeries = renderText(report, true);
    CHECK(withSeries.find("  second      sent  answered  invalid   p50us   p99us\n"
                          "       0       500       495        0    45.0   110.0\n") !=
          std::string::npos);
}

TEST_CASE("search summary: every trial, then the best") {
    BenchReport report;
    report.server = "192.0.2.1:67";
    report.subnet = "198.51.100.0/24";
    report.clients = 10;
    report.mode = "search";
    RunResult pass = sample();
    pass.spec.mode = Mode::Rate;
    pass.spec.rate = 500;
    pass.counters.answered = 1000;
    RunResult fail = pass;
    fail.spec.rate = 1000;
    fail.counters.answered = 900;
    report.runs = {pass, fail};
    report.passed = {true, false};
    report.best = 0;
    const std::string text = renderText(report, false);
    CHECK(text.find("search for the highest rate with at most 2.5 % drops:\n") !=
          std::string::npos);
    CHECK(
        text.find("      1       500       500.0       500.0     0.000    45.6   120.0  pass\n") !=
        std::string::npos);
    CHECK(
        text.find("      2      1000       500.0       450.0    10.000    45.6   120.0  fail\n") !=
        std::string::npos);
    CHECK(text.find("best: 500/s offered, 500.0/s answered, drops 0.000 %\n") != std::string::npos);

    report.best.reset();
    CHECK(renderText(report, false).find("best: no trial passed\n") != std::string::npos);
}

TEST_CASE("JSON carries counters, rates, latency and the series") {
    BenchReport report;
    report.server = "192.0.2.1:67";
    report.subnet = "198.51.100.0/24";
    report.clients = 1000;
    report.mode = "closed-loop";
    report.runs.push_back(sample());
    const std::string json = renderJson(report);
    CHECK(json.front() == '{');
    CHECK(json.back() == '\n');
    for (const char* part : {"\"tool\": \"dhcputil bench\"", "\"server\": \"192.0.2.1:67\"",
                             "\"mode\": \"closed-loop\"", "\"in_flight\": 64", "\"sent\": 1000",
                             "\"answered\": 990", "\"lost\": 10", "\"answered_per_s\": 495.0",
                             "\"drop_percent\": 1.0000", "\"invalid_by\": {\"wrong-client\": 3}",
                             "\"latency\": {\"count\": 990, \"min_us\": 12.3, \"p50_us\": 45.6, "
                             "\"p99_us\": 120.0, \"max_us\": 900.1}",
                             "\"seconds\": [{\"second\": 0, \"sent\": 500, \"answered\": 495, "
                             "\"invalid\": 0, \"p50_us\": 45.0, \"p99_us\": 110.0}]"}) {
        CAPTURE(part);
        CHECK(json.find(part) != std::string::npos);
    }
    int depth = 0;
    for (const char c : json) {
        depth += c == '{' || c == '[' ? 1 : (c == '}' || c == ']' ? -1 : 0);
        REQUIRE(depth >= 0);
    }
    CHECK(depth == 0);
}
