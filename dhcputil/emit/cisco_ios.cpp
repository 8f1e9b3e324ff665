// Cisco IOS / IOS XE DHCP server pool (docs/design.md §9). `option <code> hex` silently keeps only
// the first 180 hex characters (90 bytes): with the default scheme, port and path, option 43 is
// 67 + len(web FQDN) bytes, so a web server name longer than 23 characters is cut and the phones
// get a broken sub-option 5. Past 180 characters we switch to `option ext <code> hex` lines
// (IOS XE 3.2.1S and later), each at most 180 characters, which IOS joins into one option.
#include <fmt/format.h>

#include "emit/emit.hpp"
#include "emit/emit_util.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util::emit {
namespace {

constexpr std::size_t kIosHexLimit = 180;  // hex characters one `option N hex` line keeps

std::string optionLines(unsigned code, wire::ByteView value) {
    const std::string hex = wire::toHex(value);
    if (hex.size() <= kIosHexLimit) return fmt::format(" option {} hex {}\n", code, hex);
    std::string out =
        fmt::format(" ! option {} is {} hex characters, past the 180 that `option {} hex` keeps:\n",
                    code, hex.size(), code);
    for (std::size_t at = 0; at < hex.size(); at += kIosHexLimit) {
        out += fmt::format(" option ext {} hex {}\n", code, hex.substr(at, kIosHexLimit));
    }
    return out;
}

// Options 42 and 4 as `ip` lists, 119 as its RFC 3397 bytes under the same 180-character rule.
// The voice VLAN cannot be said here: an IOS pool has one option 43 for every client, with no
// choice by vendor class, and CPE-OCPHONE's would replace MS-UC-Client's.
std::string phoneLines(const PhoneSetup& phone) {
    if (phone.empty()) return {};
    const EncodedPhone bytes = encodePhoneSetup(phone);
    std::string out;
    if (!phone.ntpServers.empty()) {
        std::string list;
        for (const auto& a : phone.ntpServers) list += " " + a.toString();
        out += " ! phones need the time before any certificate is valid (options 42 and 4)\n";
        out += fmt::format(" option 42 ip{}\n", list);
        out += fmt::format(" option 4 ip{}\n", list);
    }
    if (!phone.domainSearch.empty()) out += optionLines(119, bytes.domainSearch);
    if (phone.vlan) {
        out += fmt::format(
            " ! voice VLAN {}: NOT configured. An IOS pool gives every client the same option 43, "
            "so\n"
            " ! it cannot answer vendor class CPE-OCPHONE with sub-option 10 beside MS-UC-Client; "
            "set\n"
            " ! the VLAN on the switch port instead (switchport voice vlan {}, announced by "
            "LLDP-MED/CDP).\n",
            *phone.vlan, *phone.vlan);
    }
    return out;
}

}  // namespace

std::string emitCiscoIos(const wire::UcSettings& settings, const wire::EncodedUc& encoded,
                         const EmitOptions& options) {
    detail::checkOptions(Format::CiscoIos, options);

    detail::Header h;
    h.what = "Cisco IOS DHCP pool";
    h.whereHow = {
        "Paste it in global configuration mode (configure terminal). The pool sends these",
        "options to every client in it that asks for them: use it for a voice subnet or VLAN",
        "that only the phones use. IOS keeps 180 hex characters per `option N hex` line; longer",
        "values are written as `option ext N hex` parts (IOS XE 3.2.1S or later).",
    };

    std::string out = detail::header("!", Format::CiscoIos, h, settings, encoded, options);
    out += "ip dhcp pool MS-UC-Client\n";
    if (options.scope) {
        out += fmt::format(" network {} {}\n", options.scope->network.toString(),
                           detail::netmask(*options.scope));
    } else {
        out += " ! add: network <phone subnet> <netmask>, or put the option lines into the pool\n";
        out += " ! that already serves the phones\n";
    }
    out += optionLines(120, encoded.option120);
    out += optionLines(43, encoded.option43);
    out += phoneLines(options.phone);
    return out;
}

}  // namespace dhcplite::util::emit
