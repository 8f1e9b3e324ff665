#include "wire/hex.hpp"

#include <fmt/format.h>

namespace dhcplite::wire {

namespace {

constexpr char kUpperDigits[] = "0123456789ABCDEF";

int nibbleValue(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

// Separators admins paste: spaces and tabs (Windows dumps, Wireshark "hex stream" with spaces),
// line breaks (multi-line pastes), ':' and '-' (MAC style), '.' (Cisco IOS "010c.4d53.2d55").
bool isSeparator(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == ':' || c == '-' || c == '.';
}

std::string describeChar(char c) {
    const auto b = static_cast<std::uint8_t>(c);
    if (b >= 0x20 && b < 0x7F && c != '\'') return fmt::format("'{}'", c);
    if (c == '\'') return "a quote";
    return fmt::format("byte 0x{:02X}", b);
}

// Printable ASCII stays; the two characters that would confuse a quoted display are escaped;
// everything else (control bytes, DEL, non-ASCII) becomes \xNN, so a terminal never sees them.
void appendEscaped(std::string& out, std::uint8_t b) {
    if (b == '\\' || b == '"') {
        out.push_back('\\');
        out.push_back(static_cast<char>(b));
    } else if (b >= 0x20 && b < 0x7F) {
        out.push_back(static_cast<char>(b));
    } else {
        out += "\\x";
        out.push_back(kUpperDigits[b >> 4]);
        out.push_back(kUpperDigits[b & 0x0F]);
    }
}

}  // namespace

Bytes parseHex(std::string_view text) {
    Bytes out;
    out.reserve(text.size() / 2);
    if (text.empty()) {
        throw InputError("empty hex value", std::string(text), 0);
    }
    bool groupStart = true;     // at the start, or right after a separator: "0x" allowed here
    int pending = -1;           // first nibble of a byte in progress
    std::size_t pendingAt = 0;  // its position, for the lone-nibble message
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (groupStart && c == '0' && i + 1 < text.size() &&
            (text[i + 1] == 'x' || text[i + 1] == 'X')) {
            ++i;  // "0x" prefix of this group
            groupStart = false;
            continue;
        }
        if (isSeparator(c)) {
            if (pending >= 0) {
                throw InputError("lone hex digit (every byte needs two digits)", std::string(text),
                                 pendingAt);
            }
            groupStart = true;
            continue;
        }
        const int v = nibbleValue(c);
        if (v < 0) {
            throw InputError(fmt::format("{} is not a hex digit", describeChar(c)),
                             std::string(text), i);
        }
        groupStart = false;
        if (pending < 0) {
            pending = v;
            pendingAt = i;
        } else {
            out.push_back(static_cast<std::uint8_t>((pending << 4) | v));
            pending = -1;
        }
    }
    if (pending >= 0) {
        throw InputError("lone hex digit (every byte needs two digits)", std::string(text),
                         pendingAt);
    }
    if (out.empty()) {
        throw InputError("no hex digits", std::string(text), 0);
    }
    return out;
}

std::string toHex(ByteView bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (std::uint8_t b : bytes) {
        out.push_back(kUpperDigits[b >> 4]);
        out.push_back(kUpperDigits[b & 0x0F]);
    }
    return out;
}

std::string toHex(ByteView bytes, char separator) {
    std::string out;
    out.reserve(bytes.size() * 3);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i != 0) out.push_back(separator);
        out.push_back(kUpperDigits[bytes[i] >> 4]);
        out.push_back(kUpperDigits[bytes[i] & 0x0F]);
    }
    return out;
}

std::string escapeForDisplay(ByteView bytes) {
    std::string out;
    out.reserve(bytes.size());
    for (std::uint8_t b : bytes) appendEscaped(out, b);
    return out;
}

std::string escapeForDisplay(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (char c : text) appendEscaped(out, static_cast<std::uint8_t>(c));
    return out;
}

}  // namespace dhcplite::wire
