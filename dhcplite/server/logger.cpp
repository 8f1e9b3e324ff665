#include "logger.hpp"

#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstdlib>
#include <optional>

#include "wire/hex.hpp"

namespace dhcplite::daemon {
namespace {

bool needsQuotes(std::string_view escaped) noexcept {
    return escaped.empty() || escaped.find_first_of(" =") != std::string_view::npos;
}

std::string wrap(std::string escaped) {
    if (!needsQuotes(escaped)) {
        return escaped;
    }
    std::string out;
    out.reserve(escaped.size() + 2);
    out += '"';
    out += escaped;
    out += '"';
    return out;
}

std::optional<std::uint64_t> parseDecimal(std::string_view text) noexcept {
    std::uint64_t value = 0;
    const auto* end = text.data() + text.size();
    auto [ptr, ec] = std::from_chars(text.data(), end, value);
    if (ec != std::errc{} || ptr != end || text.empty()) {
        return std::nullopt;
    }
    return value;
}

void writeAll(int fd, std::string_view line) noexcept {
    while (!line.empty()) {
        const auto n = ::write(fd, line.data(), line.size());
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;  // nowhere left to report a logging failure; the daemon keeps serving
        }
        line.remove_prefix(static_cast<std::size_t>(n));
    }
}

}  // namespace

int syslogPriority(LogLevel level) noexcept {
    switch (level) {
    case LogLevel::Error: return 3;
    case LogLevel::Warning: return 4;
    case LogLevel::Info: return 6;
    case LogLevel::Debug: return 7;
    }
    return 6;
}

bool isJournalStream(std::string_view env, std::uint64_t dev, std::uint64_t ino) noexcept {
    const auto colon = env.find(':');
    if (colon == std::string_view::npos) {
        return false;
    }
    const auto envDev = parseDecimal(env.substr(0, colon));
    const auto envIno = parseDecimal(env.substr(colon + 1));
    return envDev && envIno && *envDev == dev && *envIno == ino;
}

LogStyle detectLogStyle(int fd) {
    const char* env = std::getenv("JOURNAL_STREAM");
    struct stat st {};
    if (env == nullptr || ::fstat(fd, &st) != 0) {
        return LogStyle::Plain;
    }
    return isJournalStream(env, std::uint64_t{st.st_dev}, std::uint64_t{st.st_ino})
               ? LogStyle::Journal
               : LogStyle::Plain;
}

void formatLine(fmt::memory_buffer& out, LogStyle style, LogLevel level, std::string_view message) {
    if (style == LogStyle::Journal) {
        fmt::format_to(std::back_inserter(out), "<{}>", syslogPriority(level));
    } else {
        fmt::format_to(std::back_inserter(out), "{}: ", config::logLevelName(level));
    }
    for (const char c : message) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f) {
            fmt::format_to(std::back_inserter(out), "\\x{:02X}", byte);
        } else {
            out.push_back(c);
        }
    }
    out.push_back('\n');
}

std::string quoted(std::string_view untrusted) { return wrap(wire::escapeForDisplay(untrusted)); }
std::string quoted(wire::ByteView untrusted) { return wrap(wire::escapeForDisplay(untrusted)); }

Logger::Logger(LogLevel level, LogStyle style, Sink sink)
    : level_(level), style_(style), sink_(std::move(sink)) {}

void Logger::write(LogLevel priority, std::string_view message) {
    fmt::memory_buffer line;
    formatLine(line, style_, priority, message);
    const std::string_view text(line.data(), line.size());
    if (sink_) {
        sink_(text);
    } else {
        writeAll(STDERR_FILENO, text);
    }
}

}  // namespace dhcplite::daemon
