// `dhcputil emulate-client` / `-EmulateClient`: the command line (modern and DHCPUtil's
// spelling), read into EmulateSettings; the exchange itself is emulate_exchange.cpp, the
// printed report emulate_report.cpp.
#include "emulate/emulate_command.hpp"

#include <algorithm>
#include <array>
#include <ostream>

#include <fmt/format.h>

#include "commands/cli_support.hpp"
#include "emulate/emulate_capture.hpp"
#include "emulate/emulate_classify.hpp"
#include "emulate/emulate_exchange.hpp"
#include "emulate/emulate_inform.hpp"
#include "emulate/emulate_interface.hpp"
#include "emulate/emulate_report.hpp"
#include "util/text.hpp"
#include "wire/dhcp_constants.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"
#include "wire/option43.hpp"

namespace dhcplite::util {

namespace po = boost::program_options;

namespace {

constexpr double kMinTimeout = 0.1;
constexpr double kMaxTimeout = 600.0;
constexpr unsigned kMaxRetries = 10;

po::options_description emulateOptions() {
    po::options_description what("What to send");
    what.add_options()("interface", po::value<std::string>()->value_name("IF"),
                       "the phone's interface (default: the only up Ethernet interface with IPv4, "
                       "or among several the only one with a default route)")(
        "mac", po::value<std::string>()->value_name("MAC"),
        "chaddr and option 61 (default: the interface's MAC)")(
        "ciaddr", po::value<std::string>()->value_name("IP"),
        "the phone's address, also the IP source (default: the interface's first IPv4 address)")(
        "server", po::value<std::string>()->value_name("IP"),
        "unicast to this DHCP server (routed, e.g. to another subnet) instead of broadcasting")(
        "vendor-class", po::value<std::string>()->value_name("V"),
        "option 60 (default MS-UC-Client)")("request", po::value<std::string>()->value_name("LIST"),
                                            "option 55, e.g. 43,120 (default 120,43)")(
        "hostname", po::value<std::string>()->value_name("H"),
        "option 12 (default: this host's name)")("dhcputil-style",
                                                 "send DHCPUtil's own option field (adds 54, 120 "
                                                 "and 43 with length 0; some servers drop it)");
    po::options_description how("Waiting and checking");
    how.add_options()("timeout", po::value<std::string>()->value_name("S"),
                      "collect answers for S seconds (default 10)")(
        "retries", po::value<std::string>()->value_name("N"),
        "retransmit up to N times until an answer comes (default 2; RFC 2131 back-off fitted into "
        "the timeout)")("expect-sip-server", po::value<std::string>()->value_name("FQDN"),
                        "fail unless option 120 names this SIP server first")(
        "expect-web-server", po::value<std::string>()->value_name("FQDN"),
        "fail unless option 43 names this web server (sub-option 3)");
    po::options_description output("Output");
    output.add_options()("json", "print one JSON object")(
        "pcap", po::value<std::string>()->value_name("FILE"),
        "write the exchange to a capture file (Wireshark)")("help,h", "show this help");
    po::options_description all;
    all.add(what).add(how).add(output);
    return all;
}

// Options that take a value, by their modern name (for the DHCPUtil-style spelling).
constexpr std::array kValueOptions{
    "interface",         "mac",      "ciaddr",  "server",  "vendor-class",
    "request",           "hostname", "timeout", "retries", "expect-sip-server",
    "expect-web-server", "pcap"};
constexpr std::array kFlagOptions{"json", "dhcputil-style", "help"};

std::string squashed(std::string_view word) {
    std::string out;
    for (char c : word) {
        if (c == '-' || c == '_') {
            continue;
        }
        out += asciiLower(c);
    }
    return out;
}

// "-ExpectSipServer" → "expect-sip-server"; "" when no option has that name.
std::string modernName(std::string_view word) {
    const std::string key = squashed(word);
    for (const std::string_view name : kValueOptions) {
        if (squashed(name) == key) {
            return std::string(name);
        }
    }
    for (const std::string_view name : kFlagOptions) {
        if (squashed(name) == key) {
            return std::string(name);
        }
    }
    return {};
}

bool takesValue(std::string_view name) {
    return std::find(kValueOptions.begin(), kValueOptions.end(), name) != kValueOptions.end();
}

double parseTimeout(const std::string& text) {
    // Decimal seconds: "2", "0.5". Digits only, so "1e3" or "inf" never sneak in.
    double value = 0;
    double scale = 0;
    bool digits = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == '.' && scale == 0) {
            scale = 1;
            continue;
        }
        if (c < '0' || c > '9') {
            throw wire::InputError("not a number of seconds (e.g. 5 or 0.5)", text, i, "--timeout");
        }
        digits = true;
        if (scale == 0) {
            value = std::min(value * 10 + (c - '0'), 1e9);
        } else {
            scale /= 10;
            value += (c - '0') * scale;
        }
    }
    if (!digits) {
        throw wire::InputError("not a number of seconds (e.g. 5 or 0.5)", text, 0, "--timeout");
    }
    if (value < kMinTimeout || value > kMaxTimeout) {
        throw wire::InputError(
            fmt::format("out of range ({:g}..{:g} seconds)", kMinTimeout, kMaxTimeout), text, 0,
            "--timeout");
    }
    return value;
}

