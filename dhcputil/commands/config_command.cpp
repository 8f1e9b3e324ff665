// `dhcputil config`: a ready-to-apply configuration for one DHCP server (docs/design.md §9),
// written by the emitters in dhcputil/emit.
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "commands/cli_support.hpp"
#include "commands/commands.hpp"
#include "emit/emit.hpp"
#include "wire/address.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util {

namespace po = boost::program_options;

namespace {

std::string formatList() {
    std::string out;
    for (const auto name : emit::formatNames()) {
        out += out.empty() ? "" : "|";
        out += name;
    }
    return out;
}

po::options_description configOptions() {
    po::options_description config("Configuration");
    config.add_options()("format", po::value<std::string>()->value_name("FORMAT"),
                         ("server format: " + formatList()).c_str())(
        "cleanup", "netsh/powershell: remove what the configuration added")(
        "scope", po::value<std::string>()->value_name("SUBNET"),
        "the phone subnet, e.g. 192.0.2.0/24")("interface",
                                               po::value<std::string>()->value_name("IF"),
                                               "listening interface, where the format has one")(
        "output", po::value<std::string>()->value_name("FILE"),
        "write to FILE instead of standard output");
    po::options_description phone("The rest of the phone setup (in every format that can say it)");
    phone.add_options()("ntp-server", po::value<std::vector<std::string>>()->value_name("IP"),
                        "time server for options 42 and 4 (repeatable): phones need the time "
                        "before any certificate is valid")(
        "domain-search", po::value<std::vector<std::string>>()->value_name("DOMAIN"),
        "DNS search list, option 119 (RFC 3397) (repeatable)")(
        "vlan", po::value<std::string>()->value_name("ID"),
        "Lync Phone Edition voice VLAN 1..4094: vendor class CPE-OCPHONE, option 43 sub-option 10");
    po::options_description d;
    d.add(config);
    d.add(phone);
    d.add(ucValueOptions());
    po::options_description other("Other");
    other.add_options()("help,h", "show this help");
    d.add(other);
    return d;
}

// --ntp-server, --domain-search and --vlan, checked here so each message names the option typed.
emit::PhoneSetup phoneSetupFrom(const po::variables_map& v) {
    emit::PhoneSetup phone;
    if (v.count("ntp-server") != 0) {
        for (const auto& text : v["ntp-server"].as<std::vector<std::string>>()) {
            try {
                phone.ntpServers.push_back(wire::Ipv4::parse(text));
            } catch (const wire::InputError& e) {
                throw e.withField("--ntp-server");
            }
        }
    }
    if (v.count("domain-search") != 0) {
        phone.domainSearch = v["domain-search"].as<std::vector<std::string>>();
    }
    if (v.count("vlan") != 0) {
        const auto text = v["vlan"].as<std::string>();
        const auto bad = text.find_first_not_of("0123456789");
        if (text.empty())
            throw wire::InputError("empty value (a VLAN ID is 1..4094)", text, 0, "--vlan");
        if (bad != std::string::npos) {
            throw wire::InputError(fmt::format("'{}' is not a digit (a VLAN ID is 1..4094)",
                                               wire::escapeForDisplay(text.substr(bad, 1))),
                                   text, bad, "--vlan");
        }
        const unsigned long id = text.size() > 5 ? 0 : std::stoul(text);
        if (id < 1 || id > emit::kMaxVlan) {
            throw wire::InputError("VLAN ID out of range (1..4094; 0 and 4095 are reserved)", text,
                                   0, "--vlan");
        }
        phone.vlan = static_cast<std::uint16_t>(id);
    }
    try {
        (void)emit::encodePhoneSetup(phone);
    } catch (const wire::InputError& e) {
        throw e.withField(e.field() == "NTP server" ? "--ntp-server" : "--domain-search");
    }
    return phone;
}

}  // namespace

std::string configHelp() {
    return renderHelp(
        fmt::format(
            "dhcputil config --format {}\n"
            "                       [--cleanup] [--scope SUBNET] [--interface IF] [--output FILE]\n"
            "                       [--ntp-server IP...] [--domain-search DOMAIN...] [--vlan ID]\n"
            "                       --sip-server FQDN [--web-server FQDN] [--port N] [...]",
            formatList()),
        "Writes a ready-to-apply configuration for a DHCP server that answers the phones' "
        "DHCPINFORM\n"
        "with options 120 and 43 (and, if given, the time servers, the DNS search list and Lync\n"
        "Phone Edition's voice VLAN), with a comment header saying where it goes.",
        configOptions());
}

int runConfig(const std::vector<std::string>& args, std::ostream& out, std::ostream& /*err*/) {
    const auto parsed = parseArgs(args, configOptions(), Syntax::Modern, "config");
    const auto& v = parsed.values;
    if (v.count("help") != 0) {
        out << configHelp();
        return toInt(ExitCode::Ok);
    }
    if (v.count("format") == 0) {
        throwUsage(fmt::format("--format is required ({})", formatList()), "config");
    }
    const std::string formatText = v["format"].as<std::string>();
    const auto format = emit::parseFormat(formatText);
    if (!format) {
        throwUsage(fmt::format("--format '{}' is not one of {}", wire::escapeForDisplay(formatText),
                               formatList()),
                   "config");
    }
    emit::EmitOptions options;
    options.cleanup = v.count("cleanup") != 0;
    if (v.count("scope") != 0) {
        try {
            options.scope = wire::Cidr::parse(v["scope"].as<std::string>());
        } catch (const wire::InputError& e) {
            throw e.withField("--scope");
        }
    }
    if (v.count("interface") != 0) {
        options.interface = v["interface"].as<std::string>();
    }
    options.phone = phoneSetupFrom(v);
    const auto settings = ucSettingsFrom(v, "config", !options.cleanup);
    if (!options.cleanup || !settings.sipServers.empty() || !settings.sipAddresses.empty()) {
        (void)encodeUcForCli(settings, UcOptionNames{});  // the same messages as encode
    }
    std::string text;
    try {
        text = emit::emitConfig(*format, settings, options);
    } catch (const std::invalid_argument& e) {
        // The emitters say what the format needs ("--scope is required for kea: ...").
        throwUsage(e.what(), "config");
    } catch (const emit::CannotExpress& e) {
        throw CommandError(ExitCode::DataErr, fmt::format("--format {}: {}", formatText, e.what()));
    }
    if (v.count("output") != 0) {
        const auto path = v["output"].as<std::string>();
        writeFileOrThrow(path, text, "--output");
        return toInt(ExitCode::Ok);
    }
    out << text;
    return toInt(ExitCode::Ok);
}

}  // namespace dhcplite::util
