// dhcplite itself: the settings as a config::Config, written by config::toYaml in the daemon's
// schema (packaging/dhcplite.example.yaml), so the file is exactly what the loader reads back.
// Without a scope the settings become the default profile (every phone that reaches us); with
// one they become a site for that subnet only.
#include <fmt/format.h>

#include "config/config.hpp"
#include "emit/emit.hpp"
#include "emit/emit_util.hpp"

namespace dhcplite::util::emit {

std::string emitDhcplite(const wire::UcSettings& settings, const wire::EncodedUc& encoded,
                         const EmitOptions& options) {
    detail::checkOptions(Format::Dhcplite, options);

    config::Config cfg;
    cfg.sourceName = "dhcputil config --format dhcplite";
    cfg.user = "dhcplite";
    cfg.group = "dhcplite";
    if (!options.interface.empty()) cfg.interfaces.push_back(options.interface);
    cfg.vendorClasses.push_back(
        config::VendorClass{settings.vendorClass, config::MatchMode::Exact, std::nullopt});
    config::Profile profile;
    profile.uc = settings;
    const PhoneSetup& phone = options.phone;
    profile.ntpServers = phone.ntpServers;
    profile.timeServers = phone.ntpServers;
    profile.domainSearch = phone.domainSearch;
    if (phone.vlan) {
        // Lync Phone Edition's voice VLAN: its own class, option 43 = sub-option 10 (a u16).
        const EncodedPhone bytes = encodePhoneSetup(phone);
        cfg.vendorClasses.push_back(config::VendorClass{
            std::string(kCpeOcPhoneClass), config::MatchMode::Exact,
            std::vector<wire::SubOption>{wire::SubOption{kVlanSubOption, bytes.vlanWord, 0}}});
    }
    if (options.scope) {
        profile.name = "phones";
        profile.subnets.push_back(*options.scope);
        cfg.sites.push_back(std::move(profile));
    } else {
        profile.name = "default";
        cfg.defaultProfile = std::move(profile);
    }

    detail::Header h;
    h.what = "dhcplite configuration";
    h.whereHow = {
        "Save it as /etc/dhcplite/dhcplite.yaml, check it with dhcplite --check-config, then",
        "restart dhcplite. The schema is described in packaging/dhcplite.example.yaml.",
    };
    std::string out = detail::header("#", Format::Dhcplite, h, settings, encoded, options);
    out += "\n";
    out += config::toYaml(cfg);
    return out;
}

}  // namespace dhcplite::util::emit
