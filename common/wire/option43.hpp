#pragma once
// Option 43, vendor-specific information, as sub-option TLVs (RFC 2132 §8.4), and the MS-UC-Client
// profile of it (docs/design.md §2.4).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wire/bytes.hpp"

namespace dhcplite::wire {

struct SubOption {
    std::uint8_t code = 0;
    Bytes data;
    std::size_t offset = 0;  // decode only: offset of the code byte in the option value
    bool operator==(const SubOption& o) const { return code == o.code && data == o.data; }
};

struct SubOptions {
    std::vector<SubOption> items;   // in wire order; unknown codes kept
    std::size_t padCount = 0;       // code 0 bytes skipped
    bool trailingEnd = false;       // a code 255 ended the list (dnsmasq appends one)
    std::size_t bytesAfterEnd = 0;  // anything after that END (reported, not parsed)
};

// Throws WireError (offset from the start of `value`) when a sub-option's length byte is missing
// (offset = value.size()) or its length overruns the value (offset of the length byte). A 255
// ends the list wherever it is; what follows is counted in bytesAfterEnd, not parsed.
SubOptions decodeSubOptions(ByteView value);
// Each sub-option ≤ 255 bytes (else InputError naming the code); no trailing END.
Bytes encodeSubOptions(const std::vector<SubOption>& subs);

// ---- MS-UC-Client (docs/design.md §2.4) ----
namespace msuc {
inline constexpr std::uint8_t UcIdentifier = 1;
inline constexpr std::uint8_t UrlScheme = 2;
inline constexpr std::uint8_t WebServerFqdn = 3;
inline constexpr std::uint8_t WebServerPort = 4;  // ASCII digits, not an integer
inline constexpr std::uint8_t CertProvRelPath = 5;

inline constexpr std::string_view kVendorClass = "MS-UC-Client";
inline constexpr std::string_view kDefaultScheme = "https";
inline constexpr std::uint16_t kDefaultPort = 443;
inline constexpr std::string_view kDefaultPath = "/CertProv/CertProvisioningService.svc";

struct SubOptionName {
    std::string_view windowsName;  // netsh / PowerShell option definition name
    std::string_view label;        // DHCPUtil's label
};
// Names for codes 1..5; nullopt for other codes.
std::optional<SubOptionName> subOptionName(std::uint8_t code);
}  // namespace msuc

// What an admin configures for MS-UC-Client phones.
struct UcSettings {
    std::vector<std::string> sipServers;    // FQDNs → option 120 enc 0
    std::vector<std::string> sipAddresses;  // IPv4 text → option 120 enc 1 (never mixed with names)
    std::string webServer;                  // empty → first SIP server FQDN
    std::uint16_t port = msuc::kDefaultPort;
    std::string scheme = std::string(msuc::kDefaultScheme);
    std::string path = std::string(msuc::kDefaultPath);
    std::string vendorClass = std::string(msuc::kVendorClass);   // option 60 to match
    std::string ucIdentifier = std::string(msuc::kVendorClass);  // sub-option 1
};

// Every option byte string an emitter or the daemon needs, validated and encoded once.
struct EncodedUc {
    Bytes option120;           // the option's data (enc + names/addresses)
    Bytes option43;            // sub-options 1..5, no trailing END
    std::array<Bytes, 5> sub;  // sub[0] is sub-option 1's data, ... sub[4] is 5's
    std::string webServer;     // resolved (defaulted) web server FQDN
    std::string url;           // <scheme>://<web>:<port><path>
};

// Validates everything (InputError with field() set to "SIP server FQDN", "SIP server address",
// "web server FQDN", "port", "URL scheme", "path", "vendor class", "UC identifier"): FQDNs, port
// 1..65535, scheme non-empty [a-z0-9+.-] starting with a letter (RFC 3986 §3.1), path starts
// with '/' and has no spaces, control or non-ASCII characters, IPv4 addresses, names and
// addresses not mixed, a web server (or a SIP FQDN to default it from) present, vendor class and
// UC identifier non-empty printable ASCII, each sub-option ≤ 255 bytes. A trailing dot on the
// (possibly defaulted) web server is dropped for sub-option 3 and the URL.
EncodedUc encodeUc(const UcSettings& settings);

// The URL a phone builds from decoded sub-options, docs/design.md §2.4.
std::string certProvisioningUrl(std::string_view scheme, std::string_view web,
                                std::string_view port, std::string_view path);

}  // namespace dhcplite::wire
