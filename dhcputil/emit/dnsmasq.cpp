// dnsmasq: a conf-dir snippet (docs/design.md §9).
//
// - Sub-options go out through `vendor:<class>`, each value quoted: an unquoted 443 would be sent
//   as a binary integer, not the ASCII digits the phones parse. dnsmasq builds option 43 itself,
//   last configured sub-option first (dnsmasq 2.90, seen on the wire), so we list them 5..1 to
//   get 1..5 out; it appends an END (255) sub-option, which the phones accept.
// - Option 120 is given as colon hex. dnsmasq knows 120 as "sip-server" and would encode names
//   itself (with its own compression); hex is copied as is, so the phones get our RFC 3361 bytes.
// - Both `vendor:` and `dhcp-vendorclass` match option 60 as a substring, not exactly: any
//   vendor class containing the configured one matches too. The output says so.
// - dnsmasq answers DHCPINFORM only for an address inside one of its dhcp-ranges, and drops it
//   when ciaddr is 0.
#include <fmt/format.h>

#include "emit/emit.hpp"
#include "emit/emit_util.hpp"

namespace dhcplite::util::emit {
namespace {

// The vendor class as a dnsmasq value: bare when it is only letters, digits and "-._" (as
// MS-UC-Client is), quoted otherwise so that a comma or '#' cannot cut it short.
std::string dnsmasqValue(const std::string& value) {
    bool bare = !value.empty();
    for (const char c : value) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                        (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_';
        if (!ok) bare = false;
    }
    return bare ? value : detail::cStyleQuoted(value, "vendor class");
}

// Options 42, 4 and 119 for every client dnsmasq serves here (dnsmasq encodes the search list
// itself, RFC 3397, possibly compressed), and the voice VLAN for vendor class CPE-OCPHONE as colon
// hex: a bare number would go out in as few bytes as it fits, not as the 2-byte Word.
std::string phoneOptions(const PhoneSetup& phone) {
    std::string out;
    if (!phone.ntpServers.empty()) {
        std::string list;
        for (const auto& a : phone.ntpServers) list += "," + a.toString();
        out += "\n# Phones need the time before any certificate is valid (options 42 and 4).\n";
        out += fmt::format("dhcp-option=option:ntp-server{}\n", list);
        out += "# (dnsmasq has no name for option 4, the time server: by number.)\n";
        out += fmt::format("dhcp-option=4{}\n", list);
    }
    if (!phone.domainSearch.empty()) {
        std::string list;
        for (const auto& name : phone.domainSearch) list += "," + name;
        out += "\n# Option 119, DNS search list (RFC 3397).\n";
        out += fmt::format("dhcp-option=option:domain-search{}\n", list);
    }
    if (phone.vlan) {
        const EncodedPhone bytes = encodePhoneSetup(phone);
        out +=
            "\n# Voice VLAN for Lync Phone Edition (vendor class CPE-OCPHONE, also matched as a\n";
        out += "# substring): option 43 sub-option 10, the VLAN ID as 2 bytes.\n";
        out += "dhcp-vendorclass=set:cpeocphone,CPE-OCPHONE\n";
        out += fmt::format("dhcp-option=tag:cpeocphone,vendor:CPE-OCPHONE,10,{}\n",
                           detail::colonHex(bytes.vlanWord));
    }
    return out;
}

}  // namespace

std::string emitDnsmasq(const wire::UcSettings& settings, const wire::EncodedUc& encoded,
                        const EmitOptions& options) {
    detail::checkOptions(Format::Dnsmasq, options);

    detail::Header h;
    h.what = "dnsmasq configuration snippet";
    h.whereHow = {
        "Save it as /etc/dnsmasq.d/ms-uc-client.conf, check it with",
        "  dnsmasq --test --conf-dir=/etc/dnsmasq.d",
        "then restart dnsmasq.",
    };

    const std::string vendorClass = dnsmasqValue(settings.vendorClass);

    std::string out = detail::header("#", Format::Dnsmasq, h, settings, encoded, options);
    out += "\n";
    if (!options.interface.empty()) {
        out += fmt::format("interface={}\n", options.interface);
    }
    if (options.scope) {
        out += "# dnsmasq answers DHCPINFORM only for addresses inside a dhcp-range; \"static\"\n";
        out += "# leases nothing dynamically.\n";
        out += fmt::format("dhcp-range={},static,{}\n", options.scope->network.toString(),
                           detail::netmask(*options.scope));
    } else {
        out +=
            "# dnsmasq answers DHCPINFORM only for addresses inside a dhcp-range. If it does not\n";
        out += "# serve the phones' subnet already, add one, e.g.\n";
        out += "#   dhcp-range=192.0.2.0,static,255.255.255.0\n";
    }
    out += "\n";
    out +=
        "# NOTE: dnsmasq matches option 60 as a SUBSTRING: a vendor class that merely contains\n";
    out += "# this one matches too.\n";
    out += fmt::format("dhcp-vendorclass=set:msuc,{}\n", vendorClass);
    out += "\n";
    out +=
        "# Option 120, SIP servers (RFC 3361), as raw bytes so dnsmasq does not re-encode them.\n";
    out += fmt::format("dhcp-option=tag:msuc,120,{}\n", detail::colonHex(encoded.option120));
    out += "\n";
    out +=
        "# Option 43 sub-options, quoted so they stay text (the port as ASCII \"443\"). dnsmasq\n";
    out += "# sends the last one first: listed 5..1, they go out as 1..5 (then an END, 255).\n";
    const auto subs = detail::subOptions(encoded);
    for (auto it = subs.rbegin(); it != subs.rend(); ++it) {
        const auto& sub = *it;
        out += fmt::format("dhcp-option=tag:msuc,vendor:{},{},{}\n", vendorClass, sub.code,
                           detail::cStyleQuoted(wire::toString(sub.data), sub.label));
    }
    out += phoneOptions(options.phone);
    return out;
}

}  // namespace dhcplite::util::emit
