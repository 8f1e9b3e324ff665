// `dhcputil bench`: the command line, the modes (fixed rate, closed loop, rate search) and the
// output. Every run is bounded twice, in seconds and in requests, and the limits themselves have
// ceilings, so no command line makes it run away.
#include "bench/bench_command.hpp"

#include <charconv>
#include <ostream>
#include <random>

#include <fmt/format.h>

#include "bench/bench_engine.hpp"
#include "bench/bench_report.hpp"
#include "bench/bench_search.hpp"
#include "commands/cli_support.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util {

namespace po = boost::program_options;
namespace {

using namespace bench;

constexpr double kMaxSeconds = 3600;                   // one run (or search trial)
constexpr std::uint64_t kMaxRequests = 4'000'000'000;  // within the 32-bit sequence space
constexpr double kMaxRate = 10'000'000;
constexpr std::uint32_t kMaxInFlight = 1'000'000;
constexpr std::uint32_t kMaxTrials = 40;

po::options_description benchOptions() {
    po::options_description target("Target and clients");
    target.add_options()("server", po::value<std::string>()->value_name("ADDR"),
                         "the server's IPv4 address (255.255.255.255 with --broadcast)")(
        "port", po::value<std::string>()->value_name("N")->default_value("67"),
        "the server's UDP port")("subnet", po::value<std::string>()->value_name("CIDR"),
                                 "client addresses (ciaddr) come from here; answers go to them, "
                                 "port 68, so they must route back to this host")(
        "clients", po::value<std::string>()->value_name("N")->default_value("1000"),
        "distinct clients (MAC, client id, host name; ciaddr as far as the subnet allows)")(
        "vendor-class", po::value<std::string>()->value_name("TEXT")->default_value("MS-UC-Client"),
        "option 60 of every request")(
        "request", po::value<std::string>()->value_name("CODES")->default_value("120,43"),
        "option 55, comma-separated codes")(
        "require", po::value<std::string>()->value_name("CODES")->default_value("120,43"),
        "options an ACK must carry to count as an answer")(
        "bind", po::value<std::string>()->value_name("ADDR")->default_value("0.0.0.0"),
        "local address of the client socket")(
        "bind-port", po::value<std::string>()->value_name("N")->default_value("68"),
        "local port (servers answer to port 68)")(
        "interface", po::value<std::string>()->value_name("IF"),
        "send and receive on this interface only (SO_BINDTODEVICE)")(
        "broadcast", "send to the server address as a broadcast (SO_BROADCAST)")(
        "from-ciaddr",
        "send each request from its client's address (must be local here), as phones do");
    po::options_description mode("Mode (exactly one)");
    mode.add_options()("rate", po::value<std::string>()->value_name("N"),
                       "offer N requests per second")("in-flight",
                                                      po::value<std::string>()->value_name("N"),
                                                      "closed loop: keep N requests outstanding")(
        "search", "find the highest rate with at most --max-drops lost (ISC's method)");
    po::options_description bounds("Bounds and search");
    bounds.add_options()("duration", po::value<std::string>()->value_name("S")->default_value("10"),
                         "seconds of sending per run (at most 3600)")(
        "count", po::value<std::string>()->value_name("N")->default_value("50000000"),
        "requests per run at most")(
        "timeout", po::value<std::string>()->value_name("MS")->default_value("1000"),
        "a request unanswered this long is lost")(
        "max-drops", po::value<std::string>()->value_name("PCT")->default_value("2.5"),
        "search: a trial passes with at most this many % lost")(
        "search-start", po::value<std::string>()->value_name("N")->default_value("10000"),
        "search: first rate")("search-max",
                              po::value<std::string>()->value_name("N")->default_value("2000000"),
                              "search: highest rate tried")(
        "trial-seconds", po::value<std::string>()->value_name("S")->default_value("3"),
        "search: seconds per trial")("max-trials",
                                     po::value<std::string>()->value_name("N")->default_value("14"),
                                     "search: trials at most");
    po::options_description output("Output");
    output.add_options()("json",
                         "one JSON object: counters, latency, per-second series, search trials")(
        "series", "text output: also the per-second series")("help,h", "show this help");
    po::options_description all;
    all.add(target).add(mode).add(bounds).add(output);
    return all;
}

std::string arg(const po::variables_map& v, const char* name) { return v[name].as<std::string>(); }

double number(const po::variables_map& v, const char* name, double lo, double hi) {
    const std::string text = arg(v, name);
    double value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || !(value >= lo && value <= hi)) {
        throwUsage(fmt::format("--{} '{}': expected a number from {} to {}", name,
                               wire::escapeForDisplay(text), lo, hi),
                   "bench");
    }
    return value;
}

