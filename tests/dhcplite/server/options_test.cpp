// dhcplite command line: every flag, and each way it can be wrong (main() exits 64 on these).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "options.hpp"

using dhcplite::config::LogLevel;
using dhcplite::daemon::parseOptions;

namespace {

auto parse(const std::vector<std::string>& args) {
    std::vector<const char*> argv(args.size() + 1, "dhcplite");
    for (std::size_t i = 0; i < args.size(); ++i) {
        argv[i + 1] = args[i].c_str();
    }
    return parseOptions(argv);
}

std::string errorOf(const std::vector<std::string>& args) {
    const auto r = parse(args);
    REQUIRE_FALSE(r.has_value());
    return r.error();
}

}  // namespace

TEST_CASE("--config alone runs the daemon with the config's own log level") {
    const auto r = parse({"--config", "/etc/dhcplite/dhcplite.yaml"});
    REQUIRE(r.has_value());
    CHECK(r->configPath == "/etc/dhcplite/dhcplite.yaml");
    CHECK_FALSE(r->checkConfig);
    CHECK_FALSE(r->foreground);
    CHECK_FALSE(r->logLevel.has_value());
    CHECK_FALSE(r->help);
    CHECK_FALSE(r->version);
}

TEST_CASE("every flag, long and short, with = and with a separate value") {
    const auto r =
        parse({"--config=a.yaml", "--foreground", "--check-config", "--log-level", "debug"});
    REQUIRE(r.has_value());
    CHECK(r->configPath == "a.yaml");
    CHECK(r->foreground);
    CHECK(r->checkConfig);
    CHECK(r->logLevel == LogLevel::Debug);

    const auto s = parse({"-c", "b.yaml", "-f", "--log-level=warning"});
    REQUIRE(s.has_value());
    CHECK(s->configPath == "b.yaml");
    CHECK(s->foreground);
    CHECK(s->logLevel == LogLevel::Warning);
}

TEST_CASE("--help and --version need no --config") {
    const auto h = parse({"--help"});
    REQUIRE(h.has_value());
    CHECK(h->help);
    const auto v = parse({"--version"});
    REQUIRE(v.has_value());
    CHECK(v->version);
    const auto help = dhcplite::daemon::helpText();
    CHECK(help.find("--check-config") != std::string::npos);
    CHECK(help.find("SIGHUP") != std::string::npos);
    CHECK(help.find("78") != std::string::npos);
}

TEST_CASE("usage errors are one line naming the problem and pointing at --help") {
    const std::string tryHelp = "try 'dhcplite --help'";
    SUBCASE("unknown flag") {
        const auto e = errorOf({"--config", "x", "--bogus"});
        CHECK(e.find("--bogus") != std::string::npos);
        CHECK(e.find(tryHelp) != std::string::npos);
    }
    SUBCASE("missing --config") {
        CHECK(errorOf({"--foreground"}).find("--config FILE is required") != std::string::npos);
        CHECK(errorOf({}).find("--config FILE is required") != std::string::npos);
    }
    SUBCASE("--config without a value") {
        CHECK(errorOf({"--config"}).find("config") != std::string::npos);
        CHECK(errorOf({"--config="}).find("--config") != std::string::npos);
        CHECK(errorOf({"--config", ""}).find("needs a file name") != std::string::npos);
    }
    SUBCASE("bad log level names the value and the choices") {
        const auto e = errorOf({"--config", "x", "--log-level", "loud"});
        CHECK(e.find("'loud'") != std::string::npos);
        CHECK(e.find("error, warning, info, debug") != std::string::npos);
    }
    SUBCASE("a stray argument is not silently ignored") {
        CHECK(errorOf({"--config", "x", "extra"}).find(tryHelp) != std::string::npos);
    }
    SUBCASE("--config twice") {
        CHECK(errorOf({"--config", "x", "--config", "y"}).find("config") != std::string::npos);
    }
    SUBCASE("abbreviations are not guessed") {
        CHECK(errorOf({"--config", "x", "--check"}).find("--check") != std::string::npos);
    }
    SUBCASE("no line breaks in the message") {
        CHECK(errorOf({"--config", "x", "--bo\ngus"}).find('\n') == std::string::npos);
    }
}
