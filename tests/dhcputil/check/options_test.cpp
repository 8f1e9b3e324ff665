// The command line of `dhcputil check`: defaults, what each option sets, and the one-line errors
// with their exit codes (65 bad value, 66 unreadable --ca-file, 64 contradictions).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "check/check_options.hpp"
#include "commands/cli_support.hpp"
#include "support/expect.hpp"

using namespace dhcplite::util::check;
using dhcplite::util::CommandError;
using dhcplite::util::ExitCode;

namespace {
CommandError commandErrorOf(const std::vector<std::string>& args) {
    try {
        parseCheckArgs(args);
    } catch (const CommandError& e) {
        return e;
    }
    throw std::runtime_error("expected a CommandError");
}
}  // namespace

TEST_CASE("--no-dhcp with a SIP server: defaults for everything else") {
    const auto s = parseCheckArgs({"--no-dhcp", "--sip-server", "Pool.Example.Test."});
    CHECK_FALSE(s.dhcp);
    CHECK(s.targets.pool == "pool.example.test");
    CHECK(s.targets.web == "pool.example.test");  // the web server defaults to the SIP server
    CHECK(s.targets.webPort == 443);
    CHECK(s.targets.path == "/CertProv/CertProvisioningService.svc");
    CHECK(s.warnDays == 30);
    CHECK(s.timeout == 3.0);
    CHECK(s.dnsServers.empty());
    CHECK(s.caFile.empty());
    CHECK(s.runs(Step::Dns));
    CHECK(s.runs(Step::Ntp));
    CHECK_FALSE(s.json);
}

TEST_CASE("every value option") {
    const auto s = parseCheckArgs({"--no-dhcp",
                                   "--sip-server",
                                   "pool.example.test",
                                   "--web-server",
                                   "web.example.test",
                                   "--port",
                                   "4443",
                                   "--path",
                                   "/x",
                                   "--sip-domain",
                                   "example.test",
                                   "--dhcp-domain",
                                   "corp.test",
                                   "--ntp-server",
                                   "192.0.2.123",
                                   "--dns-server",
                                   "192.0.2.53",
                                   "--dns-server",
                                   "192.0.2.54",
                                   "--warn-days",
                                   "45",
                                   "--timeout",
                                   "0.5",
                                   "--only",
                                   "dns,tls",
                                   "--json"});
    CHECK(s.targets.web == "web.example.test");
    CHECK(s.targets.webPort == 4443);
    CHECK(s.targets.path == "/x");
    CHECK(s.sipDomain == "example.test");
    CHECK(s.dhcpDomain == "corp.test");
    CHECK(s.targets.ntpAddresses == std::vector<std::string>{"192.0.2.123"});
    CHECK(s.dnsServers == std::vector<std::string>{"192.0.2.53", "192.0.2.54"});
    CHECK(s.warnDays == 45);
    CHECK(s.timeout == 0.5);
    CHECK(s.runs(Step::Dns));
    CHECK(s.runs(Step::Tls));
    CHECK_FALSE(s.runs(Step::Http));
    CHECK(s.json);
}

TEST_CASE("--certs-only: endpoints with ports, only the TLS step") {
    const auto s = parseCheckArgs(
        {"--certs-only", "pool.example.test:5061", "192.0.2.10", "--warn-days", "60"});
    REQUIRE(s.certsOnly.size() == 2);
    CHECK(s.certsOnly[0].host == "pool.example.test");
    CHECK(s.certsOnly[0].port == 5061);
    CHECK(s.certsOnly[1].host == "192.0.2.10");
    CHECK(s.certsOnly[1].port == 443);
    CHECK_FALSE(s.dhcp);
    CHECK(s.only == std::set<Step>{Step::Tls});
    CHECK(commandErrorOf({"--certs-only", "a.example.test", "--sip-server", "b.example.test"})
              .code() == ExitCode::Usage);
}

TEST_CASE("bad values: one line naming the option (exit 65)") {
    using dhcplite::test::inputErrorOf;
    const auto port = inputErrorOf([] {
        parseCheckArgs({"--no-dhcp", "--sip-server", "p.example.test", "--port", "0"});
    });
    CHECK(port.field() == "--port");
    CHECK(port.reason() == "port 0 is not a usable port (1..65535)");
    const auto label = inputErrorOf([] {
        parseCheckArgs({"--no-dhcp", "--sip-server", "bad_label.example.test"});
    });
    CHECK(label.field() == "--sip-server");
    CHECK(label.reason() == "'_' is not allowed in a host name (letters, digits, '-')");
    CHECK(inputErrorOf([] {
              parseCheckArgs({"--certs-only", "pool.example.test:99999"});
          }).field() == "--certs-only");
    CHECK(inputErrorOf([] {
              parseCheckArgs({"--no-dhcp", "--sip-server", "p.t", "--dns-server", "dns.t"});
          }).field() == "--dns-server");
    CHECK(inputErrorOf([] {
              parseCheckArgs({"--no-dhcp", "--sip-server", "p.t", "--timeout", "0"});
          }).field() == "--timeout");
    CHECK(inputErrorOf([] {
              parseCheckArgs({"--no-dhcp", "--sip-server", "p.t", "--timeout", "1e3"});
          }).field() == "--timeout");
    CHECK(inputErrorOf([] {
              parseCheckArgs({"--no-dhcp", "--sip-server", "p.t", "--warn-days", "-1"});
          }).field() == "--warn-days");
    const auto only = inputErrorOf([] {
        parseCheckArgs({"--no-dhcp", "--sip-server", "p.t", "--only", "dns,web"});
    });
    CHECK(only.field() == "--only");
    CHECK(only.position() == 4);
}

TEST_CASE("an unreadable --ca-file: exit 66 naming the file") {
    const auto e = commandErrorOf(
        {"--no-dhcp", "--sip-server", "p.example.test", "--ca-file", "/nonexistent/ca.pem"});
    CHECK(e.code() == ExitCode::NoInput);
    CHECK(std::string(e.what()) ==
          "--ca-file '/nonexistent/ca.pem': cannot read it (No such file or directory)");
}

TEST_CASE("contradictions and missing values are usage errors (exit 64)") {
    CHECK(commandErrorOf({"--no-dhcp"}).code() == ExitCode::Usage);
    CHECK(commandErrorOf({"--only", "dns"}).code() ==
          ExitCode::Usage);  // no DHCP step, no --sip-server
    CHECK(commandErrorOf({"--interface", "eth0", "--no-dhcp", "--sip-server", "p.t"}).code() ==
          ExitCode::Usage);
    CHECK(commandErrorOf({"--no-dhcp", "--sip-server", "p.t", "--bogus"}).code() ==
          ExitCode::Usage);
}
