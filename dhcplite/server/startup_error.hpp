#pragma once
// A reason not to start (or to stop at once), with the sysexits code main() returns for it.
// Thrown only before the event loop runs; the loop itself never gives up on a packet error.
#include <stdexcept>
#include <string>

#include "util/exit_codes.hpp"
#include "util/os_error.hpp"

namespace dhcplite::daemon {

class StartupError : public std::runtime_error {
public:
    StartupError(util::ExitCode code, const std::string& message)
        : std::runtime_error(message), code_(code) {}
    util::ExitCode code() const noexcept { return code_; }

private:
    util::ExitCode code_;
};

using util::describeErrno;  // "EADDRINUSE (Address already in use)" (util/os_error.hpp)

}  // namespace dhcplite::daemon
