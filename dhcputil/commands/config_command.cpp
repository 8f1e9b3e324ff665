// `dhcputil config`: a ready-to-apply configuration for one DHCP server (docs/design.md §9), written
// by the emitters in dhcputil/emit.
#include <ostream>
#include <stdexcept>

#include <fmt/format.h>

#include "commands/cli_support.hpp"
#include "commands/commands.hpp"
#include "emit/emit.hpp"
#include "wire/address.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util {

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
    config.add_options()
        ("format", po::value<std::string>()->value_name("FORMAT"), ("server format: " + formatList()).c_str())
        ("cleanup", "netsh/powershell: remove what the configuration added")
        ("scope", po::value<std::string>()->value_name("SUBNET"), "the phone subnet, e.g. 192.0.2.0/24")
        ("interface", po::value<std::string>()->value_name("IF"), "listening interface, where the format has one")
        ("output", po::value<std::string>()->value_name("FILE"), "write to FILE instead of standard output");
    po::options_description d;
    d.add(config);
    d.add(ucValueOptions());
    po::options_description other("Other");
    other.add_options()("help,h", "show this help");
    d.add(other);
    return d;
}

}  // namespace

std::string configHelp() {
    return renderHelp(
        fmt::format("dhcputil config --format {}\n"
                    "                       [--cleanup] [--scope SUBNET] [--interface IF] [--output FILE]\n"
                    "                       --sip-server FQDN [--web-server FQDN] [--port N] [...]",
                    formatList()),
        "Writes a ready-to-apply configuration for a DHCP server that answers the phones' DHCPINFORM\n"
        "with options 120 and 43, with a comment header saying where it goes.",
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
        throwUsage(fmt::format("--format '{}' is not one of {}", wire::escapeForDisplay(formatText), formatList()),
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
