// The certificate download from recorded outcomes: status codes (2xx/3xx and 401 OK, 404 and
// 5xx FAIL, other 4xx WARN) and connection failures, with the phone's own error message.
#include <doctest/doctest.h>

#include "check/http_rules.hpp"

using namespace dhcplite::util::check;

namespace {
HttpTarget plain() {
    return HttpTarget{"http://web.example.test/CertProv/CertProvisioningService.svc",
                      "web.example.test", "192.0.2.10", 80, false};
}
HttpTarget secure() {
    return HttpTarget{"https://web.example.test:4443/CertProv/CertProvisioningService.svc",
                      "web.example.test", "192.0.2.10", 4443, true};
}
HttpOutcome status(long code) {
    HttpOutcome o;
    o.status = code;
    o.micros = 2500;
    return o;
}
}  // namespace

TEST_CASE("200: OK with the status and the time taken (golden)") {
    const Check c = evaluateHttp(plain(), status(200));
    CHECK(c.status == Status::Ok);
    CHECK(c.step == Step::Http);
    CHECK(c.target == "http://web.example.test/CertProv/CertProvisioningService.svc @192.0.2.10");
    CHECK(c.detail == "HTTP 200 in 2.5 ms");
    REQUIRE(c.measures.size() == 2);
    CHECK(c.measures[0].name == "time_us");
    CHECK(c.measures[0].value == 2500);
    CHECK(c.measures[1].name == "http_status");
    CHECK(c.measures[1].value == 200);
}

TEST_CASE("status codes") {
    CHECK(evaluateHttp(plain(), status(302)).status == Status::Ok);
    const Check auth = evaluateHttp(secure(), status(401));
    CHECK(auth.status == Status::Ok);
    CHECK(auth.detail == "HTTP 401 in 2.5 ms (authentication wanted: the service is there)");
    const Check missing = evaluateHttp(plain(), status(404));
    CHECK(missing.status == Status::Fail);
    CHECK(missing.detail == "HTTP 404 in 2.5 ms: no such path on the web server");
    CHECK(missing.fix ==
          "check option 43 sub-option 5 (the path) against the web server's CertProv virtual "
          "directory");
    const Check broken = evaluateHttp(plain(), status(503));
    CHECK(broken.status == Status::Fail);
    CHECK(broken.fix == "look at the web server's log on 192.0.2.10:80 for this request");
    CHECK(evaluateHttp(plain(), status(405)).status == Status::Warn);
}

TEST_CASE("no connection: FAIL with the phone's message and the binding to fix") {
    HttpOutcome o;
    o.error = ConnectError::Refused;
    o.errorText =
        "Failed to connect to web.example.test port 80 after 0 ms: Couldn't connect to server";
    Check c = evaluateHttp(plain(), o);
    CHECK(c.status == Status::Fail);
    CHECK(c.detail ==
          "\"Error downloading certificate chain\" on the phone: Failed to connect to "
          "web.example.test "
          "port 80 after 0 ms: Couldn't connect to server");
    CHECK(c.fix ==
          "phones download the root chain over HTTP first: serve the certificate provisioning "
          "service on "
          "192.0.2.10:80 (port 80 binding)");
    o.error = ConnectError::Timeout;
    o.errorText = "Connection timed out after 2001 milliseconds";
    c = evaluateHttp(secure(), o);
    CHECK(c.detail ==
          "\"Unable to locate Lync Certificate Web service\" on the phone: Connection timed out "
          "after "
          "2001 milliseconds");
    CHECK(c.fix == "check the HTTPS binding of the web server on 192.0.2.10:4443");
}

TEST_CASE("what the phone downloads: HTTP on port 80, then the option-43 URL in its own scheme") {
    const std::string path = "/CertProv/CertProvisioningService.svc";
    const DownloadTargets https =
        downloadTargets("web.example.test", "192.0.2.10", "https", 4443, path);
    REQUIRE(https.targets.size() == 2);
    CHECK(https.targets[0].url == "http://web.example.test/CertProv/CertProvisioningService.svc");
    CHECK(https.targets[0].port == 80);
    CHECK_FALSE(https.targets[0].https);
    CHECK(https.targets[1].url ==
          "https://web.example.test:4443/CertProv/CertProvisioningService.svc");
    CHECK(https.targets[1].port == 4443);
    CHECK(https.targets[1].https);
    CHECK(https.targets[1].address == "192.0.2.10");
    CHECK(https.unusable.empty());

    const DownloadTargets http =
        downloadTargets("web.example.test", "192.0.2.10", "http", 8080, path);
    REQUIRE(http.targets.size() == 2);
    CHECK(http.targets[1].url ==
          "http://web.example.test:8080/CertProv/CertProvisioningService.svc");
    CHECK(http.targets[1].port == 8080);
    CHECK_FALSE(http.targets[1].https);

    const DownloadTargets ftp = downloadTargets("web.example.test", "192.0.2.10", "ftp", 443, path);
    REQUIRE(ftp.targets.size() == 1);
    CHECK(ftp.unusable ==
          "option 43's URL scheme \"ftp\" is neither http nor https: the phone cannot fetch "
          "ftp://web.example.test:443/CertProv/CertProvisioningService.svc");
}
