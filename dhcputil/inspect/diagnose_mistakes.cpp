#include "inspect/diagnose_mistakes.hpp"

#include <algorithm>
#include <array>
#include <vector>

#include <fmt/format.h>

#include "inspect/describe.hpp"
#include "wire/dhcp_constants.hpp"
#include "wire/dns_name.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"
#include "wire/option120.hpp"
#include "wire/option43.hpp"

namespace dhcplite::util {

namespace {

using wire::ByteView;

constexpr std::size_t kCiscoHexDigits = 180;  // what IOS `option 43 hex` keeps (docs/design.md §9)
constexpr std::array<std::uint8_t, 4> kMagicCookie{0x63, 0x82, 0x53, 0x63};  // RFC 2131 §3
constexpr std::size_t kBootpFixed = 236;  // the BOOTP header before the cookie (RFC 2131 §2)

Finding make(Severity s, std::string id, std::string message, std::string fix = {}) {
    return Finding{s, std::move(id), std::move(message), std::move(fix)};
}

std::string plural(std::size_t n, std::string_view word) {
    return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

std::string subLabel(std::uint8_t code) {
    const auto n = wire::msuc::subOptionName(code);
    return n ? fmt::format("sub-option {} ({})", code, n->label)
             : fmt::format("sub-option {}", code);
}

bool linesUp(ByteView value) {
    try {
        wire::decodeSubOptions(value);
        return true;
    } catch (const wire::WireError&) {
        return false;
    }
}

// Lines up, and every code is one a sub-option list really has: not a printable character, so a
// boundary that falls inside text ("…aaaa.aaa…" read as 61 2E …) does not count.
bool linesUpAsCodes(ByteView value) {
    try {
        const auto subs = wire::decodeSubOptions(value);
        return !subs.items.empty() &&
               std::none_of(subs.items.begin(), subs.items.end(), [](const wire::SubOption& s) {
                   return s.code >= 0x20 && s.code < 0x7F;
               });
    } catch (const wire::WireError&) {
        return false;
    }
}

struct Overrun {
    std::size_t at = 0;  // offset of the code byte
    std::uint8_t code = 0;
    bool noLength = false;  // the value ends right after the code byte
    std::size_t claimed = 0;
    std::size_t present = 0;
    std::vector<wire::SubOption> before;  // the sub-options that fitted
};

Overrun findOverrun(ByteView value) {
    Overrun o;
    wire::ByteReader in(value);
    while (!in.empty()) {
        const std::size_t at = in.position();
        const std::uint8_t code = in.u8();
        if (code == wire::opt::Pad) continue;
        if (in.empty()) {
            return Overrun{at, code, true, 0, 0, std::move(o.before)};
        }
        const std::uint8_t len = in.u8();
        if (len > in.remaining()) {
            return Overrun{at, code, false, len, in.remaining(), std::move(o.before)};
        }
        const auto data = in.bytes(len);
        o.before.push_back(wire::SubOption{code, wire::Bytes(data.begin(), data.end()), at});
    }
    return o;
}

// A length byte that is wrong rather than data that is missing: some sub-option (the overrunning
// one included) has a shorter length after which everything to the end lines up again.
std::optional<Finding> wrongLength(std::uint8_t option, ByteView value, const Overrun& o) {
    std::vector<std::pair<std::size_t, std::size_t>> candidates;  // (code offset, length)
    for (const auto& s : o.before) candidates.emplace_back(s.offset, s.data.size());
    if (!o.noLength) candidates.emplace_back(o.at, o.claimed);
    // The first sub-option that can be mended is the one to mend: the ones after it were read
    // from the wrong place.
    for (const auto& [at, len] : candidates) {
        const std::size_t dataAt = at + 2;
        for (std::size_t l = 0; l < len; ++l) {
            const std::size_t next = dataAt + l;
            if (next >= value.size()) break;  // nothing left to line up: that is data missing
            if (linesUpAsCodes(value.subspan(next))) {
                return make(
                    Severity::Error, "suboption-length-wrong",
                    fmt::format("option {}: sub-option {} at offset {} says length {}, but the "
                                "sub-options after it only line up if it is {}",
                                option, value[at], at, len, l),
                    fmt::format("set the length byte at offset {} to {:02X} ({})", at + 1, l, l));
            }
        }
    }
    return std::nullopt;
}

// What a cut MS-UC-Client sub-option most likely went on with: its usual value, when what is
// there is the start of it and the length byte agrees.
std::optional<std::string_view> usualValue(std::uint8_t code) {
    switch (code) {
    case wire::msuc::UcIdentifier: return wire::msuc::kVendorClass;
    case wire::msuc::UrlScheme: return wire::msuc::kDefaultScheme;
    case wire::msuc::WebServerPort: return "443";
    case wire::msuc::CertProvRelPath: return wire::msuc::kDefaultPath;
    default: return std::nullopt;
    }
}

std::optional<wire::Bytes> missingBytes(ByteView value, const Overrun& o) {
    if (o.noLength) return std::nullopt;
    const auto usual = usualValue(o.code);
    if (!usual || usual->size() != o.claimed) return std::nullopt;
    const std::string present = wire::toString(value.subspan(o.at + 2));
    if (!usual->starts_with(present)) return std::nullopt;
    return wire::toBytes(usual->substr(present.size()));
}

std::string ciscoExtLines(std::uint8_t option, const std::string& hex) {
    std::string out;
    for (std::size_t at = 0; at < hex.size(); at += kCiscoHexDigits) {
        out += fmt::format("{}'option ext {} hex {}'", at == 0 ? "" : " then ", option,
                           hex.substr(at, kCiscoHexDigits));
    }
    return out;
}

Finding cutShort(std::uint8_t option, ByteView value, const Overrun& o) {
    const std::size_t missing = o.noLength ? 1 : o.claimed - o.present;
    const auto rest = missingBytes(value, o);
    std::string where =
        o.noLength
            ? fmt::format("{} at offset {} has no length byte", subLabel(o.code), o.at)
            : fmt::format("{} at offset {} claims {} but only {} {} there", subLabel(o.code), o.at,
                          plural(o.claimed, "byte"), o.present, o.present == 1 ? "is" : "are");
    std::string lost = o.noLength ? "the rest of the value is missing"
                                  : fmt::format("the last {} {} missing", plural(missing, "byte"),
                                                missing == 1 ? "is" : "are");
    if (rest) {
        lost += fmt::format(" (\"{}\", {})", wire::escapeForDisplay(*rest), wire::toHex(*rest));
    }
    std::optional<std::string> whole;
    if (rest) {
        whole = wire::toHex(value) + wire::toHex(*rest);
    }
    if (option == wire::opt::VendorSpecific && value.size() * 2 == kCiscoHexDigits) {
        return make(
            Severity::Error, "cisco-180-cut",
            fmt::format(
                "option 43 is exactly 90 bytes (180 hex digits, all that Cisco IOS 'option 43 "
                "hex' keeps) and {}: {}; IOS cut the value",
                where, lost),
            whole
                ? fmt::format("configure it in parts: {} (as 'dhcputil config --format cisco-ios' "
                              "writes it)",
                              ciscoExtLines(option, *whole))
                : "configure it as 'option ext 43 hex' parts of at most 180 digits, as 'dhcputil "
                  "config --format cisco-ios --sip-server FQDN' writes them");
    }
    return make(
        Severity::Error, "value-cut-short",
        fmt::format(
            "option {} ends early: {}; {} (the value was cut when it was copied or configured)",
            option, where, lost),
        whole ? fmt::format("send the whole value: {}", *whole)
              : "copy the whole value again; 'dhcputil encode --sip-server FQDN' prints it");
}

bool isPrintableText(ByteView data) {
    return !data.empty() && std::all_of(data.begin(), data.end(),
                                        [](std::uint8_t b) { return b >= 0x20 && b < 0x7F; });
}

bool isFqdn(std::string_view s) {
    if (s.find('.') == std::string_view::npos) return false;
    try {
        wire::validateFqdn(s);
        return true;
    } catch (const wire::InputError&) {
        return false;
    }
}

// The sub-option a lone MS-UC-Client value belongs to, by what it looks like.
std::optional<std::uint8_t> subOptionOf(std::string_view text) {
    if (text == wire::msuc::kVendorClass) return wire::msuc::UcIdentifier;
    if (text == "https" || text == "http") return wire::msuc::UrlScheme;
    if (!text.empty() && text.front() == '/') return wire::msuc::CertProvRelPath;
    if (!text.empty() && text.size() <= 5 &&
        std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        return wire::msuc::WebServerPort;
    }
    if (isFqdn(text)) return wire::msuc::WebServerFqdn;
    return std::nullopt;
}

// DHCPUtil's five values run together: "MS-UC-Client" "https" FQDN port "/path".
std::optional<wire::UcSettings> fiveValuesJoined(std::string_view text) {
    if (!text.starts_with(wire::msuc::kVendorClass)) return std::nullopt;
    text.remove_prefix(wire::msuc::kVendorClass.size());
    wire::UcSettings s;
    s.scheme = text.starts_with("https") ? "https" : text.starts_with("http") ? "http" : "";
    if (s.scheme.empty()) return std::nullopt;
    text.remove_prefix(s.scheme.size());
    const std::size_t slash = text.find('/');
    if (slash == std::string_view::npos) return std::nullopt;
    s.path = std::string(text.substr(slash));
    std::string_view hostPort = text.substr(0, slash);
    std::size_t digits = 0;
    while (digits < hostPort.size() && digits < 5 &&
           hostPort[hostPort.size() - 1 - digits] >= '0' &&
           hostPort[hostPort.size() - 1 - digits] <= '9') {
        ++digits;
    }
    if (digits == 0) return std::nullopt;
    const std::string_view host = hostPort.substr(0, hostPort.size() - digits);
    unsigned port = 0;
    for (char c : hostPort.substr(hostPort.size() - digits))
        port = port * 10 + static_cast<unsigned>(c - '0');
    if (!isFqdn(host) || port == 0 || port > 65535) return std::nullopt;
    s.sipServers = {std::string(host)};
    s.webServer = std::string(host);
    s.port = static_cast<std::uint16_t>(port);
    return s;
}

bool startsWithUcIdentifier(ByteView bytes) {
    const auto id = wire::toBytes(wire::msuc::kVendorClass);
    return bytes.size() >= 2 + id.size() && bytes[0] == wire::msuc::UcIdentifier &&
           bytes[1] == id.size() && std::equal(id.begin(), id.end(), bytes.begin() + 2);
}

}  // namespace

std::optional<Finding> subOptionsMisaligned(std::uint8_t option, ByteView value) {
    const Overrun o = findOverrun(value);
    if (o.claimed == 0 && !o.noLength) return std::nullopt;
    // Exactly what Cisco IOS keeps: the data is cut, whatever a shorter length might line up.
    const bool ciscoCut =
        option == wire::opt::VendorSpecific && value.size() * 2 == kCiscoHexDigits;
    if (!ciscoCut) {
        if (auto f = wrongLength(option, value, o)) return f;
    }
    return cutShort(option, value, o);
}

std::optional<Finding> headerlessSubOptions(ByteView value) {
    if (!isPrintableText(value) || linesUp(value)) return std::nullopt;
    const std::string text = wire::toString(value);
    if (const auto s = fiveValuesJoined(text)) {
        try {
            const auto encoded = wire::encodeUc(*s);
            return make(
                Severity::Error, "suboption-headers-missing",
                fmt::format("option 43 is the five MS-UC-Client sub-option values run together "
                            "(\"{}...\"), without the code and length byte in front of each",
                            wire::escapeForDisplay(text.substr(0, 24))),
                fmt::format("send {} ({})", wire::toHex(encoded.option43), encoded.url));
        } catch (const wire::InputError&) {
            return std::nullopt;
        }
    }
    if (const auto code = subOptionOf(text)) {
        const wire::Bytes sub = wire::encodeSubOptions(
            {wire::SubOption{*code, wire::Bytes(value.begin(), value.end()), 0}});
        return make(
            Severity::Error, "suboption-headers-missing",
            fmt::format(
                "option 43 holds only the text \"{}\": the value of {} without its code and "
                "length bytes",
                wire::escapeForDisplay(text.substr(0, 40)), subLabel(*code)),
            fmt::format("as a sub-option it is {}; option 43 needs all five sub-options: 'dhcputil "
                        "encode --sip-server FQDN' prints them",
                        wire::toHex(sub)));
    }
    return std::nullopt;
}

std::optional<Finding> leadingOptionCode(std::uint8_t code, ByteView value) {
    if (value.size() < 3 || value[0] != code || value[1] == 0) {
        return std::nullopt;
    }
    // 120 (78) is never an encoding byte, and 01 0C "MS-UC-Client" after 2B LL is option 43's
    // value: then the code is certain, even when the length says more than was copied.
    const bool certain =
        code == wire::opt::SipServers ||
        (code == wire::opt::VendorSpecific && startsWithUcIdentifier(value.subspan(2)));
    if (value[1] > value.size() - 2 && !certain) {
        return std::nullopt;
    }
    const auto inner = value.subspan(2, std::min<std::size_t>(value[1], value.size() - 2));
    const bool exact = inner.size() == value.size() - 2;
    if (value[1] > value.size() - 2) {
        return make(
            Severity::Error, "includes-option-header",
            fmt::format(
                "option {}'s value starts with its own code {} ({:02X}) and length {} ({:02X}), "
                "copied from a dump of the whole option, and only {} of those {} bytes follow",
                code, code, code, value[1], value[1], inner.size(), value[1]),
            "copy the option's value again, without its first two bytes (the code and the length)");
    }
    if (!exact) {
        // The length covers less than the rest: only when the inner part is a good value.
        const bool good = code == wire::opt::VendorSpecific ? certain || (linesUp(inner) && !linesUp(value))
                          : code == wire::opt::SipServers   ? [&] {
                                try {
                                    wire::decodeSipServers(inner);
                                    return true;
                                } catch (const wire::WireError&) {
                                    return false;
                                }
                            }()
                                                            : false;
        if (!good) return std::nullopt;
    }
    return make(
        Severity::Error, "includes-option-header",
        fmt::format(
            "option {}'s value starts with its own code {} ({:02X}) and length {} ({:02X}): "
            "they were copied from a dump of the whole option{}",
            code, code, code, value[1], value[1],
            exact ? ""
                  : fmt::format(", and {} after it",
                                plural(value.size() - 2 - inner.size(), "byte"))),
        fmt::format("leave the first two bytes out: send {}", wire::toHex(inner)));
}

std::optional<Finding> wrongMode(std::optional<std::uint8_t> code, ByteView bytes) {
    if (code) {
        const auto cookie =
            std::search(bytes.begin(), bytes.end(), kMagicCookie.begin(), kMagicCookie.end());
        const auto at = static_cast<std::size_t>(cookie - bytes.begin());
        if (cookie != bytes.end() && (at == 0 || at >= kBootpFixed)) {
            const std::string what =
                at == 0 ? "starts with the DHCP magic cookie 63825363: it is a message's "
                          "options field, not one option's value"
                        : fmt::format(
                              "holds the DHCP magic cookie 63825363 at offset {}: "
                              "it is a whole DHCP message{}, not one option's value",
                              at, at > kBootpFixed ? " in a frame" : "");
            return make(Severity::Error, "use-packet", fmt::format("the value {}", what),
                        "decode the whole message with 'dhcputil decode --packet HEX'");
        }
    }
    if (startsWithUcIdentifier(bytes) && code != wire::opt::VendorSpecific) {
        return make(
            Severity::Error, "use-option-43",
            fmt::format(
                "this is option 43's value (01 0C \"MS-UC-Client\", then the other sub-options), "
                "not {}",
                code ? fmt::format("option {}'s", *code) : std::string("a DHCP message")),
            "decode it with 'dhcputil decode --option 43 HEX'");
    }
    return std::nullopt;
}

std::optional<std::string> textInsteadOfHex(std::uint8_t code, std::string_view text) {
    while (!text.empty() && (text.front() == ' ' || text.front() == '"')) text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '"' || text.back() == '\n'))
        text.remove_suffix(1);
    if (text.empty() || text.size() > 253 || !isPrintableText(wire::toBytes(text)))
        return std::nullopt;
    // Words, not hex with a typo in it: letters past F make up a fifth of the letters and digits.
    std::size_t beyondF = 0;
    std::size_t alnum = 0;
    for (char c : text) {
        const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
        alnum += letter || (c >= '0' && c <= '9') ? 1 : 0;
        beyondF +=
            letter && c != 'x' && c != 'X' && ((c > 'f' && c <= 'z') || (c > 'F' && c <= 'Z')) ? 1
                                                                                               : 0;
    }
    if (beyondF < 2 || beyondF * 5 < alnum) return std::nullopt;
    const std::string shown =
        wire::escapeForDisplay(text.substr(0, 40)) + (text.size() > 40 ? "..." : "");
    if (code == wire::opt::SipServers && isFqdn(text)) {
        return fmt::format(
            "'{}' is a host name, not hex; option 120 for it is {} ('dhcputil encode --sip-server "
            "{}' "
            "prints it)",
            shown, wire::toHex(wire::encodeSipServerNames({std::string(text)})), shown);
    }
    if (code == wire::opt::VendorSpecific) {
        if (const auto sub = subOptionOf(text)) {
            return fmt::format(
                "'{}' is text, not hex: the value of {}, which is {} as a sub-option ('dhcputil "
                "encode --sip-server FQDN' prints all of option 43)",
                shown, subLabel(*sub),
                wire::toHex(
                    wire::encodeSubOptions({wire::SubOption{*sub, wire::toBytes(text), 0}})));
        }
    }
    if (text.size() > 40) return std::nullopt;  // a long paste: the reader's window says more
    return fmt::format("'{}' is text, not hex; its bytes are {}", shown,
                       wire::toHex(wire::toBytes(text)));
}

}  // namespace dhcplite::util
