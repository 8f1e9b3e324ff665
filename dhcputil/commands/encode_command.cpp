// `dhcputil encode`: the option bytes for MS-UC-Client phones, printed the way DHCPUtil.exe
// prints them (docs/design.md §10) or as one JSON object.
#include <cctype>
#include <ostream>

#include <fmt/format.h>

#include "commands/cli_support.hpp"
#include "commands/commands.hpp"
#include "emit/emit.hpp"
#include "util/json.hpp"
#include "util/text.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util {

namespace po = boost::program_options;

namespace {

po::options_description encodeOptions() {
    po::options_description d;
    d.add(ucValueOptions());
    po::options_description other("Output");
    other.add_options()("layout", po::value<std::string>()->value_name("L"),
                        "DHCPUtil's text as Lync 2010 (default) or Skype for Business 2015 prints "
                        "it: lync2010|sfb2015")(
        "json", "print one JSON object instead of DHCPUtil's text")("help,h", "show this help");
    d.add(other);
    return d;
}

// A cmd.exe argument: quoted when it would otherwise split.
std::string cmdArgument(const std::string& s) {
    if (!s.empty() && s.find_first_of(" \t\"&|<>^") == std::string::npos) {
        return s;
    }
    std::string q = "\"";
    for (char c : s) {
        if (c == '"') {
            q += '"';  // cmd doubles quotes inside a quoted argument
        }
        q += c;
    }
    return q + "\"";
}

}  // namespace

std::string encodeHelp() {
    return renderHelp(
        "dhcputil encode --sip-server FQDN [--sip-server FQDN...] [--web-server FQDN] [--port N]\n"
        "                       [--scheme S] [--path P] [--vendor-class V] [--layout "
        "lync2010|sfb2015 | --json]\n"
        "       dhcputil encode --sip-address IP [--sip-address IP...] --web-server FQDN [...]",
        "Prints DHCP option 120 (SIP servers, RFC 3361) and option 43 (MS-UC-Client sub-options) "
        "for\n"
        "Lync/Skype for Business phones, as DHCPUtil.exe -SipServer does, with the\n"
        "DHCPConfigScript.bat line for a Windows DHCP server. Hex is upper case, byte-exact. "
        "--layout\n"
        "sfb2015 prints Skype for Business 2015's layout (Option 120 on its own line, the full "
        "option\n"
        "43 value before the sub-options); the default is Lync 2010's.",
        encodeOptions());
}

std::string configScriptLine(const wire::UcSettings& settings, const wire::EncodedUc& encoded) {
    std::string line = "DHCPConfigScript.bat Configure " + cmdArgument(settings.vendorClass) + " " +
                       wire::toHex(encoded.option120);
    for (const auto& sub : encoded.sub) {
        line += " " + wire::toHex(sub);
    }
    return line;
}

