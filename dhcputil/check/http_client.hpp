#pragma once
// The HTTP adapter (libcurl): one GET of the certificate provisioning URL, pinned to one address
// (CURLOPT_RESOLVE, so the name is resolved by the DNS servers under test, not by this host), no
// proxy, no redirects followed, body discarded. Certificates are the TLS step's business: the
// HTTPS request does not verify them, it measures reachability, status and time.
#include <chrono>

#include "check/http_rules.hpp"

namespace dhcplite::util::check {

// Once, before any thread uses libcurl (curl_global_init is not thread-safe).
void initHttp();

HttpOutcome httpGet(const HttpTarget& target, std::chrono::milliseconds timeout);

}  // namespace dhcplite::util::check
