// FortiGate (FortiOS 7.2 and later) DHCP server options (docs/design.md §9). Every value goes in
// as `type hex`, so FortiOS sends our bytes unchanged. Option 43 is tied to the phones with
// `vci-match enable` and `vci-string`, which FortiOS 7.2 added to single options: other clients
// of the same DHCP server do not get it. The entries are numbered by option code (entry 43 is
// option 43) so that they do not overwrite the server's other options; Lync Phone Edition's
// CPE-OCPHONE option 43 is entry 4310.
#include <fmt/format.h>

#include "emit/emit.hpp"
#include "emit/emit_util.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util::emit {
namespace {

constexpr std::string_view kProduct = "FortiOS";

// One `config options` entry; `vendorClass` empty: for every client.
std::string entry(unsigned id, unsigned code, wire::ByteView value,
                  const std::string& vendorClass) {
    detail::requireFits(code, value, detail::kOneOptionHexDigits, kProduct, detail::kShortenAdvice);
    std::string out = fmt::format("            edit {}\n", id);
    out += fmt::format("                set code {}\n", code);
    out += "                set type hex\n";
    out += fmt::format("                set value \"{}\"\n", wire::toHex(value));
    if (!vendorClass.empty()) {
        out += "                set vci-match enable\n";
        out += fmt::format("                set vci-string {}\n",
                           detail::cStyleQuoted(vendorClass, "vendor class"));
    }
    out += "            next\n";
    return out;
}

}  // namespace

std::string emitFortiGate(const wire::UcSettings& settings, const wire::EncodedUc& encoded,
                          const EmitOptions& options) {
    detail::checkOptions(Format::FortiGate, options);
    const PhoneSetup& phone = options.phone;
    const EncodedPhone bytes = encodePhoneSetup(phone);

    detail::Header h;
    h.what = "FortiGate DHCP server options";
    h.whereHow = {
        "Needs FortiOS 7.2 or later (vci-match on single options). Replace `edit 1` with the id",
        "of the DHCP server that serves the phones (show system dhcp server), then paste it into",
        "the CLI. Option 120 goes to every client of that server, option 43 only to clients",
        "whose option 60 is the vendor class.",
    };

    std::string out = detail::header("#", Format::FortiGate, h, settings, encoded, options);
    out += "config system dhcp server\n";
    out += "    edit 1\n";
    out += "        config options\n";
    out += entry(120, 120, encoded.option120, {});
    out += entry(43, 43, encoded.option43, settings.vendorClass);
    if (!phone.ntpServers.empty()) {
        out +=
            fmt::format("            # options 42 and 4, time servers {}: phones need the time\n",
                        detail::addressList(phone.ntpServers, ", "));
        out += "            # before any certificate is valid\n";
        out += entry(42, 42, bytes.addresses, {});
        out += entry(4, 4, bytes.addresses, {});
    }
    if (!phone.domainSearch.empty()) {
        out += "            # option 119, DNS search list (RFC 3397)\n";
        out += entry(119, 119, bytes.domainSearch, {});
    }
    if (phone.vlan) {
        out += fmt::format(
            "            # voice VLAN {} for Lync Phone Edition: option 43 sub-option 10\n",
            *phone.vlan);
        out += entry(4310, 43, bytes.vlanOption43, std::string(kCpeOcPhoneClass));
    }
    out += "        end\n";
    out += "    next\n";
    out += "end\n";
    return out;
}

}  // namespace dhcplite::util::emit
