// GCC 12 reports a false "potential null pointer dereference" inside Boost.Program_options'
// typed_value<std::string>::notify (any_cast inlined into basic_string::assign). The pragma must
// precede every include to cover libstdc++'s headers, where the warning is located.
#pragma GCC diagnostic ignored "-Wnull-dereference"

#include "options.hpp"

#include <fmt/format.h>
#include <boost/program_options.hpp>

#include <sstream>
#include <string_view>

#include "wire/hex.hpp"

namespace dhcplite::daemon {
namespace {

namespace po = boost::program_options;

po::options_description describeOptions() {
    po::options_description desc("Options");
    // Boost stores into the variables_map; values are read back below, so nothing here points
    // into an Options object that could dangle.
    desc.add_options()("config,c", po::value<std::string>()->value_name("FILE"),
                       "configuration file (YAML; see docs/configuration.md)")(
        "check-config",
        "load and compile the configuration, check what a start would "
        "refuse (user, group, the file readable by that user; a missing "
        "interface is a warning), print a summary, exit (0 valid, "
        "78 invalid, 66 unreadable)")("foreground,f",
                                      "run in the foreground (the only mode: dhcplite never forks; "
                                      "accepted for compatibility)")(
        "log-level", po::value<std::string>()->value_name("LEVEL"),
        "error | warning | info | debug; overrides the configuration's log-level")(
        "help,h", "print this help and exit")("version", "print the version and exit");
    return desc;
}

constexpr const char* kTryHelp = "try 'dhcplite --help'";

}  // namespace

std::expected<Options, std::string> parseOptions(std::span<const char* const> argv) {
    const auto desc = describeOptions();
    po::variables_map vm;
    try {
        // An empty positional description makes a stray argument an error ("too many
        // positional options"); without one Boost would drop it silently.
        const po::positional_options_description none;
        auto parsed =
            po::command_line_parser(static_cast<int>(argv.size()), argv.data())
                .options(desc)
                .positional(none)
                .style(po::command_line_style::unix_style & ~po::command_line_style::allow_guessing)
                .run();
        po::store(parsed, vm);
        // No po::notify: nothing here uses notifiers or required(); values are read below.
    } catch (const po::error& e) {
        // The message quotes what was typed; escape it so a control character stays visible.
        return std::unexpected(fmt::format(
            "dhcplite: {}; {}", wire::escapeForDisplay(std::string_view(e.what())), kTryHelp));
    }

    Options options;
    options.help = vm.count("help") > 0;
    options.version = vm.count("version") > 0;
    if (options.help || options.version) {
        return options;
    }
    options.foreground = vm.count("foreground") > 0;
    options.checkConfig = vm.count("check-config") > 0;
    if (vm.count("log-level") > 0) {
        const auto& text = vm["log-level"].as<std::string>();
        options.logLevel = config::parseLogLevel(text);
        if (!options.logLevel) {
            return std::unexpected(fmt::format(
                "dhcplite: --log-level '{}' is not one of error, warning, info, debug; {}", text,
                kTryHelp));
        }
    }
    if (vm.count("config") == 0) {
        return std::unexpected(fmt::format("dhcplite: --config FILE is required; {}", kTryHelp));
    }
    options.configPath = vm["config"].as<std::string>();
    if (options.configPath.empty()) {
        return std::unexpected(fmt::format("dhcplite: --config needs a file name; {}", kTryHelp));
    }
    return options;
}

std::string helpText() {
    std::ostringstream out;
    out << "Usage: dhcplite --config FILE [--check-config] [--log-level LEVEL] [--foreground]\n"
           "Answers DHCPINFORM from Lync / Skype for Business phones (vendor class MS-UC-Client)\n"
           "with options 43 and 120. Runs in the foreground; logs to stderr (journald-ready).\n\n"
        << describeOptions()
        << "\nSignals: SIGHUP reloads the configuration (a bad one is logged and the old one "
           "kept),\n"
           "SIGUSR1 logs the counters, SIGTERM/SIGINT stop (exit 0).\n"
           "Exit codes: 0 ok, 64 usage, 66 config unreadable, 69 no usable interface,\n"
           "71 OS error (e.g. port 67 in use), 77 permission, 78 bad configuration.\n"
           "See docs/operation.md.\n";
    return out.str();
}

}  // namespace dhcplite::daemon
