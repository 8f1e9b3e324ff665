// MikroTik RouterOS (docs/design.md §9): both options as raw hex (`value=0x...` is sent exactly), one
// option set holding them, and a matcher on option 60 that hands that set to the phones only.
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
    out += "/ip dhcp-server option sets\n";
    out += "add name=msuc-options options=msuc-sip-server,msuc-vendor-info\n";
    out += "/ip dhcp-server matcher\n";
    out += fmt::format("add name=msuc-vendor-class server=all code=60 value={} option-set=msuc-options\n",
                       detail::routerOsQuoted(settings.vendorClass, "vendor class"));
    return out;
}

}  // namespace dhcplite::util::emit
