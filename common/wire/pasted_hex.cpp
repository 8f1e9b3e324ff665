#include "wire/pasted_hex.hpp"

#include <algorithm>
#include <vector>

#include <fmt/format.h>

#include "wire/hex.hpp"

namespace dhcplite::wire {

namespace {

constexpr std::size_t kWindowSide = 10;  // characters shown either side of an error

bool isHexDigit(char c) noexcept {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}
bool isBlank(char c) noexcept { return c == ' ' || c == '\t'; }
bool isBreak(char c) noexcept { return c == '\r' || c == '\n'; }
char lowerAscii(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

bool startsWithNoCase(std::string_view text, std::string_view prefix) {
    if (text.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        if (lowerAscii(text[i]) != prefix[i]) return false;
    }
    return true;
}

std::size_t findNoCase(std::string_view text, std::string_view needle, std::size_t from = 0) {
    for (std::size_t i = from; i + needle.size() <= text.size(); ++i) {
        if (startsWithNoCase(text.substr(i), needle)) return i;
    }
    return std::string_view::npos;
}

// A part of the pasted text that holds hex, by its position in the whole text.
struct Span {
    std::size_t begin = 0;
    std::size_t end = 0;
};

struct Line {
    std::size_t begin = 0;
    std::string_view text;  // without the line break
};

std::vector<Line> splitLines(std::string_view text) {
    std::vector<Line> out;
    std::size_t at = 0;
    while (at <= text.size()) {
        std::size_t end = text.find('\n', at);
        if (end == std::string_view::npos) end = text.size();
        std::string_view line = text.substr(at, end - at);
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        out.push_back(Line{at, line});
        at = end + 1;
    }
    return out;
}

// The hex text handed to parseHex, and for each of its characters where it was in the paste.
struct Normalized {
    std::string chars;
    std::vector<std::size_t> from;

    void push(char c, std::size_t at) {
        chars.push_back(c);
        from.push_back(at);
    }
    bool atTokenStart() const {
        return chars.empty() || chars.back() == ' ' || chars.back() == ':' || chars.back() == '-' ||
               chars.back() == '.';
    }
    void separator(std::size_t at) {
        if (!chars.empty() && chars.back() != ' ') push(' ', at);
    }
};

// Characters that only frame a value: byte-list commas, quotes, PowerShell's parentheses, a
// config line's ';'. They separate bytes like a space does.
bool isFraming(char c) noexcept {
    return c == ',' || c == ';' || c == '"' || c == '\'' || c == '(' || c == ')' || c == '@' ||
           c == '{' || c == '}';
}

// A line break and the indentation around it vanish: a value wrapped at any column (SfB 2015's
// DHCPUtil wraps at 75 digits, splitting a byte) reads as one. Between two groups that each start
// afresh ("0x01\n0x02"), it stays a separator.
void lineBreak(Normalized& out, std::string_view text, std::size_t next) {
    while (!out.chars.empty() && out.chars.back() == ' ') {
        out.chars.pop_back();
        out.from.pop_back();
    }
    const bool nextIsPrefix =
        next + 1 < text.size() && text[next] == '0' && lowerAscii(text[next + 1]) == 'x';
    const bool join = !out.chars.empty() && isHexDigit(out.chars.back()) && next < text.size() &&
                      isHexDigit(text[next]) && !nextIsPrefix;
    if (!join) out.separator(next);
}

void normalizeSpan(Normalized& out, std::string_view text, Span span) {
    std::size_t i = span.begin;
    while (i < span.end) {
        const char c = text[i];
        if (isBreak(c) || isBlank(c)) {
            std::size_t next = i;
            while (next < span.end && (isBreak(text[next]) || isBlank(text[next]))) ++next;
            const bool sawBreak =
                std::any_of(text.begin() + static_cast<std::ptrdiff_t>(i),
                            text.begin() + static_cast<std::ptrdiff_t>(next), isBreak);
            if (sawBreak) {
                lineBreak(out, text, next);
            } else {
                out.separator(i);
            }
            i = next;
            continue;
        }
        if (isFraming(c)) {
            out.separator(i);
            ++i;
            continue;
        }
        if (c == '0' && i + 1 < span.end && lowerAscii(text[i + 1]) == 'x' && out.atTokenStart()) {
            // "0x4" in a byte list is the byte 04; "0x010C" is two bytes.
            std::size_t digits = 0;
            while (i + 2 + digits < span.end && isHexDigit(text[i + 2 + digits])) ++digits;
            out.separator(i);
            if (digits == 1) out.push('0', i + 2);
            i += 2;
            continue;
        }
        out.push(c, i);
        ++i;
    }
}

// Blanks out PowerShell's "[byte[]]" cast, so that only the byte list is left.
std::string withoutByteCast(std::string_view text) {
    std::string out(text);
    for (std::size_t at = findNoCase(out, "[byte[]]"); at != std::string::npos;
         at = findNoCase(out, "[byte[]]", at)) {
        std::fill_n(out.begin() + static_cast<std::ptrdiff_t>(at), 8, ' ');
    }
    return out;
}

unsigned readDecimal(std::string_view text, std::size_t& at) {
    unsigned n = 0;
    while (at < text.size() && text[at] >= '0' && text[at] <= '9' && n < 100000) {
        n = n * 10 + static_cast<unsigned>(text[at] - '0');
        ++at;
    }
    return n;
}

void checkCode(unsigned code, std::string_view text, std::size_t at, const PasteContext& context,
               std::string_view spelled) {
    if (context.optionCode && *context.optionCode != code) {
        throw PastedHexError(
            fmt::format("the paste is option {}'s value ('{}'), not option {}'s: use "
                        "--option {}",
                        code, spelled, *context.optionCode, code),
            text, at, context.field);
    }
}

// Cisco IOS: "option 43 hex 010c.4d53…" and "option ext 43 hex …" parts (IOS joins them). The
// pool's other lines ("ip dhcp pool", "network", "!") are skipped.
std::optional<std::vector<Span>> ciscoSpans(std::string_view text, const PasteContext& context) {
    std::vector<Span> spans;
    for (const auto& line : splitLines(text)) {
        std::size_t at = 0;
        while (at < line.text.size() && isBlank(line.text[at])) ++at;
        if (!startsWithNoCase(line.text.substr(at), "option")) continue;
        at += 6;
        while (at < line.text.size() && isBlank(line.text[at])) ++at;
        bool ext = false;
        if (startsWithNoCase(line.text.substr(at), "ext")) {
            ext = true;
            at += 3;
            while (at < line.text.size() && isBlank(line.text[at])) ++at;
        }
        const std::size_t codeAt = at;
        const unsigned code = readDecimal(line.text, at);
        if (at == codeAt) continue;
        while (at < line.text.size() && isBlank(line.text[at])) ++at;
        if (!startsWithNoCase(line.text.substr(at), "hex")) continue;
        at += 3;
        checkCode(
            code, text, line.begin + codeAt, context,
            ext ? fmt::format("option ext {} hex", code) : fmt::format("option {} hex", code));
        spans.push_back(Span{line.begin + at, line.begin + line.text.size()});
    }
    if (spans.empty()) return std::nullopt;
    return spans;
}

// MikroTik RouterOS: "/ip dhcp-server option add code=43 name=… value=0x010C…".
std::optional<std::vector<Span>> mikrotikSpans(std::string_view text, const PasteContext& context) {
    const std::size_t valueAt = findNoCase(text, "value=");
    if (valueAt == std::string_view::npos) return std::nullopt;
    const std::size_t codeKey = findNoCase(text, "code=");
    if (codeKey != std::string_view::npos) {
        std::size_t at = codeKey + 5;
        const unsigned code = readDecimal(text, at);
        if (at != codeKey + 5)
            checkCode(code, text, codeKey + 5, context, fmt::format("code={}", code));
    }
    std::size_t begin = valueAt + 6;
    std::size_t end = begin;
    while (end < text.size() && !isBlank(text[end]) && !isBreak(text[end])) ++end;
    return std::vector<Span>{Span{begin, end}};
}

// PowerShell: "… -Value ([byte[]](0x0, 0x4, …))": the list inside the parentheses after the cast.
std::optional<std::vector<Span>> byteCastSpans(std::string_view text) {
    const std::size_t cast = findNoCase(text, "[byte[]]");
    if (cast == std::string_view::npos) return std::nullopt;
    std::size_t open = cast + 8;
    while (open < text.size() && (isBlank(text[open]) || isBreak(text[open]))) ++open;
    if (open >= text.size() || text[open] != '(') return std::nullopt;
    const std::size_t close = text.find(')', open);
    return std::vector<Span>{Span{open + 1, close == std::string_view::npos ? text.size() : close}};
}

// ---- hex dumps ----

struct DumpLine {
    std::size_t offset = 0;
    bool marked = false;  // "0x0000:" or "00000000:": certainly an offset
    bool asciiMatched = false;
    std::vector<Span> groups;  // the hex groups, in the whole text
    std::size_t bytes = 0;
};

struct Token {
    std::size_t begin = 0;
    std::string_view text;
};

bool isHexGroup(std::string_view t) {
    return t.size() >= 2 && t.size() <= 8 && t.size() % 2 == 0 &&
           std::all_of(t.begin(), t.end(), isHexDigit);
}

int nibble(char c) {
    c = lowerAscii(c);
    return c <= '9' ? c - '0' : c - 'a' + 10;
}

// The ASCII column of a dump shows printable bytes as themselves and the rest as '.'; spaces are
// left out of the comparison (Wireshark splits the column in two halves).
bool asciiColumnMatches(const std::vector<Token>& tokens, std::size_t k, std::string_view line,
                        std::size_t lineBegin) {
    std::string expected;
    for (std::size_t t = 0; t < k; ++t) {
        for (std::size_t i = 0; i + 1 < tokens[t].text.size(); i += 2) {
            const int b = nibble(tokens[t].text[i]) * 16 + nibble(tokens[t].text[i + 1]);
            if (b == ' ') continue;
            expected.push_back(b > 0x20 && b < 0x7F ? static_cast<char>(b) : '.');
        }
    }
    std::string actual;
    if (k < tokens.size()) {
        for (char c : line.substr(tokens[k].begin - lineBegin)) {
            if (!isBlank(c)) actual.push_back(c);
        }
    }
    return !actual.empty() && actual == expected;
}

std::optional<DumpLine> parseDumpLine(const Line& line) {
    std::string_view s = line.text;
    std::size_t at = 0;
    while (at < s.size() && isBlank(s[at])) ++at;
    DumpLine d;
    if (startsWithNoCase(s.substr(at), "0x")) {
        d.marked = true;
        at += 2;
    }
    const std::size_t digitsAt = at;
    while (at < s.size() && isHexDigit(s[at])) ++at;
    const std::size_t digits = at - digitsAt;
    if (digits < 4 || digits > 8) return std::nullopt;
    for (std::size_t i = digitsAt; i < at; ++i)
        d.offset = d.offset * 16 + static_cast<std::size_t>(nibble(s[i]));
    if (at < s.size() && s[at] == ':') {
        d.marked = true;
        ++at;
    }
    if (at >= s.size() || !isBlank(s[at])) return std::nullopt;

    std::vector<Token> tokens;
    while (at < s.size()) {
        while (at < s.size() && isBlank(s[at])) ++at;
        const std::size_t b = at;
        while (at < s.size() && !isBlank(s[at])) ++at;
        if (at > b) tokens.push_back(Token{line.begin + b, s.substr(b, at - b)});
    }
    std::size_t hexTokens = 0;
    while (hexTokens < tokens.size() && isHexGroup(tokens[hexTokens].text)) ++hexTokens;
    std::size_t k = 0;
    for (std::size_t n = hexTokens; n > 0; --n) {
        if (asciiColumnMatches(tokens, n, s, line.begin)) {
            k = n;
            d.asciiMatched = true;
            break;
        }
    }
    if (!d.asciiMatched) {
        if (hexTokens == 0 || hexTokens != tokens.size()) return std::nullopt;
        k = hexTokens;
    }
    for (std::size_t t = 0; t < k; ++t) {
        d.groups.push_back(Span{tokens[t].begin, tokens[t].begin + tokens[t].text.size()});
        d.bytes += tokens[t].text.size() / 2;
    }
    return d;
}

// A dump is lines with offsets that follow on (each line's offset is the one before plus its
// bytes); a one-line dump needs a marked offset or a matching ASCII column. Lines before the
// first dump line (tcpdump's summary line) are skipped.
std::optional<std::vector<Span>> dumpSpans(std::string_view text) {
    std::vector<DumpLine> dump;
    bool started = false;
    for (const auto& line : splitLines(text)) {
        if (std::all_of(line.text.begin(), line.text.end(), isBlank)) continue;
        auto d = parseDumpLine(line);
        if (!d) {
            if (started) return std::nullopt;
            continue;
        }
        if (started && d->offset != dump.back().offset + dump.back().bytes) return std::nullopt;
        started = true;
        dump.push_back(std::move(*d));
    }
    if (dump.empty()) return std::nullopt;
    if (dump.size() == 1 && !dump[0].marked && !dump[0].asciiMatched) return std::nullopt;
    std::vector<Span> spans;
    for (const auto& d : dump) spans.insert(spans.end(), d.groups.begin(), d.groups.end());
    return spans;
}

std::string_view trimmed(std::string_view text, std::size_t& begin) {
    begin = 0;
    while (begin < text.size() && (isBlank(text[begin]) || isBreak(text[begin]))) ++begin;
    std::size_t end = text.size();
    while (end > begin && (isBlank(text[end - 1]) || isBreak(text[end - 1]))) --end;
    return text.substr(begin, end - begin);
}

}  // namespace

std::string windowAround(std::string_view text, std::size_t position) {
    position = std::min(position, text.size());
    const std::size_t begin = position > kWindowSide ? position - kWindowSide : 0;
    const std::size_t end = std::min(text.size(), position + kWindowSide);
    std::string out = begin > 0 ? "..." : "";
    out += escapeForDisplay(text.substr(begin, end - begin));
    if (end < text.size()) out += "...";
    return out;
}

PastedHexError::PastedHexError(std::string reason, std::string_view text, std::size_t position,
                               std::string field)
    : InputError(reason, std::string(text), position, field) {
    for (std::size_t i = 0; i < position && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line_;
            column_ = 1;
        } else {
            ++column_;
        }
    }
    window_ = windowAround(text, position);
    message_ = field.empty() ? "" : field + ": ";
    if (text.empty()) {
        message_ += reason;
        return;
    }
    const bool multiLine = text.find('\n') != std::string_view::npos;
    message_ += fmt::format("{} at character {}", reason, position + 1);
    if (multiLine) message_ += fmt::format(" (line {}, column {})", line_, column_);
    message_ += fmt::format(", near '{}'", window_);
}

PastedHex readPastedHex(std::string_view text, const PasteContext& context) {
    std::size_t begin = 0;
    if (trimmed(text, begin).empty()) {
        throw PastedHexError(text.empty() ? "empty hex value" : "no hex digits", text, 0,
                             context.field);
    }
    const std::string uncast = withoutByteCast(text);  // same length: positions stay true
    PastedHex out;
    std::vector<Span> spans;
    if (auto b = byteCastSpans(text)) {
        spans = std::move(*b);
        out.form = "byte list";
    } else if (auto c = ciscoSpans(uncast, context)) {
        spans = std::move(*c);
        out.form = "Cisco IOS option";
    } else if (auto m = mikrotikSpans(uncast, context)) {
        spans = std::move(*m);
        out.form = "MikroTik value";
    } else if (auto d = dumpSpans(uncast)) {
        spans = std::move(*d);
        out.form = "hex dump";
    } else {
        spans.push_back(Span{0, uncast.size()});
        out.form = uncast.find(',') != std::string::npos ? "byte list" : "hex";
    }
    Normalized n;
    for (const auto& span : spans) {
        if (!n.chars.empty()) n.separator(span.begin);
        normalizeSpan(n, uncast, span);
    }
    while (!n.chars.empty() && n.chars.back() == ' ') {
        n.chars.pop_back();
        n.from.pop_back();
    }
    try {
        out.bytes = parseHex(n.chars);
    } catch (const InputError& e) {
        const std::size_t at = e.position() < n.from.size() ? n.from[e.position()]
                               : spans.empty()              ? 0
                                                            : spans.back().begin;
        throw PastedHexError(e.reason(), text, n.chars.empty() ? begin : at, context.field);
    }
    return out;
}

}  // namespace dhcplite::wire
