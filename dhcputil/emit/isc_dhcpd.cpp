// ISC dhcpd (4.x): a dhcpd.conf snippet. dhcpd ignores DHCPINFORM from a subnet that is not
// `authoritative;` (docs/design.md §9), hence the required scope. Sub-options 1..5 are declared
// `text` in their own option space, so the port goes out as the ASCII digits "443"; option 120 is
// declared `string` and given as colon hex, so dhcpd sends our RFC 3361 bytes unchanged.
#include <fmt/format.h>

#include "emit/emit.hpp"
#include "emit/emit_util.hpp"

namespace dhcplite::util::emit {
namespace {

// Lync Phone Edition asks for its voice VLAN as vendor class CPE-OCPHONE: sub-option 10 of its
// own option space, a 16-bit integer as Microsoft's netsh steps define it (a Word).
std::string vlanClass(const PhoneSetup& phone) {
    if (!phone.vlan) return {};
    std::string out = "\n";
    out +=
        "# Voice VLAN for Lync Phone Edition (vendor class CPE-OCPHONE): option 43 sub-option "
        "10.\n";
    out += "option space CPEOCPHONE;\n";
    out += "option CPEOCPHONE.VLANID code 10 = unsigned integer 16;\n";
    out += "class \"CPEOCPHONE\" {\n";
    out += "  match if option vendor-class-identifier = \"CPE-OCPHONE\";\n";
    out += "  vendor-option-space CPEOCPHONE;\n";
    out += fmt::format("  option CPEOCPHONE.VLANID {};\n", *phone.vlan);
    out += "}\n";
    return out;
}

// Options for every client of the phones' subnet. dhcpd encodes domain-search itself (RFC 3397;
// it may compress names, so its bytes can differ from ours for the same names).
std::string subnetOptions(const PhoneSetup& phone) {
    std::string out;
    if (!phone.ntpServers.empty()) {
        std::string list;
        for (const auto& a : phone.ntpServers) list += (list.empty() ? "" : ", ") + a.toString();
        out += "  # Phones need the time before any certificate is valid (options 42 and 4).\n";
        out += fmt::format("  option ntp-servers {};\n", list);
        out += fmt::format("  option time-servers {};\n", list);
    }
    if (!phone.domainSearch.empty()) {
        std::string list;
        for (const auto& name : phone.domainSearch) {
            list += (list.empty() ? "" : ", ") + detail::cStyleQuoted(name, "domain search");
        }
        out += fmt::format("  option domain-search {};\n", list);
    }
    return out;
}

}  // namespace

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
        h.whereHow.push_back(
            fmt::format("dhcpd takes its interfaces on the command line: INTERFACESv4=\"{}\" in "
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
    out += vlanClass(options.phone);
    out += "\n";
    out += "# dhcpd answers DHCPINFORM only in an authoritative subnet. No range: the phones\n";
    out += "# already have their addresses.\n";
    out +=
        fmt::format("subnet {} netmask {} {{\n", scope.network.toString(), detail::netmask(scope));
    out += "  authoritative;\n";
    out += subnetOptions(options.phone);
    out += "}\n";
    return out;
}

}  // namespace dhcplite::util::emit
