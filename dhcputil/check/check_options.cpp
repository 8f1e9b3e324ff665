#include "check/check_options.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <fmt/format.h>

#include "check/names.hpp"
#include "commands/cli_support.hpp"
#include "wire/dns_name.hpp"
#include "wire/errors.hpp"

namespace dhcplite::util::check {

namespace po = boost::program_options;

namespace {

constexpr double kMinTimeout = 0.1, kMaxTimeout = 60.0;
constexpr int kMaxWarnDays = 3650;

po::options_description checkOptions() {
    po::options_description what("What to check");
    what.add_options()("interface", po::value<std::string>()->value_name("IF"),
                       "run the DHCP step there, as emulate-client does, and take options "
                       "120/43/15/42/4 from the answer")(
        "no-dhcp", "skip the DHCP step; the values come from --sip-server, --web-server, --port")(
        "sip-server", po::value<std::string>()->value_name("FQDN"), "the pool FQDN (option 120)")(
        "web-server", po::value<std::string>()->value_name("FQDN"),
        "the web server of option 43 (default: the SIP server)")(
        "port", po::value<std::string>()->value_name("N"),
        "the web server's HTTPS port of option 43 (default 443)")(
        "path", po::value<std::string>()->value_name("P"),
        "the certificate provisioning path of option 43 (default "
        "/CertProv/CertProvisioningService.svc)")(
        "sip-domain", po::value<std::string>()->value_name("D"),
        "the users' SIP domain (default: the pool FQDN without its first label)")(
        "dhcp-domain", po::value<std::string>()->value_name("D"),
        "the DNS domain DHCP gives (option 15), checked for ucupdates-r2 too")(
        "ntp-server", po::value<std::vector<std::string>>()->value_name("IP")->composing(),
        "an NTP server of options 42/4 (repeatable; with --no-dhcp)")(
        "certs-only",
        po::value<std::vector<std::string>>()->value_name("HOST[:PORT]")->multitoken()->composing(),
        "only the TLS step, for these endpoints (port default 443; 5061 is checked as a "
        "registrar)");
    po::options_description how("How");
    how.add_options()(
        "dns-server", po::value<std::vector<std::string>>()->value_name("IP")->composing(),
        "ask this DNS server (repeatable; default: the host's resolver, /etc/resolv.conf)")(
        "ca-file", po::value<std::string>()->value_name("PEM"),
        "the CA certificate(s) the phones get (default: the system store)")(
        "warn-days", po::value<std::string>()->value_name("N"),
        "warn when a certificate expires within N days (30)")(
        "timeout", po::value<std::string>()->value_name("S"), "seconds per step (default 3)")(
        "only", po::value<std::string>()->value_name("LIST"),
        "run only these steps: dhcp,dns,http,tls,ntp")("json", "print one JSON object")(
        "help,h", "show this help");
    po::options_description all;
    all.add(what).add(how);
    return all;
}

double parseSeconds(const std::string& text) {
    std::size_t used = 0;
    double v = 0;
    try {
        v = std::stod(text, &used);
    } catch (const std::exception&) {
        used = 0;
    }
    if (used == 0 || used != text.size() ||
        text.find_first_not_of("0123456789.") != std::string::npos) {
        throw wire::InputError("not a number of seconds (e.g. 3 or 0.5)", text, 0, "--timeout");
    }
    if (v < kMinTimeout || v > kMaxTimeout) {
        throw wire::InputError(
            fmt::format("out of range ({:g}..{:g} seconds)", kMinTimeout, kMaxTimeout), text, 0,
            "--timeout");
    }
    return v;
}

int parseDays(const std::string& text) {
    if (text.empty() || text.size() > 5 ||
        text.find_first_not_of("0123456789") != std::string::npos ||
        std::stoi(text) > kMaxWarnDays) {
        throw wire::InputError(fmt::format("a number of days 0..{}", kMaxWarnDays), text, 0,
                               "--warn-days");
    }
    return std::stoi(text);
}

std::string fqdn(const std::string& text, const std::string& field) {
    try {
        wire::validateFqdn(text);
    } catch (const wire::InputError& e) {
        throw e.withField(field);
    }
    return normalName(text);
}

std::string ipv4(const std::string& text, const std::string& field) {
    if (!isIpv4Literal(text)) {
        throw wire::InputError("not an IPv4 address", text, 0, field);
    }
    return text;
}

std::set<Step> parseOnly(const std::string& text) {
    std::set<Step> steps;
    std::size_t start = 0;
    while (start <= text.size()) {
        const auto comma = text.find(',', start);
        const std::string word =
            text.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        bool known = false;
        for (Step s : {Step::Dhcp, Step::Dns, Step::Http, Step::Tls, Step::Ntp}) {
            if (word == stepName(s)) {
                steps.insert(s);
                known = true;
            }
        }
        if (!known) {
            throw wire::InputError("steps are dhcp, dns, http, tls, ntp (comma-separated)", text,
                                   start, "--only");
        }
        if (comma == std::string::npos) {
            break;
        }
        start = comma + 1;
    }
    return steps;
}

void requireReadable(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        throw CommandError(ExitCode::NoInput, fmt::format("--ca-file '{}': cannot read it ({})",
                                                          path, std::strerror(errno)));
    }
}

}  // namespace

