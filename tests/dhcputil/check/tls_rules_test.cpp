// What a phone accepts from a TLS server, from recorded certificate facts: the golden OK line,
// expiry (FAIL expired, WARN under --warn-days), the FQDN missing from the SAN, wildcards (FAIL on
// the registrar, WARN on the web server), an untrusted chain, SHA-1, short keys, connection errors.
#include <doctest/doctest.h>

#include "check/tls_rules.hpp"

using namespace dhcplite::util::check;

namespace {

constexpr long long kNow = 1796256000;  // 2026-12-03 00:00:00 UTC
constexpr long long kDay = 86400;

CertFacts good() {
    CertFacts c;
    c.subject = "CN=pool.example.test";
    c.issuer = "CN=Example Root";
    c.commonName = "pool.example.test";
    c.dnsNames = {"pool.example.test", "sip.example.test"};
    c.notBefore = kNow - 10 * kDay;
    c.notAfter = kNow + 200 * kDay;
    c.signatureAlgorithm = "sha256WithRSAEncryption";
    c.keyType = "RSA";
    c.keyBits = 2048;
    c.chainTrusted = true;
    return c;
}

TlsEndpoint registrar() {
    return TlsEndpoint{"pool.example.test", "192.0.2.12", 5061, Role::Registrar, {}};
}

TlsEndpoint web() {
    return TlsEndpoint{
        "web.example.test", "192.0.2.10", 443, Role::Web, {"ucupdates-r2.example.test"}};
}

TlsOutcome outcome(const CertFacts& c) {
    TlsOutcome o;
    o.cert = c;
    o.protocol = "TLSv1.2";
    o.micros = 1234;
    return o;
}

const TlsPolicy kPolicy{kNow, 30, "--ca-file ca.pem"};

}  // namespace

TEST_CASE("a good registrar certificate: OK with names, days left, issuer, key (golden)") {
    const Check c = evaluateTls(registrar(), outcome(good()), kPolicy);
    CHECK(c.status == Status::Ok);
    CHECK(c.step == Step::Tls);
    CHECK(c.target == "pool.example.test:5061 @192.0.2.12");
    CHECK(c.detail ==
          "registrar TLSv1.2: CN=pool.example.test; names pool.example.test, sip.example.test; 200 "
          "days "
          "left (until 2027-06-21); issuer CN=Example Root; RSA 2048, sha256WithRSAEncryption");
    CHECK(c.fix.empty());
    REQUIRE(c.measures.size() == 2);
    CHECK(c.measures[0].name == "time_us");
    CHECK(c.measures[0].value == 1234);
    CHECK(c.measures[1].name == "days_left");
    CHECK(c.measures[1].value == 200);
}

TEST_CASE(
    "expiry: FAIL when expired (naming the address), WARN under --warn-days, OK at the edge") {
    CertFacts c = good();
    c.notAfter = kNow - 3 * kDay;
    Check k = evaluateTls(registrar(), outcome(c), kPolicy);
    CHECK(k.status == Status::Fail);
    CHECK(k.detail == "registrar: expired 3 days ago (2026-11-30) [CN=pool.example.test]");
    CHECK(k.fix == "renew the certificate on 192.0.2.12 (pool.example.test:5061)");

    c.notAfter = kNow - 3600;
    CHECK(evaluateTls(registrar(), outcome(c), kPolicy).detail ==
          "registrar: expired today (2026-12-02) [CN=pool.example.test]");

    c.notAfter = kNow + 1 * kDay + 60;
    k = evaluateTls(registrar(), outcome(c), kPolicy);
    CHECK(k.status == Status::Warn);
    CHECK(k.detail ==
          "registrar: expires in 1 day (2026-12-04), under --warn-days 30 [CN=pool.example.test]");
    CHECK(k.fix ==
          "renew the certificate on 192.0.2.12 (pool.example.test:5061) before 2026-12-04");

    c.notAfter = kNow + 30 * kDay;
    CHECK(evaluateTls(registrar(), outcome(c), kPolicy).status == Status::Ok);
    c.notAfter = kNow + 30 * kDay - 1;
    CHECK(evaluateTls(registrar(), outcome(c), kPolicy).status == Status::Warn);

    c = good();
    c.notBefore = kNow + kDay;
    CHECK(evaluateTls(registrar(), outcome(c), kPolicy).status == Status::Fail);
}

TEST_CASE("the FQDN the phone uses must be in the SAN") {
    CertFacts c = good();
    c.dnsNames = {"other.example.test"};
    const Check k = evaluateTls(registrar(), outcome(c), kPolicy);
    CHECK(k.status == Status::Fail);
    CHECK(k.detail ==
          "registrar: pool.example.test is not among the certificate's names (other.example.test) "
          "[CN=pool.example.test]");
    CHECK(k.fix == "issue a certificate for 192.0.2.12 whose SAN holds pool.example.test");

    // Without a SAN extension the CN is all there is.
    c.dnsNames.clear();
    CHECK(evaluateTls(registrar(), outcome(c), kPolicy).status == Status::Ok);
}

