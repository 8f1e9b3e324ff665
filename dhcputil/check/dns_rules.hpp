#pragma once
// The DNS records a phone and a Lync / Skype for Business client look up (docs/design.md §11),
// which queries to send, and what the answers mean. Pure: dns_client.cpp sends the queries
// (all at once, one deadline) and fills DnsAnswers; everything else is decided here.
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "check/check_model.hpp"

namespace dhcplite::util::check {

enum class QType { A, Srv };

enum class DnsStatus { Ok, NxDomain, NoData, Timeout, Error };

struct SrvRecord {
    std::uint16_t priority = 0, weight = 0, port = 0;
    std::string target;
};

struct DnsAnswer {
    DnsStatus status = DnsStatus::Timeout;
    std::vector<std::string> addresses;  // A: dotted quads
    std::string canonical;               // A: the name after CNAMEs (empty when none)
    std::vector<SrvRecord> srv;          // SRV: in the server's order
    std::string error;                   // Error: the resolver's text
};

struct DnsQuery {
    std::string name;  // normalName
    QType type = QType::A;
    auto operator<=>(const DnsQuery&) const = default;
};

using DnsAnswers = std::map<DnsQuery, DnsAnswer>;

// What the checks are about: from the DHCP answers or the command line.
struct Targets {
    std::string pool;  // option 120 / --sip-server (may be empty in --certs-only)
    std::string web;   // option 43 sub-option 3 / --web-server
    std::uint16_t webPort = 443;
    std::string scheme = "https";  // option 43 sub-option 2, lower-cased (the option-43 URL's)
    std::string path = "/CertProv/CertProvisioningService.svc";
    std::vector<std::string> domains;       // the SIP domain first, then option 15's if different
    std::vector<std::string> ntpAddresses;  // options 42 / 4 (or --ntp-server), IPv4 literals
};

inline constexpr std::uint16_t kSipTlsPort = 5061;  // registrar on a pool (docs/design.md §11)
inline constexpr std::uint16_t kHttpPort = 80;      // the phone's first, plain-HTTP download
inline constexpr std::uint16_t kNtpPort = 123;      // RFC 5905

// Round 1: every record of the lookup order for every domain, and the pool and web FQDNs.
std::vector<DnsQuery> firstRoundQueries(const Targets& t);
// Round 2: A records of the SRV targets that round 1 did not already ask for.
std::vector<DnsQuery> secondRoundQueries(const DnsAnswers& answers);

// The DNS step's checks. `servers` names the DNS servers for messages ("192.0.2.53").
std::vector<Check> evaluateDns(const Targets& t, const DnsAnswers& answers,
                               const std::string& servers, double timeoutSeconds);

// "NXDOMAIN", "no A record", "no answer within 2 s", the resolver's error.
std::string describeFailure(const DnsAnswer& a, QType type, double timeoutSeconds);

// A name to connect to and its addresses (empty when it did not resolve; `why` then says so).
struct Resolved {
    std::string fqdn;
    std::uint16_t port = 0;
    std::vector<std::string> addresses;
    std::string why;
};

// The addresses of `name` from the answers (an IPv4 literal is its own address).
Resolved resolve(const DnsAnswers& answers, const std::string& name, std::uint16_t port,
                 double timeoutSeconds);

// The registrars to check over TLS: the pool on 5061, each target of _sipinternaltls._tcp and
// _sip._tls of the SIP domain on its SRV port (duplicates removed).
std::vector<Resolved> registrars(const Targets& t, const DnsAnswers& answers,
                                 double timeoutSeconds);
// The NTP servers: _ntp._udp targets of the SIP domain, then the options 42/4 addresses.
std::vector<Resolved> ntpServers(const Targets& t, const DnsAnswers& answers,
                                 double timeoutSeconds);

}  // namespace dhcplite::util::check
