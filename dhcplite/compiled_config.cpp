#include "dhcplite/compiled_config.hpp"

#include <algorithm>
#include <utility>

#include <fmt/format.h>

#include "dhcplite/responder.hpp"
#include "wire/dhcp_constants.hpp"
#include "wire/packet.hpp"

namespace dhcplite::daemon {
namespace {

// Header + cookie, 53 (3 bytes), 54 (6 bytes) and END: what every reply carries besides options.
constexpr std::size_t kFixedReplyBytes = wire::kOptionsOffset + 3 + 6 + 1;

constexpr std::uint32_t prefixMask(std::uint8_t length) noexcept {
    return length == 0 ? 0U : ~std::uint32_t{0} << (32U - length);
}

std::string profileKey(std::optional<std::size_t> siteIndex) {
    return siteIndex ? fmt::format("sites[{}]", *siteIndex) : std::string("default");
}

CompiledProfile compileProfile(const config::Config& config, const config::Profile& profile,
                               std::optional<std::size_t> siteIndex) {
    CompiledProfile out;
    out.name = profile.name;
    const wire::OptionList options = config::profileOptions(profile);
    for (const wire::Option& option : options.all()) {
        if (isReservedCode(option.code) || out.has(option.code)) {
            continue;
        }
        const std::size_t offset = out.tlvs.size();
        wire::appendOptionTlvs(out.tlvs, option.code, option.data);
        const std::size_t length = out.tlvs.size() - offset;
        if (length > maxCompiledOptionSize()) {
            throw config::ConfigError(
                config.sourceName, 0, 0, profileKey(siteIndex),
                fmt::format(
                    "option {} takes {} bytes, more than any reply can hold ({}); shorten it",
                    option.code, length, maxCompiledOptionSize()));
        }
        out.slices.push_back(
            TlvSlice{static_cast<std::uint32_t>(offset), static_cast<std::uint16_t>(length)});
        out.slotOf[option.code] = static_cast<std::uint8_t>(out.slices.size());
    }
    for (const std::uint8_t code : profile.alwaysSend) {
        // Codes the profile cannot send are left out here rather than checked per packet; 43 stays
        // because a vendor class may bring its own.
        const bool sendable =
            !isReservedCode(code) && (out.has(code) || code == wire::opt::VendorSpecific);
        if (sendable &&
            std::find(out.alwaysSend.begin(), out.alwaysSend.end(), code) == out.alwaysSend.end()) {
            out.alwaysSend.push_back(code);
        }
    }
    return out;
}

}  // namespace

bool isReservedCode(std::uint8_t code) noexcept {
    namespace opt = wire::opt;
    switch (code) {
    case opt::Pad:
    case opt::End:
    case opt::RequestedAddress:
    case opt::LeaseTime:
    case opt::Overload:
    case opt::MessageType:
    case opt::ServerId:
    case opt::ParameterList:
    case opt::MaxMessageSize:
    case opt::RenewalTime:
    case opt::RebindingTime:
    case opt::ClientId:
    case opt::RelayAgentInfo: return true;
    default: return false;
    }
}

std::size_t maxCompiledOptionSize() noexcept { return kReplyBufferSize - kFixedReplyBytes; }

std::shared_ptr<const CompiledConfig> CompiledConfig::compile(config::Config config) {
    std::shared_ptr<CompiledConfig> out(new CompiledConfig());
    out->serverId_ = config.serverId;
    constexpr std::uint64_t kSecondNs = 1'000'000'000ULL;
    out->floodLimits_ = FloodLimits{config.rateLimit.perMac, config.rateLimit.perAddress,
                                    std::uint64_t{config.rateLimit.intervalSeconds} * kSecondNs};
    out->profiles_.reserve(config.sites.size() + 1);

    // One map per prefix length 0..32; only the non-empty ones are kept, longest first.
    std::array<std::unordered_map<std::uint32_t, std::uint32_t>, 33> maps;
    std::array<std::size_t, 33> counts{};
    for (const config::Profile& site : config.sites) {
        for (const wire::Cidr& subnet : site.subnets) {
            ++counts[std::min<std::size_t>(subnet.length, 32)];
        }
    }
    for (std::size_t len = 0; len < maps.size(); ++len) {
        maps[len].reserve(counts[len]);
    }

    for (std::size_t i = 0; i < config.sites.size(); ++i) {
        const config::Profile& site = config.sites[i];
        const auto index = static_cast<std::uint32_t>(out->profiles_.size());
        out->profiles_.push_back(compileProfile(config, site, i));
        for (std::size_t j = 0; j < site.subnets.size(); ++j) {
            const wire::Cidr& subnet = site.subnets[j];
            if (subnet.length > 32) {
                throw config::ConfigError(
                    config.sourceName, 0, 0, fmt::format("sites[{}].subnets[{}]", i, j),
                    fmt::format("prefix length {} is over 32", subnet.length));
            }
            const std::uint32_t network = subnet.network.value & prefixMask(subnet.length);
            const auto [it, inserted] = maps[subnet.length].emplace(network, index);
            if (!inserted && it->second != index) {
                throw config::ConfigError(
                    config.sourceName, 0, 0, fmt::format("sites[{}].subnets[{}]", i, j),
                    fmt::format("subnet {} is already in site '{}'; a subnet belongs to one site",
                                subnet.toString(), out->profiles_[it->second].name));
            }
        }
    }
    if (config.defaultProfile) {
        out->defaultIndex_ = out->profiles_.size();
        out->profiles_.push_back(compileProfile(config, *config.defaultProfile, std::nullopt));
    }
    for (std::size_t len = maps.size(); len-- > 0;) {
        if (!maps[len].empty()) {
            out->byPrefix_.emplace_back(static_cast<std::uint8_t>(len), std::move(maps[len]));
        }
    }

    out->vendorClasses_.reserve(config.vendorClasses.size());
    for (const config::VendorClass& vc : config.vendorClasses) {
        CompiledVendorClass compiled{vc.match, vc.mode, std::nullopt};
        if (vc.subOptions) {
            wire::Bytes tlvs;
            wire::appendOptionTlvs(tlvs, wire::opt::VendorSpecific,
                                   config::vendorClassOption43(vc));
            if (tlvs.size() > maxCompiledOptionSize()) {
                throw config::ConfigError(
                    config.sourceName, 0, 0, fmt::format("vendor-classes '{}'", vc.match),
                    fmt::format("option 43 takes {} bytes, more than any reply can hold ({})",
                                tlvs.size(), maxCompiledOptionSize()));
            }
            compiled.option43Tlvs = std::move(tlvs);
        }
        out->vendorClasses_.push_back(std::move(compiled));
    }

    // The sites are profiles_ now; keeping them as well cost ~1.4 KiB a site (135 MiB for 100,000,
    // twice that while a reload holds two configs). Move-assigning an empty vector releases the
    // storage too (`sites = {}` would call assign() and keep the capacity).
    config.sites = std::vector<config::Profile>();
    out->settings_ = std::move(config);
    return out;
}

SiteMatch CompiledConfig::selectWithPrefix(wire::Ipv4 address) const noexcept {
    for (const auto& [length, map] : byPrefix_) {
        const auto it = map.find(address.value & prefixMask(length));
        if (it != map.end()) {
            return SiteMatch{&profiles_[it->second], length};
        }
    }
    return SiteMatch{defaultProfile(), std::nullopt};
}

const CompiledProfile* CompiledConfig::defaultProfile() const noexcept {
    return defaultIndex_ ? &profiles_[*defaultIndex_] : nullptr;
}

const CompiledVendorClass* CompiledConfig::matchVendorClass(wire::ByteView value) const noexcept {
    // Option 60 is compared byte for byte, case-sensitive (docs/design.md §3.1: "MS-UC-Client"
    // exactly; dnsmasq's substring match is what we do not want).
    const auto sameBytes = [](std::string_view text, wire::ByteView bytes) {
        return std::equal(
            text.begin(), text.end(), bytes.begin(), bytes.end(),
            [](char c, std::uint8_t b) { return static_cast<unsigned char>(c) == b; });
    };
    const CompiledVendorClass* bestPrefix = nullptr;
    for (const CompiledVendorClass& vc : vendorClasses_) {
        if (vc.mode == config::MatchMode::Exact) {
            if (sameBytes(vc.match, value)) {
                return &vc;
            }
        } else if (value.size() >= vc.match.size() &&
                   sameBytes(vc.match, value.first(vc.match.size())) &&
                   (bestPrefix == nullptr || vc.match.size() > bestPrefix->match.size())) {
            bestPrefix = &vc;
        }
    }
    return bestPrefix;
}

}  // namespace dhcplite::daemon
