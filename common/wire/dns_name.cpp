#include "wire/dns_name.hpp"

#include <fmt/format.h>

#include "wire/hex.hpp"

namespace dhcplite::wire {

namespace {

bool isLdh(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
}

// A label as shown inside a message: escaped, and shortened so a 200-character mistake does not
// flood the line (the whole value is printed by InputError anyway).
std::string shortLabel(std::string_view label) {
    constexpr std::size_t kShown = 16;
    if (label.size() <= kShown) return escapeForDisplay(label);
    return escapeForDisplay(label.substr(0, kShown)) + "...";
}

std::string_view withoutTrailingDot(std::string_view name) noexcept {
    if (!name.empty() && name.back() == '.') name.remove_suffix(1);
    return name;
}

}  // namespace

void validateFqdn(std::string_view name) {
    const std::string value(name);
    if (name.empty()) {
        throw InputError("empty host name", value, 0);
    }
    const std::string_view body = withoutTrailingDot(name);
    std::size_t start = 0;
    for (std::size_t i = 0; i <= body.size(); ++i) {
        if (i < body.size() && body[i] != '.') {
            if (!isLdh(body[i])) {
                throw InputError(
                    fmt::format("'{}' is not allowed in a host name (letters, digits, '-')",
                                escapeForDisplay(body.substr(i, 1))),
                    value, i);
            }
            continue;
        }
        const std::string_view label = body.substr(start, i - start);
        if (label.empty()) {
            throw InputError("empty label", value, start);
        }
        if (label.size() > kMaxLabel) {
            throw InputError(fmt::format("label '{}' is {} octets (max {})", shortLabel(label),
                                         label.size(), kMaxLabel),
                             value, start);
        }
        // RFC 952 / RFC 1123 §2.1: a label neither starts nor ends with a hyphen.
        if (label.front() == '-') {
            throw InputError(fmt::format("label '{}' starts with '-'", shortLabel(label)), value,
                             start);
        }
        if (label.back() == '-') {
            throw InputError(fmt::format("label '{}' ends with '-'", shortLabel(label)), value,
                             i - 1);
        }
        start = i + 1;
    }
    // On the wire: one length byte per label plus the root byte, i.e. text length + 2.
    const std::size_t wire = body.size() + 2;
    if (wire > kMaxNameWire) {
        throw InputError(fmt::format("name is {} octets on the wire (max {})", wire, kMaxNameWire),
                         value, kMaxNameWire - 2);
    }
}

Bytes encodeDnsName(std::string_view name) {
    validateFqdn(name);
    const std::string_view body = withoutTrailingDot(name);
    Bytes out;
    out.reserve(body.size() + 2);
    std::size_t start = 0;
    while (start <= body.size()) {
        std::size_t dot = body.find('.', start);
        if (dot == std::string_view::npos) dot = body.size();
        out.push_back(static_cast<std::uint8_t>(dot - start));
        for (std::size_t i = start; i < dot; ++i) out.push_back(static_cast<std::uint8_t>(body[i]));
        start = dot + 1;
    }
    out.push_back(0);  // the root label
    return out;
}

std::string decodeDnsName(ByteView message, std::size_t offset, std::size_t& next,
                          std::size_t reportBase, bool& usedCompression) {
    std::string name;
    std::size_t pos = offset;
    // Start of the labels being read now: the name's own start, then each pointer's target.
    // Every pointer must land before it, so the starts strictly decrease and no loop can exist.
    std::size_t segmentStart = offset;
    std::size_t wire = 0;  // octets of the uncompressed name so far, without the root
    int hops = 0;
    bool jumped = false;
    while (true) {
        if (pos >= message.size()) {
            throw WireError("name runs past the end (no root label)", reportBase + message.size());
        }
        const std::uint8_t b = message[pos];
        if (b == 0) {
            if (!jumped) next = pos + 1;
            return name;
        }
        switch (b & 0xC0) {
        case 0xC0: {  // RFC 1035 §4.1.4 pointer: 14-bit offset into the message
            if (pos + 1 >= message.size()) {
                throw WireError("compression pointer cut short", reportBase + pos);
            }
            const std::size_t target = (std::size_t{b & 0x3FU} << 8) | message[pos + 1];
            if (target == pos) {
                throw WireError("compression pointer points to itself", reportBase + pos);
            }
            if (target > pos) {
                throw WireError(fmt::format("compression pointer points forward (to offset {})",
                                            reportBase + target),
                                reportBase + pos);
            }
            if (target >= segmentStart) {
                throw WireError(
                    fmt::format("compression pointer loop (to offset {}, inside the same name)",
                                reportBase + target),
                    reportBase + pos);
            }
            if (++hops > kMaxCompressionHops) {
                throw WireError(
                    fmt::format("more than {} compression pointers", kMaxCompressionHops),
                    reportBase + pos);
            }
            if (!jumped) next = pos + 2;
            jumped = true;
            usedCompression = true;
            pos = target;
            segmentStart = target;
            break;
        }
        case 0x00: {
            const std::size_t length = b;
            if (length >= message.size() - pos) {  // needs pos + 1 + length <= size
                throw WireError(fmt::format("label of {} octets runs past the end", length),
                                reportBase + pos);
            }
            wire += length + 1;
            if (wire + 1 > kMaxNameWire) {
                throw WireError(fmt::format("name longer than {} octets", kMaxNameWire),
                                reportBase + pos);
            }
            if (!name.empty()) name.push_back('.');
            for (std::size_t i = 1; i <= length; ++i)
                name.push_back(static_cast<char>(message[pos + i]));
            pos += length + 1;
            break;
        }
        default:  // 0x40 (RFC 6891 extended) and 0x80 (reserved): not used in DHCP
            throw WireError(fmt::format("unsupported label type 0x{:02X}", b & 0xC0),
                            reportBase + pos);
        }
    }
}

std::string decodeDnsName(ByteView message, std::size_t offset, std::size_t& next,
                          std::size_t reportBase) {
    bool compressed = false;
    return decodeDnsName(message, offset, next, reportBase, compressed);
}

Bytes encodeDomainSearch(const std::vector<std::string>& names) {
    if (names.empty()) {
        throw InputError("no domain names given", "", 0, "domain search list");
    }
    Bytes out;
    for (const auto& name : names) {
        const Bytes encoded = encodeDnsName(name);
        out.insert(out.end(), encoded.begin(), encoded.end());
    }
    return out;
}

}  // namespace dhcplite::wire
