// MikroTik RouterOS (docs/design.md §9): both options as raw hex (`value=0x...` is sent exactly),
// one option set holding them, and a matcher on option 60 that hands that set to the phones only.
// Matchers exist from RouterOS 7.4 on (7.16 added a `matching-type` property; we leave it out so
// that the script also loads on 7.4 to 7.15).
#include <fmt/format.h>

#include "emit/emit.hpp"
#include "emit/emit_util.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util::emit {

std::string emitMikroTik(const wire::UcSettings& settings, const wire::EncodedUc& encoded,
                         const EmitOptions& options) {
    detail::checkOptions(Format::MikroTik, options);

    detail::Header h;
    h.what = "MikroTik RouterOS script";
    h.whereHow = {
        "Needs RouterOS 7.4 or later (the matcher). Paste it into a terminal, or upload it as",
        "ms-uc-client.rsc and run /import file-name=ms-uc-client.rsc. `server=all` applies the",
        "matcher to every DHCP server; name yours (/ip dhcp-server print) to narrow it.",
        "The DHCP server must serve the phones' subnet.",
    };

    std::string out = detail::header("#", Format::MikroTik, h, settings, encoded, options);
    out += "/ip dhcp-server option\n";
    out += fmt::format("add name=msuc-sip-server code=120 value=0x{}\n",
                       wire::toHex(encoded.option120));
    out += fmt::format("add name=msuc-vendor-info code=43 value=0x{}\n",
                       wire::toHex(encoded.option43));
    const PhoneSetup& phone = options.phone;
    const EncodedPhone bytes = encodePhoneSetup(phone);
    std::string extra;  // more options in the phones' set
    if (!phone.ntpServers.empty()) {
        out += "# Phones need the time before any certificate is valid (options 42 and 4).\n";
        out += fmt::format("add name=msuc-ntp-servers code=42 value=0x{}\n",
                           wire::toHex(bytes.addresses));
        out += fmt::format("add name=msuc-time-servers code=4 value=0x{}\n",
                           wire::toHex(bytes.addresses));
        extra += ",msuc-ntp-servers,msuc-time-servers";
    }
    if (!phone.domainSearch.empty()) {
        out += "# Option 119, DNS search list (RFC 3397).\n";
        out += fmt::format("add name=msuc-domain-search code=119 value=0x{}\n",
                           wire::toHex(bytes.domainSearch));
        extra += ",msuc-domain-search";
    }
    if (phone.vlan) {
        out +=
            "# Voice VLAN for Lync Phone Edition (vendor class CPE-OCPHONE): option 43 sub-option "
            "10.\n";
        out += fmt::format("add name=cpe-ocphone-vlan code=43 value=0x{}\n",
                           wire::toHex(bytes.vlanOption43));
    }
    out += "/ip dhcp-server option sets\n";
    out += fmt::format("add name=msuc-options options=msuc-sip-server,msuc-vendor-info{}\n", extra);
    if (phone.vlan) out += "add name=cpe-ocphone-options options=cpe-ocphone-vlan\n";
    out += "/ip dhcp-server matcher\n";
    out += fmt::format(
        "add name=msuc-vendor-class server=all code=60 value={} option-set=msuc-options\n",
        detail::routerOsQuoted(settings.vendorClass, "vendor class"));
    if (phone.vlan) {
        out +=
            "add name=cpe-ocphone-vendor-class server=all code=60 value=\"CPE-OCPHONE\" "
            "option-set=cpe-ocphone-options\n";
    }
    return out;
}

}  // namespace dhcplite::util::emit
