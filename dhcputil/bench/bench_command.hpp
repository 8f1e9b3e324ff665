#pragma once
// `dhcputil bench`: load-test a DHCP server with MS-UC-Client DHCPINFORMs. The engine is
// bench_engine, the numbers bench_stats, the packets bench_traffic, the output bench_report.
#include <iosfwd>
#include <string>
#include <vector>

namespace dhcplite::util {

int runBench(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);
std::string benchHelp();

}  // namespace dhcplite::util
