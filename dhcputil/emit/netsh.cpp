// Windows DHCP Server through netsh, mirroring Microsoft's DHCPConfigScript.bat (docs/design.md
// §9): both verbs first delete option value 120, option definition 120 and the MSUCClient vendor
// class (deleting the class also drops its sub-option definitions and values); Cleanup stops
// there, Configure then adds everything back with the new values. The phone setup (options 42,
// 4, 119 and the CPEOCPHONE class of Lync Phone Edition's voice VLAN) follows the same pattern.
#include <fmt/format.h>

#include "emit/emit.hpp"
#include "emit/emit_util.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util::emit {
namespace {

// Deleting first makes Configure safe to run again, as for option 120; deleting the CPEOCPHONE
// class also drops its sub-option 10 definition and value.
std::string phoneDeletes(const PhoneSetup& phone, const std::string& valueContext) {
    std::string out;
    if (!phone.ntpServers.empty()) {
        out += fmt::format("{} delete optionvalue 42\n", valueContext);
        out += fmt::format("{} delete optionvalue 4\n", valueContext);
    }
    if (!phone.domainSearch.empty()) {
        out += fmt::format("{} delete optionvalue 119\n", valueContext);
        out += "netsh dhcp server delete optiondef 119\n";
    }
    if (phone.vlan) out += "netsh dhcp server delete class CPEOCPHONE\n";
    return out;
}

std::string phoneValues(const PhoneSetup& phone, const EncodedPhone& bytes,
                        const std::string& valueContext) {
    std::string out;
    if (!phone.ntpServers.empty()) {
        std::string list;
        for (const auto& a : phone.ntpServers) list += " " + a.toString();
        out += "rem Options 42 (NTP) and 4 (time server): phones need the time before any\n";
        out += "rem certificate is valid.\n";
        out += fmt::format("{} set optionvalue 42 IPADDRESS{}\n", valueContext, list);
        out += fmt::format("{} set optionvalue 4 IPADDRESS{}\n", valueContext, list);
    }
    if (!phone.domainSearch.empty()) {
        out +=
            "rem Option 119, DNS search list (RFC 3397), as its encoded bytes: a String option\n";
        out += "rem would go out as plain text.\n";
        out +=
            "netsh dhcp server add optiondef 119 DomainSearchList Binary 0 comment=\"DNS Search "
            "List\"\n";
        out += fmt::format("{} set optionvalue 119 Binary {}\n", valueContext,
                           wire::toHex(bytes.domainSearch));
    }
    if (phone.vlan) {
        out += "rem Voice VLAN for Lync Phone Edition, which asks with vendor class CPE-OCPHONE:\n";
        out += "rem option 43 sub-option 10, the VLAN ID as a Word.\n";
        out += "netsh dhcp server add class CPEOCPHONE \"CPE-OCPHONE\" \"CPE-OCPHONE\" 1\n";
        out +=
            "netsh dhcp server add optiondef 10 VLANID Word 0 vendor=CPEOCPHONE comment=\"VLAN "
            "ID\"\n";
        out += fmt::format("{} set optionvalue 10 Word vendor=CPEOCPHONE {}\n", valueContext,
                           *phone.vlan);
    }
    return out;
}

}  // namespace

std::string emitNetsh(const wire::UcSettings& settings, const wire::EncodedUc& encoded,
                      const EmitOptions& options) {
    detail::checkOptions(Format::Netsh, options);
    // Option values go to the server (all scopes) like DHCPConfigScript.bat, or to one scope.
    // netsh names a scope by its network address.
    const std::string valueContext =
        options.scope ? fmt::format("netsh dhcp server scope {}", options.scope->network.toString())
                      : std::string("netsh dhcp server");

    detail::Header h;
    if (options.cleanup) {
        h.what = "netsh script (Cleanup) removing the DHCP options";
        h.whereHow = {
            "Removes option 120 and the MSUCClient vendor class (with its sub-options 1-5) that",
            "the Configure script added. Run it on the Windows DHCP server in an elevated command",
            "prompt: save it as msuc-cleanup.cmd and run it. A delete of something already gone",
            "reports an error and the script carries on.",
        };
    } else {
        h.what = "netsh script (Configure) setting the DHCP options";
        h.whereHow = {
            "Run it on the Windows DHCP server in an elevated command prompt: save it as",
            "msuc-configure.cmd and run it. The three deletes first make it safe to run again;",
            "on a server without these settings they report an error and the script carries on.",
            "Phones get the options when their DHCPINFORM carries vendor class MS-UC-Client.",
        };
    }

    const PhoneSetup& phone = options.phone;
    if (!phone.empty()) {
        h.whereHow.push_back(
            options.cleanup
                ? "It also removes what --ntp-server, --domain-search and --vlan set."
                : "The deletes also cover what --ntp-server, --domain-search and --vlan set.");
    }

    // "@echo off" comes first so that cmd.exe does not echo the comment lines.
    std::string out = "@echo off\n";
    out += detail::header("rem", Format::Netsh, h, settings, encoded, options);
    out += fmt::format("{} delete optionvalue 120\n", valueContext);
    out += "netsh dhcp server delete optiondef 120\n";
    out += "netsh dhcp server delete class MSUCClient\n";
    out += phoneDeletes(phone, valueContext);
    if (options.cleanup) return out;

    out += "netsh dhcp server add optiondef 120 UCSipServer Binary 0 comment=\"Sip Server Fqdn\"\n";
    out += fmt::format("{} set optionvalue 120 Binary {}\n", valueContext,
                       wire::toHex(encoded.option120));
    out += fmt::format("netsh dhcp server add class MSUCClient \"UC Vendor Class Id\" {} 1\n",
                       detail::cmdQuoted(settings.vendorClass, "vendor class"));
    for (const auto& sub : detail::subOptions(encoded)) {
        out += fmt::format(
            "netsh dhcp server add optiondef {} {} Binary 0 Vendor=MSUCClient comment=\"{}\"\n",
            sub.code, sub.windowsName, sub.label);
        out += fmt::format("{} set optionvalue {} Binary vendor=MSUCClient {}\n", valueContext,
                           sub.code, wire::toHex(sub.data));
    }
    out += phoneValues(phone, encodePhoneSetup(phone), valueContext);
    return out;
}

}  // namespace dhcplite::util::emit
