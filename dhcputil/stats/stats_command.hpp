#pragma once
// `dhcputil stats`: what a running dhcplite counts, through its control socket
// (control_client.hpp), as a table (stats_table.hpp) or the daemon's JSON; `--config` and
// `--reload` send the other two requests.
#include <iosfwd>
#include <string>
#include <vector>

namespace dhcplite::util {

int runStats(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
std::string statsHelp();

}  // namespace dhcplite::util
