#include "privileges.hpp"

#include <grp.h>
#include <linux/capability.h>
#include <pwd.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <fstream>
#include <sstream>
#include <vector>

#include <fmt/format.h>

#include "startup_error.hpp"
#include "wire/hex.hpp"

namespace dhcplite::daemon {
namespace {

using util::ExitCode;

std::vector<char> nssBuffer() {
    const long hint = ::sysconf(_SC_GETPW_R_SIZE_MAX);
    return std::vector<char>(hint > 0 ? static_cast<std::size_t>(hint) : 16384);
}

std::optional<passwd> lookUser(const std::string& name, std::vector<char>& buf) {
    passwd pw{};
    passwd* found = nullptr;
    int rc = 0;
    while ((rc = ::getpwnam_r(name.c_str(), &pw, buf.data(), buf.size(), &found)) == ERANGE) {
        buf.resize(buf.size() * 2);
    }
    if (rc != 0 || found == nullptr) {
        return std::nullopt;
    }
    return pw;
}

std::optional<group> lookGroup(const std::string& name, std::vector<char>& buf) {
    group gr{};
    group* found = nullptr;
    int rc = 0;
    while ((rc = ::getgrnam_r(name.c_str(), &gr, buf.data(), buf.size(), &found)) == ERANGE) {
        buf.resize(buf.size() * 2);
    }
    if (rc != 0 || found == nullptr) {
        return std::nullopt;
    }
    return gr;
}

std::string groupName(gid_t gid) {
    std::vector<char> buf = nssBuffer();
    group gr{};
    group* found = nullptr;
    int rc = 0;
    while ((rc = ::getgrgid_r(gid, &gr, buf.data(), buf.size(), &found)) == ERANGE) {
        buf.resize(buf.size() * 2);
    }
    return (rc == 0 && found != nullptr) ? std::string(gr.gr_name) : std::to_string(gid);
}

[[noreturn]] void osFailure(const char* call, const RunAs& target) {
    const int err = errno;
    throw StartupError(err == EPERM ? ExitCode::NoPerm : ExitCode::OsErr,
                       fmt::format("cannot switch to user {} group {}: {}: {}",
                                   wire::escapeForDisplay(target.user),
                                   wire::escapeForDisplay(target.group), call, describeErrno(err)));
}

[[noreturn]] void notHeld(const std::string& what) {
    throw StartupError(ExitCode::NoPerm,
                       fmt::format("privilege drop did not hold: {}; refusing to serve", what));
}

void switchUser(const RunAs& target) {
    // Without KEEPCAPS the kernel clears the permitted set when the uids leave 0 (capabilities(7)).
    (void)::prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0);
    // Order matters: groups and gid first, while we still have CAP_SETGID.
    if (::setgroups(0, nullptr) != 0) {
        osFailure("setgroups", target);
    }
    if (::setresgid(target.gid, target.gid, target.gid) != 0) {
        osFailure("setresgid", target);
    }
    if (::setresuid(target.uid, target.uid, target.uid) != 0) {
        osFailure("setresuid", target);
    }

