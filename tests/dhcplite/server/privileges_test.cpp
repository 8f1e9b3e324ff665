// What the daemon decides about privileges, for each way it can be started (no root needed).
#include <doctest/doctest.h>

#include <optional>
#include <string>

#include "privileges.hpp"

using namespace dhcplite::daemon;
using dhcplite::util::ExitCode;

namespace {

RunAs dhcpliteUser() {
    RunAs r;
    r.user = "dhcplite";
    r.group = "dhcplite";
    r.uid = 990;
    r.gid = 985;
    return r;
}

}  // namespace

TEST_CASE("root with a user configured switches to it") {
    const auto plan = planPrivileges(0, 0, dhcpliteUser(), false);
    CHECK(plan.action == PrivilegeAction::Switch);
    CHECK(plan.message.empty());
}

TEST_CASE("root with no user is refused with 78 unless run-as-root says so") {
    const auto refused = planPrivileges(0, 0, std::nullopt, false);
    CHECK(refused.action == PrivilegeAction::Refuse);
    CHECK(refused.code == ExitCode::Config);
    CHECK(refused.message.find("refusing to run as root") != std::string::npos);
    CHECK(refused.message.find("run-as-root: true") != std::string::npos);

    const auto kept = planPrivileges(0, 0, std::nullopt, true);
    CHECK(kept.action == PrivilegeAction::Keep);
}

TEST_CASE("user: root counts as running as root") {
    RunAs root;
    root.user = "root";
    root.group = "root";
    const auto refused = planPrivileges(0, 0, root, false);
    CHECK(refused.action == PrivilegeAction::Refuse);
    CHECK(refused.code == ExitCode::Config);
    CHECK(planPrivileges(0, 0, root, true).action == PrivilegeAction::Keep);
    const auto cannot = planPrivileges(1000, 1000, root, true);
    CHECK(cannot.action == PrivilegeAction::Refuse);
    CHECK(cannot.code == ExitCode::NoPerm);
}

TEST_CASE("already the configured user (systemd User=): nothing to switch") {
    const auto plan = planPrivileges(990, 985, dhcpliteUser(), false);
    CHECK(plan.action == PrivilegeAction::Keep);
    CHECK(plan.message.empty());
    const auto otherGroup = planPrivileges(990, 100, dhcpliteUser(), false);
    CHECK(otherGroup.action == PrivilegeAction::Keep);
    CHECK(otherGroup.message.find("not group dhcplite") != std::string::npos);
}

TEST_CASE("an unprivileged start without a user keeps its identity") {
    CHECK(planPrivileges(1000, 1000, std::nullopt, false).action == PrivilegeAction::Keep);
}

TEST_CASE("an unprivileged start as another user cannot switch: 77") {
    const auto plan = planPrivileges(1000, 1000, dhcpliteUser(), false);
    CHECK(plan.action == PrivilegeAction::Refuse);
    CHECK(plan.code == ExitCode::NoPerm);
    CHECK(plan.message.find("uid 1000") != std::string::npos);
    CHECK(plan.message.find("dhcplite (uid 990)") != std::string::npos);
}

TEST_CASE("the credentials line from /proc/self/status") {
    const std::string status =
        "Name:\tdhcplite\nUmask:\t0022\nState:\tS (sleeping)\n"
        "Uid:\t65534\t65534\t65534\t65534\nGid:\t65534\t65534\t65534\t65534\n"
        "Groups:\t\nNoNewPrivs:\t1\n"
        "CapInh:\t0000000000000000\nCapPrm:\t0000000000000000\n"
        "CapEff:\t0000000000000000\nCapBnd:\t000001ffffffffff\nCapAmb:\t0000000000000000\n";
    CHECK(summarizeProcStatus(status) ==
          "uid=65534/65534/65534/65534 gid=65534/65534/65534/65534 groups=none "
          "cap-eff=0000000000000000 cap-prm=0000000000000000 cap-amb=0000000000000000 "
          "no-new-privs=1");
    CHECK(summarizeProcStatus("Groups:\t4 27 100 \n").find("groups=4/27/100 ") !=
          std::string::npos);
    // Fields missing: still one line, nothing invented.
    CHECK(summarizeProcStatus("") ==
          "uid= gid= groups=none cap-eff= cap-prm= cap-amb= no-new-privs=");
}
