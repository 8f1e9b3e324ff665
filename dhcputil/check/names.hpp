#pragma once
// Name rules of the phone sign-in checks (docs/design.md §11): how a certificate's names are
// matched against the FQDN a phone uses, strict DNS naming of SRV targets, and the SIP domain
// derived from a pool FQDN. DNS names compare case-insensitively (RFC 4343), without the root dot.
#include <string>
#include <string_view>
#include <vector>

namespace dhcplite::util::check {

// Lower case, no trailing dot.
std::string normalName(std::string_view name);

// "pool.example.test" → "example.test"; a name of one label gives "".
std::string parentDomain(std::string_view fqdn);

// `name` is `domain` or lies below it (strict DNS naming: an SRV target in the SRV record's
// domain).
bool inDomain(std::string_view name, std::string_view domain);

bool isWildcard(std::string_view certName);

// RFC 6125 §6.4.3 as browsers apply it: '*' only as the whole leftmost label, matching exactly
// one label ("*.example.test" matches "a.example.test", not "example.test" or "a.b.example.test").
bool wildcardMatches(std::string_view pattern, std::string_view fqdn);

enum class NameMatch { Exact, Wildcard, None };
// How `fqdn` is covered by the certificate's names: an exact entry wins over a wildcard.
NameMatch matchName(std::string_view fqdn, const std::vector<std::string>& certNames);

// "a, b, c" (at most `limit` names, then "… (+N more)").
std::string joinNames(const std::vector<std::string>& names, std::size_t limit = 6);

// Dotted-quad IPv4 literal.
bool isIpv4Literal(std::string_view text);

}  // namespace dhcplite::util::check
