#pragma once
// Pieces shared by the emitters (internal to dhcputil_emit): the comment header every output
// starts with, the "needs --scope" / "no cleanup form" errors, and the value spellings and quoting
// rules of the various config languages.
#include <string>
#include <string_view>
#include <vector>

#include "emit/emit.hpp"
#include "wire/bytes.hpp"

namespace dhcplite::util::emit::detail {

// The comment block every output starts with: what it is, the values it carries, where it goes
// and how to apply it. `prefix` is the format's comment leader ("#", "//", "rem", "!").
struct Header {
    std::string_view what;              // one line: "ISC dhcpd configuration snippet"
    std::vector<std::string> whereHow;  // lines: where the text goes and how to apply it
};
std::string header(std::string_view prefix, Format format, const Header& h,
                   const wire::UcSettings& settings, const wire::EncodedUc& encoded,
                   const EmitOptions& options);

// The rules on EmitOptions per format, in one place, checked before anything is encoded: throws
// std::invalid_argument (one line, saying what would fix it) when --cleanup is asked of a format
// without a cleanup form, when --scope is missing where the format needs it ("--scope is
// required for kea: ...") or given where it has no use, and wire::InputError for an interface
// name that cannot be written into a config file.
void checkOptions(Format format, const EmitOptions& options);
bool hasCleanupForm(Format format);

// Sub-option n (1..5) of the MS-UC-Client profile: its data and names.
struct SubOptionView {
    std::uint8_t code;
    std::string_view windowsName;  // "UCIdentifier" ...
    std::string_view label;        // "UC Identifier" ...
    const wire::Bytes& data;
};
std::vector<SubOptionView> subOptions(const wire::EncodedUc& encoded);

// "00:04:6C" (ISC dhcpd, dnsmasq).
std::string colonHex(wire::ByteView bytes);
// "([byte[]](0x00,0x04,0x6C))" (PowerShell, usable as a command argument).
std::string powerShellBytes(wire::ByteView bytes);
// A dotted quad netmask for a prefix ("255.255.255.0").
std::string netmask(const wire::Cidr& cidr);
// "192.0.2.1<sep>192.0.2.2".
std::string addressList(const std::vector<wire::Ipv4>& addresses, std::string_view separator);

// Throws CannotExpress when option `code`'s value is longer than `maxHexDigits` hex digits, the
// most one option line of `product` takes: "option 43 is 300 hex digits; <product> takes at most
// 256 in one option (128 bytes): <advice>".
void requireFits(unsigned code, wire::ByteView value, std::size_t maxHexDigits,
                 std::string_view product, std::string_view advice);
inline constexpr std::size_t kOneOptionHexDigits = 510;  // 255 bytes, one option's length byte
inline constexpr std::string_view kShortenAdvice =
    "shorten the web server FQDN (--web-server) or the path (--path), or serve the phones from a "
    "server that splits long options (dhcplite, Kea, ISC dhcpd)";

// Quoting. Each throws wire::InputError (naming `field` and the character) for a character the
// target language cannot carry inside its string literal.
std::string cmdQuoted(std::string_view value, std::string_view field);         // "..." for a .cmd
std::string powerShellQuoted(std::string_view value, std::string_view field);  // '...'
std::string cStyleQuoted(std::string_view value, std::string_view field);      // "..." with \" \\ .
std::string routerOsQuoted(std::string_view value, std::string_view field);    // "..." with \$ too

}  // namespace dhcplite::util::emit::detail
