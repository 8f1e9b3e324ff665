#include "stats/stats_command.hpp"

#include <charconv>
#include <chrono>
#include <ostream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands/cli_support.hpp"
#include "stats/control_client.hpp"
#include "stats/stats_table.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util {
namespace {

namespace po = boost::program_options;
using nlohmann::json;

constexpr std::chrono::milliseconds kTimeout{5000};

po::options_description statsOptions() {
    po::options_description o("Options");
    o.add_options()("socket",
                    po::value<std::string>()->value_name("PATH")->default_value(
                        std::string(kDefaultControlSocket)),
                    "the daemon's control-socket")(
        "json", "print the daemon's answer, one JSON object per line")(
        "watch", po::value<std::string>()->value_name("SECONDS"),
        "ask again every SECONDS (1 to 3600), with rates per second, until interrupted")(
        "count", po::value<std::string>()->value_name("N"), "with --watch: stop after N answers")(
        "config", "instead of the counters: which file, its generation, the last reload's result")(
        "reload", "have the daemon reload its config (as SIGHUP does) and print the result")(
        "help,h", "this text");
    return o;
}

std::uint64_t integerOption(const po::variables_map& v, const char* name, std::uint64_t min,
                            std::uint64_t max) {
    const std::string text = v[name].as<std::string>();
    std::uint64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < min || n > max) {
        throwUsage(fmt::format("--{} '{}': expected a whole number from {} to {}", name,
                               wire::escapeForDisplay(text), min, max),
                   "stats");
    }
    return n;
}

json parseAnswer(const std::string& answer) {
    try {
        return json::parse(answer);
    } catch (const json::exception&) {
        throw CommandError(ExitCode::Software,
                           "the daemon's answer is not JSON (another program on this socket?)");
    }
}

// config/reload: the JSON as it came, or a short text; exit 1 when the daemon says ok: false.
int runRequest(const std::string& socket, std::string_view request, bool asJson,
               std::ostream& out) {
    const std::string answer = askControl(
        socket, request, request == "reload" ? std::chrono::milliseconds(35'000) : kTimeout);
    const json j = parseAnswer(answer);
    const bool ok = j.value("ok", false);
    if (asJson) {
        out << answer;
    } else {
        out << j.dump(2) << "\n";
    }
    return toInt(ok ? ExitCode::Ok : ExitCode::CheckFailed);
}

json askStats(const std::string& socket) {
    json j = parseAnswer(askControl(socket, "stats", kTimeout));
    if (!j.value("ok", false)) {
        throw CommandError(ExitCode::Unavailable,
                           fmt::format("the daemon refused: {}",
                                       wire::escapeForDisplay(j.value("error", std::string("?")))));
    }
    return j;
}

}  // namespace

std::string statsHelp() {
    return renderHelp(
        "dhcputil stats [--socket PATH] [--json] [--watch SECONDS [--count N]] | --config | "
        "--reload",
        "Shows what a running dhcplite has counted, from its control socket: totals, drops by\n"
        "reason, replies and drops per site, DHCPINFORMs per vendor class; with --watch, again\n"
        "every SECONDS with rates per second. The socket is mode 0660: run as root or as a member\n"
        "of the daemon's group. Exit status: 0 ok; 1 --reload (or --config) answered ok: false;\n"
        "64 usage; 69 no socket, nobody listening or no answer in time; 70 an answer this "
        "dhcputil\n"
        "does not understand; 77 permission denied.",
        statsOptions());
}

int runStats(const std::vector<std::string>& args, std::ostream& out, std::ostream& /*err*/) {
    const auto parsed = parseArgs(args, statsOptions(), Syntax::Modern, "stats");
    const auto& v = parsed.values;
    if (v.count("help") != 0) {
        out << statsHelp();
        return toInt(ExitCode::Ok);
    }
    const std::string socket = v["socket"].as<std::string>();
    const bool asJson = v.count("json") != 0;
    if (v.count("config") + v.count("reload") + v.count("watch") > 1) {
        throwUsage("--config, --reload and --watch go one at a time", "stats");
    }
    if (v.count("count") != 0 && v.count("watch") == 0) {
        throwUsage("--count needs --watch", "stats");
    }
    if (v.count("config") != 0 || v.count("reload") != 0) {
        return runRequest(socket, v.count("config") != 0 ? "config" : "reload", asJson, out);
    }
    if (v.count("watch") == 0) {
        const json j = askStats(socket);
        out << (asJson ? j.dump() + "\n" : renderStatsTable(j));
        return toInt(ExitCode::Ok);
    }
    const auto interval = std::chrono::seconds(integerOption(v, "watch", 1, 3600));
    const std::uint64_t count = v.count("count") != 0 ? integerOption(v, "count", 1, 1'000'000) : 0;
    std::optional<json> before;
    auto beforeAt = std::chrono::steady_clock::now();
    for (std::uint64_t round = 0; count == 0 || round < count; ++round) {
        if (round > 0) {
            std::this_thread::sleep_for(interval);
        }
        const json now = askStats(socket);
        const auto at = std::chrono::steady_clock::now();
        if (asJson) {
            out << now.dump() << "\n";
        } else {
            std::optional<StatsBaseline> baseline;
            if (before) {
                baseline =
                    StatsBaseline{&*before, std::chrono::duration<double>(at - beforeAt).count()};
            }
            out << renderStatsTable(now, baseline) << "\n";
        }
        out.flush();
        before = now;
        beforeAt = at;
    }
    return toInt(ExitCode::Ok);
}

}  // namespace dhcplite::util
