#include "dhcplite/control_request.hpp"

#include <fmt/format.h>

#include <array>

namespace dhcplite::daemon {
namespace {

ControlRequest bad(std::string error) {
    ControlRequest r;
    r.state = ControlRequest::State::Bad;
    r.error = std::move(error);
    return r;
}

std::string_view trimmed(std::string_view text) {
    while (!text.empty() && text.front() == ' ') {
        text.remove_prefix(1);
    }
    while (!text.empty() && text.back() == ' ') {
        text.remove_suffix(1);
    }
    return text;
}

constexpr std::array<ControlCommand, 3> kCommands{ControlCommand::Stats, ControlCommand::Config,
                                                  ControlCommand::Reload};

ControlRequest judgeLine(std::string_view line) {
    if (!line.empty() && line.back() == '\r') {
        line.remove_suffix(1);  // CRLF
    }
    for (std::size_t i = 0; i < line.size(); ++i) {
        const auto c = static_cast<unsigned char>(line[i]);
        if (c < 0x20 || c >= 0x7F) {
            return bad(fmt::format("request byte {} is 0x{:02X}, not printable ASCII", i, c));
        }
    }
    const std::string_view word = trimmed(line);
    if (word.empty()) {
        return bad("empty request; send one of stats, config, reload");
    }
    for (const ControlCommand command : kCommands) {
        if (word == controlCommandName(command)) {
            ControlRequest r;
            r.state = ControlRequest::State::Done;
            r.command = command;
            return r;
        }
    }
    // Printable by now, and at most kMaxControlRequest bytes: safe to echo.
    return bad(fmt::format("unknown request '{}'; send one of stats, config, reload", word));
}

}  // namespace

std::string_view controlCommandName(ControlCommand command) {
    switch (command) {
    case ControlCommand::Stats: return "stats";
    case ControlCommand::Config: return "config";
    case ControlCommand::Reload: return "reload";
    }
    return "unknown";
}

ControlRequest parseControlRequest(std::string_view received, bool closed) {
    const std::size_t newline = received.find('\n');
    const std::size_t lineEnd = newline == std::string_view::npos ? received.size() : newline;
    if (lineEnd > kMaxControlRequest) {
        return bad(fmt::format("request longer than {} bytes", kMaxControlRequest));
    }
    if (newline == std::string_view::npos) {
        if (!closed) {
            return {};  // NeedMore
        }
    } else if (newline + 1 < received.size()) {
        return bad("bytes after the request line; send one request per connection");
    }
    return judgeLine(received.substr(0, lineEnd));
}

}  // namespace dhcplite::daemon
