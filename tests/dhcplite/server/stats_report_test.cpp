// What the control socket answers and the metrics file holds: exact bytes from fixed counters.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "../test_support.hpp"
#include "metrics_format.hpp"
#include "stats_report.hpp"

using namespace dhcplite::daemon;
using dhcplite::test::compileYaml;

namespace {

constexpr std::string_view kYaml = R"(
default:
  sip-servers: [lync.example.com]
sites:
  - name: 'berlin "HQ"'
    subnets: [198.51.100.0/24]
    sip-servers: [berlin.example.com]
)";

struct Fixture {
    std::shared_ptr<const CompiledConfig> config = compileYaml(kYaml);
    Stats stats;
    SiteTotals sites = emptyTotals(config);
    ServerState state;

    Fixture() {
        stats.received = 9;
        stats.replied = 4;
        stats.verdicts[static_cast<std::size_t>(Verdict::Reply)] = 4;
        stats.verdicts[static_cast<std::size_t>(Verdict::NotInform)] = 3;
        stats.verdicts[static_cast<std::size_t>(Verdict::RateLimited)] = 1;
        stats.otherInterface = 1;
        stats.reloadsOk = 2;
        sites.profiles[0][0] = 3;
        sites.profiles[1][0] = 1;
        sites.profiles[1][static_cast<std::size_t>(Verdict::RateLimited)] = 1;
        sites.vendorClasses = {5, 0, 0};
        state.version = "0.1.0";
        state.configPath = "/etc/dhcplite/dhcplite.yaml";
        state.configGeneration = 3;
        state.configLoadedAt = 1'700'000'100;
        state.startedAt = 1'700'000'000;
        state.uptimeSeconds = 120;
        state.workers = 2;
        state.interfaces = {"eth0", "eth1"};
    }
};

}  // namespace

TEST_CASE("stats: one line of JSON with totals, drops by reason, sites and classes") {
    const Fixture f;
    const std::string text = statsJson(f.stats, f.sites, f.state);
    REQUIRE(text.back() == '\n');
    CHECK(text.find('\n') == text.size() - 1);
    const auto j = nlohmann::json::parse(text);
    CHECK(j["ok"] == true);
    CHECK(j["uptimeSeconds"] == 120);
    CHECK(j["config"]["generation"] == 3);
    CHECK(j["config"]["file"] == "/etc/dhcplite/dhcplite.yaml");
    CHECK(j["interfaces"] == nlohmann::json::array({"eth0", "eth1"}));
    CHECK(j["totals"]["received"] == 9);
    CHECK(j["totals"]["replied"] == 4);
    CHECK(j["totals"]["dropped"] == 4);
    CHECK(j["drops"]["not-inform"] == 3);
    CHECK(j["drops"].size() == kVerdictCount - 1);
    CHECK(j["drops"].contains("reply") == false);
    REQUIRE(j["sites"].size() == 2);
    CHECK(j["sites"][0]["name"] == "berlin \"HQ\"");
    CHECK(j["sites"][0]["replies"] == 3);
    CHECK(j["sites"][1]["name"] == "default");
    CHECK(j["sites"][1]["drops"]["rate-limited"] == 1);
    CHECK(j["vendorClasses"][0] == nlohmann::json({{"class", "MS-UC-Client"}, {"requests", 5}}));
    CHECK(j["vendorClasses"][2]["class"] == "none");
}

TEST_CASE("config and reload: the last reload's result with file:line:column") {
    Fixture f;
    auto j = nlohmann::json::parse(configJson(f.state));
    CHECK(j["lastReload"].is_null());
    f.state.lastReloadAt = 1'700'000'200;
    j = nlohmann::json::parse(configJson(f.state));
    CHECK(j["lastReload"] == nlohmann::json({{"at", 1'700'000'200}, {"ok", true}}));
    f.state.lastReloadFailure = ReloadFailure{"x.yaml:3:7: default.port: bad", "x.yaml", 3, 7};
    CHECK(configJson(f.state) ==
          R"({"ok":true,"file":"/etc/dhcplite/dhcplite.yaml","generation":3,"loadedAt":1700000100,)"
          R"("lastReload":{"at":1700000200,"ok":false,"error":"x.yaml:3:7: default.port: bad",)"
          R"("location":{"file":"x.yaml","line":3,"column":7}}})"
          "\n");
    j = nlohmann::json::parse(reloadJson(f.state, false));
    CHECK(j["ok"] == false);
    CHECK(j["location"]["line"] == 3);
    CHECK(j["error"] == "x.yaml:3:7: default.port: bad");
    CHECK(nlohmann::json::parse(reloadJson(f.state, true))["ok"] == true);
    CHECK(errorJson("unknown request 'x'") == "{\"ok\":false,\"error\":\"unknown request 'x'\"}\n");
}

TEST_CASE("label values are escaped as the exposition format says") {
    CHECK(escapeLabelValue("plain") == "plain");
    CHECK(escapeLabelValue("a\"b\\c\nd") == "a\\\"b\\\\c\\nd");
}

TEST_CASE("metrics: HELP and TYPE before each metric, exact sample lines") {
    const Fixture f;
    const std::string text = metricsText(f.stats, f.sites, f.state);
    const auto has = [&](std::string_view line) {
        CAPTURE(line);
        CHECK(text.find(std::string(line) + "\n") != std::string::npos);
    };
    has("# HELP dhcplite_requests_received_total Datagrams received on the DHCP sockets.");
    has("# TYPE dhcplite_requests_received_total counter\ndhcplite_requests_received_total 9");
    has("dhcplite_replies_sent_total 4");
    has("dhcplite_replies_total 4");
    has("dhcplite_dropped_total{reason=\"not-inform\"} 3");
    has("dhcplite_dropped_total{reason=\"rate-limited\"} 1");
    has("dhcplite_reloads_total{result=\"ok\"} 2");
    has("dhcplite_site_replies_total{site=\"berlin \\\"HQ\\\"\"} 3");
    has("dhcplite_site_replies_total{site=\"default\"} 1");
    has("dhcplite_site_dropped_total{site=\"default\",reason=\"rate-limited\"} 1");
    has("dhcplite_vendor_class_requests_total{class=\"MS-UC-Client\"} 5");
    has("dhcplite_vendor_class_requests_total{class=\"other\"} 0");
    has("dhcplite_build_info{version=\"0.1.0\"} 1");
    has("# TYPE dhcplite_start_time_seconds gauge\ndhcplite_start_time_seconds 1700000000");
    has("dhcplite_config_generation 3");
    has("dhcplite_config_loaded_time_seconds 1700000100");
    has("dhcplite_config_last_reload_success 1");
    CHECK(text.back() == '\n');
    // Every sample's metric has its TYPE line before it (promtool checks the rest).
    std::size_t types = 0;
    for (std::size_t at = text.find("# TYPE "); at != std::string::npos;
         at = text.find("# TYPE ", at + 1)) {
        ++types;
    }
    CHECK(types == 18);
}

TEST_CASE("metrics after a failed reload; no sites before a config is adopted") {
    Fixture f;
    f.state.lastReloadFailure = ReloadFailure{"x", "x.yaml", 0, 0};
    const std::string text = metricsText(f.stats, SiteTotals{}, f.state);
    CHECK(text.find("dhcplite_config_last_reload_success 0\n") != std::string::npos);
    CHECK(text.find("dhcplite_site_") == std::string::npos);
}
