#include "check/http_rules.hpp"

#include <fmt/format.h>

namespace dhcplite::util::check {

std::string httpTargetName(const HttpTarget& t) {
    return fmt::format("{} @{}", t.url, t.address);
}

Check evaluateHttp(const HttpTarget& t, const HttpOutcome& o) {
    Check c = okCheck(Step::Http, httpTargetName(t), "");
    c.measures.push_back({"time_us", o.micros});
    const std::string where = fmt::format("{}:{}", t.address, t.port);
    if (o.error != ConnectError::None) {
        c.status = Status::Fail;
        c.detail = o.errorText;
        c.fix = t.https ? fmt::format("check the HTTPS binding of the web server on {}", where)
                        : fmt::format("phones download the root chain over HTTP first: serve the certificate "
                                      "provisioning service on {} (port 80 binding)",
                                      where);
        if (t.https) {
            c.detail = "\"Unable to locate Lync Certificate Web service\" on the phone: " + c.detail;
        } else {
            c.detail = "\"Error downloading certificate chain\" on the phone: " + c.detail;
        }
        return c;
    }
    c.measures.push_back({"http_status", o.status});  // not "status": that key is the check's verdict
    const std::string seen = fmt::format("HTTP {} in {:.1f} ms", o.status, static_cast<double>(o.micros) / 1000);
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
        c.fix = "check option 43 sub-option 5 (the path) against the web server's CertProv virtual directory";
        return c;
    }
    c.status = o.status >= 500 ? Status::Fail : Status::Warn;
    c.fix = fmt::format("look at the web server's log on {} for this request", where);
    return c;
}

}  // namespace dhcplite::util::check
