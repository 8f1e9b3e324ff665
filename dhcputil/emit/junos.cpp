// Juniper Junos extended DHCP local server (docs/design.md §9): an address-assignment pool for
// the phones' subnet whose dhcp-attributes carry options 120 and 43 as `hex-string`, the bytes
// exactly. Junos picks the pool by the client's subnet and has no choice by vendor class, so
// every client of the pool gets option 43, as with Cisco IOS; Lync Phone Edition's CPE-OCPHONE
// VLAN cannot be given beside it.
#include <fmt/format.h>

#include "emit/emit.hpp"
#include "emit/emit_util.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util::emit {

std::string emitJunos(const wire::UcSettings& settings, const wire::EncodedUc& encoded,
                      const EmitOptions& options) {
    detail::checkOptions(Format::Junos, options);
    const PhoneSetup& phone = options.phone;
    const EncodedPhone bytes = encodePhoneSetup(phone);
    const std::string pool = "set access address-assignment pool MS-UC-Client family inet";

    detail::Header h;
    h.what = "Junos DHCP local server pool";
    h.whereHow = {
        "Paste it in configuration mode (configure; load set terminal), check it with",
        "`commit check`, then commit. Every client in the pool's subnet gets these options: use",
        "a subnet or VLAN that only the phones use.",
    };

    std::string out = detail::header("#", Format::Junos, h, settings, encoded, options);
    out += fmt::format("{} network {}\n", pool, options.scope->toString());
    const auto option = [&](unsigned code, wire::ByteView value) {
        detail::requireFits(code, value, detail::kOneOptionHexDigits, "Junos",
                            detail::kShortenAdvice);
        out += fmt::format("{} dhcp-attributes option {} hex-string {}\n", pool, code,
                           wire::toHex(value));
    };
    option(120, encoded.option120);
    option(43, encoded.option43);
    if (!phone.ntpServers.empty()) {
        out += fmt::format("# options 42 and 4, time servers {}: phones need the time before any\n",
                           detail::addressList(phone.ntpServers, ", "));
        out += "# certificate is valid\n";
        option(42, bytes.addresses);
        option(4, bytes.addresses);
    }
    if (!phone.domainSearch.empty()) {
        out += "# option 119, DNS search list (RFC 3397)\n";
        option(119, bytes.domainSearch);
    }
    if (phone.vlan) {
        out += fmt::format(
            "# voice VLAN {}: NOT configured. A Junos pool gives every client the same option 43, "
            "so it\n"
            "# cannot answer vendor class CPE-OCPHONE with sub-option 10 beside MS-UC-Client; set "
            "the\n"
            "# VLAN on the switch port instead (voip vlan, announced by LLDP-MED).\n",
            *phone.vlan);
    }
    if (!options.interface.empty()) {
        out +=
            fmt::format("set system services dhcp-local-server group MS-UC-Client interface {}\n",
                        options.interface);
    } else {
        out += "# and, unless the DHCP local server already listens there:\n";
        out +=
            "#   set system services dhcp-local-server group MS-UC-Client interface <phones' "
            "interface>\n";
    }
    return out;
}

}  // namespace dhcplite::util::emit
