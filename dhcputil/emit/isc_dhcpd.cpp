// ISC dhcpd (4.x): a dhcpd.conf snippet. dhcpd ignores DHCPINFORM from a subnet that is not
// `authoritative;` (docs/design.md §9), hence the required scope. Sub-options 1..5 are declared
// `text` in their own option space, so the port goes out as the ASCII digits "443"; option 120 is
// declared `string` and given as colon hex, so dhcpd sends our RFC 3361 bytes unchanged.
#include <fmt/format.h>

#include "emit/emit.hpp"
#include "emit/emit_util.hpp"

namespace dhcplite::util::emit {

std::string emitIscDhcpd(const wire::UcSettings& settings, const wire::EncodedUc& encoded,
                         const EmitOptions& options) {
    detail::checkOptions(Format::IscDhcpd, options);
    const wire::Cidr& scope = *options.scope;

    detail::Header h;
    h.what = "ISC dhcpd configuration (dhcpd.conf snippet)";
    h.whereHow = {
        "Add it to /etc/dhcp/dhcpd.conf (or `include` it from there), check it with",
        "  dhcpd -4 -t -cf /etc/dhcp/dhcpd.conf",
        "then restart isc-dhcp-server. If dhcpd.conf already declares this subnet, put",
        "`authoritative;` into that declaration instead of adding a second one.",
    };
    if (!options.interface.empty()) {
        h.whereHow.push_back(fmt::format(
            "dhcpd takes its interfaces on the command line: INTERFACESv4=\"{}\" in "
            "/etc/default/isc-dhcp-server.",
            options.interface));
    }

    std::string out = detail::header("#", Format::IscDhcpd, h, settings, encoded, options);
    out += "\n";
    out += "# Option 43 sub-options of the MS-UC-Client vendor class, as text (no NUL, port as\n";
    out += "# ASCII digits).\n";
    out += "option space MSUCClient;\n";
    for (const auto& sub : detail::subOptions(encoded)) {
        out += fmt::format("option MSUCClient.{} code {} = text;\n", sub.windowsName, sub.code);
    }
    out += "\n";
    out += "# Option 120, SIP servers (RFC 3361), as raw bytes: encoding byte, then the names in\n";
    out += "# DNS label form (or IPv4 addresses).\n";
    out += "option ms-uc-sip-server code 120 = string;\n";
    out += "\n";
    out += "class \"MSUCClient\" {\n";
    out += "  # Option 60 must equal the vendor class exactly (case-sensitive).\n";
    out += fmt::format("  match if option vendor-class-identifier = {};\n",
                       detail::cStyleQuoted(settings.vendorClass, "vendor class"));
    out += "  vendor-option-space MSUCClient;\n";
    for (const auto& sub : detail::subOptions(encoded)) {
        out += fmt::format("  option MSUCClient.{} {};\n", sub.windowsName,
                           detail::cStyleQuoted(wire::toString(sub.data), sub.label));
    }
    out += fmt::format("  option ms-uc-sip-server {};\n", detail::colonHex(encoded.option120));
    out += "}\n";
    out += "\n";
    out += "# dhcpd answers DHCPINFORM only in an authoritative subnet. No range: the phones\n";
    out += "# already have their addresses.\n";
    out += fmt::format("subnet {} netmask {} {{\n", scope.network.toString(), detail::netmask(scope));
    out += "  authoritative;\n";
    out += "}\n";
    return out;
}

}  // namespace dhcplite::util::emit
