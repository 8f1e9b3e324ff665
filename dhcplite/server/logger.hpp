#pragma once
// Log lines on stderr, journald-friendly: with the syslog priority prefix "<N>" (sd-daemon.h
// SD_ERR/SD_WARNING/SD_INFO/SD_DEBUG) when stderr is the journal stream systemd connected,
// else "level: message". Messages are a short text then key=value pairs; every value that came
// from outside (packet bytes, file names, error texts) goes through quoted(). One write(2) per
// line, so lines from one process never interleave.
#include <fmt/format.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <utility>

#include "config/config.hpp"
#include "wire/bytes.hpp"

namespace dhcplite::daemon {

using config::LogLevel;

enum class LogStyle : std::uint8_t { Plain, Journal };

// 3, 4, 6, 7: LOG_ERR, LOG_WARNING, LOG_INFO, LOG_DEBUG (syslog(3), sd-daemon(3)).
int syslogPriority(LogLevel level) noexcept;

// systemd.exec(5): JOURNAL_STREAM is "<st_dev>:<st_ino>" of the stream it connected to
// stdout/stderr. Only when our stderr is that very stream do we use the "<N>" form; a daemon
// started from a shell that inherited the variable must not print "<6>" to a terminal.
bool isJournalStream(std::string_view journalStreamEnv, std::uint64_t dev,
                     std::uint64_t ino) noexcept;
LogStyle detectLogStyle(int fd);  // from getenv("JOURNAL_STREAM") and fstat(fd)

// Appends one complete line (with '\n') to `out`. Control characters inside `message` become
// \xNN: our own texts have none, and this keeps any that slip through from forging a line.
void formatLine(fmt::memory_buffer& out, LogStyle style, LogLevel level, std::string_view message);

// An untrusted value for a key=value field: wire::escapeForDisplay (printable ASCII kept, '\\'
// and '"' escaped, the rest \xNN), in double quotes when empty or when it has a space or '=',
// so a value can never look like another key.
std::string quoted(std::string_view untrusted);
std::string quoted(wire::ByteView untrusted);

class Logger {
public:
    using Sink = std::function<void(std::string_view line)>;

    // An empty sink writes to fd 2.
    Logger(LogLevel level, LogStyle style, Sink sink = {});

    LogLevel level() const noexcept { return level_; }
    void setLevel(LogLevel level) noexcept { level_ = level; }
    bool enabled(LogLevel level) const noexcept {
        return static_cast<int>(level) <= static_cast<int>(level_);
    }

    template <typename... Args>
    void log(LogLevel level, fmt::format_string<Args...> format, Args&&... args) {
        if (!enabled(level)) {
            return;
        }
        fmt::memory_buffer message;
        fmt::format_to(std::back_inserter(message), format, std::forward<Args>(args)...);
        write(level, std::string_view(message.data(), message.size()));
    }
    template <typename... Args>
    void error(fmt::format_string<Args...> format, Args&&... args) {
        log(LogLevel::Error, format, std::forward<Args>(args)...);
    }
    template <typename... Args>
    void warning(fmt::format_string<Args...> format, Args&&... args) {
        log(LogLevel::Warning, format, std::forward<Args>(args)...);
    }
    template <typename... Args>
    void info(fmt::format_string<Args...> format, Args&&... args) {
        log(LogLevel::Info, format, std::forward<Args>(args)...);
    }
    template <typename... Args>
    void debug(fmt::format_string<Args...> format, Args&&... args) {
        log(LogLevel::Debug, format, std::forward<Args>(args)...);
    }

    // Writes whatever the threshold, with `priority` as its level (the counters on SIGUSR1:
    // an admin who sends the signal wants the answer even at log-level error).
    void write(LogLevel priority, std::string_view message);

private:
    LogLevel level_;
    LogStyle style_;
    Sink sink_;
};

}  // namespace dhcplite::daemon
