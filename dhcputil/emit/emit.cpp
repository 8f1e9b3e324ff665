#include "emit/emit.hpp"

#include <array>
#include <utility>

#include "emit/emit_util.hpp"

namespace dhcplite::util::emit {
namespace {

constexpr std::array<std::pair<Format, std::string_view>, 11> kFormats{{
    {Format::Netsh, "netsh"},
    {Format::PowerShell, "powershell"},
    {Format::IscDhcpd, "isc-dhcpd"},
    {Format::Kea, "kea"},
    {Format::Dnsmasq, "dnsmasq"},
    {Format::CiscoIos, "cisco-ios"},
    {Format::MikroTik, "mikrotik"},
    {Format::Dhcplite, "dhcplite"},
    {Format::FortiGate, "fortigate"},
    {Format::Junos, "junos"},
    {Format::Aruba, "aruba"},
}};

}  // namespace

std::optional<Format> parseFormat(std::string_view name) {
    for (const auto& [format, text] : kFormats) {
        if (text == name) return format;
    }
    return std::nullopt;
}

std::string_view formatName(Format f) {
    for (const auto& [format, text] : kFormats) {
        if (format == f) return text;
    }
    return "unknown";
}

std::vector<std::string_view> formatNames() {
    std::vector<std::string_view> out;
    for (const auto& entry : kFormats) out.push_back(entry.second);
    return out;
}

std::string emitConfig(Format format, const wire::UcSettings& settings,
                       const EmitOptions& options) {
    detail::checkOptions(format, options);
    // The cleanup scripts remove what Configure added whatever its values were, so they need no
    // (valid) settings: don't make the admin type a SIP server just to remove it.
    if (options.cleanup && detail::hasCleanupForm(format)) {
        const wire::EncodedUc none;
        return format == Format::Netsh ? emitNetsh(settings, none, options)
                                       : emitPowerShell(settings, none, options);
    }
    const wire::EncodedUc encoded = wire::encodeUc(settings);
    (void)encodePhoneSetup(options.phone);  // its InputErrors before any output
    switch (format) {
    case Format::Netsh: return emitNetsh(settings, encoded, options);
    case Format::PowerShell: return emitPowerShell(settings, encoded, options);
    case Format::IscDhcpd: return emitIscDhcpd(settings, encoded, options);
    case Format::Kea: return emitKea(settings, encoded, options);
    case Format::Dnsmasq: return emitDnsmasq(settings, encoded, options);
    case Format::CiscoIos: return emitCiscoIos(settings, encoded, options);
    case Format::MikroTik: return emitMikroTik(settings, encoded, options);
    case Format::Dhcplite: return emitDhcplite(settings, encoded, options);
    case Format::FortiGate: return emitFortiGate(settings, encoded, options);
    case Format::Junos: return emitJunos(settings, encoded, options);
    case Format::Aruba: return emitAruba(settings, encoded, options);
    }
    throw std::invalid_argument("unknown configuration format");
}

}  // namespace dhcplite::util::emit
