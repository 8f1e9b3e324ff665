#include "check/http_client.hpp"

#include <array>
#include <memory>
#include <mutex>

#include <curl/curl.h>
#include <fmt/format.h>

namespace dhcplite::util::check {

namespace {

constexpr std::size_t kMaxBody = 1 << 20;  // a service page, not a download: stop after 1 MiB

std::size_t discard(char* /*data*/, std::size_t size, std::size_t n, void* seen) {
    auto* total = static_cast<std::size_t*>(seen);
    *total += size * n;
    return *total > kMaxBody ? 0 : size * n;
}

ConnectError classify(CURLcode rc) {
    switch (rc) {
    case CURLE_COULDNT_CONNECT: return ConnectError::Refused;
    case CURLE_OPERATION_TIMEDOUT: return ConnectError::Timeout;
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING: return ConnectError::Reset;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_WEIRD_SERVER_REPLY:
    case CURLE_UNSUPPORTED_PROTOCOL: return ConnectError::NotTls;
    default: return ConnectError::Other;
    }
}

std::once_flag gInit;

}  // namespace

void initHttp() {
    std::call_once(gInit, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

HttpOutcome httpGet(const HttpTarget& t, std::chrono::milliseconds timeout) {
    initHttp();
    HttpOutcome o;
    std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
    if (!curl) {
        o.error = ConnectError::Other;
        o.errorText = "cannot start libcurl";
        return o;
    }
    const std::string pin = fmt::format("{}:{}:{}", t.fqdn, t.port, t.address);
    std::unique_ptr<curl_slist, decltype(&curl_slist_free_all)> resolve(
        curl_slist_append(nullptr, pin.c_str()), curl_slist_free_all);
    std::array<char, CURL_ERROR_SIZE> error{};
    std::size_t seen = 0;
    CURL* c = curl.get();
    curl_easy_setopt(c, CURLOPT_URL, t.url.c_str());
    curl_easy_setopt(c, CURLOPT_RESOLVE, resolve.get());
    curl_easy_setopt(c, CURLOPT_NOPROXY, "*");
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout.count());
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "dhcputil-check");
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &seen);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error.data());
    const CURLcode rc = curl_easy_perform(c);
    curl_off_t micros = 0;
    curl_easy_getinfo(c, CURLINFO_TOTAL_TIME_T, &micros);
    o.micros = static_cast<long long>(micros);
    long status = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
    if (rc != CURLE_OK && !(rc == CURLE_WRITE_ERROR && status != 0)) {
        o.error = classify(rc);
        o.errorText = error[0] != '\0' ? std::string(error.data()) : curl_easy_strerror(rc);
        return o;
    }
    o.status = status;
    return o;
}

}  // namespace dhcplite::util::check
