#pragma once
// Test-only reader for the vector files in tests/data (e.g. ms-uc-client.txt): "[section]"
// headers, "key = value" lines (spaces around '=' and the value trimmed), '#' comment lines and
// blank lines. Sections and keys keep file order. Every lookup of something missing throws
// std::runtime_error naming file, section and key, so a typo in a test fails loudly.
#include <filesystem>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "wire/bytes.hpp"

namespace dhcplite::test {

class VectorFile {
public:
    // Throws std::runtime_error "<file>:<line>: <what is wrong>" for unreadable or malformed files.
    static VectorFile load(const std::filesystem::path& path);

    bool has(std::string_view section, std::string_view key) const;
    const std::string& text(std::string_view section, std::string_view key) const;
    // The value parsed with wire::parseHex.
    wire::Bytes bytes(std::string_view section, std::string_view key) const;

    std::vector<std::string> sections() const;
    std::vector<std::string> keys(std::string_view section) const;
    const std::filesystem::path& path() const noexcept { return path_; }

private:
    using Entries = std::vector<std::pair<std::string, std::string>>;
    const Entries& entries(std::string_view section) const;

    std::filesystem::path path_;
    std::vector<std::pair<std::string, Entries>> sections_;
};

// tests/data in the source tree.
std::filesystem::path testDataDir();

// tests/data/ms-uc-client.txt, loaded once.
const VectorFile& msUcClientVectors();

}  // namespace dhcplite::test
