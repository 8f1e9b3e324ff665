#include "commands/cli_support.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include <fmt/format.h>

#include "wire/errors.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util {

namespace po = boost::program_options;

ExitCode exitCodeFor(net::NetworkError::Kind kind) noexcept {
    using Kind = net::NetworkError::Kind;
    switch (kind) {
    case Kind::NotPermitted: return ExitCode::NoPerm;
    case Kind::InterfaceMissing: return ExitCode::Unavailable;
    case Kind::InterfaceAmbiguous: return ExitCode::Usage;
    case Kind::SocketFailed: return ExitCode::OsErr;
    case Kind::CannotWrite: return ExitCode::CantCreate;
    case Kind::Internal: return ExitCode::Software;
    }
    return ExitCode::Software;
}

void throwUsage(const std::string& message, std::string_view command) {
    const std::string help = command.empty() ? std::string("dhcputil --help")
                                             : fmt::format("dhcputil {} --help", command);
    throw CommandError(ExitCode::Usage, fmt::format("{} (see '{}')", message, help));
}

namespace {

int styleFor(Syntax syntax) {
    namespace cls = po::command_line_style;
    // No allow_guessing: an abbreviation that happens to match today would silently change
    // meaning when an option is added.
    const int common = cls::allow_long | cls::long_allow_adjacent | cls::long_allow_next;
    if (syntax == Syntax::Legacy) {
        // DHCPUtil.exe takes -SipServer, -sipserver, -SIPSERVER...: single-dash long options,
        // matched case-insensitively.
        return common | cls::allow_long_disguise | cls::long_case_insensitive;
    }
    return common | cls::allow_short | cls::short_allow_next | cls::allow_dash_for_short;
}

}  // namespace

ParsedArgs parseArgs(const std::vector<std::string>& args, const po::options_description& options,
                     Syntax syntax, std::string_view command, std::size_t maxPositional,
                     const std::vector<std::pair<std::string, std::string>>& displayNames) {
    ParsedArgs parsed;
    po::options_description all;
    all.add(options);
    all.add_options()("dhcputil-positional", po::value<std::vector<std::string>>()->composing(),
                      "");
    po::positional_options_description positional;
    positional.add("dhcputil-positional", -1);
    try {
        const auto result = po::command_line_parser(args)
                                .options(all)
                                .positional(positional)
                                .style(styleFor(syntax))
                                .run();
        po::store(result, parsed.values);
        po::notify(parsed.values);
    } catch (const po::unknown_option& e) {
        throwUsage(fmt::format("unknown option '{}'", e.get_option_name()), command);
    } catch (const po::error& e) {
        std::string message = e.what();
        for (const auto& [canonical, shown] : displayNames) {
            const std::string quoted = "'--" + canonical + "'";
            for (auto at = message.find(quoted); at != std::string::npos;
                 at = message.find(quoted, at)) {
                message.replace(at, quoted.size(), "'" + shown + "'");
                at += shown.size() + 2;
            }
        }
        throwUsage(message, command);
    }
    if (parsed.values.count("dhcputil-positional") != 0) {
        parsed.positional = parsed.values["dhcputil-positional"].as<std::vector<std::string>>();
    }
    if (parsed.positional.size() > maxPositional) {
        const std::string& extra = parsed.positional[maxPositional];
        if (command.empty()) {
            throwUsage(fmt::format("unexpected argument '{}'", extra), command);
        }
        throwUsage(fmt::format("unexpected argument '{}' for {}", extra, command), command);
    }
    return parsed;
}

std::string renderHelp(std::string_view usage, std::string_view summary,
                       const po::options_description& options) {
    std::ostringstream text;
    text << "Usage: " << usage << "\n\n" << summary << "\n\n" << options;
    // Boost pads wrapped description lines with a trailing space and puts blank lines around
    // untitled groups; drop those.
    std::string s;
    std::istringstream lines(text.str());
    for (std::string line; std::getline(lines, line);) {
        while (!line.empty() && line.back() == ' ') {
            line.pop_back();
        }
        if (line.empty() && (s.empty() || s.ends_with("\n\n"))) {
            continue;  // one blank line between sections is enough
        }
        s += line + "\n";
    }
    while (s.size() >= 2 && s.ends_with("\n\n")) {
        s.pop_back();
    }
    return s;
}

UcOptionNames legacyOptionNames() {
    UcOptionNames names;
    names.sipServer = "-SipServer";
    names.webServer = "-WebServer";
    return names;
}