unsigned parseRetries(const std::string& text) {
    unsigned n = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c < '0' || c > '9') {
            throw wire::InputError(fmt::format("not a count (0..{})", kMaxRetries), text, i,
                                   "--retries");
        }
        n = std::min(n * 10 + static_cast<unsigned>(c - '0'), 1000u);
    }
    if (text.empty() || n > kMaxRetries) {
        throw wire::InputError(fmt::format("out of range (0..{})", kMaxRetries), text, 0,
                               "--retries");
    }
    return n;
}

wire::Ipv4 parseAddress(const std::string& text, const std::string& field) {
    try {
        return wire::Ipv4::parse(text);
    } catch (const wire::InputError& e) {
        throw e.withField(field);
    }
}

EmulateSettings settingsFrom(const po::variables_map& v) {
    EmulateSettings s;
    const auto text = [&](const char* name) -> std::optional<std::string> {
        if (v.count(name) == 0) {
            return std::nullopt;
        }
        return v[name].as<std::string>();
    };
    s.interface = text("interface");
    if (const auto mac = text("mac")) {
        try {
            s.mac = wire::MacAddress::parse(*mac);
        } catch (const wire::InputError& e) {
            throw e.withField("--mac");
        }
        if ((s.mac->octets[0] & 0x01) != 0) {
            throw wire::InputError("a multicast MAC address cannot be a phone's", *mac, 0, "--mac");
        }
    }
    if (const auto ciaddr = text("ciaddr")) {
        s.ciaddr = parseAddress(*ciaddr, "--ciaddr");
    }
    if (const auto server = text("server")) {
        s.server = parseAddress(*server, "--server");
        const std::uint32_t a = s.server->value;
        if (a == 0 || a == kLimitedBroadcast.value || (a >> 28) == 0xE) {
            throw wire::InputError(
                "a DHCP server's unicast address is needed (leave --server out to broadcast)",
                *server, 0, "--server");
        }
    }
    if (const auto vc = text("vendor-class")) {
        if (vc->empty() || vc->size() > wire::kMaxOptionData) {
            throw wire::InputError("1..255 characters", *vc, 0, "--vendor-class");
        }
        s.inform.vendorClass = *vc;
    }
    if (const auto list = text("request")) {
        s.inform.requestList = parseRequestList(*list, "--request");
    }
    if (const auto host = text("hostname")) {
        validateHostName(*host, "--hostname");
        s.inform.hostName = *host;
    } else {
        s.inform.hostName = defaultHostName();
    }
    if (v.count("dhcputil-style") != 0) {
        s.inform.style = InformStyle::DhcpUtil;
    }
    if (const auto t = text("timeout")) {
        s.timeout = parseTimeout(*t);
    }
    if (const auto r = text("retries")) {
        s.retries = parseRetries(*r);
    }
    s.expect.sipServer = text("expect-sip-server");
    s.expect.webServer = text("expect-web-server");
    for (const auto* e : {&s.expect.sipServer, &s.expect.webServer}) {
        if (*e && e->value().empty()) {
            throwUsage("--expect-sip-server/--expect-web-server need a name", "emulate-client");
        }
    }
    s.json = v.count("json") != 0;
    s.pcap = text("pcap");
    return s;
}

