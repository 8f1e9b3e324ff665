#pragma once
// The configuration compiled for the hot path (docs/design.md §4): every option a profile can send
// is pre-encoded as ready TLV bytes (RFC 3396 split already applied), indexed by code, and profiles
// are found by longest-prefix match without scanning them all. Immutable once built; the daemon
// swaps the whole object on reload.
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "config/config.hpp"
#include "dhcplite/flood_guard.hpp"
#include "wire/address.hpp"
#include "wire/bytes.hpp"

namespace dhcplite::daemon {

// A slice of CompiledProfile::tlvs: one option, already as code/len/data (possibly several TLVs).
struct TlvSlice {
    std::uint32_t offset = 0;
    std::uint16_t length = 0;  // 0: this profile has no such option
};

// Codes a profile never contributes to a reply, whatever the configuration says: 53/54 are
// written by the responder itself, 82 is only ever the request's own echoed back (RFC 3046
// §2.2), 50/51/55/57/58/59/61 are forbidden in a DHCPACK to an INFORM (RFC 2131 §4.3.5 and
// Table 3), 52 because we never overload, 0/255 are not options (RFC 2132 §3).
bool isReservedCode(std::uint8_t code) noexcept;

// The largest single option (all its TLVs) that can ever be part of a reply: the reply buffer
// minus header, cookie, 53, 54 and END. compile() rejects anything bigger.
std::size_t maxCompiledOptionSize() noexcept;

struct CompiledProfile {
    std::string name;
    wire::Bytes tlvs;  // all encoded options back to back, ascending code
    // code → 1-based index into `slices` (0: no such option). One byte per code instead of a
    // TlvSlice per code keeps a profile at ~0.4 KB instead of 2 KB: 100,000 sites fit in ~40 MB.
    std::array<std::uint8_t, 256> slotOf{};
    std::vector<TlvSlice> slices;
    std::vector<std::uint8_t> alwaysSend;  // codes, in configured order (reserved codes removed)

    // The option's slice; 43 is the MS-UC-Client one built from the profile's settings.
    TlvSlice byCode(std::uint8_t code) const noexcept {
        const std::uint8_t slot = slotOf[code];
        return slot == 0 ? TlvSlice{} : slices[slot - 1U];
    }
    // The option's ready TLV bytes; empty when the profile has no such option.
    wire::ByteView tlvsOf(std::uint8_t code) const noexcept {
        const TlvSlice s = byCode(code);
        return wire::ByteView(tlvs).subspan(s.offset, s.length);
    }
    bool has(std::uint8_t code) const noexcept { return slotOf[code] != 0; }
};

struct CompiledVendorClass {
    std::string match;
    config::MatchMode mode = config::MatchMode::Exact;
    std::optional<wire::Bytes>
        option43Tlvs;  // own sub-options as ready TLVs; nullopt: the profile's
};

// What the longest-prefix match found: the profile, and the length of the site subnet that
// contains the address (nullopt when none does and the profile is the default, or null).
struct SiteMatch {
    const CompiledProfile* profile = nullptr;
    std::optional<std::uint8_t> prefixLength;
};

class CompiledConfig {
public:
    // Throws config::ConfigError only for what loading could not know or did not check (a
    // Config built in code): the same subnet in two sites, an option too big for any reply.
    // Takes the Config by value: the sites are compiled into profiles() and then dropped, so
    // pass an rvalue (std::move) where the caller has no further use for them.
    static std::shared_ptr<const CompiledConfig> compile(config::Config config);

    // Longest-prefix match of `address` over all site subnets, else the default profile, else null.
    const CompiledProfile* select(wire::Ipv4 address) const noexcept {
        return selectWithPrefix(address).profile;
    }
    // The same lookup, also saying how long the matching site subnet is (the responder needs it
    // to tell a subnet's network and broadcast addresses from its hosts).
    SiteMatch selectWithPrefix(wire::Ipv4 address) const noexcept;
    const CompiledProfile* defaultProfile() const noexcept;
    // The vendor class that option 60 `value` matches (exact first, then the longest prefix), or
    // null.
    const CompiledVendorClass* matchVendorClass(wire::ByteView value) const noexcept;

    std::optional<wire::Ipv4> serverId() const noexcept { return serverId_; }
    // `rate-limit:` in the units the flood guard counts in.
    const FloodLimits& floodLimits() const noexcept { return floodLimits_; }
    // The daemon-wide settings of the Config this was compiled from (log level, user, listen,
    // rate limit, workers, vendor classes, the default profile): everything but `sites`, which
    // is always empty here. The sites live on only as profiles(), so 100,000 of them are not
    // held twice (docs/configuration.md, "Size").
    const config::Config& settings() const noexcept { return settings_; }
    std::size_t profileCount() const noexcept { return profiles_.size(); }
    // Sites in configuration order, then the default (if any) last.
    const std::vector<CompiledProfile>& profiles() const noexcept { return profiles_; }
    // In configuration order (matchVendorClass returns pointers into it).
    const std::vector<CompiledVendorClass>& vendorClasses() const noexcept {
        return vendorClasses_;
    }

private:
    CompiledConfig() = default;

    config::Config settings_;  // sites emptied, their memory released
    std::optional<wire::Ipv4> serverId_;
    FloodLimits floodLimits_;
    std::vector<CompiledProfile> profiles_;  // sites, then the default (if any) last
    std::optional<std::size_t> defaultIndex_;
    // Per prefix length present, network → profile index; probed longest first (≤ 33 lookups).
    std::vector<std::pair<std::uint8_t, std::unordered_map<std::uint32_t, std::uint32_t>>>
        byPrefix_;
    std::vector<CompiledVendorClass> vendorClasses_;
};

}  // namespace dhcplite::daemon
