#pragma once
// dhcputil's subcommands as functions of (arguments, stdout, stderr) → exit code, so tests run
// them without a process. Each builds its whole output first and writes it at the end: when a
// command fails, nothing but the one-line error is printed (docs/design.md §6).
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wire/option43.hpp"

namespace dhcplite::util {

// The whole command line after the program name: dispatches to a subcommand or the DHCPUtil
// switches, prints "dhcputil: <message>" for every error and returns the sysexits code.
int runDhcputil(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// The subcommands, given the arguments after their name. They throw CommandError,
// wire::InputError or wire::WireError; runDhcputil turns those into messages and exit codes.
int runEncode(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runDecode(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
int runConfig(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
// DHCPUtil.exe's own switches: -SipServer, -WebServer, -RunConfigScript, -OutFile.
int runLegacy(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// Help texts, one per subcommand ("" = the overview); empty for an unknown name.
std::string helpText(std::string_view command);
std::string encodeHelp();
std::string decodeHelp();
std::string configHelp();
std::string legacyHelp();
std::string versionText();

// ---- shared by encode and the legacy switches ----

// The two layouts DHCPUtil.exe -SipServer has printed (docs/design.md §10): Lync Server 2010's
// (`Option 120: <hex>` on one line, `Option 43: <hex>` after the sub-options) and Skype for
// Business Server 2015's (`Option 120:` with the value on the next line, `Full Option 43 value
// (Length: N) :` with N hex digits, before the sub-options, the hex broken after 75 digits).
enum class DhcpUtilLayout { Lync2010, SfB2015 };
// "lync2010" | "sfb2015", any letter case; nullopt for anything else.
std::optional<DhcpUtilLayout> parseDhcpUtilLayout(std::string_view name);
inline constexpr std::string_view kDhcpUtilLayoutNames = "lync2010|sfb2015";

// What DHCPUtil.exe -SipServer prints, byte-exact hex, upper case, ending with the
// DHCPConfigScript.bat line.
std::string renderDhcpUtilText(const wire::UcSettings& settings, const wire::EncodedUc& encoded,
                               DhcpUtilLayout layout = DhcpUtilLayout::Lync2010);
// "DHCPConfigScript.bat Configure MS-UC-Client <120> <s1> <s2> <s3> <s4> <s5>"
std::string configScriptLine(const wire::UcSettings& settings, const wire::EncodedUc& encoded);
// The one JSON object of `encode --json`.
std::string renderEncodeJson(const wire::UcSettings& settings, const wire::EncodedUc& encoded,
                             const std::vector<std::string>& warnings);
// Warnings about values that are valid but known to break somewhere (Cisco IOS 180-character cut).
std::vector<std::string> encodeWarnings(const wire::EncodedUc& encoded);

inline constexpr std::size_t kCiscoHexLimit = 180;  // IOS "option 43 hex" keeps 180 hex characters

}  // namespace dhcplite::util