std::uint64_t integer(const po::variables_map& v, const char* name, std::uint64_t lo,
                      std::uint64_t hi) {
    const std::string text = arg(v, name);
    std::uint64_t value = 0;
    const auto* end = text.data() + text.size();
    const auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (text.empty() || ec != std::errc() || ptr != end || value < lo || value > hi) {
        throwUsage(fmt::format("--{} '{}': expected a whole number from {} to {}", name,
                               wire::escapeForDisplay(text), lo, hi),
                   "bench");
    }
    return value;
}

std::vector<std::uint8_t> codes(const po::variables_map& v, const char* name) {
    const std::string text = arg(v, name);
    std::vector<std::uint8_t> out;
    std::size_t at = 0;
    while (at <= text.size()) {
        const std::size_t comma = std::min(text.find(',', at), text.size());
        const std::string_view part(text.data() + at, comma - at);
        unsigned value = 0;
        const auto [ptr, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
        if (part.empty() || ec != std::errc() || ptr != part.data() + part.size() || value < 1 ||
            value > 254) {
            throwUsage(fmt::format("--{} '{}': expected option codes 1..254 separated by commas",
                                   name, wire::escapeForDisplay(text)),
                       "bench");
        }
        out.push_back(static_cast<std::uint8_t>(value));
        at = comma + 1;
    }
    return out;
}

template <typename T, typename F>
T field(const char* name, F parse) {
    try {
        return parse();
    } catch (const wire::InputError& e) {
        throw e.withField(fmt::format("--{}", name));
    }
}

RequestFactory makeFactory(const TrafficPlan& plan) {
    try {
        return RequestFactory(plan);
    } catch (const PlanError& e) {
        throw CommandError(ExitCode::Usage, e.what());
    }
}

}  // namespace

std::string benchHelp() {
    return renderHelp(
        "dhcputil bench --server ADDR --subnet CIDR (--rate N | --in-flight N | --search)\n"
        "                      [--clients N] [--duration S] [--count N] [--timeout MS] [--json]",
        "Load-tests a DHCP server with MS-UC-Client DHCPINFORMs from many clients (distinct MAC,\n"
        "xid and ciaddr), sent from UDP port 68 with sendmmsg, answers matched by xid. An answer\n"
        "counts only if it is a well-formed DHCPACK for that client carrying the --require "
        "options.\n"
        "Reports offered and answered per second, drops, latency (min/p50/p99/max, kernel receive\n"
        "timestamps) and a per-second series. Answers go to ciaddr:68, so the --subnet must route\n"
        "to this host: run it in a network namespace with, e.g.,\n"
        "  ip route add local 198.51.100.0/24 dev lo\n"
        "and a route to that subnet on the server's side. Exit status: 0 when something was\n"
        "answered (search: a trial passed), 1 when nothing was, 64 usage, 71 socket errors,\n"
        "77 no permission for port 68.",
        benchOptions());
}

