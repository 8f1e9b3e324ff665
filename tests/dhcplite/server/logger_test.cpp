// Log lines: the journald "<N>" form only on the journal's own stream, the plain form otherwise,
// and hostile bytes escaped so a packet can never forge a line or a key.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "logger.hpp"

using namespace dhcplite::daemon;

namespace {

std::string line(LogStyle style, LogLevel level, std::string_view message) {
    fmt::memory_buffer out;
    formatLine(out, style, level, message);
    return fmt::to_string(out);
}

}  // namespace

TEST_CASE("syslog priorities as sd-daemon.h defines them") {
    CHECK(syslogPriority(LogLevel::Error) == 3);
    CHECK(syslogPriority(LogLevel::Warning) == 4);
    CHECK(syslogPriority(LogLevel::Info) == 6);
    CHECK(syslogPriority(LogLevel::Debug) == 7);
}

TEST_CASE("JOURNAL_STREAM must name this very stream") {
    CHECK(isJournalStream("8:123456", 8, 123456));
    CHECK_FALSE(isJournalStream("8:123456", 8, 123457));
    CHECK_FALSE(isJournalStream("9:123456", 8, 123456));
    CHECK_FALSE(isJournalStream("", 8, 123456));
    CHECK_FALSE(isJournalStream("8", 8, 123456));
    CHECK_FALSE(isJournalStream("8:", 8, 0));
    CHECK_FALSE(isJournalStream(":0", 0, 0));
    CHECK_FALSE(isJournalStream("8:12x", 8, 12));
    CHECK_FALSE(isJournalStream("-8:12", 8, 12));
}

TEST_CASE("line forms") {
    CHECK(line(LogStyle::Journal, LogLevel::Info, "started config=/etc/x") ==
          "<6>started config=/etc/x\n");
    CHECK(line(LogStyle::Journal, LogLevel::Error, "x") == "<3>x\n");
    CHECK(line(LogStyle::Plain, LogLevel::Warning, "reload failed") == "warning: reload failed\n");
    CHECK(line(LogStyle::Plain, LogLevel::Debug, "d") == "debug: d\n");
}

TEST_CASE("control characters inside a message cannot start a new line") {
    CHECK(line(LogStyle::Journal, LogLevel::Info, "a\nb\rc\x1b[31m\x7f") ==
          "<6>a\\x0Ab\\x0Dc\\x1B[31m\\x7F\n");
}

TEST_CASE("quoted() makes untrusted values safe key=value fields") {
    CHECK(quoted(std::string_view("MS-UC-Client")) == "MS-UC-Client");
    CHECK(quoted(std::string_view("")) == "\"\"");
    CHECK(quoted(std::string_view("a b")) == "\"a b\"");
    CHECK(quoted(std::string_view("x=1")) == "\"x=1\"");
    // A vendor class trying to end the line and add a verdict of its own.
    const std::vector<std::uint8_t> hostile{'M', 'S', '\n', 'v', '=', '"', '\\', 0x00, 0xFF, 0x1B};
    CHECK(quoted(dhcplite::wire::ByteView(hostile)) == R"("MS\x0Av=\"\\\x00\xFF\x1B")");
    // Non-ASCII bytes never reach the log raw.
    CHECK(quoted(std::string_view("caf\xc3\xa9")) == "caf\\xC3\\xA9");
}

TEST_CASE("the level threshold, and write() that ignores it") {
    std::vector<std::string> lines;
    Logger log(LogLevel::Info, LogStyle::Plain, [&](std::string_view l) { lines.emplace_back(l); });
    log.debug("hidden {}", 1);
    log.info("shown n={}", 2);
    log.warning("w");
    log.error("e");
    CHECK(log.enabled(LogLevel::Info));
    CHECK_FALSE(log.enabled(LogLevel::Debug));
    log.setLevel(LogLevel::Error);
    log.warning("hidden too");
    log.write(LogLevel::Info, "counters received=0");
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "info: shown n=2\n");
    CHECK(lines[1] == "warning: w\n");
    CHECK(lines[2] == "error: e\n");
    CHECK(lines[3] == "info: counters received=0\n");
}
