#pragma once
// The control socket's request (docs/operation.md "Counters, stats and metrics"): one line,
// `stats`, `config` or `reload`, ended by '\n' or by the client closing its side, at most
// kMaxControlRequest bytes. Pure: the bytes received so far → wait for more, a request, or the
// error the client is told. The server reads at most kMaxControlRequest + 1 bytes, so whatever
// a client sends, this looks at no more.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace dhcplite::daemon {

inline constexpr std::size_t kMaxControlRequest = 256;

enum class ControlCommand : std::uint8_t { Stats, Config, Reload };
std::string_view controlCommandName(ControlCommand command);

struct ControlRequest {
    enum class State : std::uint8_t { NeedMore, Done, Bad };
    State state = State::NeedMore;
    ControlCommand command = ControlCommand::Stats;  // Done only
    std::string error;                               // Bad only: one line for the client
};

// `received`: every byte read so far; `closed`: the client has shut down its sending side (so
// no more bytes come). One optional '\r' before the '\n' and spaces around the word are allowed
// (`nc -C`, a typed line); bytes after the '\n' are not (one request per connection).
ControlRequest parseControlRequest(std::string_view received, bool closed);

}  // namespace dhcplite::daemon
