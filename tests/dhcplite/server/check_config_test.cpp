// The --check-config summary line, on the shipped example and on small variants.
#include <doctest/doctest.h>

#include <string>

#include "config/config.hpp"
#include "server.hpp"

using namespace dhcplite;

TEST_CASE("the shipped example") {
    const auto cfg = config::loadConfigFile(DHCPLITE_SOURCE_DIR "/packaging/dhcplite.example.yaml");
    CHECK(daemon::configSummary(cfg) == DHCPLITE_SOURCE_DIR
          "/packaging/dhcplite.example.yaml: OK: 3 profiles (default + 2 "
          "sites), 2 vendor classes (MS-UC-Client,CPE-OCPHONE), interfaces "
          "eth0, user dhcplite, log-level info");
}

TEST_CASE("minimal: the defaults spelled out") {
    const auto cfg =
        config::loadConfigText("default:\n  sip-servers: [pool.example.com]\n", "mini");
    CHECK(daemon::configSummary(cfg) ==
          "mini: OK: 1 profile (default + 0 sites), 1 vendor class (MS-UC-Client), interfaces "
          "all, user (as started), log-level info");
}