    uid_t ruid = 0, euid = 0, suid = 0;
    gid_t rgid = 0, egid = 0, sgid = 0;
    ::getresuid(&ruid, &euid, &suid);
    ::getresgid(&rgid, &egid, &sgid);
    if (ruid != target.uid || euid != target.uid || suid != target.uid) {
        notHeld(fmt::format("uids are {}/{}/{}, wanted {}", ruid, euid, suid, target.uid));
    }
    if (rgid != target.gid || egid != target.gid || sgid != target.gid) {
        notHeld(fmt::format("gids are {}/{}/{}, wanted {}", rgid, egid, sgid, target.gid));
    }
    if (::getgroups(0, nullptr) != 0) {
        notHeld("supplementary groups are still set");
    }
    // The proof that matters: root cannot be had back.
    if (::setuid(0) == 0) {
        notHeld("setuid(0) succeeded");
    }
    if (::setgid(0) == 0) {
        notHeld("setgid(0) succeeded");
    }
}

// The bounding set caps what an execve could ever grant. dhcplite never execs and sets
// no_new_privs, so this is belt and braces. PR_CAPBSET_DROP needs CAP_SETPCAP: a root start has
// it (until the switch); a systemd start (User=, AmbientCapabilities=) does not, and there the
// unit's CapabilityBoundingSet= already cut the set to CAP_NET_BIND_SERVICE. Stops at the first
// refusal: EINVAL past the kernel's last capability, EPERM without CAP_SETPCAP.
void dropBoundingSet() noexcept {
    for (unsigned long cap = 0; cap < 64; ++cap) {
        if (::prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) {
            return;
        }
    }
}

// Returns a warning when a seccomp filter refuses capset (the kernel itself always allows
// lowering): the process then keeps what it was started with, which the warning shows.
std::string dropCapabilities() {
    // Ambient first (they would survive an execve; we never exec, but leave nothing behind).
    // EINVAL: a kernel before 4.3 has no ambient set.
    if (::prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) {
        throw StartupError(ExitCode::OsErr, fmt::format("cannot clear ambient capabilities: {}",
                                                        describeErrno(errno)));
    }
    // capset(2) through the raw syscall: an empty set needs no libcap. Lowering is always allowed.
    __user_cap_header_struct header{};
    header.version = _LINUX_CAPABILITY_VERSION_3;
    header.pid = 0;
    std::array<__user_cap_data_struct, _LINUX_CAPABILITY_U32S_3> data{};
    std::string warning;
    if (::syscall(SYS_capset, &header, data.data()) != 0) {
        if (errno != EPERM) {
            throw StartupError(ExitCode::OsErr, fmt::format("cannot drop capabilities: capset: {}",
                                                            describeErrno(errno)));
        }
        warning = fmt::format(
            "capset refused (a seccomp filter without capset?); capabilities "
            "kept: {}",
            currentCredentials());
    }
    header = {};
    header.version = _LINUX_CAPABILITY_VERSION_3;
    if (::syscall(SYS_capget, &header, data.data()) != 0) {
        throw StartupError(ExitCode::OsErr, fmt::format("cannot read capabilities: capget: {}",
                                                        describeErrno(errno)));
    }
    for (const auto& d : data) {
        if (warning.empty() && (d.effective != 0 || d.permitted != 0 || d.inheritable != 0)) {
            notHeld("capabilities remain after capset");
        }
    }
    // No exec is ever done, but if one were, nothing could gain privileges through it.
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) {
        throw StartupError(ExitCode::OsErr,
                           fmt::format("cannot set no_new_privs: {}", describeErrno(errno)));
    }
    return warning;
}

std::string_view fieldValue(std::string_view text, std::string_view key) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        auto end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        auto line = text.substr(pos, end - pos);
        if (line.starts_with(key) && line.size() > key.size() && line[key.size()] == ':') {
            line.remove_prefix(key.size() + 1);
            while (!line.empty() && (line.front() == ' ' || line.front() == '\t')) {
                line.remove_prefix(1);
            }
            while (!line.empty() && (line.back() == ' ' || line.back() == '\t')) {
                line.remove_suffix(1);
            }
            return line;
        }
        pos = end + 1;
    }
    return {};
}

std::string slashed(std::string_view ids) {
    std::string out;
    bool gap = false;
    for (const char c : ids) {
        if (c == ' ' || c == '\t') {
            gap = true;
            continue;
        }
        if (gap && !out.empty()) {
            out += '/';
        }
        gap = false;
        out += c;
    }
    return out;
}

}  // namespace

