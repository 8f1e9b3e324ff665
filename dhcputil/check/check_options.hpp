#pragma once
// The command line of `dhcputil check` → CheckSettings. Bad values throw wire::InputError
// (exit 65), an unreadable --ca-file CommandError(NoInput, 66), contradictions usage (64).
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "check/check_model.hpp"
#include "check/dns_rules.hpp"

namespace dhcplite::util::check {

struct CertsOnlyEndpoint {
    std::string host;  // FQDN or IPv4 literal
    std::uint16_t port = 443;
};

struct CheckSettings {
    bool help = false;
    bool dhcp = true;  // run the DHCP step (not --no-dhcp, and in --only)
    std::optional<std::string> interface;
    Targets targets;  // from --sip-server/--web-server/--port/--path (or the DHCP answer)
    bool portGiven = false, pathGiven = false;  // else the DHCP answer's option 43 decides
    std::string sipDomain;                      // --sip-domain; empty = derive from the pool FQDN
    std::string dhcpDomain;                     // --dhcp-domain or option 15
    std::vector<std::string> dnsServers;
    std::string caFile;
    int warnDays = 30;
    double timeout = 3.0;  // seconds per step
    bool json = false;
    std::set<Step> only{Step::Dhcp, Step::Dns, Step::Http, Step::Tls, Step::Ntp};
    std::vector<CertsOnlyEndpoint> certsOnly;

    bool runs(Step s) const { return only.count(s) != 0; }
};

CheckSettings parseCheckArgs(const std::vector<std::string>& args);

// "web.example.test:4443" → host and port (default 443); InputError on a bad name or port.
CertsOnlyEndpoint parseEndpoint(const std::string& text);

std::string checkHelp();

}  // namespace dhcplite::util::check
