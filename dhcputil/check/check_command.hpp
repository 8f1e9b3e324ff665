#pragma once
// `dhcputil check`: the phone sign-in doctor (docs/design.md §11).
#include <iosfwd>
#include <string>
#include <vector>

namespace dhcplite::util {

// The arguments after "check". Exit status: 0 OK, 1 warnings, 2 a FAIL (Nagios/Icinga);
// usage and input errors throw like the other subcommands.
int runCheck(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

std::string checkHelpText();

}  // namespace dhcplite::util