int runEmulateParsed(const ParsedArgs& parsed, std::ostream& out) {
    const auto& v = parsed.values;
    if (v.count("help") != 0) {
        out << emulateHelp();
        return toInt(ExitCode::Ok);
    }
    EmulateSettings s = settingsFrom(v);
    PerformedExchange p = performExchange(s);
    EmulateReport& report = p.report;
    if (s.pcap) {
        writePcapFile(*s.pcap, p.exchange.dlt, p.exchange.frames);
        report.pcapPath = *s.pcap;
    }
    out << (s.json ? renderEmulateJson(report) : renderEmulateText(report));
    return toInt(report.verdict.success ? ExitCode::Ok : ExitCode::CheckFailed);
}

}  // namespace

EmulateOutcome emulateExchange(const EmulateRequest& request) {
    EmulateSettings s;
    s.interface = request.interface;
    s.inform.vendorClass = request.vendorClass;
    s.inform.requestList = request.requestList;
    s.inform.hostName = defaultHostName();
    s.timeout = request.timeout;
    s.retries = request.retries;
    s.settle = request.settle;
    PerformedExchange p = performExchange(s);
    return EmulateOutcome{std::move(p.iface), std::move(p.report.facts),
                          std::move(p.report.replies), std::move(p.report.verdict)};
}

std::string emulateHelp() {
    return renderHelp(
        "dhcputil emulate-client [--interface IF] [--mac MAC] [--ciaddr IP] [--server IP]\n"
        "                       [--vendor-class V] [--request 120,43] [--hostname H] "
        "[--dhcputil-style]\n"
        "                       [--timeout S] [--retries N] [--expect-sip-server FQDN]\n"
        "                       [--expect-web-server FQDN] [--json] [--pcap FILE]\n"
        "       dhcputil -EmulateClient [-Interface IF] [...]   (DHCPUtil's spelling)",
        "Sends the DHCPINFORM a Lync / Skype for Business phone sends (vendor class MS-UC-Client,\n"
        "asking for options 120 and 43) from port 68 over a raw socket, so it works beside a DHCP\n"
        "client or server holding the ports. Captures every answer until the timeout and prints\n"
        "each one's options, then the result as DHCPUtil does. Exit status: 0 when a DHCPACK\n"
        "carries a well-formed option 120 and MS-UC-Client option 43 (equal to --expect-... if\n"
        "given) and no other server answers differently; 1 otherwise, with what is wrong and what\n"
        "to do; 64 usage; 65 bad value; 69 interface missing or down; 77 needs root or\n"
        "CAP_NET_RAW.",
        emulateOptions());
}

bool isEmulateClientSwitch(std::string_view word) {
    return word.starts_with("-") && squashed(word) == "emulateclient";
}

int runEmulate(const std::vector<std::string>& args, std::ostream& out, std::ostream& /*err*/) {
    const auto parsed = parseArgs(args, emulateOptions(), Syntax::Modern, "emulate-client");
    return runEmulateParsed(parsed, out);
}

int runEmulateLegacy(const std::vector<std::string>& args, std::ostream& out, std::ostream& err) {
    // DHCPUtil spells its switches -EmulateClient, -SipServer…; accept our options the same way
    // (-Interface eth0, -ExpectSipServer=x, any case) by translating them to the modern names.
    std::vector<std::string> modern;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string& word = args[i];
        if (isEmulateClientSwitch(word)) {
            continue;
        }
        if (!word.starts_with("-") || word.size() < 2) {
            throwUsage(fmt::format("unexpected argument '{}' for -EmulateClient",
                                   wire::escapeForDisplay(word)),
                       "");
        }
        const auto eq = word.find('=');
        const std::string key = word.substr(0, eq);
        const std::string name = modernName(key);
        if (name.empty()) {
            const std::string squashedKey = squashed(key);
            if (squashedKey == "sipserver" || squashedKey == "webserver" ||
                squashedKey == "runconfigscript") {
                throwUsage(fmt::format(
                               "{} does not go with -EmulateClient (check the answer's values with "
                               "-ExpectSipServer / -ExpectWebServer)",
                               wire::escapeForDisplay(key)),
                           "");
            }
            throwUsage(
                fmt::format("unknown switch '{}' for -EmulateClient", wire::escapeForDisplay(key)),
                "");
        }
        modern.push_back("--" + name + (eq == std::string::npos ? std::string() : word.substr(eq)));
        if (takesValue(name) && eq == std::string::npos && i + 1 < args.size()) {
            modern.push_back(args[++i]);
        }
    }
    return runEmulate(modern, out, err);
}

}  // namespace dhcplite::util