TEST_CASE("wildcard: FAIL on the registrar, WARN on the web server") {
    CertFacts c = good();
    c.dnsNames = {"*.example.test"};
    Check k = evaluateTls(registrar(), outcome(c), kPolicy);
    CHECK(k.status == Status::Fail);
    CHECK(k.detail ==
          "registrar: wildcard certificate (*.example.test): Lync Phone Edition rejects it "
          "[CN=pool.example.test]");
    CHECK(k.fix ==
          "issue a certificate naming pool.example.test explicitly in its SAN, without a wildcard");

    c.dnsNames = {"*.example.test", "ucupdates-r2.example.test"};
    k = evaluateTls(web(), outcome(c), kPolicy);
    CHECK(k.status == Status::Warn);
    CHECK(k.target == "web.example.test:443 @192.0.2.10");
    CHECK(k.detail.starts_with("web server: wildcard certificate (*.example.test)"));
}

TEST_CASE("the web server's certificate should hold ucupdates-r2.<domain> too") {
    CertFacts c = good();
    c.dnsNames = {"web.example.test"};
    const Check k = evaluateTls(web(), outcome(c), kPolicy);
    CHECK(k.status == Status::Warn);
    CHECK(k.detail ==
          "web server: ucupdates-r2.example.test is not among the certificate's names (phone "
          "updates) "
          "[CN=pool.example.test]");
    CHECK(k.fix == "add ucupdates-r2.example.test to the SAN of the web server's certificate");
}

TEST_CASE("an untrusted chain is a FAIL; several problems: all said, the FAIL's fix first") {
    CertFacts c = good();
    c.chainTrusted = false;
    c.chainError = "unable to get local issuer certificate";
    c.issuer = "CN=Other CA";
    c.keyBits = 1024;
    c.sha1Signed = "CN=pool.example.test";
    const Check k = evaluateTls(registrar(), outcome(c), kPolicy);
    CHECK(k.status == Status::Fail);
    CHECK(
        k.detail ==
        "registrar: chain not trusted by --ca-file ca.pem: unable to get local issuer certificate "
        "(issuer CN=Other CA); SHA-1 signature on CN=pool.example.test; RSA key of 1024 bits "
        "(under "
        "2048) [CN=pool.example.test]");
    CHECK(k.fix ==
          "install a certificate issued by the phones' CA on 192.0.2.12 (pool.example.test:5061), "
          "or name "
          "that CA with --ca-file");
}

TEST_CASE("SHA-1 and short keys alone are warnings") {
    CertFacts c = good();
    c.sha1Signed = "CN=Example Issuing CA";
    Check k = evaluateTls(registrar(), outcome(c), kPolicy);
    CHECK(k.status == Status::Warn);
    CHECK(k.fix == "reissue the certificate with a SHA-256 signature");
    c = good();
    c.keyBits = 1024;
    k = evaluateTls(registrar(), outcome(c), kPolicy);
    CHECK(k.status == Status::Warn);
    CHECK(k.fix == "reissue the certificate with a key of at least 2048 bits");
    c.keyType = "EC";
    c.keyBits = 256;
    CHECK(evaluateTls(registrar(), outcome(c), kPolicy).status == Status::Ok);
}

TEST_CASE("connection failures: a FAIL with the reason and a fix per kind") {
    TlsOutcome o;
    o.error = ConnectError::Refused;
    o.errorText = "connection refused";
    Check k = evaluateTls(registrar(), o, kPolicy);
    CHECK(k.status == Status::Fail);
    CHECK(k.detail == "registrar: connection refused");
    CHECK(k.fix ==
          "start the TLS listener on 192.0.2.12:5061 or take 192.0.2.12 out of the DNS records for "
          "pool.example.test");
    o.error = ConnectError::Stalled;
    o.errorText = "TLS handshake did not finish within 1000 ms (server stalls)";
    k = evaluateTls(registrar(), o, kPolicy);
    CHECK(k.fix ==
          "192.0.2.12:5061 accepts TCP but does not answer TLS: check the service listening there");
    o.error = ConnectError::Timeout;
    k = evaluateTls(registrar(), o, kPolicy);
    CHECK(k.fix ==
          "check that 192.0.2.12:5061 is up and that no firewall drops TCP 5061 from the phones' "
          "subnet");
}

TEST_CASE("an endpoint given as an address is named once and has no name to check") {
    const TlsEndpoint e{"192.0.2.10", "192.0.2.10", 4443, Role::Web, {}};
    CHECK(endpointTarget(e) == "192.0.2.10:4443");
    CHECK(evaluateTls(e, outcome(good()), kPolicy).status == Status::Ok);
}

TEST_CASE("dates and day counts") {
    CHECK(isoDate(kNow) == "2026-12-03");
    CHECK(isoDate(0) == "1970-01-01");
    CHECK(dayCount(1) == "1 day");
    CHECK(dayCount(0) == "0 days");
    CHECK(dayCount(12) == "12 days");
}
