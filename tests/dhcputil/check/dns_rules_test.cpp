// The DNS step from recorded answers: which queries go out, and the checks (golden text) for a
// healthy domain, a missing SRV record, an SRV target in another domain or not resolving, option
// 120 naming another pool, an unresolvable pool FQDN, and a server that answers nothing.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "check/dns_rules.hpp"
#include "check/render.hpp"

using namespace dhcplite::util::check;

namespace {

DnsAnswer addresses(std::vector<std::string> a) {
    DnsAnswer r;
    r.status = DnsStatus::Ok;
    r.addresses = std::move(a);
    return r;
}

DnsAnswer srv(std::string target, std::uint16_t port) {
    DnsAnswer r;
    r.status = DnsStatus::Ok;
    r.srv.push_back(SrvRecord{0, 0, port, std::move(target)});
    return r;
}

DnsAnswer status(DnsStatus s) {
    DnsAnswer r;
    r.status = s;
    return r;
}

Targets targets() {
    Targets t;
    t.pool = "pool.example.test";
    t.web = "web.example.test";
    t.webPort = 4443;
    t.domains = {"example.test"};
    return t;
}

// Every record of a healthy deployment, as a server would answer.
DnsAnswers healthy() {
    DnsAnswers a;
    for (const auto& q : firstRoundQueries(targets())) {
        a[q] = status(DnsStatus::NxDomain);
    }
    a[{"lyncdiscoverinternal.example.test", QType::A}] = addresses({"192.0.2.10"});
    a[{"lyncdiscover.example.test", QType::A}] = addresses({"192.0.2.10"});
    a[{"_sipinternaltls._tcp.example.test", QType::Srv}] = srv("pool.example.test", 5061);
    a[{"sip.example.test", QType::A}] = addresses({"192.0.2.11"});
    a[{"_ntp._udp.example.test", QType::Srv}] = srv("ntp.example.test", 123);
    a[{"ntp.example.test", QType::A}] = addresses({"192.0.2.123"});
    a[{"ucupdates-r2.example.test", QType::A}] = addresses({"192.0.2.10"});
    a[{"pool.example.test", QType::A}] = addresses({"192.0.2.11", "192.0.2.12"});
    a[{"web.example.test", QType::A}] = addresses({"192.0.2.10"});
    return a;
}

std::string text(const std::vector<Check>& checks) {
    Report r;
    r.checks = checks;
    return renderText(r);
}

}  // namespace

TEST_CASE("round 1 asks every record of the lookup order; round 2 the SRV targets") {
    Targets t = targets();
    t.domains.push_back("corp.test");  // option 15: only ucupdates-r2 there
    std::string asked;
    for (const auto& q : firstRoundQueries(t)) {
        asked += q.name + (q.type == QType::A ? " A\n" : " SRV\n");
    }
    CHECK(asked ==
          "lyncdiscoverinternal.example.test A\n"
          "lyncdiscover.example.test A\n"
          "_sipinternaltls._tcp.example.test SRV\n"
          "_sipinternal._tcp.example.test SRV\n"
          "_sip._tls.example.test SRV\n"
          "sipinternal.example.test A\n"
          "sip.example.test A\n"
          "sipexternal.example.test A\n"
          "_ntp._udp.example.test SRV\n"
          "ucupdates-r2.example.test A\n"
          "ucupdates-r2.corp.test A\n"
          "pool.example.test A\n"
          "web.example.test A\n");

    DnsAnswers a = healthy();
    a.erase({"ntp.example.test", QType::A});
    a[{"_sip._tls.example.test", QType::Srv}] = srv("Edge.Example.Test.", 443);
    const auto second = secondRoundQueries(a);
    REQUIRE(second.size() == 2);
    CHECK(second[0] == DnsQuery{"ntp.example.test", QType::A});
    CHECK(second[1] == DnsQuery{"edge.example.test", QType::A});
}