int runBench(const std::vector<std::string>& args, std::ostream& out, std::ostream& /*err*/) {
    const auto parsed = parseArgs(args, benchOptions(), Syntax::Modern, "bench");
    const auto& v = parsed.values;
    if (v.count("help") != 0) {
        out << benchHelp();
        return toInt(ExitCode::Ok);
    }
    const auto modes = v.count("rate") + v.count("in-flight") + v.count("search");
    if (modes != 1) {
        throwUsage("bench needs exactly one of --rate N, --in-flight N or --search", "bench");
    }
    if (v.count("server") == 0 || v.count("subnet") == 0) {
        throwUsage(
            "bench needs --server ADDR and --subnet CIDR (where the clients' addresses come from)",
            "bench");
    }

    TrafficPlan plan;
    plan.subnet = field<wire::Cidr>("subnet", [&] { return wire::Cidr::parse(arg(v, "subnet")); });
    plan.clients = static_cast<std::uint32_t>(integer(v, "clients", 1, 16'777'216));
    plan.vendorClass = arg(v, "vendor-class");
    plan.parameterList = codes(v, "request");
    plan.required = codes(v, "require");
    std::random_device entropy;
    plan.salt = entropy();
    const RequestFactory factory = makeFactory(plan);

    SocketSettings socket;
    socket.server =
        field<wire::Ipv4>("server", [&] { return wire::Ipv4::parse(arg(v, "server")); });
    socket.serverPort = static_cast<std::uint16_t>(integer(v, "port", 1, 65535));
    socket.bindAddress =
        field<wire::Ipv4>("bind", [&] { return wire::Ipv4::parse(arg(v, "bind")); });
    socket.bindPort = static_cast<std::uint16_t>(integer(v, "bind-port", 1, 65535));
    socket.broadcast = v.count("broadcast") != 0;
    socket.fromCiaddr = v.count("from-ciaddr") != 0;
    if (v.count("interface") != 0) {
        socket.device = arg(v, "interface");
    }

    RunSpec spec;
    spec.durationNs = static_cast<std::uint64_t>(number(v, "duration", 0.1, kMaxSeconds) * 1e9);
    spec.maxRequests = integer(v, "count", 1, kMaxRequests);
    spec.timeoutNs = integer(v, "timeout", 1, 60'000) * 1'000'000ULL;

    BenchReport report;
    report.server = fmt::format("{}:{}", socket.server.toString(), socket.serverPort);
    report.subnet = plan.subnet.toString();
    report.clients = plan.clients;

    BenchEngine engine(factory, socket);
    bool ok = false;
    if (v.count("search") != 0) {
        report.mode = "search";
        report.maxDropPercent = number(v, "max-drops", 0, 100);
        SearchSettings settings;
        settings.startRate = number(v, "search-start", 1, kMaxRate);
        settings.maxRate = number(v, "search-max", 1, kMaxRate);
        settings.maxTrials = static_cast<std::uint32_t>(integer(v, "max-trials", 1, kMaxTrials));
        spec.mode = Mode::Rate;
        spec.durationNs =
            static_cast<std::uint64_t>(number(v, "trial-seconds", 0.1, kMaxSeconds) * 1e9);
        RateSearch search(settings);
        while (const auto rate = search.next()) {
            spec.rate = *rate;
            RunResult r = engine.run(spec);
            // A trial passes when its drops stay under the limit and the bench really offered the
            // rate (within 5 %); if the bench could not, the rate says nothing about the server.
            const bool offered = r.offeredPerSecond() >= 0.95 * *rate;
            const bool passed =
                offered && dropPercent(r.counters) <= report.maxDropPercent && r.counters.sent > 0;
            search.record(*rate, passed);
            report.runs.push_back(std::move(r));
            report.passed.push_back(passed);
        }
        for (std::size_t i = 0; i < report.runs.size(); ++i) {
            if (report.passed[i] &&
                (!report.best || report.runs[i].spec.rate > report.runs[*report.best].spec.rate)) {
                report.best = i;
            }
        }
        ok = report.best.has_value();
    } else {
        if (v.count("rate") != 0) {
            report.mode = "rate";
            spec.mode = Mode::Rate;
            spec.rate = number(v, "rate", 1, kMaxRate);
        } else {
            report.mode = "closed-loop";
            spec.mode = Mode::ClosedLoop;
            spec.inFlight = static_cast<std::uint32_t>(integer(v, "in-flight", 1, kMaxInFlight));
        }
        report.runs.push_back(engine.run(spec));
        ok = report.runs.back().counters.answered > 0;
    }

    out << (v.count("json") != 0 ? renderJson(report) : renderText(report, v.count("series") != 0));
    return toInt(ok ? ExitCode::Ok : ExitCode::CheckFailed);
}

}  // namespace dhcplite::util
