#pragma once
// What `dhcplite --check-config` checks beyond loading and compiling the file: what a start on
// this host would refuse, which the loader cannot see (docs/operation.md, "--check-config").
//  - user:/group: that do not exist (error: start exits 78);
//  - the file not readable by the configured user (error: a reload reads it after the drop);
//  - listen.interfaces naming an interface this host does not have (warning: start exits 69
//    unless it exists by then, and check-config may run before it does or on another host).
#include <sys/stat.h>
#include <sys/types.h>

#include <string>
#include <vector>

#include "config/config.hpp"

namespace dhcplite::daemon {

struct StartChecks {
    std::vector<std::string> errors;    // one line each; any error: exit 78
    std::vector<std::string> warnings;  // one line each
};

StartChecks checkStart(const config::Config& config, const std::string& path);

// May uid/gid (and no supplementary group: dhcplite clears them when it drops privileges) do
// `want` (R_OK, X_OK, bits of access(2)) on a file with this mode and owner? Root may. Plain
// permission bits: an ACL is not consulted.
bool permits(const struct stat& st, uid_t uid, gid_t gid, int want);

// The first component of `path` that uid/gid cannot get through (a directory without search
// permission) or read (the file), for the path as given and, if it is a symlink, its target;
// empty when it can read it. A component that cannot be stat'ed is named too.
std::string unreadableComponent(const std::string& path, uid_t uid, gid_t gid);

}  // namespace dhcplite::daemon
