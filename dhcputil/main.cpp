// dhcputil: everything happens in runDhcputil (dhcputil_core), so tests can run it in-process.
#include <cstdio>
#include <exception>
#include <iostream>
#include <string>
#include <vector>

#include "commands/commands.hpp"
#include "util/exit_codes.hpp"

int main(int argc, char** argv) {
    using dhcplite::util::ExitCode;
    using dhcplite::util::toInt;
    try {
        const std::vector<std::string> args(argv + (argc > 0 ? 1 : 0), argv + argc);
        const int rc = dhcplite::util::runDhcputil(args, std::cout, std::cerr);
        std::cout.flush();
        if (!std::cout) {
            std::fputs("dhcputil: cannot write to standard output\n", stderr);
            return toInt(ExitCode::OsErr);
        }
        return rc;
    } catch (...) {
        // runDhcputil catches everything itself; this is for a failure while setting up.
        std::fputs("dhcputil: internal error\n", stderr);
        return toInt(ExitCode::Software);
    }
}
