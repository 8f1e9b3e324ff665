#pragma once
// The DNS adapter (c-ares): every query of a round goes out at once through one channel, and the
// round ends at one deadline, so a DNS server that never answers costs one --timeout, not one
// per record. What the answers mean is decided in dns_rules.cpp.
#include <chrono>
#include <string>
#include <vector>

#include "check/dns_rules.hpp"

namespace dhcplite::util::check {

class DnsClient {
public:
    // `servers`: IPv4 addresses; empty = the host's resolver configuration (/etc/resolv.conf).
    // Throws std::runtime_error when c-ares cannot start or a server is not an address.
    explicit DnsClient(const std::vector<std::string>& servers);
    ~DnsClient();
    DnsClient(const DnsClient&) = delete;
    DnsClient& operator=(const DnsClient&) = delete;

    // The servers the channel asks, "192.0.2.53, 192.0.2.54".
    std::string servers() const;

    // Sends every query, waits until all are answered or `deadline`; unanswered ones are
    // DnsStatus::Timeout. Results are added to `answers`.
    void lookup(const std::vector<DnsQuery>& queries,
                std::chrono::steady_clock::time_point deadline, DnsAnswers& answers);

private:
    struct Channel;
    Channel* channel_;
};

}  // namespace dhcplite::util::check
