#include "wire/option43.hpp"

#include <fmt/format.h>

#include "wire/address.hpp"
#include "wire/dhcp_constants.hpp"
#include "wire/dns_name.hpp"
#include "wire/hex.hpp"
#include "wire/option120.hpp"

namespace dhcplite::wire {

SubOptions decodeSubOptions(ByteView value) {
    SubOptions result;
    ByteReader in(value);
    while (!in.empty()) {
        const std::size_t at = in.offset();
        const std::uint8_t code = in.u8();
        // RFC 2132 §8.4: vendor sub-options follow the option format, so 0 pads and 255 ends.
        if (code == opt::Pad) {
            ++result.padCount;
            continue;
        }
        if (code == opt::End) {
            result.trailingEnd = true;
            result.bytesAfterEnd = in.remaining();
            break;
        }
        if (in.empty()) {
            in.fail(fmt::format("sub-option {} has no length byte", code));
        }
        const std::size_t lengthAt = in.offset();
        const std::uint8_t length = in.u8();
        if (length > in.remaining()) {
            throw WireError(
                fmt::format("sub-option {} length {} overruns the value ({} byte{} left)", code,
                            length, in.remaining(), in.remaining() == 1 ? "" : "s"),
                lengthAt);
        }
        const ByteView data = in.bytes(length);
        result.items.push_back(SubOption{code, Bytes(data.begin(), data.end()), at});
    }
    return result;
}

Bytes encodeSubOptions(const std::vector<SubOption>& subs) {
    Bytes out;
    for (const auto& sub : subs) {
        if (sub.code == opt::Pad || sub.code == opt::End) {
            throw InputError(fmt::format("code {} is reserved ({}) and cannot carry a value",
                                         sub.code, sub.code == opt::Pad ? "pad" : "end"),
                             std::to_string(sub.code), 0, "sub-option");
        }
        if (sub.data.size() > kMaxOptionData) {
            throw InputError(fmt::format("value is {} octets (max {} in one sub-option)",
                                         sub.data.size(), kMaxOptionData),
                             std::to_string(sub.code), 0, "sub-option");
        }
        out.push_back(sub.code);
        out.push_back(static_cast<std::uint8_t>(sub.data.size()));
        out.insert(out.end(), sub.data.begin(), sub.data.end());
    }
    return out;
}

namespace msuc {

std::optional<SubOptionName> subOptionName(std::uint8_t code) {
    switch (code) {
    case UcIdentifier: return SubOptionName{"UCIdentifier", "UC Identifier"};
    case UrlScheme: return SubOptionName{"URLScheme", "URL Scheme"};
    case WebServerFqdn: return SubOptionName{"WebServerFqdn", "Web Server FQDN"};
    case WebServerPort: return SubOptionName{"WebServerPort", "Port"};
    case CertProvRelPath: return SubOptionName{"CertProvRelPath", "Relative Path for Cert Prov"};
    default: return std::nullopt;
    }
}

}  // namespace msuc

namespace {

// Runs `f`, attaching `field` to any InputError it throws.
template <typename F>
auto withField(const char* field, F&& f) {
    try {
        return f();
    } catch (const InputError& e) {
        throw e.withField(field);
    }
}

void checkSubOptionSize(std::string_view value, const char* field) {
    if (value.size() > kMaxOptionData) {
        throw InputError(fmt::format("is {} octets (max {} in one option 43 sub-option)",
                                     value.size(), kMaxOptionData),
                         std::string(value), kMaxOptionData, field);
    }
}

// RFC 3986 §3.1: scheme = ALPHA *( ALPHA / DIGIT / "+" / "-" / "." ); lower case, as phones
// compare it literally.
void validateScheme(std::string_view scheme) {
    constexpr const char* kField = "URL scheme";
    if (scheme.empty()) {
        throw InputError("empty URL scheme", "", 0, kField);
    }
    for (std::size_t i = 0; i < scheme.size(); ++i) {
        const char c = scheme[i];
        const bool lower = c >= 'a' && c <= 'z';
        const bool other = (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
        if (i == 0 && !lower) {
            throw InputError("a URL scheme starts with a lower-case letter (like https)",
                             std::string(scheme), 0, kField);
        }
        if (!lower && !other) {
            throw InputError(
                fmt::format("'{}' is not allowed in a URL scheme (a-z, 0-9, '+', '-', '.')",
                            escapeForDisplay(scheme.substr(i, 1))),
                std::string(scheme), i, kField);
        }
    }
    checkSubOptionSize(scheme, kField);
}

void validatePath(std::string_view path) {
    constexpr const char* kField = "path";
    if (path.empty()) {
        throw InputError("empty path (the default is /CertProv/CertProvisioningService.svc)", "", 0,
                         kField);
    }
    if (path.front() != '/') {
        throw InputError("the path must start with '/'", std::string(path), 0, kField);
    }
    for (std::size_t i = 0; i < path.size(); ++i) {
        const auto b = static_cast<std::uint8_t>(path[i]);
        if (b == ' ') {
            throw InputError("a space is not allowed in the path (write it as %20)",
                             std::string(path), i, kField);
        }
        if (b < 0x20 || b == 0x7F) {
            throw InputError("a control character is not allowed in the path", std::string(path), i,
                             kField);
        }
        if (b > 0x7F) {
            throw InputError("a non-ASCII character is not allowed in the path (percent-encode it)",
                             std::string(path), i, kField);
        }
    }
    checkSubOptionSize(path, kField);
}

// Option 60 and sub-option 1 are compared byte for byte by servers and phones: printable ASCII
// only, so what the admin sees is what goes on the wire.
void validateText(std::string_view text, const char* field) {
    if (text.empty()) {
        throw InputError("empty value", "", 0, field);
    }
    for (std::size_t i = 0; i < text.size(); ++i) {
        const auto b = static_cast<std::uint8_t>(text[i]);
        if (b < 0x20 || b >= 0x7F) {
            throw InputError("only printable ASCII characters are allowed", std::string(text), i,
                             field);
        }
    }
    checkSubOptionSize(text, field);
}

std::string_view withoutTrailingDot(std::string_view name) noexcept {
    if (name.size() > 1 && name.back() == '.') name.remove_suffix(1);
    return name;
}

}  // namespace

EncodedUc encodeUc(const UcSettings& settings) {
    EncodedUc result;

    // Option 120: names or addresses, never both (RFC 3361 §3).
    if (!settings.sipServers.empty() && !settings.sipAddresses.empty()) {
        throw InputError(
            "SIP server names and addresses cannot be mixed (option 120 carries either, RFC 3361 "
            "§3)",
            settings.sipAddresses.front(), 0, "SIP server address");
    }
    if (!settings.sipServers.empty()) {
        for (const auto& name : settings.sipServers) {
            withField("SIP server FQDN", [&] {
                validateFqdn(name);
                return 0;
            });
        }
        result.option120 = encodeSipServerNames(settings.sipServers);
    } else if (!settings.sipAddresses.empty()) {
        std::vector<Ipv4> addresses;
        for (const auto& text : settings.sipAddresses) {
            addresses.push_back(withField("SIP server address", [&] { return Ipv4::parse(text); }));
        }
        result.option120 = encodeSipServerAddresses(addresses);
    } else {
        throw InputError("no SIP server given (a FQDN, or an IPv4 address)", "", 0,
                         "SIP server FQDN");
    }

    // Sub-option 3 and the URL: the web server, defaulting to the first SIP server FQDN. A
    // trailing dot is dropped: in a URL host it breaks certificate name matching on phones.
    std::string_view web = settings.webServer;
    if (web.empty()) {
        if (settings.sipServers.empty()) {
            throw InputError("no web server FQDN given (needed when the SIP servers are addresses)",
                             "", 0, "web server FQDN");
        }
        web = settings.sipServers.front();
    } else {
        withField("web server FQDN", [&] {
            validateFqdn(web);
            return 0;
        });
    }
    result.webServer = std::string(withoutTrailingDot(web));

    if (settings.port == 0) {
        throw InputError("port 0 is not a usable port (1..65535)", "0", 0, "port");
    }
    const std::string port = std::to_string(settings.port);  // ASCII text, docs/design.md §2.4
    validateScheme(settings.scheme);
    validatePath(settings.path);
    validateText(settings.vendorClass, "vendor class");
    validateText(settings.ucIdentifier, "UC identifier");

    result.sub[0] = toBytes(settings.ucIdentifier);
    result.sub[1] = toBytes(settings.scheme);
    result.sub[2] = toBytes(result.webServer);
    result.sub[3] = toBytes(port);
    result.sub[4] = toBytes(settings.path);

    std::vector<SubOption> subs;
    for (std::uint8_t code = msuc::UcIdentifier; code <= msuc::CertProvRelPath; ++code) {
        subs.push_back(SubOption{code, result.sub[code - 1U], 0});
    }
    result.option43 = encodeSubOptions(subs);
    result.url = certProvisioningUrl(settings.scheme, result.webServer, port, settings.path);
    return result;
}

std::string certProvisioningUrl(std::string_view scheme, std::string_view web,
                                std::string_view port, std::string_view path) {
    return fmt::format("{}://{}:{}{}", scheme, web, port, path);
}

}  // namespace dhcplite::wire