po::options_description ucValueOptions() {
    po::options_description d("Option values");
    d.add_options()("sip-server", po::value<std::vector<std::string>>()->value_name("FQDN"),
                    "SIP registrar pool FQDN for option 120 (repeatable)")(
        "sip-address", po::value<std::vector<std::string>>()->value_name("IP"),
        "SIP server IPv4 address for option 120 instead of names (repeatable)")(
        "web-server", po::value<std::string>()->value_name("FQDN"),
        "web services FQDN for sub-option 3 (default: the first --sip-server)")(
        "port", po::value<std::string>()->value_name("N"),
        "web server port, sub-option 4 (default 443)")("scheme",
                                                       po::value<std::string>()->value_name("S"),
                                                       "URL scheme, sub-option 2 (default https)")(
        "path", po::value<std::string>()->value_name("P"),
        "certificate provisioning path, sub-option 5 (default "
        "/CertProv/CertProvisioningService.svc)")(
        "vendor-class", po::value<std::string>()->value_name("V"),
        "vendor class (option 60) the phones send (default MS-UC-Client)");
    return d;
}

std::uint16_t parsePort(std::string_view text, const std::string& field) {
    if (text.empty()) {
        throw wire::InputError("a port number 1..65535 is required", std::string(text), 0, field);
    }
    unsigned long n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') {
            throw wire::InputError(fmt::format("'{}' is not a digit (a port is 1..65535)",
                                               wire::escapeForDisplay(text.substr(i, 1))),
                                   std::string(text), i, field);
        }
        n = n * 10 + static_cast<unsigned long>(c - '0');
        if (n > 65535) {
            throw wire::InputError("port out of range (1..65535)", std::string(text), 0, field);
        }
    }
    if (n == 0) {
        throw wire::InputError("port 0 is not a usable port (1..65535)", std::string(text), 0,
                               field);
    }
    return static_cast<std::uint16_t>(n);
}

wire::UcSettings ucSettingsFrom(const po::variables_map& values, std::string_view command,
                                bool requireServer) {
    wire::UcSettings s;
    const auto has = [&](const char* name) { return values.count(name) != 0; };
    if (has("sip-server")) {
        s.sipServers = values["sip-server"].as<std::vector<std::string>>();
    }
    if (has("sip-address")) {
        s.sipAddresses = values["sip-address"].as<std::vector<std::string>>();
    }
    if (s.sipServers.empty() && s.sipAddresses.empty() && requireServer) {
        throwUsage("--sip-server FQDN (or --sip-address IP) is required", command);
    }
    if (!s.sipServers.empty() && !s.sipAddresses.empty()) {
        // RFC 3361 §3: one option 120 carries names or addresses, never both.
        throwUsage(
            "--sip-server and --sip-address cannot be combined (RFC 3361 §3: option 120 "
            "carries names or addresses, not both)",
            command);
    }
    if (has("web-server")) {
        s.webServer = values["web-server"].as<std::string>();
        if (s.webServer.empty()) {
            // UcSettings reads an empty web server as "the SIP server"; typed empty, it is a
            // mistake.
            throw wire::InputError(
                "empty value (leave --web-server out to use the SIP server FQDN)", "", 0,
                "--web-server");
        }
    } else if (s.sipServers.empty() && !s.sipAddresses.empty()) {
        throwUsage(
            "--web-server FQDN is required with --sip-address (the phone needs a name for "
            "the certificate provisioning URL)",
            command);
    }
    if (has("port")) {
        s.port = parsePort(values["port"].as<std::string>(), "--port");
    }
    if (has("scheme")) {
        s.scheme = values["scheme"].as<std::string>();
    }
    if (has("path")) {
        s.path = values["path"].as<std::string>();
    }
    if (has("vendor-class")) {
        s.vendorClass = values["vendor-class"].as<std::string>();
    }
    return s;
}

wire::EncodedUc encodeUcForCli(const wire::UcSettings& settings, const UcOptionNames& names) {
    try {
        return wire::encodeUc(settings);
    } catch (const wire::InputError& e) {
        // encodeUc names fields in words (wire/option43.hpp); the admin wants the option they
        // typed.
        const std::string& f = e.field();
        std::string option = f;
        if (f == "SIP server FQDN") {
            option = names.sipServer;
        } else if (f == "SIP server address") {
            option = names.sipAddress;
        } else if (f == "web server FQDN") {
            option = names.webServer;
        } else if (f == "port") {
            option = names.port;
        } else if (f == "URL scheme") {
            option = names.scheme;
        } else if (f == "path") {
            option = names.path;
        } else if (f == "vendor class") {
            option = names.vendorClass;
        }
        throw e.withField(option);
    }
}

void writeFileOrThrow(const std::string& path, std::string_view content, std::string_view field) {
    errno = 0;
    std::ofstream file(path, std::ios::binary | std::ios::trunc);
    if (file) {
        file.write(content.data(), static_cast<std::streamsize>(content.size()));
        file.close();
    }
    if (!file) {
        const int err = errno;
        throw CommandError(
            ExitCode::CantCreate,
            fmt::format("{} '{}': cannot write: {}", field, wire::escapeForDisplay(path),
                        err != 0 ? std::strerror(err) : "write failed"));
    }
}

}  // namespace dhcplite::util
