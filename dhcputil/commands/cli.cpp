// The top of dhcputil: which subcommand, help and version, and the one place where failures
// become "dhcputil: <message>" and a sysexits code.
#include <algorithm>
#include <new>
#include <ostream>

#include <fmt/format.h>

#include "bench/bench_command.hpp"
#include "capture/pcap_reader.hpp"
#include "check/check_command.hpp"
#include "commands/cli_support.hpp"
#include "commands/commands.hpp"
#include "emit/emit.hpp"
#include "emulate/emulate_command.hpp"
#include "stats/stats_command.hpp"
#include "util/text.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"

#ifndef DHCPLITE_VERSION
#define DHCPLITE_VERSION "unknown"
#endif

namespace dhcplite::util {

namespace {

bool isHelpWord(std::string_view arg) {
    const std::string a = asciiLower(arg);
    return a == "help" || a == "--help" || a == "-h" || a == "-help" || a == "-?" || a == "/?";
}

bool isVersionWord(std::string_view arg) {
    const std::string a = asciiLower(arg);
    return a == "--version" || a == "-version";
}

std::string overview() {
    std::string formats;
    for (const auto name : emit::formatNames()) {
        formats += formats.empty() ? "" : ", ";
        formats += name;
    }
    return fmt::format(
        "dhcputil - DHCP options 120 and 43 for Lync / Skype for Business phones\n"
        "(a replacement for DHCPUtil.exe, part of dhcplite {})\n"
        "\n"
        "Usage:\n"
        "  dhcputil encode --sip-server FQDN [options]  the option bytes, printed as DHCPUtil "
        "does\n"
        "  dhcputil decode --option CODE HEX            explain an option value (120, 43, ...)\n"
        "  dhcputil decode --packet HEX                 explain a whole DHCP message\n"
        "  dhcputil decode --pcap FILE                  explain every DHCP message in a capture\n"
        "  dhcputil config --format FORMAT [options]    configuration for a DHCP server\n"
        "  dhcputil emulate-client [options]            send a phone's DHCPINFORM, check the "
        "answers\n"
        "  dhcputil bench [options]                     load-test a server with DHCPINFORMs\n"
        "  dhcputil check [options]                     walk a phone's sign-in: DHCP, DNS, HTTP, "
        "TLS, NTP\n"
        "  dhcputil stats [--json] [--watch SECONDS]    what a running dhcplite counts (control "
        "socket)\n"
        "  dhcputil help [COMMAND]                      this text, or a command's options\n"
        "  dhcputil --version\n"
        "\n"
        "{}"
        "\n"
        "Formats for config: {}.\n"
        "Exit status: 0 ok; 1 decoded, but the data has errors; 64 usage; 65 bad data;\n"
        "66 missing or unreadable input; 73 output file cannot be written;\n"
        "emulate-client: 1 no good answer; 69 interface unavailable; 77 needs root or "
        "CAP_NET_RAW.\n"
        "check: 0 ok, 1 warnings, 2 a check failed (the Nagios/Icinga convention).\n"
        "stats: 69 daemon not reachable; 77 permission denied on its socket.\n"
        "Run 'dhcputil COMMAND --help' for the options of a command.\n",
        DHCPLITE_VERSION, legacyHelp(), formats);
}

int dispatch(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    if (args.empty()) {
        throwUsage("no command given: encode, decode, config, or DHCPUtil's -SipServer FQDN", "");
    }
    const std::string& first = args.front();
    const std::vector<std::string> rest(args.begin() + 1, args.end());
    if (isHelpWord(first)) {
        if (rest.empty()) {
            out << overview();
            return toInt(ExitCode::Ok);
        }
        const std::string text = helpText(rest.front());
        if (text.empty() || rest.size() > 1) {
            throwUsage(fmt::format("no help for '{}'", wire::escapeForDisplay(rest.front())), "");
        }
        out << text;
        return toInt(ExitCode::Ok);
    }
    if (isVersionWord(first) && rest.empty()) {
        out << versionText();
        return toInt(ExitCode::Ok);
    }
    if (first == "encode") {
        return runEncode(rest, out, err);
    }
    if (first == "decode") {
        return runDecode(rest, out, err);
    }
    if (first == "config") {
        return runConfig(rest, out, err);
    }
    if (first == "emulate-client") {
        return runEmulate(rest, out, err);
    }
    if (first == "bench") {
        return runBench(rest, out, err);
    }
    if (first == "check") {
        return runCheck(rest, out, err);
    }
    if (first == "stats") {
        return runStats(rest, out, err);
    }
    if (first.starts_with("-")) {
        return runLegacy(args, out, err);
    }
    throwUsage(fmt::format("unknown command '{}'", wire::escapeForDisplay(first)), "");
}

}  // namespace

std::string helpText(std::string_view command) {
    if (command.empty()) {
        return overview();
    }
    if (command == "encode") {
        return encodeHelp();
    }
    if (command == "decode") {
        return decodeHelp();
    }
    if (command == "config") {
        return configHelp();
    }
    if (command == "emulate-client") {
        return emulateHelp();
    }
    if (command == "bench") {
        return benchHelp();
    }
    if (command == "check") {
        return checkHelpText();
    }
    if (command == "stats") {
        return statsHelp();
    }
    return {};
}

std::string versionText() { return fmt::format("dhcputil (dhcplite) {}\n", DHCPLITE_VERSION); }

int runDhcputil(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    // Every failure ends here as one line; nothing has been written to `out` by then, because
    // each command writes its output only once it is complete.
    const auto fail = [&](ExitCode code, std::string_view message) {
        err << "dhcputil: " << message << "\n";
        return toInt(code);
    };
    try {
        return dispatch(args, out, err);
    } catch (const CommandError& e) {
        return fail(e.code(), e.what());
    } catch (const wire::InputError& e) {
        return fail(ExitCode::DataErr, e.what());
    } catch (const wire::WireError& e) {
        return fail(ExitCode::DataErr, e.what());
    } catch (const net::NetworkError& e) {
        return fail(exitCodeFor(e.kind()), e.what());
    } catch (const PcapFileError& e) {
        return fail(
            e.kind() == PcapFileError::Kind::Unreadable ? ExitCode::NoInput : ExitCode::DataErr,
            e.what());
    } catch (const std::bad_alloc&) {
        return fail(ExitCode::Software, "out of memory");
    } catch (const std::exception& e) {
        return fail(ExitCode::Software,
                    fmt::format("internal error: {}", wire::escapeForDisplay(e.what())));
    } catch (...) {
        return fail(ExitCode::Software, "internal error: unknown exception");
    }
}

}  // namespace dhcplite::util
