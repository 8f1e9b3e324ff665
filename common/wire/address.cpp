#include "wire/address.hpp"

#include <fmt/format.h>

#include <string>

#include "wire/hex.hpp"

namespace dhcplite::wire {

namespace {

bool isDigit(char c) noexcept { return c >= '0' && c <= '9'; }

int hexValue(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string quoteChar(char c) {
    return fmt::format("'{}'", escapeForDisplay(std::string_view(&c, 1)));
}

}  // namespace

// ---- Ipv4 ----

Ipv4 Ipv4::parse(std::string_view text) {
    const std::string value(text);
    if (text.empty()) {
        throw InputError("empty IPv4 address", value, 0);
    }
    std::uint32_t result = 0;
    std::size_t parts = 0;
    std::size_t i = 0;
    while (true) {
        const std::size_t start = i;
        while (i < text.size() && isDigit(text[i])) ++i;
        if (i == start) {
            if (i < text.size() && text[i] != '.') {
                throw InputError(
                    fmt::format("{} is not allowed in an IPv4 address", quoteChar(text[i])), value,
                    i);
            }
            throw InputError("empty part (an IPv4 address is four numbers 0..255, like 192.0.2.10)",
                             value, i);
        }
        const std::string_view part = text.substr(start, i - start);
        // Leading zeros are refused: inet_aton() reads "010" as octal 8, others as decimal 10.
        if (part.size() > 1 && part[0] == '0') {
            throw InputError(
                fmt::format("'{}' has a leading zero (ambiguous: some tools read it as octal)",
                            part),
                value, start);
        }
        std::uint32_t number = 0;
        for (char c : part.substr(0, 4)) number = number * 10 + static_cast<std::uint32_t>(c - '0');
        if (part.size() > 3 || number > 255) {
            throw InputError(fmt::format("'{}' is more than 255", part), value, start);
        }
        result = (result << 8) | number;
        ++parts;
        if (i == text.size()) break;
        if (text[i] != '.') {
            throw InputError(
                fmt::format("{} is not allowed in an IPv4 address", quoteChar(text[i])), value, i);
        }
        if (parts == 4) {
            throw InputError("more than four parts", value, i);
        }
        ++i;
    }
    if (parts != 4) {
        throw InputError(fmt::format("only {} part{} (an IPv4 address has four, like 192.0.2.10)",
                                     parts, parts == 1 ? "" : "s"),
                         value, text.size());
    }
    return Ipv4{result};
}

Ipv4 Ipv4::fromBytes(ByteView four) {
    if (four.size() != 4) {
        throw WireError(fmt::format("an IPv4 address is 4 bytes, got {}", four.size()), 0);
    }
    return Ipv4{(std::uint32_t{four[0]} << 24) | (std::uint32_t{four[1]} << 16) |
                (std::uint32_t{four[2]} << 8) | std::uint32_t{four[3]}};
}

std::array<std::uint8_t, 4> Ipv4::bytes() const noexcept {
    return {static_cast<std::uint8_t>(value >> 24), static_cast<std::uint8_t>(value >> 16),
            static_cast<std::uint8_t>(value >> 8), static_cast<std::uint8_t>(value)};
}

std::string Ipv4::toString() const {
    const auto b = bytes();
    return fmt::format("{}.{}.{}.{}", b[0], b[1], b[2], b[3]);
}

// ---- Cidr ----

Cidr Cidr::parse(std::string_view text) {
    const std::string value(text);
    const std::size_t slash = text.find('/');
    Ipv4 address;
    try {
        address = Ipv4::parse(text.substr(0, slash));
    } catch (const InputError& e) {
        // Same position: the address part starts at character 0 of the whole text.
        throw InputError(e.reason(), value, e.position());
    }
    if (slash == std::string_view::npos) {
        return Cidr{address, 32};
    }
    const std::string_view digits = text.substr(slash + 1);
    if (digits.empty()) {
        throw InputError("missing prefix length after '/'", value, slash + 1);
    }
    unsigned length = 0;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (!isDigit(digits[i])) {
            throw InputError(
                fmt::format("{} is not allowed in a prefix length", quoteChar(digits[i])), value,
                slash + 1 + i);
        }
        if (i < 3) length = length * 10 + static_cast<unsigned>(digits[i] - '0');
    }
    if (digits.size() > 2 || length > 32 || (digits.size() == 2 && digits[0] == '0')) {
        throw InputError(fmt::format("prefix length '{}' is not 0..32", digits), value, slash + 1);
    }
    Cidr result{address, static_cast<std::uint8_t>(length)};
    const Ipv4 network{address.value & result.mask()};
    if (network != address) {
        throw InputError(
            fmt::format("host bits are set (the network is {}/{})", network.toString(), length),
            value, 0);
    }
    return result;
}

std::uint32_t Cidr::mask() const noexcept {
    // A shift by 32 is undefined, so /0 is handled on its own.
    return length == 0 ? 0U : ~std::uint32_t{0} << (32U - length);
}

bool Cidr::contains(Ipv4 a) const noexcept { return (a.value & mask()) == network.value; }

std::string Cidr::toString() const { return fmt::format("{}/{}", network.toString(), length); }

// ---- MacAddress ----

MacAddress MacAddress::parse(std::string_view text) {
    const std::string value(text);
    if (text.empty()) {
        throw InputError("empty MAC address", value, 0);
    }
    // The separator in the text picks the form; then the text must match that form exactly, so
    // the first mismatch can be named by position.
    std::string_view form = "xxxxxxxxxxxx";
    if (text.find(':') != std::string_view::npos) {
        form = "xx:xx:xx:xx:xx:xx";
    } else if (text.find('-') != std::string_view::npos) {
        form = "xx-xx-xx-xx-xx-xx";
    } else if (text.find('.') != std::string_view::npos) {
        form = "xxxx.xxxx.xxxx";
    }
    MacAddress mac;
    std::size_t nibble = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i >= form.size()) {
            throw InputError(fmt::format("too long (expected 6 bytes as {})", form), value, i);
        }
        if (form[i] == 'x') {
            const int v = hexValue(text[i]);
            if (v < 0) {
                throw InputError(fmt::format("{} is not a hex digit", quoteChar(text[i])), value,
                                 i);
            }
            auto& octet = mac.octets[nibble / 2];
            octet = static_cast<std::uint8_t>((octet << 4) | v);
            ++nibble;
        } else if (text[i] != form[i]) {
            throw InputError(fmt::format("expected '{}' here (6 bytes as {})", form[i], form),
                             value, i);
        }
    }
    if (text.size() < form.size()) {
        throw InputError(fmt::format("too short (expected 6 bytes as {})", form), value,
                         text.size());
    }
    return mac;
}

std::string MacAddress::toString() const {
    return fmt::format("{:02x}:{:02x}:{:02x}:{:02x}:{:02x}:{:02x}", octets[0], octets[1], octets[2],
                       octets[3], octets[4], octets[5]);
}

}  // namespace dhcplite::wire
