#include "check/http_rules.hpp"

#include <fmt/format.h>

#include "check/dns_rules.hpp"

namespace dhcplite::util::check {

std::string httpTargetName(const HttpTarget& t) { return fmt::format("{} @{}", t.url, t.address); }

DownloadTargets downloadTargets(const std::string& fqdn, const std::string& address,
                                const std::string& scheme, std::uint16_t port,
                                const std::string& path) {
    DownloadTargets d;
    d.targets.push_back(
        HttpTarget{fmt::format("http://{}{}", fqdn, path), fqdn, address, kHttpPort, false});
    if (scheme == "https" || scheme == "http") {
        d.targets.push_back(HttpTarget{fmt::format("{}://{}:{}{}", scheme, fqdn, port, path), fqdn,
                                       address, port, scheme == "https"});
    } else {
        d.unusable = fmt::format(
            "option 43's URL scheme \"{}\" is neither http nor https: the phone cannot fetch "
            "{}://{}:{}{}",
            scheme, scheme, fqdn, port, path);
    }
    return d;
}

Check evaluateHttp(const HttpTarget& t, const HttpOutcome& o) {
    Check c = okCheck(Step::Http, httpTargetName(t), "");
    c.measures.push_back({"time_us", o.micros});
    const std::string where = fmt::format("{}:{}", t.address, t.port);
    if (o.error != ConnectError::None) {
        c.status = Status::Fail;
        c.detail = o.errorText;
        c.fix = t.https
                    ? fmt::format("check the HTTPS binding of the web server on {}", where)
                    : fmt::format(
                          "phones download the root chain over HTTP first: serve the certificate "
                          "provisioning service on {} (port 80 binding)",
                          where);
        if (t.https) {
            c.detail =
                "\"Unable to locate Lync Certificate Web service\" on the phone: " + c.detail;
        } else {
            c.detail = "\"Error downloading certificate chain\" on the phone: " + c.detail;
        }
        return c;
    }
    c.measures.push_back(
        {"http_status", o.status});  // not "status": that key is the check's verdict
    const std::string seen =
        fmt::format("HTTP {} in {:.1f} ms", o.status, static_cast<double>(o.micros) / 1000);
    c.detail = seen;
    if (o.status >= 200 && o.status < 400) {
        return c;
    }
    if (o.status == 401) {
        c.detail = seen + " (authentication wanted: the service is there)";
        return c;
    }
    if (o.status == 404) {
        c.status = Status::Fail;
        c.detail = seen + ": no such path on the web server";
        c.fix =
            "check option 43 sub-option 5 (the path) against the web server's CertProv virtual "
            "directory";
        return c;
    }
    c.status = o.status >= 500 ? Status::Fail : Status::Warn;
    c.fix = fmt::format("look at the web server's log on {} for this request", where);
    return c;
}

}  // namespace dhcplite::util::check