std::optional<RunAs> resolveRunAs(const config::Config& config) {
    if (!config.user) {
        if (config.group) {
            throw StartupError(
                ExitCode::Config,
                fmt::format("{}: group: {} is set without user:; set both, or "
                            "neither to stay as started",
                            config.sourceName, wire::escapeForDisplay(*config.group)));
        }
        return std::nullopt;
    }
    auto buf = nssBuffer();
    const auto pw = lookUser(*config.user, buf);
    if (!pw) {
        throw StartupError(ExitCode::Config,
                           fmt::format("{}: user: no such user '{}' (create it, e.g. with "
                                       "systemd-sysusers packaging/systemd/dhcplite.conf)",
                                       config.sourceName, wire::escapeForDisplay(*config.user)));
    }
    RunAs runAs;
    runAs.user = *config.user;
    runAs.uid = pw->pw_uid;
    runAs.gid = pw->pw_gid;
    if (config.group) {
        auto gbuf = nssBuffer();
        const auto gr = lookGroup(*config.group, gbuf);
        if (!gr) {
            throw StartupError(ExitCode::Config,
                               fmt::format("{}: group: no such group '{}'", config.sourceName,
                                           wire::escapeForDisplay(*config.group)));
        }
        runAs.group = *config.group;
        runAs.gid = gr->gr_gid;
    } else {
        runAs.group = groupName(runAs.gid);
    }
    return runAs;
}

PrivilegePlan planPrivileges(uid_t euid, gid_t egid, const std::optional<RunAs>& target,
                             bool runAsRoot) {
    PrivilegePlan plan;
    if (!target || target->uid == 0) {
        const bool wantsRoot = target.has_value();
        if (euid == 0 && !runAsRoot) {
            plan.code = ExitCode::Config;
            plan.message =
                wantsRoot
                    ? "refusing to run as root (user: resolves to uid 0); set `run-as-root: true` "
                      "if that is really meant"
                    : "refusing to run as root: set `user:` (e.g. dhcplite) in the configuration "
                      "to "
                      "drop privileges after binding, or `run-as-root: true` to insist";
            return plan;
        }
        if (wantsRoot && euid != 0) {
            plan.code = ExitCode::NoPerm;
            plan.message = fmt::format("cannot become root (user: {}) as uid {}",
                                       wire::escapeForDisplay(target->user), euid);
            return plan;
        }
        plan.action = PrivilegeAction::Keep;
        if (euid == 0) {
            plan.message =
                "running as root (run-as-root: true): capabilities are dropped after binding, "
                "but files owned by root stay writable for this process; set `user:` to run as "
                "an unprivileged user instead";
        }
        return plan;
    }
    if (euid == target->uid) {
        plan.action = PrivilegeAction::Keep;
        if (egid != target->gid) {
            plan.message = fmt::format(
                "running as gid {}, not group {} (gid {}) from the configuration; changing group "
                "needs root, so it stays",
                egid, wire::escapeForDisplay(target->group), target->gid);
        }
        return plan;
    }
    if (euid == 0) {
        plan.action = PrivilegeAction::Switch;
        return plan;
    }
    plan.code = ExitCode::NoPerm;
    plan.message = fmt::format(
        "cannot switch from uid {} to user {} (uid {}): that needs root; start as root or as "
        "that user (systemd User=)",
        euid, wire::escapeForDisplay(target->user), target->uid);
    return plan;
}

std::string applyPrivileges(const PrivilegePlan& plan, const std::optional<RunAs>& target) {
    if (plan.action == PrivilegeAction::Refuse) {
        throw StartupError(plan.code, plan.message);
    }
    dropBoundingSet();
    if (plan.action == PrivilegeAction::Switch && target) {
        switchUser(*target);
    }
    return dropCapabilities();
}

std::string summarizeProcStatus(std::string_view text) {
    const auto groups = slashed(fieldValue(text, "Groups"));
    return fmt::format("uid={} gid={} groups={} cap-eff={} cap-prm={} cap-amb={} no-new-privs={}",
                       slashed(fieldValue(text, "Uid")), slashed(fieldValue(text, "Gid")),
                       groups.empty() ? "none" : groups, fieldValue(text, "CapEff"),
                       fieldValue(text, "CapPrm"), fieldValue(text, "CapAmb"),
                       fieldValue(text, "NoNewPrivs"));
}

std::string currentCredentials() {
    std::ifstream in("/proc/self/status");
    std::ostringstream text;
    text << in.rdbuf();
    return summarizeProcStatus(text.str());
}

}  // namespace dhcplite::daemon
