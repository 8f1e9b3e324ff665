#include "bench/bench_report.hpp"

#include <fmt/format.h>

#include "util/json.hpp"

namespace dhcplite::util::bench {
namespace {

std::string describeSpec(const RunSpec& spec) {
    const double seconds = static_cast<double>(spec.durationNs) / 1e9;
    if (spec.mode == Mode::Rate) {
        return fmt::format("fixed rate {:.0f}/s, {:.1f} s", spec.rate, seconds);
    }
    return fmt::format("closed loop, {} in flight, {:.1f} s", spec.inFlight, seconds);
}

void appendRunText(std::string& out, const RunResult& r, bool series) {
    const Counters& c = r.counters;
    out += fmt::format("  sent       {:>10}  ({:.1f}/s offered over {:.3f} s)\n", c.sent,
                       r.offeredPerSecond(), static_cast<double>(r.elapsedNs) / 1e9);
    out += fmt::format("  answered   {:>10}  ({:.1f}/s)  drops {:.3f} %\n", c.answered,
                       r.answeredPerSecond(), dropPercent(c));
    out +=
        fmt::format("  lost {}  invalid {}  duplicates {}  late {}  foreign {}  send-failed {}\n",
                    c.lost, c.invalid, c.duplicates, c.late, c.foreign, c.sendFailed);
    if (c.invalid > 0) {
        std::string why;
        for (std::size_t i = 1; i < r.invalidBy.size(); ++i) {
            if (r.invalidBy[i] > 0) {
                why += fmt::format(" {}={}", replyCheckName(static_cast<ReplyCheck>(i)),
                                   r.invalidBy[i]);
            }
        }
        out += fmt::format("  invalid answers:{}\n", why);
    }
    out +=
        fmt::format("  latency us min {}  p50 {}  p99 {}  max {}  ({})\n", micros(r.latency.minNs),
                    micros(r.latency.p50Ns), micros(r.latency.p99Ns), micros(r.latency.maxNs),
                    r.kernelTimestamps ? "kernel receive timestamps" : "user-space clock");
    if (series) {
        out += "  second      sent  answered  invalid   p50us   p99us\n";
        for (const SecondStats& s : r.seconds) {
            out +=
                fmt::format("  {:>6} {:>9} {:>9} {:>8} {:>7} {:>7}\n", s.second, s.sent, s.answered,
                            s.invalid, micros(s.latency.p50Ns), micros(s.latency.p99Ns));
        }
    }
}

// JSON numbers from a double: fixed decimals (JsonWriter has no floating point).
std::string fixed(double v, int decimals) { return fmt::format("{:.{}f}", v, decimals); }

void appendLatencyJson(std::string& out, const LatencySummary& l) {
    out += fmt::format(
        "{{\"count\": {}, \"min_us\": {}, \"p50_us\": {}, \"p99_us\": {}, \"max_us\": {}}}",
        l.count, micros(l.minNs), micros(l.p50Ns), micros(l.p99Ns), micros(l.maxNs));
}

void appendRunJson(std::string& out, const RunResult& r, std::optional<bool> passed) {
    const Counters& c = r.counters;
    out += "{";
    out += fmt::format("\"mode\": {}, ",
                       jsonQuote(r.spec.mode == Mode::Rate ? "rate" : "closed-loop"));
    if (r.spec.mode == Mode::Rate) {
        out += fmt::format("\"rate\": {}, ", fixed(r.spec.rate, 0));
    } else {
        out += fmt::format("\"in_flight\": {}, ", r.spec.inFlight);
    }
    out += fmt::format("\"duration_s\": {}, \"timeout_ms\": {}, ",
                       fixed(static_cast<double>(r.spec.durationNs) / 1e9, 3),
                       r.spec.timeoutNs / 1'000'000);
    out += fmt::format("\"elapsed_s\": {}, ", fixed(static_cast<double>(r.elapsedNs) / 1e9, 3));
    out += fmt::format(
        "\"sent\": {}, \"answered\": {}, \"lost\": {}, \"invalid\": {}, \"duplicates\": {}, "
        "\"late\": {}, \"foreign\": {}, \"send_failed\": {}, ",
        c.sent, c.answered, c.lost, c.invalid, c.duplicates, c.late, c.foreign, c.sendFailed);
    out += fmt::format("\"offered_per_s\": {}, \"answered_per_s\": {}, \"drop_percent\": {}, ",
                       fixed(r.offeredPerSecond(), 1), fixed(r.answeredPerSecond(), 1),
                       fixed(dropPercent(c), 4));
    if (passed) {
        out += fmt::format("\"passed\": {}, ", *passed ? "true" : "false");
    }
    out += "\"invalid_by\": {";
    bool first = true;
    for (std::size_t i = 1; i < r.invalidBy.size(); ++i) {
        if (r.invalidBy[i] > 0) {
            out +=
                fmt::format("{}{}: {}", first ? "" : ", ",
                            jsonQuote(replyCheckName(static_cast<ReplyCheck>(i))), r.invalidBy[i]);
            first = false;
        }
    }
    out += "}, ";
    out += fmt::format("\"kernel_timestamps\": {}, \"latency\": ",
                       r.kernelTimestamps ? "true" : "false");
    appendLatencyJson(out, r.latency);
    out += ", \"seconds\": [";
    for (std::size_t i = 0; i < r.seconds.size(); ++i) {
        const SecondStats& s = r.seconds[i];
        out += fmt::format(
            "{}{{\"second\": {}, \"sent\": {}, \"answered\": {}, \"invalid\": {}, \"p50_us\": {}, "
            "\"p99_us\": {}}}",
            i == 0 ? "" : ", ", s.second, s.sent, s.answered, s.invalid, micros(s.latency.p50Ns),
            micros(s.latency.p99Ns));
    }
    out += "]}";
}

}  // namespace

std::string micros(std::uint64_t ns) { return fmt::format("{}.{}", ns / 1000, (ns % 1000) / 100); }

std::string renderText(const BenchReport& report, bool series) {
    std::string out;
    out += fmt::format("dhcputil bench: server {}, {} clients in {}\n", report.server,
                       report.clients, report.subnet);
    if (report.mode != "search") {
        for (const RunResult& r : report.runs) {
            out += fmt::format("{}\n", describeSpec(r.spec));
            appendRunText(out, r, series);
        }
        return out;
    }
    out += fmt::format("search for the highest rate with at most {:.1f} % drops:\n",
                       report.maxDropPercent);
    out += "  trial      rate   offered/s  answered/s   drops %   p50us   p99us  result\n";
    for (std::size_t i = 0; i < report.runs.size(); ++i) {
        const RunResult& r = report.runs[i];
        out +=
            fmt::format("  {:>5} {:>9.0f} {:>11.1f} {:>11.1f} {:>9.3f} {:>7} {:>7}  {}\n", i + 1,
                        r.spec.rate, r.offeredPerSecond(), r.answeredPerSecond(),
                        dropPercent(r.counters), micros(r.latency.p50Ns), micros(r.latency.p99Ns),
                        i < report.passed.size() && report.passed[i] ? "pass" : "fail");
    }
    if (report.best) {
        const RunResult& b = report.runs[*report.best];
        out += fmt::format("best: {:.0f}/s offered, {:.1f}/s answered, drops {:.3f} %\n",
                           b.spec.rate, b.answeredPerSecond(), dropPercent(b.counters));
        appendRunText(out, b, series);
    } else {
        out += "best: no trial passed\n";
    }
    return out;
}

std::string renderJson(const BenchReport& report) {
    std::string out = "{";
    out += fmt::format(
        "\"tool\": \"dhcputil bench\", \"server\": {}, \"subnet\": {}, \"clients\": {}, \"mode\": "
        "{}, ",
        jsonQuote(report.server), jsonQuote(report.subnet), report.clients, jsonQuote(report.mode));
    if (report.mode == "search") {
        out += fmt::format("\"max_drop_percent\": {}, ", fixed(report.maxDropPercent, 2));
        if (report.best) {
            out += fmt::format("\"best_rate\": {}, \"best\": ",
                               fixed(report.runs[*report.best].spec.rate, 0));
            appendRunJson(out, report.runs[*report.best], true);
            out += ", ";
        } else {
            out += "\"best_rate\": null, \"best\": null, ";
        }
    }
    out += "\"runs\": [";
    for (std::size_t i = 0; i < report.runs.size(); ++i) {
        out += i == 0 ? "" : ", ";
        std::optional<bool> passed;
        if (i < report.passed.size()) {
            passed = report.passed[i];
        }
        appendRunJson(out, report.runs[i], passed);
    }
    out += "]}\n";
    return out;
}

}  // namespace dhcplite::util::bench
