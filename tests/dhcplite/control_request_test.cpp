// The control socket's request parser: every request, and every kind of bad input.
#include <doctest/doctest.h>

#include <string>
#include <utility>
#include <vector>

#include "dhcplite/control_request.hpp"

using namespace dhcplite::daemon;
using State = ControlRequest::State;

namespace {

ControlRequest parse(std::string_view bytes, bool closed = false) {
    return parseControlRequest(bytes, closed);
}

}  // namespace

TEST_CASE("each request, with a newline, CRLF, spaces, or ended by the client closing") {
    for (const auto& [text, command] :
         {std::pair{"stats", ControlCommand::Stats}, std::pair{"config", ControlCommand::Config},
          std::pair{"reload", ControlCommand::Reload}}) {
        CAPTURE(text);
        const std::string word(text);
        for (const auto& [bytes, closed] :
             {std::pair{word + "\n", false}, std::pair{word + "\r\n", false},
              std::pair{"  " + word + " \n", false}, std::pair{word, true},
              std::pair{word + "\n", true}}) {
            CAPTURE(bytes);
            const ControlRequest r = parse(bytes, closed);
            CHECK(r.state == State::Done);
            CHECK(r.command == command);
            CHECK(r.error.empty());
        }
        CHECK(controlCommandName(command) == text);
    }
}

TEST_CASE("an unfinished line waits for more, up to the limit") {
    CHECK(parse("").state == State::NeedMore);
    CHECK(parse("sta").state == State::NeedMore);
    CHECK(parse("stats").state == State::NeedMore);  // "statsx" may follow
    CHECK(parse(std::string(kMaxControlRequest, 's')).state == State::NeedMore);
}

TEST_CASE("bad requests: each with its one-line error") {
    struct Case {
        std::string bytes;
        bool closed;
        std::string error;
    };
    const std::string tooLong(kMaxControlRequest + 1, 'a');
    const std::vector<Case> cases = {
        {"", true, "empty request; send one of stats, config, reload"},
        {"\n", false, "empty request; send one of stats, config, reload"},
        {"   \r\n", false, "empty request; send one of stats, config, reload"},
        {"STATS\n", false, "unknown request 'STATS'; send one of stats, config, reload"},
        {"stat\n", false, "unknown request 'stat'; send one of stats, config, reload"},
        {"stats now\n", false, "unknown request 'stats now'; send one of stats, config, reload"},
        {"GET / HTTP/1.1\r\n", false,
         "unknown request 'GET / HTTP/1.1'; send one of stats, config, reload"},
        {"stats", true, ""},  // (fine; kept to show the contrast with the next)
        {"stats\nconfig\n", false, "bytes after the request line; send one request per connection"},
        {"stats\n\n", false, "bytes after the request line; send one request per connection"},
        {std::string("sta\0ts\n", 7), false, "request byte 3 is 0x00, not printable ASCII"},
        {"st\rats\n", false, "request byte 2 is 0x0D, not printable ASCII"},
        {"stats\t\n", false, "request byte 5 is 0x09, not printable ASCII"},
        {"\xC3\xA9\n", false, "request byte 0 is 0xC3, not printable ASCII"},
        {"\x7F", true, "request byte 0 is 0x7F, not printable ASCII"},
        {tooLong, false, "request longer than 256 bytes"},
        {tooLong, true, "request longer than 256 bytes"},
        {tooLong + "\n", false, "request longer than 256 bytes"},
        {std::string(1 << 20, 'x'), false, "request longer than 256 bytes"},
    };
    for (const Case& c : cases) {
        CAPTURE(c.bytes.substr(0, 40));
        const ControlRequest r = parse(c.bytes, c.closed);
        if (c.error.empty()) {
            CHECK(r.state == State::Done);
            continue;
        }
        CHECK(r.state == State::Bad);
        CHECK(r.error == c.error);
        CHECK(r.error.find('\n') == std::string::npos);
    }
}

TEST_CASE("the limit counts the line, not its newline") {
    const std::string word = std::string(kMaxControlRequest - 6, ' ') + "config";
    CHECK(parse(word + "\n").state == State::Done);
    CHECK(parse(word, true).state == State::Done);
    CHECK(parse(" " + word + "\n").state == State::Bad);
}
