#pragma once
// Giving up root after the sockets are bound (the dnsmasq order): clear supplementary groups,
// set gid then uid (real, effective and saved), prove root cannot be regained, drop every
// capability and set no_new_privs. The decision what to do is a pure function, tested without
// root; carrying it out needs the real process.
#include <sys/types.h>

#include <optional>
#include <string>
#include <string_view>

#include "config/config.hpp"
#include "util/exit_codes.hpp"

namespace dhcplite::daemon {

struct RunAs {
    std::string user;
    std::string group;
    uid_t uid = 0;
    gid_t gid = 0;
};

// The configured user/group resolved through NSS (group default: the user's primary group).
// nullopt when no user is configured. Throws StartupError(Config) for an unknown user or group,
// or a group without a user.
std::optional<RunAs> resolveRunAs(const config::Config& config);

enum class PrivilegeAction : std::uint8_t {
    Switch,  // root now: become `target`
    Keep,    // already the right user (systemd User=), or root with run-as-root: true
    Refuse,  // do not start: `code` and `message` say why
};

struct PrivilegePlan {
    PrivilegeAction action = PrivilegeAction::Refuse;
    util::ExitCode code = util::ExitCode::Ok;  // Refuse only
    std::string message;                       // Refuse: the error; Keep: a warning or empty
};

PrivilegePlan planPrivileges(uid_t euid, gid_t egid, const std::optional<RunAs>& target,
                             bool runAsRoot);

// Empties the bounding set where it may (CAP_SETPCAP: a root start), carries out the plan
// (Switch or Keep), then drops all capabilities and sets no_new_privs.
// Throws StartupError: 71 when a call fails, 77 when the result does not hold (ids not the
// target's, setuid(0)/setgid(0) still succeed, capabilities left). Returns a warning (else
// empty) when a seccomp filter refused capset, so capabilities could not be dropped.
std::string applyPrivileges(const PrivilegePlan& plan, const std::optional<RunAs>& target);

// From /proc/self/status text: "uid=R/E/S/F gid=R/E/S/F groups=... cap-eff=... cap-prm=...
// cap-amb=..." for the debug line that shows what the process really holds.
std::string summarizeProcStatus(std::string_view statusText);
std::string currentCredentials();  // summarizeProcStatus of /proc/self/status

}  // namespace dhcplite::daemon