TEST_CASE("healthy records: every line OK (golden)") {
    CHECK(text(evaluateDns(targets(), healthy(), "192.0.2.53", 2)) ==
          "OK    dns   lyncdiscoverinternal.example.test A: 192.0.2.10\n"
          "OK    dns   lyncdiscover.example.test A: 192.0.2.10\n"
          "OK    dns   _sipinternaltls._tcp.example.test SRV: pool.example.test:5061 (priority 0, "
          "weight 0)\n"
          "OK    dns   _sipinternal._tcp.example.test SRV: NXDOMAIN: TCP is not offered\n"
          "OK    dns   _sip._tls.example.test SRV: NXDOMAIN: no external sign-in published\n"
          "OK    dns   sipinternal/sip/sipexternal.example.test A: sip.example.test → 192.0.2.11; "
          "not found: "
          "sipinternal.example.test, sipexternal.example.test\n"
          "OK    dns   _ntp._udp.example.test SRV: ntp.example.test:123 (priority 0, weight 0)\n"
          "OK    dns   ntp.example.test (SRV _ntp._udp.example.test): resolves to 192.0.2.123\n"
          "OK    dns   ucupdates-r2.example.test A: 192.0.2.10\n"
          "OK    dns   pool.example.test A: pool FQDN (option 120): 192.0.2.11, 192.0.2.12\n"
          "OK    dns   web.example.test A: web server FQDN (option 43): 192.0.2.10\n"
          "\n"
          "Result: OK (11 ok, 0 warnings, 0 failed, 0 skipped); exit 0\n");
}

TEST_CASE("no _sipinternaltls SRV: WARN with the record to add (FAIL without a pool FQDN)") {
    DnsAnswers a = healthy();
    a[{"_sipinternaltls._tcp.example.test", QType::Srv}] = status(DnsStatus::NoData);
    const auto checks = evaluateDns(targets(), a, "192.0.2.53", 2);
    CHECK(checks[2].status == Status::Warn);
    CHECK(checks[2].target == "_sipinternaltls._tcp.example.test SRV");
    CHECK(checks[2].detail == "no SRV record: phones fall back to option 120 (pool.example.test)");
    CHECK(checks[2].fix ==
          "add _sipinternaltls._tcp.example.test. SRV 0 0 5061 pool.example.test.");
    CHECK(verdict(checks) == Status::Warn);

    Targets noPool = targets();
    noPool.pool.clear();
    const auto without = evaluateDns(noPool, a, "192.0.2.53", 2);
    CHECK(without[2].status == Status::Fail);
    CHECK(without[2].fix == "add _sipinternaltls._tcp.example.test. SRV 0 0 5061 <pool FQDN>.");
}

TEST_CASE("an SRV target outside the record's domain is a WARN; one that does not resolve a FAIL") {
    Targets t = targets();
    t.pool = "pool.other.test";
    DnsAnswers a = healthy();
    a[{"_sipinternaltls._tcp.example.test", QType::Srv}] = srv("pool.other.test", 5061);
    a[{"pool.other.test", QType::A}] = addresses({"192.0.2.11"});
    a[{"_ntp._udp.example.test", QType::Srv}] = srv("ntp.gone.example.test", 123);
    a[{"ntp.gone.example.test", QType::A}] = status(DnsStatus::NxDomain);
    const std::string out = text(evaluateDns(t, a, "192.0.2.53", 2));
    CHECK(out.find("WARN  dns   pool.other.test (SRV _sipinternaltls._tcp.example.test): target "
                   "pool.other.test is "
                   "outside example.test (strict DNS naming)\n"
                   "            fix: point _sipinternaltls._tcp.example.test at a host name in "
                   "example.test, or relax "
                   "strict DNS naming by group policy\n") != std::string::npos);
    CHECK(out.find("FAIL  dns   ntp.gone.example.test (SRV _ntp._udp.example.test): target does "
                   "not resolve: "
                   "NXDOMAIN\n"
                   "            fix: add an A record for ntp.gone.example.test, or point "
                   "_ntp._udp.example.test at a "
                   "host that has one\n") != std::string::npos);
}

