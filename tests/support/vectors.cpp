#include "support/vectors.hpp"

#include <fmt/format.h>

#include <fstream>
#include <stdexcept>

#include "wire/hex.hpp"

namespace dhcplite::test {

namespace {

std::string_view trim(std::string_view s) {
    const auto first = s.find_first_not_of(" \t\r");
    if (first == std::string_view::npos) return {};
    const auto last = s.find_last_not_of(" \t\r");
    return s.substr(first, last - first + 1);
}

}  // namespace

VectorFile VectorFile::load(const std::filesystem::path& path) {
    std::ifstream in(path);
    if (!in) {
        throw std::runtime_error(fmt::format("{}: cannot open", path.string()));
    }
    VectorFile file;
    file.path_ = path;
    std::string raw;
    std::size_t lineNo = 0;
    auto fail = [&](std::string_view what) {
        throw std::runtime_error(fmt::format("{}:{}: {}", path.string(), lineNo, what));
    };
    while (std::getline(in, raw)) {
        ++lineNo;
        const std::string_view line = trim(raw);
        if (line.empty() || line.front() == '#') continue;
        if (line.front() == '[') {
            if (line.back() != ']' || line.size() < 3) fail("malformed section header");
            std::string name(trim(line.substr(1, line.size() - 2)));
            for (const auto& s : file.sections_) {
                if (s.first == name) fail(fmt::format("section [{}] appears twice", name));
            }
            file.sections_.emplace_back(std::move(name), Entries{});
            continue;
        }
        const auto eq = line.find('=');
        if (eq == std::string_view::npos) fail("expected 'key = value'");
        if (file.sections_.empty()) fail("key before any [section]");
        std::string key(trim(line.substr(0, eq)));
        std::string value(trim(line.substr(eq + 1)));
        if (key.empty()) fail("empty key");
        auto& entries = file.sections_.back().second;
        for (const auto& e : entries) {
            if (e.first == key) fail(fmt::format("key '{}' appears twice", key));
        }
        entries.emplace_back(std::move(key), std::move(value));
    }
    return file;
}

const VectorFile::Entries& VectorFile::entries(std::string_view section) const {
    for (const auto& s : sections_) {
        if (s.first == section) return s.second;
    }
    throw std::runtime_error(fmt::format("{}: no section [{}]", path_.string(), section));
}

bool VectorFile::has(std::string_view section, std::string_view key) const {
    for (const auto& s : sections_) {
        if (s.first != section) continue;
        for (const auto& e : s.second) {
            if (e.first == key) return true;
        }
    }
    return false;
}

const std::string& VectorFile::text(std::string_view section, std::string_view key) const {
    for (const auto& e : entries(section)) {
        if (e.first == key) return e.second;
    }
    throw std::runtime_error(
        fmt::format("{}: no key '{}' in section [{}]", path_.string(), key, section));
}

wire::Bytes VectorFile::bytes(std::string_view section, std::string_view key) const {
    return wire::parseHex(text(section, key));
}

std::vector<std::string> VectorFile::sections() const {
    std::vector<std::string> out;
    for (const auto& s : sections_) out.push_back(s.first);
    return out;
}

std::vector<std::string> VectorFile::keys(std::string_view section) const {
    std::vector<std::string> out;
    for (const auto& e : entries(section)) out.push_back(e.first);
    return out;
}

std::filesystem::path testDataDir() { return std::filesystem::path(DHCPLITE_TEST_DATA_DIR); }

const VectorFile& msUcClientVectors() {
    static const VectorFile vectors = VectorFile::load(testDataDir() / "ms-uc-client.txt");
    return vectors;
}

}  // namespace dhcplite::test
