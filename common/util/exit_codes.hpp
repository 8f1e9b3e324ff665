#pragma once
// Process exit codes, from sysexits(3), in one place for both binaries (docs/design.md §7).

namespace dhcplite::util {

enum class ExitCode : int {
    Ok = 0,
    CheckFailed = 1,   // the tool ran but what it checked is wrong (e.g. no good DHCPACK)
    Usage = 64,        // EX_USAGE: bad command line
    DataErr = 65,      // EX_DATAERR: bad hex, FQDN, packet, ...
    NoInput = 66,      // EX_NOINPUT: input file missing or unreadable
    Unavailable = 69,  // EX_UNAVAILABLE: a service or interface is not there
    Software = 70,     // EX_SOFTWARE: internal error (a bug)
    OsErr = 71,        // EX_OSERR: a system call failed
    CantCreate = 73,   // EX_CANTCREAT: an output file cannot be written
    NoPerm = 77,       // EX_NOPERM: missing privileges
    Config = 78,       // EX_CONFIG: bad configuration file
};

constexpr int toInt(ExitCode c) noexcept { return static_cast<int>(c); }

}  // namespace dhcplite::util
