#include "check/dns_parse.hpp"

#include <array>
#include <climits>
#include <utility>

#include <ares.h>
#include <arpa/inet.h>
#include <netdb.h>

#include "check/names.hpp"

namespace dhcplite::util::check {

namespace {

DnsAnswer parseA(const unsigned char* buf, int len, const std::string& name) {
    DnsAnswer a;
    hostent* host = nullptr;
    std::array<ares_addrttl, 32> ttls{};
    int n = static_cast<int>(ttls.size());
    const int rc = ares_parse_a_reply(buf, len, &host, ttls.data(), &n);
    if (rc != ARES_SUCCESS) {
        a.status = rc == ARES_ENODATA ? DnsStatus::NoData : DnsStatus::Error;
        a.error = ares_strerror(rc);
        return a;
    }
    for (int i = 0; i < n; ++i) {
        std::array<char, INET_ADDRSTRLEN> text{};
        ::inet_ntop(AF_INET, &ttls[static_cast<std::size_t>(i)].ipaddr, text.data(), text.size());
        a.addresses.emplace_back(text.data());
    }
    if (host != nullptr && host->h_name != nullptr && normalName(host->h_name) != name) {
        a.canonical = normalName(host->h_name);
    }
    if (host != nullptr) {
        ares_free_hostent(host);
    }
    a.status = a.addresses.empty() ? DnsStatus::NoData : DnsStatus::Ok;
    return a;
}

DnsAnswer parseSrv(const unsigned char* buf, int len) {
    DnsAnswer a;
    ares_srv_reply* srv = nullptr;
    const int rc = ares_parse_srv_reply(buf, len, &srv);
    if (rc != ARES_SUCCESS) {
        a.status = rc == ARES_ENODATA ? DnsStatus::NoData : DnsStatus::Error;
        a.error = ares_strerror(rc);
        return a;
    }
    for (const ares_srv_reply* r = srv; r != nullptr; r = r->next) {
        std::string target = normalName(r->host);
        // Target "." (RFC 2782): the service is decidedly not offered here. No host to look up
        // or connect to; only such records amount to no record.
        if (!target.empty()) {
            a.srv.push_back(SrvRecord{r->priority, r->weight, r->port, std::move(target)});
        }
    }
    ares_free_data(srv);
    a.status = a.srv.empty() ? DnsStatus::NoData : DnsStatus::Ok;
    return a;
}

}  // namespace

DnsAnswer parseDnsAnswer(QType type, wire::ByteView message, const std::string& name) {
    if (message.size() > INT_MAX) {
        DnsAnswer a;
        a.status = DnsStatus::Error;
        a.error = "DNS message too long";
        return a;
    }
    const auto* buf = message.data();
    const int len = static_cast<int>(message.size());
    return type == QType::A ? parseA(buf, len, name) : parseSrv(buf, len);
}

}  // namespace dhcplite::util::check
