// Windows DHCP Server through the DhcpServer PowerShell module (Windows Server 2012 and later):
// the same steps as the netsh script. BinaryData values are passed as byte arrays, one element
// per byte, not as one hex string (docs/design.md §9).
#include <fmt/format.h>

#include "emit/emit.hpp"
#include "emit/emit_util.hpp"

namespace dhcplite::util::emit {
namespace {

// The same steps as the netsh script's (netsh.cpp): remove first, so the script can run again.
std::string phoneRemoves(const PhoneSetup& phone, const std::string& scopeArg) {
    std::string out;
    const auto removeValue = [&](int code) {
        out += fmt::format(
            "Remove-DhcpServerv4OptionValue{} -OptionId {} -ErrorAction SilentlyContinue\n",
            scopeArg, code);
    };
    if (!phone.ntpServers.empty()) {
        removeValue(42);
        removeValue(4);
    }
    if (!phone.domainSearch.empty()) {
        removeValue(119);
        out += "Remove-DhcpServerv4OptionDefinition -OptionId 119 -ErrorAction SilentlyContinue\n";
    }
    if (phone.vlan) {
        out +=
            "Remove-DhcpServerv4Class -Name 'CPEOCPHONE' -Type Vendor -ErrorAction "
            "SilentlyContinue\n";
    }
    return out;
}

std::string phoneValues(const PhoneSetup& phone, const EncodedPhone& bytes,
                        const std::string& scopeArg) {
    std::string out;
    if (!phone.ntpServers.empty()) {
        std::string list;
        for (const auto& a : phone.ntpServers)
            list += (list.empty() ? "'" : ",'") + a.toString() + "'";
        out += "\n";
        out +=
            "# Options 42 (NTP) and 4 (time server): phones need the time before any certificate "
            "is valid.\n";
        out +=
            fmt::format("Set-DhcpServerv4OptionValue{} -OptionId 42 -Value {}\n", scopeArg, list);
        out += fmt::format("Set-DhcpServerv4OptionValue{} -OptionId 4 -Value {}\n", scopeArg, list);
    }
    if (!phone.domainSearch.empty()) {
        out += "\n";
        out += "# Option 119, DNS search list (RFC 3397), as its encoded bytes.\n";
        out +=
            "Add-DhcpServerv4OptionDefinition -OptionId 119 -Name 'DomainSearchList' -Type "
            "BinaryData "
            "-Description 'DNS Search List'\n";
        out += fmt::format("Set-DhcpServerv4OptionValue{} -OptionId 119 -Value {}\n", scopeArg,
                           detail::powerShellBytes(bytes.domainSearch));
    }
    if (phone.vlan) {
        out += "\n";
        out +=
            "# Voice VLAN for Lync Phone Edition (vendor class CPE-OCPHONE): option 43 sub-option "
            "10, a Word.\n";
        out +=
            "Add-DhcpServerv4Class -Name 'CPEOCPHONE' -Type Vendor -Data 'CPE-OCPHONE' "
            "-Description 'CPE-OCPHONE'\n";
        out +=
            "Add-DhcpServerv4OptionDefinition -OptionId 10 -Name 'VLANID' -Type Word -VendorClass "
            "'CPEOCPHONE' "
            "-Description 'VLAN ID'\n";
        out += fmt::format(
            "Set-DhcpServerv4OptionValue{} -OptionId 10 -VendorClass 'CPEOCPHONE' -Value {}\n",
            scopeArg, *phone.vlan);
    }
    return out;
}

}  // namespace

std::string emitPowerShell(const wire::UcSettings& settings, const wire::EncodedUc& encoded,
                           const EmitOptions& options) {
    detail::checkOptions(Format::PowerShell, options);
    const std::string scopeArg =
        options.scope ? fmt::format(" -ScopeId {}", options.scope->network.toString())
                      : std::string();

    detail::Header h;
    if (options.cleanup) {
        h.what = "PowerShell script (cleanup) removing the DHCP options";
        h.whereHow = {
            "Removes option 120 and the MSUCClient vendor class (with its sub-options 1-5).",
            "Run it on the Windows DHCP server in an elevated PowerShell (DhcpServer module):",
            "save it as msuc-cleanup.ps1 and run .\\msuc-cleanup.ps1.",
        };
    } else {
        h.what = "PowerShell script setting the DHCP options";
        h.whereHow = {
            "Run it on the Windows DHCP server in an elevated PowerShell (DhcpServer module,",
            "Windows Server 2012 or later): save it as msuc-configure.ps1 and run",
            ".\\msuc-configure.ps1. It first removes earlier settings, so it can run again.",
        };
    }

    std::string out = detail::header("#", Format::PowerShell, h, settings, encoded, options);
    out += "$ErrorActionPreference = 'Stop'\n";
    out += "\n";
    out += "# Remove what an earlier run (or DHCPConfigScript.bat) left; absent items are fine.\n";
    out += fmt::format(
        "Remove-DhcpServerv4OptionValue{} -OptionId 120 -ErrorAction SilentlyContinue\n", scopeArg);
    out += "Remove-DhcpServerv4OptionDefinition -OptionId 120 -ErrorAction SilentlyContinue\n";
    out +=
        "Remove-DhcpServerv4Class -Name 'MSUCClient' -Type Vendor -ErrorAction SilentlyContinue\n";
    out += phoneRemoves(options.phone, scopeArg);
    if (options.cleanup) return out;

    out += "\n";
    out += "# Option 120, SIP servers (RFC 3361)\n";
    out +=
        "Add-DhcpServerv4OptionDefinition -OptionId 120 -Name 'UCSipServer' -Type BinaryData "
        "-Description 'Sip Server Fqdn'\n";
    out += fmt::format("Set-DhcpServerv4OptionValue{} -OptionId 120 -Value {}\n", scopeArg,
                       detail::powerShellBytes(encoded.option120));
    out += "\n";
    out += "# Option 43 sub-options 1-5 for clients whose option 60 is the vendor class\n";
    out += fmt::format(
        "Add-DhcpServerv4Class -Name 'MSUCClient' -Type Vendor -Data {} -Description 'UC Vendor "
        "Class Id'\n",
        detail::powerShellQuoted(settings.vendorClass, "vendor class"));
    for (const auto& sub : detail::subOptions(encoded)) {
        out += fmt::format(
            "Add-DhcpServerv4OptionDefinition -OptionId {} -Name '{}' -Type BinaryData "
            "-VendorClass 'MSUCClient' -Description '{}'\n",
            sub.code, sub.windowsName, sub.label);
        out += fmt::format(
            "Set-DhcpServerv4OptionValue{} -OptionId {} -VendorClass 'MSUCClient' -Value {}\n",
            scopeArg, sub.code, detail::powerShellBytes(sub.data));
    }
    out += phoneValues(options.phone, encodePhoneSetup(options.phone), scopeArg);
    return out;
}

}  // namespace dhcplite::util::emit
