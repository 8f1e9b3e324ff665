// --check-config's host checks (start_checks.hpp): the permission rule, the walk along a path,
// and the findings for a missing user or group and a missing interface.
#include <doctest/doctest.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "config/config.hpp"
#include "start_checks.hpp"

using namespace dhcplite;

namespace {

constexpr uid_t kOwner = 1000;
constexpr gid_t kGroup = 1000;
constexpr uid_t kOther = 4242;
constexpr gid_t kOtherGroup = 4242;

struct stat statOf(mode_t mode, uid_t uid = kOwner, gid_t gid = kGroup) {
    struct stat st {};
    st.st_mode = S_IFREG | mode;
    st.st_uid = uid;
    st.st_gid = gid;
    return st;
}

// A scratch directory removed at the end of the test.
struct Scratch {
    std::filesystem::path dir;
    Scratch() {
        std::string templ =
            (std::filesystem::temp_directory_path() / "start-checks.XXXXXX").string();
        dir = ::mkdtemp(templ.data());
    }
    ~Scratch() { std::filesystem::remove_all(dir); }
    Scratch(const Scratch&) = delete;
    Scratch& operator=(const Scratch&) = delete;
};

}  // namespace

TEST_CASE("permits: owner, then group, then others; root always") {
    CHECK(daemon::permits(statOf(0600), kOwner, kOtherGroup, R_OK));
    CHECK_FALSE(daemon::permits(statOf(0600), kOther, kGroup, R_OK));
    CHECK(daemon::permits(statOf(0640), kOther, kGroup, R_OK));
    CHECK_FALSE(daemon::permits(statOf(0640), kOther, kOtherGroup, R_OK));
    CHECK(daemon::permits(statOf(0644), kOther, kOtherGroup, R_OK));
    // The owner class decides for the owner even when others could (chmod 0044 locks him out).
    CHECK_FALSE(daemon::permits(statOf(0044), kOwner, kGroup, R_OK));
    CHECK(daemon::permits(statOf(0711), kOther, kOtherGroup, X_OK));
    CHECK_FALSE(daemon::permits(statOf(0700), kOther, kOtherGroup, X_OK));
    CHECK(daemon::permits(statOf(0000, 5, 5), 0, 0, R_OK));
}

TEST_CASE("unreadableComponent names the directory or file that stops the user") {
    Scratch s;
    const auto sub = s.dir / "conf";
    std::filesystem::create_directory(sub);
    const auto file = sub / "dhcplite.yaml";
    std::ofstream(file) << "default:\n  sip-servers: [pool.example.com]\n";
    const uid_t me = ::geteuid();
    const gid_t myGroup = ::getegid();
    // Someone who is neither owner nor group of anything here (the files are ours).
    const uid_t stranger = me == kOther ? kOther + 1 : kOther;
    const gid_t strangerGroup = myGroup == kOtherGroup ? kOtherGroup + 1 : kOtherGroup;
    ::chmod(s.dir.c_str(), 0755);
    ::chmod(sub.c_str(), 0755);
    ::chmod(file.c_str(), 0644);
    CHECK(daemon::unreadableComponent(file.string(), stranger, strangerGroup).empty());

    ::chmod(file.c_str(), 0600);
    CHECK(daemon::unreadableComponent(file.string(), stranger, strangerGroup) == file.string());
    CHECK(daemon::unreadableComponent(file.string(), stranger, myGroup) == file.string());
    ::chmod(file.c_str(), 0640);
    CHECK(daemon::unreadableComponent(file.string(), stranger, myGroup).empty());

    ::chmod(file.c_str(), 0644);
    ::chmod(sub.c_str(), 0700);
    CHECK(daemon::unreadableComponent(file.string(), stranger, strangerGroup) == sub.string());

    // Through a symlink: the target's directories count as well.
    ::chmod(sub.c_str(), 0700);
    const auto link = s.dir / "link.yaml";
    std::filesystem::create_symlink(file, link);
    CHECK(daemon::unreadableComponent(link.string(), stranger, strangerGroup) == sub.string());
    ::chmod(sub.c_str(), 0755);
    CHECK(daemon::unreadableComponent(link.string(), stranger, strangerGroup).empty());
}

TEST_CASE("checkStart: a user or group that does not exist is an error") {
    const auto noUser = config::loadConfigText(
        "user: no-such-user-dhcplite-test\ndefault:\n  sip-servers: [pool.example.com]\n", "cfg");
    const auto r = daemon::checkStart(noUser, "cfg");
    REQUIRE(r.errors.size() == 1);
    CHECK(r.errors[0].find("cfg: user: no such user 'no-such-user-dhcplite-test'") == 0);

    const auto noGroup = config::loadConfigText(
        "user: nobody\ngroup: no-such-group-dhcplite-test\ndefault:\n  sip-servers: "
        "[pool.example.com]\n",
        "cfg");
    const auto g = daemon::checkStart(noGroup, "cfg");
    REQUIRE(g.errors.size() == 1);
    CHECK(g.errors[0] == "cfg: group: no such group 'no-such-group-dhcplite-test'");
}

TEST_CASE("checkStart: an interface this host does not have is a warning, not an error") {
    const auto cfg = config::loadConfigText(
        "listen:\n  interfaces: [dlx-none0]\ndefault:\n  sip-servers: [pool.example.com]\n", "cfg");
    const auto r = daemon::checkStart(cfg, "cfg");
    CHECK(r.errors.empty());
    REQUIRE(r.warnings.size() == 1);
    CHECK(r.warnings[0].find(
              "cfg: warning: interface dlx-none0 (listen.interfaces) does not exist") == 0);
    CHECK(r.warnings[0].find("a start would exit 69") != std::string::npos);
}

TEST_CASE("checkStart: nothing to report for the defaults") {
    const auto cfg = config::loadConfigText("default:\n  sip-servers: [pool.example.com]\n", "cfg");
    const auto r = daemon::checkStart(cfg, "cfg");
    CHECK(r.errors.empty());
    CHECK(r.warnings.empty());
}
