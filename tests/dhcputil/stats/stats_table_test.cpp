// `dhcputil stats`: the table from a fixed `stats` answer, exact text; rates with --watch;
// answers of another shape; the command line without a daemon.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "commands/cli_support.hpp"
#include "commands/commands.hpp"
#include "stats/stats_table.hpp"

using namespace dhcplite::util;
using nlohmann::json;

namespace {

json answer(std::uint64_t alphaReplies, std::uint64_t received) {
    json drops = {{"malformed", 0}, {"not-inform", 2}, {"nothing-requested", 1}};
    return json{
        {"ok", true},
        {"version", "0.1.0"},
        {"uptimeSeconds", 3725},
        {"startedAt", 1700000000},
        {"config",
         {{"file", "/etc/dhcplite/dhcplite.yaml"}, {"generation", 2}, {"loadedAt", 1700000100}}},
        {"interfaces", {"eth0", "eth1"}},
        {"workers", 1},
        {"totals",
         {{"received", received},
          {"replied", alphaReplies + 1},
          {"dropped", 3},
          {"sendErrors", 0},
          {"receiveErrors", 0},
          {"truncated", 0},
          {"otherInterface", 0},
          {"relayInfoDropped", 0},
          {"reloadsOk", 1},
          {"reloadsFailed", 0}}},
        {"drops", drops},
        {"sites",
         {{{"name", "alpha"},
           {"replies", alphaReplies},
           {"drops", {{"nothing-requested", 1}, {"rate-limited", 0}}}},
          {{"name", "default"}, {"replies", 1}, {"drops", {{"nothing-requested", 0}}}}}},
        {"vendorClasses",
         {{{"class", "MS-UC-Client"}, {"requests", 7}}, {{"class", "other"}, {"requests", 0}}}},
    };
}

}  // namespace

TEST_CASE("the table: header, totals, non-zero drops, sites, vendor classes") {
    CHECK(renderStatsTable(answer(5, 9)) ==
          "dhcplite 0.1.0, up 1h 2m 5s, 1 worker, interfaces eth0,eth1\n"
          "config /etc/dhcplite/dhcplite.yaml generation 2\n"
          "\n"
          "total                     count           \n"
          "received                      9           \n"
          "replied                       6           \n"
          "dropped                       3           \n"
          "sendErrors                    0           \n"
          "receiveErrors                 0           \n"
          "otherInterface                0           \n"
          "reloadsOk                     1           \n"
          "reloadsFailed                 0           \n"
          "\n"
          "drops: not-inform 2, nothing-requested 1\n"
          "\n"
          "site       replies    dropped  drops by reason\n"
          "alpha            5          1  nothing-requested 1\n"
          "default          1          0  -\n"
          "\n"
          "vendor class                informs\n"
          "MS-UC-Client                      7\n"
          "other                             0\n");
}

TEST_CASE("--watch: rates per second against the previous answer") {
    const json before = answer(5, 9);
    const json now = answer(25, 49);
    const std::string text = renderStatsTable(now, StatsBaseline{&before, 2.0});
    CHECK(text.find("received                     49       20.0\n") != std::string::npos);
    CHECK(text.find("alpha           25       10.0          1        0.0  nothing-requested 1\n") !=
          std::string::npos);
    // A count that went down (the daemon restarted between two polls) has no rate.
    const std::string restarted = renderStatsTable(before, StatsBaseline{&now, 2.0});
    CHECK(restarted.find("received                      9          -\n") != std::string::npos);
}

TEST_CASE("an answer of another shape is exit 70, with what is missing") {
    json j = answer(1, 1);
    j.erase("totals");
    try {
        (void)renderStatsTable(j);
        FAIL("no error");
    } catch (const CommandError& e) {
        CHECK(e.code() == ExitCode::Software);
        CHECK(std::string(e.what()) ==
              "unexpected stats answer: no object 'totals' (a daemon of another version?)");
    }
    CHECK_THROWS_AS((void)renderStatsTable(json::array()), CommandError);
    j = answer(1, 1);
    j["totals"]["received"] = "many";
    CHECK_THROWS_WITH_AS(
        (void)renderStatsTable(j),
        "unexpected stats answer: no number 'received' (a daemon of another version?)",
        CommandError);
}

TEST_CASE("durations") {
    CHECK(formatDuration(0) == "0s");
    CHECK(formatDuration(59) == "59s");
    CHECK(formatDuration(61) == "1m 1s");
    CHECK(formatDuration(90061) == "1d 1h 1m 1s");
}

TEST_CASE("the command line without a daemon: usage errors 64, no socket 69") {
    const auto run = [](const std::vector<std::string>& rest, std::string& err) {
        std::ostringstream out, errs;
        std::vector<std::string> args{"stats"};
        args.insert(args.end(), rest.begin(), rest.end());
        const int rc = runDhcputil(args, out, errs);
        err = errs.str();
        return rc;
    };
    std::string err;
    CHECK(run({"--watch", "0"}, err) == 64);
    CHECK(err.find("--watch '0': expected a whole number from 1 to 3600") != std::string::npos);
    CHECK(run({"--count", "2"}, err) == 64);
    CHECK(err.find("--count needs --watch") != std::string::npos);
    CHECK(run({"--config", "--reload"}, err) == 64);
    CHECK(run({"--socket", "/nonexistent/dhcplite.sock"}, err) == 69);
    CHECK(err ==
          "dhcputil: control socket '/nonexistent/dhcplite.sock': no such socket (is dhcplite "
          "running, "
          "with control-socket at this path?)\n");
    CHECK(run({"--socket", std::string(200, 'x')}, err) == 64);
    CHECK(run({"--help"}, err) == 0);
}
