// The report as text (one line per check, the fix below it, the result line) and as JSON, golden.
#include <doctest/doctest.h>

#include "check/http_rules.hpp"
#include "check/render.hpp"

using namespace dhcplite::util::check;

namespace {
Report sample() {
    Report r;
    r.notes.push_back({"sip_domain", "SIP domain", "example.test (--sip-domain)"});
    r.notes.push_back({"dns_servers", "DNS servers", "192.0.2.53 (--dns-server)"});
    r.checks.push_back(okCheck(Step::Dns, "pool.example.test A", "192.0.2.11"));
    Check tls = problem(Step::Tls, "pool.example.test:5061 @192.0.2.12", Status::Fail,
                        "registrar: expired 3 days ago (2026-11-30)",
                        "renew the certificate on 192.0.2.12");
    tls.measures.push_back({"days_left", -3});
    r.checks.push_back(tls);
    r.checks.push_back(
        problem(Step::Ntp, "time", Status::Warn, "no NTP server answered", "make one reachable"));
    r.checks.push_back(
        problem(Step::Tls, "web.example.test:443", Status::Skip, "no address (NXDOMAIN)", ""));
    r.timings.push_back({"dns", 1500});
    r.timings.push_back({"total", 20000});
    return r;
}
}  // namespace

TEST_CASE("text: notes, one line per check, fixes indented, the result and exit code") {
    CHECK(renderText(sample()) ==
          "SIP domain  : example.test (--sip-domain)\n"
          "DNS servers : 192.0.2.53 (--dns-server)\n"
          "\n"
          "OK    dns   pool.example.test A: 192.0.2.11\n"
          "FAIL  tls   pool.example.test:5061 @192.0.2.12: registrar: expired 3 days ago "
          "(2026-11-30)\n"
          "            fix: renew the certificate on 192.0.2.12\n"
          "WARN  ntp   time: no NTP server answered\n"
          "            fix: make one reachable\n"
          "SKIP  tls   web.example.test:443: no address (NXDOMAIN)\n"
          "\n"
          "Result: FAIL (1 ok, 1 warning, 1 failed, 1 skipped); exit 2\n");
}

TEST_CASE("JSON: result, exit code, notes, checks with their measures, timings") {
    CHECK(renderJson(sample()) ==
          "{\n"
          "  \"result\": \"fail\",\n"
          "  \"exit_code\": 2,\n"
          "  \"sip_domain\": \"example.test (--sip-domain)\",\n"
          "  \"dns_servers\": \"192.0.2.53 (--dns-server)\",\n"
          "  \"checks\": [\n"
          "    {\n"
          "      \"step\": \"dns\",\n"
          "      \"target\": \"pool.example.test A\",\n"
          "      \"status\": \"ok\",\n"
          "      \"detail\": \"192.0.2.11\",\n"
          "      \"fix\": \"\"\n"
          "    },\n"
          "    {\n"
          "      \"step\": \"tls\",\n"
          "      \"target\": \"pool.example.test:5061 @192.0.2.12\",\n"
          "      \"status\": \"fail\",\n"
          "      \"detail\": \"registrar: expired 3 days ago (2026-11-30)\",\n"
          "      \"fix\": \"renew the certificate on 192.0.2.12\",\n"
          "      \"days_left\": -3\n"
          "    },\n"
          "    {\n"
          "      \"step\": \"ntp\",\n"
          "      \"target\": \"time\",\n"
          "      \"status\": \"warn\",\n"
          "      \"detail\": \"no NTP server answered\",\n"
          "      \"fix\": \"make one reachable\"\n"
          "    },\n"
          "    {\n"
          "      \"step\": \"tls\",\n"
          "      \"target\": \"web.example.test:443\",\n"
          "      \"status\": \"skip\",\n"
          "      \"detail\": \"no address (NXDOMAIN)\",\n"
          "      \"fix\": \"\"\n"
          "    }\n"
          "  ],\n"
          "  \"timings_us\": {\n"
          "    \"dns\": 1500,\n"
          "    \"total\": 20000\n"
          "  }\n"
          "}\n");
}

TEST_CASE("an empty report is OK") {
    CHECK(renderText(Report{}) == "\nResult: OK (0 ok, 0 warnings, 0 failed, 0 skipped); exit 0\n");
}

TEST_CASE(
    "JSON: every measured value of every step is a key of its own beside the check's fields") {
    // The HTTP status code once went out as "status", the check's own verdict key.
    Report r;
    HttpTarget t{"http://web.example.test/CertProv/CertProvisioningService.svc", "web.example.test",
                 "192.0.2.20", 80, false};
    HttpOutcome o;
    o.status = 200;
    o.micros = 1500;
    r.checks.push_back(evaluateHttp(t, o));
    const std::string json = renderJson(r);
    CHECK(json.find("\"status\": \"ok\"") != std::string::npos);
    CHECK(json.find("\"http_status\": 200") != std::string::npos);
}
