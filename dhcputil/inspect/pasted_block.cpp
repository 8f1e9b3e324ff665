#include "inspect/pasted_block.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "wire/hex.hpp"
#include "wire/pasted_hex.hpp"

namespace dhcplite::util {

namespace {

constexpr std::size_t kConfigScriptValues = 6;  // option 120, then sub-options 1..5

struct Line {
    std::size_t number = 0;
    std::string_view text;
};

std::vector<Line> splitLines(std::string_view text) {
    std::vector<Line> out;
    std::size_t at = 0;
    for (std::size_t n = 1; at <= text.size(); ++n) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(at, end - at);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out.push_back(Line{n, line});
        at = end + 1;
    }
    return out;
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

char lower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool eatWord(std::string_view& s, std::string_view word) {
    s = trim(s);
    if (s.size() < word.size()) return false;
    for (std::size_t i = 0; i < word.size(); ++i) {
        if (lower(s[i]) != word[i]) return false;
    }
    s.remove_prefix(word.size());
    return true;
}

std::optional<unsigned> eatNumber(std::string_view& s) {
    s = trim(s);
    unsigned n = 0;
    std::size_t i = 0;
    while (i < s.size() && i < 3 && s[i] >= '0' && s[i] <= '9')
        n = n * 10 + static_cast<unsigned>(s[i++] - '0');
    if (i == 0) return std::nullopt;
    s.remove_prefix(i);
    return n;
}

bool isHexLine(std::string_view s) {
    s = trim(s);
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F') ||
               c == ' ';
    });
}

// A label line: "Option 120:", "Full Option 43 value (Length: 85) :", "sub-option 3 <Name>:".
struct Label {
    std::string text;
    std::uint8_t option = 0;
    std::optional<std::uint8_t> subOption;
    std::optional<std::size_t> statedLength;
    bool sfb = false;
    std::string_view rest;  // what follows the ':' on the same line
};

std::optional<Label> readLabel(std::string_view line) {
    std::string_view s = trim(line);
    Label l;
    if (eatWord(s, "sub-option")) {
        const auto n = eatNumber(s);
        s = trim(s);
        if (!n || *n > 255 || s.empty() || s.front() != '<') return std::nullopt;
        const auto close = s.find('>');
        if (close == std::string_view::npos) return std::nullopt;
        l.text = fmt::format("sub-option {} {}", *n, s.substr(0, close + 1));
        l.option = 43;
        l.subOption = static_cast<std::uint8_t>(*n);
        s.remove_prefix(close + 1);
    } else {
        l.sfb = eatWord(s, "full");
        if (!eatWord(s, "option")) return std::nullopt;
        const auto n = eatNumber(s);
        if (!n || (*n != 120 && *n != 43)) return std::nullopt;
        l.option = static_cast<std::uint8_t>(*n);
        l.text = fmt::format("{}Option {}", l.sfb ? "Full " : "", *n);
        if (eatWord(s, "value")) l.text += " value";
        if (eatWord(s, "(length:")) {
            const auto len = eatNumber(s);
            if (!len || !eatWord(s, ")")) return std::nullopt;
            l.statedLength = *len;
            l.text += fmt::format(" (Length: {})", *len);
        }
    }
    if (!eatWord(s, ":")) return std::nullopt;
    l.rest = trim(s);
    if (!l.rest.empty() && !isHexLine(l.rest)) return std::nullopt;
    return l;
}

std::string after(std::string_view line, std::string_view key) {
    const auto at = line.find(key);
    return std::string(trim(line.substr(at + key.size())));
}

std::optional<PastedBlock> configScriptLine(const Line& line) {
    std::string_view s = line.text;
    std::string lowered(s.size(), ' ');
    std::transform(s.begin(), s.end(), lowered.begin(), lower);
    const auto at = lowered.find("dhcpconfigscript.bat");
    if (at == std::string::npos) return std::nullopt;
    s.remove_prefix(at + 20);
    if (!eatWord(s, "configure")) return std::nullopt;
    std::vector<std::string_view> words;
    while (!(s = trim(s)).empty()) {
        const auto end = std::min(s.find_first_of(" \t"), s.size());
        words.push_back(s.substr(0, end));
        s.remove_prefix(end);
    }
    if (!words.empty() && !isHexLine(words.front()))
        words.erase(words.begin());  // the vendor class
    if (words.size() != kConfigScriptValues) return std::nullopt;
    PastedBlock b;
    b.layout = "DHCPConfigScript.bat line";
    for (std::size_t i = 0; i < words.size(); ++i) {
        PastedValue v;
        v.line = line.number;
        v.fromConfigScript = true;
        v.option = i == 0 ? 120 : 43;
        if (i != 0) v.subOption = static_cast<std::uint8_t>(i);
        v.label = i == 0 ? "DHCPConfigScript.bat option 120"
                         : fmt::format("DHCPConfigScript.bat sub-option {}", i);
        v.bytes =
            wire::readPastedHex(
                words[i], wire::PasteContext{fmt::format("line {} ({})", line.number, v.label), {}})
                .bytes;
        b.values.push_back(std::move(v));
    }
    return b;
}

}  // namespace

std::optional<PastedBlock> readPastedBlock(std::string_view text) {
    const auto lines = splitLines(text);
    PastedBlock block;
    bool sfb = false;
    std::vector<PastedValue> script;
    for (std::size_t i = 0; i < lines.size(); ++i) {
        const auto& line = lines[i];
        if (line.text.find("SIP Server FQDN :") != std::string_view::npos) {
            block.sipServer = after(line.text, "SIP Server FQDN :");
            continue;
        }
        if (line.text.find("Certificate Provisioning Service URL :") != std::string_view::npos) {
            block.url = after(line.text, "Certificate Provisioning Service URL :");
            continue;
        }
        if (auto s = configScriptLine(line)) {
            script = std::move(s->values);
            continue;
        }
        const auto label = readLabel(line.text);
        if (!label) continue;
        sfb = sfb || label->sfb || label->rest.empty();
        std::string hex(label->rest);
        while (i + 1 < lines.size() && isHexLine(lines[i + 1].text) &&
               !readLabel(lines[i + 1].text)) {
            hex += '\n';
            hex += lines[++i].text;
        }
        PastedValue v;
        v.line = line.number;
        v.label = label->text;
        v.option = label->option;
        v.subOption = label->subOption;
        v.statedLength = label->statedLength;
        // The label is pasted text: escaped, so a stray CR or control byte cannot split or
        // garble the one-line error.
        const std::string field =
            fmt::format("line {} ({})", line.number, wire::escapeForDisplay(v.label));
        v.bytes = wire::readPastedHex(hex, wire::PasteContext{field, {}}).bytes;
        block.values.push_back(std::move(v));
    }
    if (block.values.empty() && script.empty()) return std::nullopt;
    block.layout = block.values.empty() ? "DHCPConfigScript.bat line"
                   : sfb                ? "SfB 2015 DHCPUtil output"
                                        : "Lync 2010 DHCPUtil output";
    block.values.insert(block.values.end(), script.begin(), script.end());
    return block;
}

}  // namespace dhcplite::util