std::optional<DhcpUtilLayout> parseDhcpUtilLayout(std::string_view name) {
    std::string lower(name);
    for (auto& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (lower == "lync2010") return DhcpUtilLayout::Lync2010;
    if (lower == "sfb2015") return DhcpUtilLayout::SfB2015;
    return std::nullopt;
}

namespace {

// Skype for Business 2015's DHCPUtil breaks the full option 43 hex after 75 digits (inside a byte
// when 75 is odd, as it is) and prints the rest on one line; seen in published output of 180- and
// 186-digit values (docs/design.md §10).
constexpr std::size_t kSfB2015FirstLine = 75;

std::string sfb2015FullOption43(const std::string& hex) {
    std::string out = fmt::format("\tFull Option 43 value (Length: {}) : \n", hex.size());
    out += "\t" + hex.substr(0, kSfB2015FirstLine) + "\n";
    if (hex.size() > kSfB2015FirstLine) out += "\t" + hex.substr(kSfB2015FirstLine) + "\n";
    return out;
}

}  // namespace

std::string renderDhcpUtilText(const wire::UcSettings& settings, const wire::EncodedUc& encoded,
                               DhcpUtilLayout layout) {
    const bool sfb = layout == DhcpUtilLayout::SfB2015;
    std::string out;
    if (!settings.sipServers.empty()) {
        out += fmt::format("SIP Server FQDN : {}\n", joined(settings.sipServers, ", "));
    } else {
        out += fmt::format("SIP Server Address : {}\n", joined(settings.sipAddresses, ", "));
    }
    out += fmt::format("Certificate Provisioning Service URL : {}\n", encoded.url);
    out += "\n";
    out += fmt::format("Option 120:{}{}\n", sfb ? "\n" : " ", wire::toHex(encoded.option120));
    out += "\n";
    out += fmt::format("Vendor Class Identifier: {}\n", settings.vendorClass);
    out += fmt::format("Option 43 (for vendor={}):\n", settings.vendorClass);
    if (sfb) out += sfb2015FullOption43(wire::toHex(encoded.option43));
    for (std::size_t i = 0; i < encoded.sub.size(); ++i) {
        const auto code = static_cast<std::uint8_t>(i + 1);
        const auto name = wire::msuc::subOptionName(code);
        out += fmt::format("\tsub-option {} <{}>: {}\n", code, name ? name->label : "",
                           wire::toHex(encoded.sub[i]));
    }
    out += "\n";
    if (!sfb) {
        out += fmt::format("Option 43: {}\n", wire::toHex(encoded.option43));
        out += "\n";
    }
    out +=
        "On the Windows DHCP server, in the folder of DHCPConfigScript.bat (it ships with Lync "
        "and\n"
        "Skype for Business Server), run:\n";
    out += configScriptLine(settings, encoded) + "\n";
    std::vector<std::string> formats;
    for (const auto name : emit::formatNames()) {
        formats.emplace_back(name);
    }
    out += fmt::format("For other DHCP servers: dhcputil config --format {} [same options]\n",
                       joined(formats, "|"));
    return out;
}

std::vector<std::string> encodeWarnings(const wire::EncodedUc& encoded) {
    std::vector<std::string> warnings;
    const std::size_t hexLength = encoded.option43.size() * 2;
    if (hexLength > kCiscoHexLimit) {
        warnings.push_back(
            fmt::format("option 43 is {} hex characters; Cisco IOS 'option 43 hex' silently keeps "
                        "only the first {} "
                        "(use 'dhcputil config --format cisco-ios', which splits it into 'option "
                        "ext 43 hex' parts)",
                        hexLength, kCiscoHexLimit));
    }
    return warnings;
}

std::string renderEncodeJson(const wire::UcSettings& settings, const wire::EncodedUc& encoded,
                             const std::vector<std::string>& warnings) {
    JsonWriter json;
    json.beginObject();
    json.stringArray("sipServers", settings.sipServers);
    json.stringArray("sipAddresses", settings.sipAddresses);
    json.field("webServer", encoded.webServer);
    json.field("port", settings.port);
    json.field("scheme", settings.scheme);
    json.field("path", settings.path);
    json.field("vendorClass", settings.vendorClass);
    json.field("url", encoded.url);
    json.field("option120", wire::toHex(encoded.option120));
    json.field("option43", wire::toHex(encoded.option43));
    json.key("subOptions").beginArray();
    for (std::size_t i = 0; i < encoded.sub.size(); ++i) {
        const auto code = static_cast<std::uint8_t>(i + 1);
        const auto name = wire::msuc::subOptionName(code);
        const auto& data = encoded.sub[i];
        json.beginObject();
        json.field("code", code);
        json.field("name", name ? name->windowsName : "");
        json.field("label", name ? name->label : "");
        json.field("hex", wire::toHex(data));
        json.field("text", wire::toString(data));
        json.endObject();
    }
    json.endArray();
    json.field("configScriptLine", configScriptLine(settings, encoded));
    json.stringArray("warnings", warnings);
    json.endObject();
    return json.finish();
}

int runEncode(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    const auto parsed = parseArgs(args, encodeOptions(), Syntax::Modern, "encode");
    if (parsed.values.count("help") != 0) {
        out << encodeHelp();
        return toInt(ExitCode::Ok);
    }
    DhcpUtilLayout layout = DhcpUtilLayout::Lync2010;
    if (parsed.values.count("layout") != 0) {
        const auto name = parsed.values["layout"].as<std::string>();
        const auto parsedLayout = parseDhcpUtilLayout(name);
        if (!parsedLayout) {
            throwUsage(fmt::format("--layout '{}' is not one of {}", wire::escapeForDisplay(name),
                                   kDhcpUtilLayoutNames),
                       "encode");
        }
        if (parsed.values.count("json") != 0) {
            throwUsage("--layout chooses DHCPUtil's text; --json prints none: give one of them",
                       "encode");
        }
        layout = *parsedLayout;
    }
    const auto settings = ucSettingsFrom(parsed.values, "encode");
    const auto encoded = encodeUcForCli(settings, UcOptionNames{});
    const auto warnings = encodeWarnings(encoded);
    const std::string text = parsed.values.count("json") != 0
                                 ? renderEncodeJson(settings, encoded, warnings)
                                 : renderDhcpUtilText(settings, encoded, layout);
    for (const auto& w : warnings) {
        err << "dhcputil: warning: " << w << "\n";
    }
    out << text;
    return toInt(ExitCode::Ok);
}

}  // namespace dhcplite::util
