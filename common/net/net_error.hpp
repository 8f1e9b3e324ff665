#pragma once
// A failure of a socket, capture or interface operation, said in the operation's own terms.
// dhcputil's engines (bench, emulate-client) throw it; only the command layer turns the kind
// into an exit code (dhcputil/commands/cli_support.hpp exitCodeFor), so no engine knows about
// exit codes. what() is the one-line message the user sees.
#include <cstdint>
#include <stdexcept>
#include <string>

namespace dhcplite::net {

class NetworkError : public std::runtime_error {
public:
    enum class Kind : std::uint8_t {
        NotPermitted,        // needs root or a capability (CAP_NET_RAW, a port below 1024)
        InterfaceMissing,    // the interface, or a route through it, is missing, down or unfit
        InterfaceAmbiguous,  // several interfaces qualify and none is the evident choice
        SocketFailed,        // a socket, bind, send or capture call failed
        CannotWrite,         // an output file (a capture file) cannot be written
        Internal,            // a library refused what we built (a capture filter, a handle)
    };

    NetworkError(Kind kind, const std::string& message)
        : std::runtime_error(message), kind_(kind) {}
    Kind kind() const noexcept { return kind_; }

private:
    Kind kind_;
};

}  // namespace dhcplite::net
