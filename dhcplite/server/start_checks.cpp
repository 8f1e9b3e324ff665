#include "start_checks.hpp"

#include <unistd.h>

#include <filesystem>
#include <system_error>

#include <fmt/format.h>

#include "interfaces.hpp"
#include "privileges.hpp"
#include "startup_error.hpp"
#include "wire/hex.hpp"

namespace dhcplite::daemon {
namespace {

namespace fs = std::filesystem;

// Each directory from the root down to the file's parent needs search permission, the file
// itself read permission.
std::string firstRefused(const fs::path& file, uid_t uid, gid_t gid) {
    fs::path prefix;
    for (auto it = file.begin(); it != file.end(); ++it) {
        prefix /= *it;
        const bool last = std::next(it) == file.end();
        struct stat st {};
        if (::stat(prefix.c_str(), &st) != 0 || !permits(st, uid, gid, last ? R_OK : X_OK)) {
            return prefix.string();
        }
    }
    return {};
}

void checkReadable(const config::Config& config, const std::string& path, const RunAs& runAs,
                   StartChecks& out) {
    if (runAs.uid == 0) {
        return;
    }
    const auto refused = unreadableComponent(path, runAs.uid, runAs.gid);
    if (!refused.empty()) {
        out.errors.push_back(fmt::format(
            "{}: user: {} (uid {} gid {}) could not read this file for a reload (after the "
            "privilege drop), stopped at {}; e.g. chgrp {} and chmod g+r the file (and g+x its "
            "directories)",
            wire::escapeForDisplay(config.sourceName), wire::escapeForDisplay(runAs.user),
            runAs.uid, runAs.gid, wire::escapeForDisplay(refused),
            wire::escapeForDisplay(runAs.group)));
    }
}

void checkInterfaces(const config::Config& config, StartChecks& out) {
    if (config.interfaces.empty()) {
        return;
    }
    const auto all = listInterfaces();
    const auto selection = selectInterfaces(all, config.interfaces);
    const auto source = wire::escapeForDisplay(config.sourceName);
    if (!selection.error.empty()) {
        out.warnings.push_back(fmt::format(
            "{}: warning: {} (here, now: a start would exit 69 unless it exists by then)", source,
            selection.error));
    }
    for (const auto& w : selection.warnings) {
        out.warnings.push_back(fmt::format("{}: warning: {}", source, w));
    }
}

}  // namespace

bool permits(const struct stat& st, uid_t uid, gid_t gid, int want) {
    if (uid == 0) {
        return true;
    }
    const auto mode = static_cast<unsigned>(st.st_mode);
    const auto bits = static_cast<unsigned>(want) & 07U;
    unsigned granted = mode & 07U;  // others
    if (st.st_uid == uid) {
        granted = (mode >> 6U) & 07U;
    } else if (st.st_gid == gid) {
        granted = (mode >> 3U) & 07U;
    }
    return (granted & bits) == bits;
}

std::string unreadableComponent(const std::string& path, uid_t uid, gid_t gid) {
    std::error_code ec;
    const fs::path given = fs::absolute(path, ec);
    if (ec) {
        return path;
    }
    if (auto refused = firstRefused(given, uid, gid); !refused.empty()) {
        return refused;
    }
    const fs::path target = fs::canonical(given, ec);
    if (ec) {
        return given.string();
    }
    return target == given ? std::string{} : firstRefused(target, uid, gid);
}

StartChecks checkStart(const config::Config& config, const std::string& path) {
    StartChecks out;
    try {
        if (const auto runAs = resolveRunAs(config)) {
            checkReadable(config, path, *runAs, out);
        }
    } catch (const StartupError& e) {
        out.errors.emplace_back(e.what());
    }
    checkInterfaces(config, out);
    return out;
}

}  // namespace dhcplite::daemon
