// The verdict over a list of checks and its exit code (the Nagios/Icinga convention).
#include <doctest/doctest.h>

#include "check/check_model.hpp"

using namespace dhcplite::util::check;

namespace {
Check withStatus(Status s) {
    return problem(Step::Dns, "x", s, "seen", s == Status::Ok ? "" : "fix it");
}
}  // namespace

TEST_CASE("the verdict is the worst status; SKIP counts as nothing") {
    CHECK(verdict({}) == Status::Ok);
    CHECK(verdict({withStatus(Status::Skip)}) == Status::Ok);
    CHECK(verdict({withStatus(Status::Ok), withStatus(Status::Skip)}) == Status::Ok);
    CHECK(verdict({withStatus(Status::Ok), withStatus(Status::Warn)}) == Status::Warn);
    CHECK(verdict({withStatus(Status::Fail), withStatus(Status::Warn), withStatus(Status::Ok)}) ==
          Status::Fail);
    CHECK(verdict({withStatus(Status::Warn), withStatus(Status::Skip), withStatus(Status::Fail)}) ==
          Status::Fail);
}

TEST_CASE("exit codes: 0 OK, 1 warnings only, 2 any FAIL") {
    CHECK(exitCodeFor(Status::Ok) == 0);
    CHECK(exitCodeFor(Status::Skip) == 0);
    CHECK(exitCodeFor(Status::Warn) == 1);
    CHECK(exitCodeFor(Status::Fail) == 2);
}

TEST_CASE("names of statuses and steps, as the JSON output spells them") {
    CHECK(statusName(Status::Ok) == "ok");
    CHECK(statusName(Status::Warn) == "warn");
    CHECK(statusName(Status::Fail) == "fail");
    CHECK(statusName(Status::Skip) == "skip");
    CHECK(stepName(Step::Dhcp) == "dhcp");
    CHECK(stepName(Step::Dns) == "dns");
    CHECK(stepName(Step::Http) == "http");
    CHECK(stepName(Step::Tls) == "tls");
    CHECK(stepName(Step::Ntp) == "ntp");
}
