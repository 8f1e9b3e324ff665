#include "check/dns_parse.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <climits>
#include <string_view>
#include <utility>

#include <ares.h>
#include <arpa/inet.h>
#include <fmt/format.h>
#include <netdb.h>

#include "check/names.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util::check {

namespace {

constexpr std::size_t kMaxNameOctets = 255;  // RFC 1035 §2.3.4, on the wire

// The wire length of a name in c-ares' text form, where "\." and "\DDD" stand for one octet:
// the labels' octets, a length octet per label and the root. c-ares follows compression pointers
// without this limit, so a crafted answer can hand back a longer name.
std::size_t wireOctets(std::string_view text) {
    if (text.empty() || text == ".") {
        return 1;
    }
    std::size_t octets = 0;
    for (std::size_t i = 0; i < text.size(); ++i, ++octets) {
        if (text[i] == '\\') {
            const bool decimal =
                i + 3 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1])) != 0;
            i += decimal ? 3 : 1;
        }
    }
    return octets + (text.back() == '.' ? 1 : 2);  // the first label's length octet, the root
}

// A host name a phone can look up and connect to: letters, digits, '-' and '_' in non-empty
// labels (RFC 1123 §2.1; '_' for service names). c-ares shows any other byte as an escape.
bool isHostName(std::string_view text) {
    if (text.ends_with('.')) {
        text.remove_suffix(1);
    }
    if (text.empty() || text.starts_with('.') || text.find("..") != std::string_view::npos) {
        return false;
    }
    return std::all_of(text.begin(), text.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '-' || c == '_' || c == '.';
    });
}

DnsAnswer notHostName(std::string_view what, std::string_view text) {
    DnsAnswer a;
    a.status = DnsStatus::Error;
    a.error = fmt::format("{} \"{}\" is not a host name", what, wire::escapeForDisplay(text));
    return a;
}

DnsAnswer overlong(std::string_view what, std::string_view text) {
    DnsAnswer a;
    a.status = DnsStatus::Error;
    a.error = fmt::format("{} of {} octets (a DNS name has at most {})", what, wireOctets(text),
                          kMaxNameOctets);
    return a;
}

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
    const std::string canonical = host != nullptr && host->h_name != nullptr ? host->h_name : "";
    if (host != nullptr) {
        ares_free_hostent(host);
    }
    if (wireOctets(canonical) > kMaxNameOctets) {
        return overlong("canonical name", canonical);
    }
    if (!canonical.empty() && !isHostName(canonical)) {
        return notHostName("canonical name", canonical);
    }
    if (!canonical.empty() && normalName(canonical) != name) {
        a.canonical = normalName(canonical);
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
        if (wireOctets(r->host) > kMaxNameOctets) {
            const std::string host = r->host;
            ares_free_data(srv);
            return overlong("SRV target", host);
        }
        const std::string_view host = r->host;
        if (!host.empty() && host != "." && !isHostName(host)) {  // "" or ".": the root (below)
            const std::string shown(host);
            ares_free_data(srv);
            return notHostName("SRV target", shown);
        }
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
