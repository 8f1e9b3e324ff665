// DHCPUtil.exe's own command line, kept working beside the subcommands (docs/design.md §10):
//     dhcputil -SipServer FQDN [-WebServer FQDN] [-RunConfigScript [-OutFile FILE]]
//              [-Layout Lync2010|SfB2015]
// Single-dash long options, matched case-insensitively as Windows tools do. -Layout is ours: it
// picks which DHCPUtil's output to mimic (docs/design.md §10).
#include <algorithm>
#include <filesystem>
#include <ostream>

#include <fmt/format.h>

#include "commands/cli_support.hpp"
#include "commands/commands.hpp"
#include "emit/emit.hpp"
#include "emulate/emulate_command.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util {

namespace po = boost::program_options;

namespace {

constexpr std::string_view kDefaultScript = "DHCPConfigScript-Configure.cmd";

po::options_description legacyOptions() {
    // Names in lower case: with long_case_insensitive Boost compares both sides lower-cased.
    po::options_description d("DHCPUtil switches");
    d.add_options()("sipserver", po::value<std::vector<std::string>>()->value_name("FQDN"), "")(
        "webserver", po::value<std::string>()->value_name("FQDN"), "")("runconfigscript", "")(
        "outfile", po::value<std::string>()->value_name("FILE"), "")(
        "layout", po::value<std::string>()->value_name("L"), "")(
        "output", po::value<std::string>()->value_name("FILE"), "")("help", "");
    return d;
}

}  // namespace

std::string legacyHelp() {
    return "DHCPUtil.exe switches (single dash, any letter case):\n"
           "  dhcputil -SipServer FQDN [-WebServer FQDN] [-RunConfigScript [-OutFile FILE]]\n"
           "                   [-Layout Lync2010|SfB2015]\n"
           "    -SipServer FQDN    the SIP registrar pool for option 120\n"
           "    -WebServer FQDN    the web services FQDN for option 43 (default: the SIP server)\n"
           "    -RunConfigScript   netsh does not exist here: writes the equivalent netsh script\n"
           "                       to run on the Windows DHCP server instead\n"
           "    -OutFile FILE      where -RunConfigScript writes it (default " +
           std::string(kDefaultScript) + ")\n" +
           "    -Layout L          print as Lync 2010's DHCPUtil (default) or Skype for Business\n"
           "                       2015's: Lync2010|SfB2015\n" +
           "  dhcputil -EmulateClient [-Interface IF] [...]\n"
           "    -EmulateClient     send a phone's DHCPINFORM and check the answers (see\n"
           "                       'dhcputil emulate-client --help' for the other switches)\n";
}

int runLegacy(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (std::any_of(args.begin(), args.end(),
                    [](const std::string& a) { return isEmulateClientSwitch(a); })) {
        return runEmulateLegacy(args, out, err);  // emulate_command.cpp
    }
    const auto parsed = parseArgs(args, legacyOptions(), Syntax::Legacy, "", args.size(),
                                  {{"sipserver", "-SipServer"},
                                   {"webserver", "-WebServer"},
                                   {"runconfigscript", "-RunConfigScript"},
                                   {"outfile", "-OutFile"},
                                   {"layout", "-Layout"},
                                   {"output", "--output"},
                                   {"help", "-Help"}});
    for (const auto& word : parsed.positional) {
        // Boost hands a single-dash word that matches no switch over as a positional argument.
        throwUsage(
            fmt::format("{} '{}'", word.starts_with("-") ? "unknown switch" : "unexpected argument",
                        wire::escapeForDisplay(word)),
            "");
    }
    const auto& v = parsed.values;
    if (v.count("help") != 0) {
        out << helpText("");
        return toInt(ExitCode::Ok);
    }
    if (v.count("sipserver") == 0) {
        throwUsage("-SipServer FQDN is required", "");
    }
    const bool runScript = v.count("runconfigscript") != 0;
    if (v.count("outfile") != 0 && v.count("output") != 0) {
        throwUsage("-OutFile and --output name the same file; give one", "");
    }
    std::optional<std::string> outFile;
    if (v.count("outfile") != 0) {
        outFile = v["outfile"].as<std::string>();
    } else if (v.count("output") != 0) {
        outFile = v["output"].as<std::string>();
    }
    if (outFile && !runScript) {
        throwUsage("-OutFile only goes with -RunConfigScript", "");
    }

    wire::UcSettings settings;
    settings.sipServers = v["sipserver"].as<std::vector<std::string>>();
    if (v.count("webserver") != 0) {
        settings.webServer = v["webserver"].as<std::string>();
        if (settings.webServer.empty()) {
            throw wire::InputError("empty value (leave -WebServer out to use the SIP server FQDN)",
                                   "", 0, "-WebServer");
        }
    }
    DhcpUtilLayout layout = DhcpUtilLayout::Lync2010;
    if (v.count("layout") != 0) {
        const auto name = v["layout"].as<std::string>();
        const auto parsedLayout = parseDhcpUtilLayout(name);
        if (!parsedLayout) {
            throwUsage(fmt::format("-Layout '{}' is not one of Lync2010|SfB2015",
                                   wire::escapeForDisplay(name)),
                       "");
        }
        layout = *parsedLayout;
    }
    const auto encoded = encodeUcForCli(settings, legacyOptionNames());
    std::string text = renderDhcpUtilText(settings, encoded, layout);
    const auto warnings = encodeWarnings(encoded);

    std::string notice;
    if (runScript) {
        const std::string path = outFile.value_or(std::string(kDefaultScript));
        writeFileOrThrow(path, emit::emitConfig(emit::Format::Netsh, settings, {}), "-OutFile");
        std::error_code ec;
        const auto absolute = std::filesystem::absolute(path, ec);
        const std::string shown = wire::escapeForDisplay(ec ? path : absolute.string());
        notice =
            "-RunConfigScript: netsh cannot run on this system (it configures a Windows DHCP "
            "server); "
            "the equivalent netsh script was written instead";
        text += fmt::format(
            "\nWrote the netsh commands of 'DHCPConfigScript.bat Configure' to {}\n"
            "Copy it to the Windows DHCP server and run it there in an elevated command prompt: "
            "{}\n",
            shown, wire::escapeForDisplay(std::filesystem::path(path).filename().string()));
    }
    for (const auto& w : warnings) {
        err << "dhcputil: warning: " << w << "\n";
    }
    if (!notice.empty()) {
        err << "dhcputil: " << notice << "\n";
    }
    out << text;
    return toInt(ExitCode::Ok);
}

}  // namespace dhcplite::util
