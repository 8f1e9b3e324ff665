#pragma once
// Configuration emitters: one small pure function per DHCP server format, from validated
// MS-UC-Client settings to the text the admin applies (docs/design.md §9).
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "wire/address.hpp"
#include "wire/option43.hpp"

namespace dhcplite::util::emit {

enum class Format {
    Netsh,
    PowerShell,
    IscDhcpd,
    Kea,
    Dnsmasq,
    CiscoIos,
    MikroTik,
    Dhcplite,
    FortiGate,
    Junos,
    Aruba
};

// The rest of a phone's DHCP setup, beside options 120 and 43 (docs/design.md §9): the time a
// phone needs before any certificate is valid, the DNS search list, and Lync Phone Edition's
// voice VLAN, which it asks for in a second request, with vendor class CPE-OCPHONE.
struct PhoneSetup {
    std::vector<wire::Ipv4> ntpServers;     // options 42 (NTP) and 4 (time server), same list
    std::vector<std::string> domainSearch;  // option 119 (RFC 3397)
    std::optional<std::uint16_t> vlan;      // 1..4094: CPE-OCPHONE option 43 sub-option 10
    bool empty() const { return ntpServers.empty() && domainSearch.empty() && !vlan; }
};

inline constexpr std::string_view kCpeOcPhoneClass = "CPE-OCPHONE";  // option 60 of the VLAN ask
inline constexpr std::uint8_t kVlanSubOption = 10;                   // its sub-option, a Word
inline constexpr std::uint16_t kMaxVlan = 4094;                      // IEEE 802.1Q: 4095 reserved

// The phone setup as bytes.
struct EncodedPhone {
    wire::Bytes addresses;     // option 42 and 4 data: the addresses, 4 bytes each
    wire::Bytes domainSearch;  // option 119 data, uncompressed
    wire::Bytes vlanWord;      // the VLAN ID, 2 bytes big-endian (netsh's Word)
    wire::Bytes vlanOption43;  // CPE-OCPHONE's option 43: 0A 02 <word>
};
// Validates as it encodes: InputError with field "NTP server" (more than fit one option),
// "domain search" (a name that is not an FQDN, or a list past 255 bytes) or "VLAN ID" (outside
// 1..4094).
EncodedPhone encodePhoneSetup(const PhoneSetup& phone);

struct EmitOptions {
    bool cleanup = false;             // netsh/PowerShell: remove what Configure added
    std::optional<wire::Cidr> scope;  // the phone subnet, where the format needs or allows one
    std::string interface;            // listening interface, where the format wants one
    PhoneSetup phone;                 // options beyond 120 and 43
};

// Names as the command line spells them: "netsh", "powershell", "isc-dhcpd", "kea", "dnsmasq",
// "cisco-ios", "mikrotik", "dhcplite", "fortigate", "junos", "aruba" (HPE Comware syntax).
std::optional<Format> parseFormat(std::string_view name);
std::string_view formatName(Format f);
std::vector<std::string_view> formatNames();

// A value that the format cannot carry (an option past its length limit), with what to do
// instead: exit 65 from `dhcputil config`.
class CannotExpress : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// Throws wire::InputError for bad settings, CannotExpress for a value too long for the format,
// and std::invalid_argument (one line, saying what would fix it) when the format needs
// something not given (e.g. "--scope is required for kea:
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
std::string emitFortiGate(const wire::UcSettings&, const wire::EncodedUc&, const EmitOptions&);
std::string emitJunos(const wire::UcSettings&, const wire::EncodedUc&, const EmitOptions&);
std::string emitAruba(const wire::UcSettings&, const wire::EncodedUc&, const EmitOptions&);

}  // namespace dhcplite::util::emit
