// ConfigError, log levels and reading the file; the schema walk is in loader.cpp.
#include "config/config.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <cerrno>
#include <cstring>
#include <utility>

#include "util/unique_fd.hpp"

namespace dhcplite::config {

namespace {

// "file:line:column: key.path: reason"; the position part is left out when unknown (line 0),
// the key path when empty (a YAML syntax error has none).
std::string configMessage(const std::string& file, std::size_t line, std::size_t column,
                          const std::string& keyPath, const std::string& reason) {
    std::string out = file;
    if (line != 0) out += fmt::format(":{}:{}", line, column);
    out += ": ";
    if (!keyPath.empty()) {
        out += keyPath;
        out += ": ";
    }
    out += reason;
    return out;
}

// Far above any real configuration (100,000 sites are about 10 MB); refuses to read a device or
// a mistaken multi-gigabyte file into memory.
constexpr std::size_t kMaxConfigFile = std::size_t{256} << 20;

[[noreturn]] void throwFileError(const std::string& path, const std::string& why) {
    throw ConfigFileError(fmt::format("cannot read config '{}': {}", path, why));
}

std::string readWholeFile(const std::string& path) {
    // O_NONBLOCK so that a FIFO at the path cannot block the open (and with it a reload, or
    // --check-config); anything but a regular file is refused before a byte is read.
    const util::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
    if (fd.get() < 0) throwFileError(path, std::strerror(errno));
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) throwFileError(path, std::strerror(errno));
    if (S_ISDIR(st.st_mode)) throwFileError(path, std::strerror(EISDIR));
    if (!S_ISREG(st.st_mode)) throwFileError(path, "not a regular file");
    std::string text;
    char buffer[65536];
    while (true) {
        const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
        if (n < 0) {
            if (errno == EINTR) continue;
            throwFileError(path, std::strerror(errno));  // EISDIR for a directory
        }
        if (n == 0) break;
        text.append(buffer, static_cast<std::size_t>(n));
        if (text.size() > kMaxConfigFile) throwFileError(path, "larger than 256 MiB");
    }
    return text;
}

}  // namespace

ConfigError::ConfigError(std::string file, std::size_t line, std::size_t column,
                         std::string keyPath, std::string reason)
    : std::runtime_error(configMessage(file, line, column, keyPath, reason)),
      file_(std::move(file)),
      line_(line),
      column_(column),
      keyPath_(std::move(keyPath)),
      reason_(std::move(reason)) {}

std::optional<LogLevel> parseLogLevel(std::string_view text) {
    if (text == "error") return LogLevel::Error;
    if (text == "warning") return LogLevel::Warning;
    if (text == "info") return LogLevel::Info;
    if (text == "debug") return LogLevel::Debug;
    return std::nullopt;
}

std::string_view logLevelName(LogLevel level) {
    switch (level) {
    case LogLevel::Error: return "error";
    case LogLevel::Warning: return "warning";
    case LogLevel::Info: return "info";
    case LogLevel::Debug: return "debug";
    }
    return "info";
}

Config loadConfigFile(const std::string& path) {
    const std::string text = readWholeFile(path);
    return loadConfigText(text, path);
}

}  // namespace dhcplite::config
