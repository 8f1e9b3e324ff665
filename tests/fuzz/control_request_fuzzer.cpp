// Fuzz target "control_request": parseControlRequest (the control socket's request line) on any
// bytes, as the daemon feeds it: every prefix of what a client sent, the last one also with the
// client's side closed. Properties:
//   - it throws nothing;
//   - a request is Done only for a line that is, spaces and one CR aside, exactly one of the
//     three words, with at most one '\n' and nothing after it;
//   - Bad carries a one-line error of bounded size that says something; Done and NeedMore none;
//   - NeedMore only while no '\n' came, the client has not closed, and the bytes fit the limit;
//   - once a prefix is Done or Bad, every longer prefix gives no other command (the server
//     stops reading at the first verdict, so what follows can never change it).
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "dhcplite/control_request.hpp"
#include "fuzz_check.hpp"

namespace {

using dhcplite::daemon::ControlCommand;
using dhcplite::daemon::controlCommandName;
using dhcplite::daemon::ControlRequest;
using dhcplite::daemon::kMaxControlRequest;
using dhcplite::daemon::parseControlRequest;
using State = ControlRequest::State;

// The line's word as the parser should see it: "" unless the input is one well-formed line.
std::string expectedWord(std::string_view in) {
    const std::size_t nl = in.find('\n');
    if (nl != std::string_view::npos && nl + 1 != in.size()) return {};
    std::string_view line = in.substr(0, nl);
    if (line.size() > kMaxControlRequest) return {};
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    while (!line.empty() && line.back() == ' ') line.remove_suffix(1);
    return std::string(line);
}

void checkOne(std::string_view in, bool closed) {
    const ControlRequest r = parseControlRequest(in, closed);
    const bool hasNewline = in.find('\n') != std::string_view::npos;
    switch (r.state) {
    case State::NeedMore:
        FUZZ_CHECK(!closed && !hasNewline && in.size() <= kMaxControlRequest,
                   "NeedMore for {} bytes (closed {}, newline {})", in.size(), closed, hasNewline);
        FUZZ_CHECK(r.error.empty(), "NeedMore with an error '{}'", r.error);
        break;
    case State::Done:
        FUZZ_CHECK(expectedWord(in) == controlCommandName(r.command), "Done as '{}' for '{}'",
                   controlCommandName(r.command), expectedWord(in));
        FUZZ_CHECK(closed || hasNewline, "Done before the line ended");
        FUZZ_CHECK(r.error.empty(), "Done with an error '{}'", r.error);
        break;
    case State::Bad:
        FUZZ_CHECK(
            !r.error.empty() && r.error.find('\n') == std::string::npos && r.error.size() < 400,
            "error of {} bytes, or empty, or more than one line", r.error.size());
        for (const ControlCommand c :
             {ControlCommand::Stats, ControlCommand::Config, ControlCommand::Reload}) {
            FUZZ_CHECK(expectedWord(in) != controlCommandName(c), "Bad for a good request '{}'",
                       expectedWord(in));
        }
        break;
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    // The server never hands the parser more than kMaxControlRequest + 1 bytes; longer input is
    // still parsed in one piece below, to hold the properties beyond that too.
    std::optional<ControlRequest> first;
    const std::size_t prefixes = std::min(size, kMaxControlRequest + 1);
    for (std::size_t n = 0; n <= prefixes; ++n) {
        const std::string_view in = all.substr(0, n);
        checkOne(in, false);
        const ControlRequest r = parseControlRequest(in, false);
        if (!first && r.state != State::NeedMore) {
            first = r;
        } else if (first && first->state == State::Done && r.state == State::Done) {
            FUZZ_CHECK(r.command == first->command, "a longer prefix changed the command");
        }
    }
    checkOne(all, true);
    checkOne(all, false);
    return 0;
}
