#pragma once
// Configuration emitters: one small pure function per DHCP server format, from validated
// MS-UC-Client settings to the text the admin applies (docs/design.md §9).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wire/address.hpp"
#include "wire/option43.hpp"

namespace dhcplite::util::emit {

enum class Format { Netsh, PowerShell, IscDhcpd, Kea, Dnsmasq, CiscoIos, MikroTik, Dhcplite };

struct EmitOptions {
    bool cleanup = false;               // netsh/PowerShell: remove what Configure added
    std::optional<wire::Cidr> scope;    // the phone subnet, where the format needs or allows one
    std::string interface;              // listening interface, where the format wants one
};

// Names as the command line spells them: "netsh", "powershell", "isc-dhcpd", "kea", "dnsmasq",
// "cisco-ios", "mikrotik", "dhcplite".
std::optional<Format> parseFormat(std::string_view name);
std::string_view formatName(Format f);
std::vector<std::string_view> formatNames();

// Throws wire::InputError for bad settings and std::invalid_argument (one line, saying what
// would fix it) when the format needs something not given (e.g. "--scope is required for kea:
// Kea answers DHCPINFORM only for clients in a configured subnet") or cannot do what was asked
// (--cleanup for a format without a cleanup form).
std::string emitConfig(Format format, const wire::UcSettings& settings, const EmitOptions& options);

// One function per format, each given the settings already encoded.
std::string emitNetsh(const wire::UcSettings&, const wire::EncodedUc&, const EmitOptions&);
std::string emitPowerShell(const wire::UcSettings&, const wire::EncodedUc&, const EmitOptions&);
std::string emitIscDhcpd(const wire::UcSettings&, const wire::EncodedUc&, const EmitOptions&);
std::string emitKea(const wire::UcSettings&, const wire::EncodedUc&, const EmitOptions&);
std::string emitDnsmasq(const wire::UcSettings&, const wire::EncodedUc&, const EmitOptions&);
std::string emitCiscoIos(const wire::UcSettings&, const wire::EncodedUc&, const EmitOptions&);
std::string emitMikroTik(const wire::UcSettings&, const wire::EncodedUc&, const EmitOptions&);
std::string emitDhcplite(const wire::UcSettings&, const wire::EncodedUc&, const EmitOptions&);

}  // namespace dhcplite::util::emit