TEST_CASE("option 120 naming another pool than the SRV record is a WARN") {
    Targets t = targets();
    DnsAnswers a = healthy();
    a[{"_sipinternaltls._tcp.example.test", QType::Srv}] = srv("pool2.example.test", 5061);
    a[{"pool2.example.test", QType::A}] = addresses({"192.0.2.21"});
    const auto checks = evaluateDns(t, a, "192.0.2.53", 2);
    const auto it = std::find_if(checks.begin(), checks.end(), [](const Check& c) {
        return c.target == "pool.example.test vs _sipinternaltls._tcp.example.test";
    });
    REQUIRE(it != checks.end());
    CHECK(it->status == Status::Warn);
    CHECK(it->detail ==
          "option 120 names pool.example.test, the SRV record pool2.example.test:5061 (priority 0, "
          "weight 0)");
    CHECK(it->fix == "make option 120 and _sipinternaltls._tcp.example.test name the same pool");
}

TEST_CASE("a pool FQDN that does not resolve is a FAIL naming the record to add") {
    DnsAnswers a = healthy();
    a[{"pool.example.test", QType::A}] = status(DnsStatus::NxDomain);
    const auto checks = evaluateDns(targets(), a, "192.0.2.53", 2);
    const auto it = std::find_if(checks.begin(), checks.end(),
                                 [](const Check& c) { return c.target == "pool.example.test A"; });
    REQUIRE(it != checks.end());
    CHECK(it->status == Status::Fail);
    CHECK(it->detail == "pool FQDN (option 120) does not resolve: NXDOMAIN");
    CHECK(it->fix == "add an A record for pool.example.test (one per front end of a pool)");
    CHECK(registrars(targets(), a, 2).front().why == "NXDOMAIN");
}

TEST_CASE("a server that answers nothing: one FAIL line, not one per record") {
    DnsAnswers a;
    for (const auto& q : firstRoundQueries(targets())) {
        a[q] = status(DnsStatus::Timeout);
    }
    CHECK(text(evaluateDns(targets(), a, "192.0.2.54", 1.5)) ==
          "FAIL  dns   192.0.2.54: no answer from 192.0.2.54 within 1.5 s (12 queries)\n"
          "            fix: check that the DNS server runs and answers on UDP/TCP 53 from the "
          "phones' subnet, or name "
          "the right one with --dns-server\n"
          "\n"
          "Result: FAIL (0 ok, 0 warnings, 1 failed, 0 skipped); exit 2\n");
}

TEST_CASE(
    "a server that cannot be asked (ICMP refused): one FAIL line with the resolver's reason") {
    DnsAnswers a;
    DnsAnswer refused = status(DnsStatus::Error);
    refused.error = "Could not contact DNS servers";
    a[{"pool.example.test", QType::A}] = refused;
    const auto checks = evaluateDns(targets(), a, "192.0.2.99", 2);
    REQUIRE(checks.size() == 1);
    CHECK(checks[0].status == Status::Fail);
    CHECK(checks[0].detail == "no answer from 192.0.2.99: Could not contact DNS servers (1 query)");
}

TEST_CASE(
    "registrars and NTP servers to probe: pool on 5061, SRV targets on their ports, options 42/4") {
    Targets t = targets();
    t.ntpAddresses = {"198.51.100.5"};
    DnsAnswers a = healthy();
    a[{"_sip._tls.example.test", QType::Srv}] = srv("edge.example.test", 443);
    a[{"edge.example.test", QType::A}] = addresses({"203.0.113.7"});
    const auto regs = registrars(t, a, 2);
    REQUIRE(regs.size() == 2);  // the SRV's pool.example.test:5061 is the pool itself
    CHECK(regs[0].fqdn == "pool.example.test");
    CHECK(regs[0].port == 5061);
    CHECK(regs[0].addresses == std::vector<std::string>{"192.0.2.11", "192.0.2.12"});
    CHECK(regs[1].fqdn == "edge.example.test");
    CHECK(regs[1].port == 443);
    const auto ntp = ntpServers(t, a, 2);
    REQUIRE(ntp.size() == 2);
    CHECK(ntp[0].fqdn == "ntp.example.test");
    CHECK(ntp[0].addresses == std::vector<std::string>{"192.0.2.123"});
    CHECK(ntp[1].fqdn == "198.51.100.5");
    CHECK(ntp[1].addresses == std::vector<std::string>{"198.51.100.5"});
}
