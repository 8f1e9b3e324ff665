#pragma once
// The certificate download of phone start-up (docs/design.md §11, step 1): the phone fetches the
// root chain over plain HTTP on port 80 first, then talks HTTPS to the option-43 URL. Pure: the
// libcurl adapter (http_client.cpp) fills HttpOutcome; the status codes are judged here.
#include <cstdint>
#include <string>
#include <vector>

#include "check/check_model.hpp"
#include "check/tls_rules.hpp"

namespace dhcplite::util::check {

struct HttpTarget {
    std::string url;      // "http://web.example.test/CertProv/CertProvisioningService.svc"
    std::string fqdn;     // Host: header, and the name pinned to `address`
    std::string address;  // the address connected to
    std::uint16_t port = 80;
    bool https = false;
};

struct HttpOutcome {
    ConnectError error = ConnectError::None;
    std::string errorText;
    long status = 0;  // HTTP status code when a response came
    long long micros = 0;
};

// "http://web.example.test:80/CertProv/… @192.0.2.20"
std::string httpTargetName(const HttpTarget& t);

// What the phone fetches from one address of the web server: the root chain over plain HTTP on
// port 80, then the option-43 URL as option 43 spells it — `scheme` (sub-option 2, lower-cased)
// decides HTTP or HTTPS there. A scheme that is neither gives no second target: `unusable` then
// says why, for a FAIL line.
struct DownloadTargets {
    std::vector<HttpTarget> targets;
    std::string unusable;  // "" or "option 43's URL scheme \"ftp\" is neither http nor https"
};
DownloadTargets downloadTargets(const std::string& fqdn, const std::string& address,
                                const std::string& scheme, std::uint16_t port,
                                const std::string& path);

Check evaluateHttp(const HttpTarget& target, const HttpOutcome& outcome);

}  // namespace dhcplite::util::check
