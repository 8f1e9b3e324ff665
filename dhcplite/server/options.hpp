#pragma once
// The daemon's command line: dhcplite --config FILE [--foreground] [--check-config]
// [--log-level L] [--help] [--version]. Parsing is pure so tests can feed it argv vectors.
#include <expected>
#include <optional>
#include <span>
#include <string>

#include "config/config.hpp"

namespace dhcplite::daemon {

struct Options {
    std::string configPath;
    bool foreground = false;  // accepted for compatibility: dhcplite always runs in the foreground
    bool checkConfig = false;
    std::optional<config::LogLevel> logLevel;  // overrides the config's log-level (also on reload)
    bool help = false;
    bool version = false;
};

// argv as main() gets it (argv[0] is the program name). The error is one line ready to print
// ("dhcplite: unrecognised option '--x'; try 'dhcplite --help'"); the caller exits 64.
std::expected<Options, std::string> parseOptions(std::span<const char* const> argv);

std::string helpText();

}  // namespace dhcplite::daemon