CertsOnlyEndpoint parseEndpoint(const std::string& text) {
    CertsOnlyEndpoint e;
    const auto colon = text.rfind(':');
    std::string host = text.substr(0, colon);
    if (colon != std::string::npos) {
        e.port = parsePort(text.substr(colon + 1), "--certs-only");
    }
    e.host = isIpv4Literal(host) ? host : fqdn(host, "--certs-only");
    return e;
}

CheckSettings parseCheckArgs(const std::vector<std::string>& args) {
    const auto parsed = parseArgs(args, checkOptions(), Syntax::Modern, "check");
    const auto& v = parsed.values;
    CheckSettings s;
    const auto has = [&](const char* name) { return v.count(name) != 0; };
    const auto text = [&](const char* name) { return v[name].as<std::string>(); };
    const auto list = [&](const char* name) {
        return has(name) ? v[name].as<std::vector<std::string>>() : std::vector<std::string>{};
    };
    if (has("help")) {
        s.help = true;
        return s;
    }
    if (has("only")) {
        s.only = parseOnly(text("only"));
    }
    for (const auto& server : list("dns-server")) {
        s.dnsServers.push_back(ipv4(server, "--dns-server"));
    }
    if (has("ca-file")) {
        s.caFile = text("ca-file");
        requireReadable(s.caFile);
    }
    if (has("warn-days")) {
        s.warnDays = parseDays(text("warn-days"));
    }
    if (has("timeout")) {
        s.timeout = parseSeconds(text("timeout"));
    }
    s.json = has("json");
    if (has("certs-only")) {
        for (const char* other : {"interface", "no-dhcp", "sip-server", "web-server", "port",
                                  "path", "sip-domain", "dhcp-domain", "ntp-server", "only"}) {
            if (has(other)) {
                throwUsage(
                    fmt::format(
                        "--certs-only checks only the endpoints named; --{} does not go with it",
                        other),
                    "check");
            }
        }
        for (const auto& e : list("certs-only")) {
            s.certsOnly.push_back(parseEndpoint(e));
        }
        s.dhcp = false;
        s.only = {Step::Tls};
        return s;
    }
    s.dhcp = !has("no-dhcp") && s.runs(Step::Dhcp);
    if (has("interface") && has("no-dhcp")) {
        throwUsage("--interface runs the DHCP step, --no-dhcp skips it: give one of them", "check");
    }
    if (has("interface")) {
        s.interface = text("interface");
    }
    if (has("sip-server")) {
        s.targets.pool = fqdn(text("sip-server"), "--sip-server");
    }
    if (has("web-server")) {
        s.targets.web = fqdn(text("web-server"), "--web-server");
    }
    if (has("port")) {
        s.targets.webPort = parsePort(text("port"), "--port");
        s.portGiven = true;
    }
    if (has("path")) {
        s.targets.path = text("path");
        s.pathGiven = true;
        if (!s.targets.path.starts_with("/")) {
            throw wire::InputError("a path starts with '/'", s.targets.path, 0, "--path");
        }
    }
    if (has("sip-domain")) {
        s.sipDomain = fqdn(text("sip-domain"), "--sip-domain");
    }
    if (has("dhcp-domain")) {
        s.dhcpDomain = fqdn(text("dhcp-domain"), "--dhcp-domain");
    }
    for (const auto& ntp : list("ntp-server")) {
        s.targets.ntpAddresses.push_back(ipv4(ntp, "--ntp-server"));
    }
    if (!s.dhcp && s.targets.pool.empty()) {
        throwUsage(
            "without the DHCP step, --sip-server FQDN names the pool to check (or --certs-only "
            "HOST)",
            "check");
    }
    if (s.targets.web.empty() && !s.dhcp) {
        s.targets.web = s.targets.pool;  // as encode does; with DHCP, option 43 names it
    }
    return s;
}

std::string checkHelp() {
    return renderHelp(
        "dhcputil check [--interface IF | --no-dhcp --sip-server FQDN [--web-server FQDN] [--port "
        "N]]\n"
        "               [--sip-domain D] [--dns-server IP]... [--ca-file PEM] [--warn-days N]\n"
        "               [--timeout S] [--only dhcp,dns,http,tls,ntp] [--json]\n"
        "       dhcputil check --certs-only HOST[:PORT]... [--dns-server IP] [--ca-file PEM] "
        "[--warn-days N]",
        "Walks the path a Lync / Skype for Business phone takes to sign in, from this host on the\n"
        "phones' subnet: the DHCP answers (options 120 and 43), the DNS records phones and "
        "clients\n"
        "look up, the certificate download (HTTP on port 80, then HTTPS on the option-43 URL), TLS "
        "on\n"
        "the web server and on the registrar (5061 and each SRV target) at every address the "
        "names\n"
        "resolve to (chain, names, wildcard, expiry, SHA-1, key size), and the NTP servers. One "
        "line\n"
        "per check: OK, WARN, FAIL or SKIP, what was seen, and for anything not OK the fix.\n"
        "Exit status (the Nagios/Icinga plugin convention, so it runs unchanged as a monitoring\n"
        "check): 0 all OK; 1 warnings only; 2 at least one FAIL. 64 usage; 65 bad value; 66\n"
        "unreadable --ca-file; 69 interface missing; 77 not root for the DHCP step.",
        checkOptions());
}

}  // namespace dhcplite::util::check
