#pragma once
// What every subcommand shares: the error that carries an exit code, Boost.Program_options parsing
// with one-line usage errors, and the MS-UC-Client value options of encode/config/legacy mode.
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "commands/program_options.hpp"

#include "net/net_error.hpp"
#include "util/exit_codes.hpp"
#include "wire/option43.hpp"

namespace dhcplite::util {

// A failure with its exit code. what() is the one-line message without the "dhcputil: " prefix.
class CommandError : public std::runtime_error {
public:
    CommandError(ExitCode code, const std::string& message)
        : std::runtime_error(message), code_(code) {}
    ExitCode code() const noexcept { return code_; }

private:
    ExitCode code_;
};

// The exit code of a failure the network engines (bench, emulate-client) report in their own
// terms: the only place their kinds become exit codes (docs/design.md §7).
ExitCode exitCodeFor(net::NetworkError::Kind kind) noexcept;

// Usage error (64) ending with a pointer to the help of `command` ("" for the top level).
[[noreturn]] void throwUsage(const std::string& message, std::string_view command);

// How a command line is read.
enum class Syntax {
    Modern,  // --long-option, GNU style; no abbreviations
    Legacy,  // DHCPUtil's -LongOption, case-insensitive (also --long-option)
};

// Parses `args` (without the program and subcommand names). Unknown options, missing values and
// repeated single options become throwUsage(..., command). Positional words are collected into
// the returned vector; `maxPositional` of them are allowed (more → usage error).
struct ParsedArgs {
    boost::program_options::variables_map values;
    std::vector<std::string> positional;
};
// `displayNames` maps Boost's canonical names ("sipserver") to how messages should spell them
// ("-SipServer"), for the legacy syntax whose options Boost stores lower-cased.
ParsedArgs parseArgs(const std::vector<std::string>& args,
                     const boost::program_options::options_description& options, Syntax syntax,
                     std::string_view command, std::size_t maxPositional = 0,
                     const std::vector<std::pair<std::string, std::string>>& displayNames = {});

// Help text of a command: a usage line, a sentence, and the options table.
std::string renderHelp(std::string_view usage, std::string_view summary,
                       const boost::program_options::options_description& options);

// ---- MS-UC-Client values, shared by encode, config and the legacy switches ----

// The option names one syntax uses, so messages name what the admin typed.
struct UcOptionNames {
    std::string sipServer = "--sip-server";
    std::string sipAddress = "--sip-address";
    std::string webServer = "--web-server";
    std::string port = "--port";
    std::string scheme = "--scheme";
    std::string path = "--path";
    std::string vendorClass = "--vendor-class";
};
UcOptionNames legacyOptionNames();  // -SipServer, -WebServer

// --sip-server, --sip-address, --web-server, --port, --scheme, --path, --vendor-class.
boost::program_options::options_description ucValueOptions();

// Reads the value options into settings (port parsed here: digits, 1..65535). Throws
// wire::InputError (exit 65) for bad values and CommandError(Usage) for missing or conflicting
// ones. `command` is used in usage hints. With `requireServer` false (config --cleanup, which
// removes whatever was configured) no SIP server is needed.
wire::UcSettings ucSettingsFrom(const boost::program_options::variables_map& values,
                                std::string_view command, bool requireServer = true);

// "443" → 443. InputError (field = `field`) for anything but 1..65535 in decimal digits.
std::uint16_t parsePort(std::string_view text, const std::string& field);

// wire::encodeUc with every InputError's field renamed to the option the admin typed.
wire::EncodedUc encodeUcForCli(const wire::UcSettings& settings, const UcOptionNames& names);

// Writes `content` to `path` (replacing it). CommandError(CantCreate, "<field> '<path>': cannot
// write: <reason>") on failure.
void writeFileOrThrow(const std::string& path, std::string_view content, std::string_view field);

}  // namespace dhcplite::util
