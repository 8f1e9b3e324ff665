// HPE Comware (Aruba / H3C switches and routers) DHCP address pool (docs/design.md §9). A
// customised option takes `hex` of 2 to 256 hex digits (128 bytes), and a second `option 43`
// line replaces the first rather than adding to it, so a longer value cannot be split the way
// Cisco IOS's `option ext` does: past 256 digits we refuse and say what to shorten. The pool has
// no choice by vendor class: every client in it gets option 43, and Lync Phone Edition's
// CPE-OCPHONE VLAN cannot be given beside it.
#include <fmt/format.h>

#include "emit/emit.hpp"
#include "emit/emit_util.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util::emit {
namespace {

constexpr std::size_t kComwareHexLimit = 256;
constexpr std::size_t kComwareAddresses = 8;  // `option N ip-address` takes up to eight

}  // namespace

std::string emitAruba(const wire::UcSettings& settings, const wire::EncodedUc& encoded,
                      const EmitOptions& options) {
    detail::checkOptions(Format::Aruba, options);
    const PhoneSetup& phone = options.phone;
    const EncodedPhone bytes = encodePhoneSetup(phone);

    detail::Header h;
    h.what = "HPE Comware (Aruba / H3C) DHCP address pool";
    h.whereHow = {
        "Paste it in system view (system-view); the DHCP server must be on (dhcp enable). The",
        "pool sends these options to every client in it: use it for a voice subnet or VLAN that",
        "only the phones use. Comware takes at most 256 hex digits per `option N hex`.",
    };

    std::string out = detail::header("#", Format::Aruba, h, settings, encoded, options);
    out += "dhcp server ip-pool MS-UC-Client\n";
    if (options.scope) {
        out += fmt::format(" network {} mask {}\n", options.scope->network.toString(),
                           detail::netmask(*options.scope));
    } else {
        out +=
            "# add: network <phone subnet> mask <netmask>, or put the option lines into the pool\n";
        out += "# that already serves the phones\n";
    }
    const auto hexOption = [&](unsigned code, wire::ByteView value) {
        detail::requireFits(code, value, kComwareHexLimit, "Comware's `option N hex`",
                            detail::kShortenAdvice);
        out += fmt::format(" option {} hex {}\n", code, wire::toHex(value));
    };
    hexOption(120, encoded.option120);
    hexOption(43, encoded.option43);
    if (!phone.ntpServers.empty()) {
        out += "# phones need the time before any certificate is valid (options 42 and 4)\n";
        if (phone.ntpServers.size() <= kComwareAddresses) {
            const std::string list = detail::addressList(phone.ntpServers, " ");
            out += fmt::format(" option 42 ip-address {}\n", list);
            out += fmt::format(" option 4 ip-address {}\n", list);
        } else {
            hexOption(42, bytes.addresses);
            hexOption(4, bytes.addresses);
        }
    }
    if (!phone.domainSearch.empty()) hexOption(119, bytes.domainSearch);
    if (phone.vlan) {
        out += fmt::format(
            "# voice VLAN {}: NOT configured. A Comware pool gives every client the same option "
            "43,\n"
            "# so it cannot answer vendor class CPE-OCPHONE with sub-option 10 beside "
            "MS-UC-Client;\n"
            "# set the VLAN on the switch port instead (voice vlan, announced by LLDP-MED).\n",
            *phone.vlan);
    }
    out += "#\n";
    return out;
}

}  // namespace dhcplite::util::emit
