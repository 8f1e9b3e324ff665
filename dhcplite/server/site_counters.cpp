#include "site_counters.hpp"

#include <string_view>
#include <unordered_map>

namespace dhcplite::daemon {
namespace {

std::size_t vendorSlotCount(const CompiledConfig& layout) {
    return layout.vendorClasses().size() + 2;
}

// name → index in `layout` of what `nameOf` names.
template <typename NameOf>
std::unordered_map<std::string, std::size_t> indexByName(std::size_t count, NameOf nameOf) {
    std::unordered_map<std::string, std::size_t> index;
    index.reserve(count);
    for (std::size_t i = 0; i < count; ++i) {
        index.emplace(nameOf(i), i);
    }
    return index;
}

}  // namespace

std::string vendorSlotName(const CompiledConfig& layout, std::size_t slot) {
    const auto& classes = layout.vendorClasses();
    if (slot < classes.size()) {
        const auto& vc = classes[slot];
        return vc.mode == config::MatchMode::Prefix ? vc.match + "*" : vc.match;
    }
    return std::string(slot == classes.size() ? kVendorOther : kVendorNone);
}

SiteTotals emptyTotals(std::shared_ptr<const CompiledConfig> layout) {
    SiteTotals totals;
    if (layout) {
        totals.profiles.resize(layout->profileCount());
        totals.vendorClasses.resize(vendorSlotCount(*layout));
    }
    totals.layout = std::move(layout);
    return totals;
}

void addTotals(SiteTotals& into, const SiteTotals& from) {
    if (!into.layout || !from.layout) {
        return;
    }
    const auto addRow = [](auto& to, const auto& row) {
        for (std::size_t v = 0; v < kVerdictCount; ++v) {
            to[v] += row[v];
        }
    };
    if (into.layout == from.layout) {
        for (std::size_t p = 0; p < into.profiles.size(); ++p) {
            addRow(into.profiles[p], from.profiles[p]);
        }
        for (std::size_t s = 0; s < into.vendorClasses.size(); ++s) {
            into.vendorClasses[s] += from.vendorClasses[s];
        }
        return;
    }
    const auto& profiles = into.layout->profiles();
    const auto byName =
        indexByName(profiles.size(), [&](std::size_t i) { return profiles[i].name; });
    const auto& fromProfiles = from.layout->profiles();
    for (std::size_t p = 0; p < from.profiles.size(); ++p) {
        if (const auto it = byName.find(fromProfiles[p].name); it != byName.end()) {
            addRow(into.profiles[it->second], from.profiles[p]);
        }
    }
    const auto byClass = indexByName(
        into.vendorClasses.size(), [&](std::size_t i) { return vendorSlotName(*into.layout, i); });
    for (std::size_t s = 0; s < from.vendorClasses.size(); ++s) {
        if (const auto it = byClass.find(vendorSlotName(*from.layout, s)); it != byClass.end()) {
            into.vendorClasses[it->second] += from.vendorClasses[s];
        }
    }
}

void SiteCounters::adopt(std::shared_ptr<const CompiledConfig> config) {
    if (config == layout_) {
        return;
    }
    SiteTotals carried = emptyTotals(config);
    addTotals(carried, snapshot());
    profileCount_ = config ? config->profileCount() : 0;
    vendorSlots_ = config ? vendorSlotCount(*config) : 0;
    profiles_ = std::make_unique<Counter[]>(profileCount_ * kVerdictCount);
    vendors_ = std::make_unique<Counter[]>(vendorSlots_);
    for (std::size_t p = 0; p < profileCount_; ++p) {
        for (std::size_t v = 0; v < kVerdictCount; ++v) {
            profiles_[p * kVerdictCount + v].store(carried.profiles[p][v],
                                                   std::memory_order_relaxed);
        }
    }
    for (std::size_t s = 0; s < vendorSlots_; ++s) {
        vendors_[s].store(carried.vendorClasses[s], std::memory_order_relaxed);
    }
    layout_ = std::move(config);
}

void SiteCounters::count(const Outcome& outcome) noexcept {
    if (!layout_) {
        return;
    }
    const auto& profiles = layout_->profiles();
    if (outcome.profile != nullptr && outcome.profile >= profiles.data() &&
        outcome.profile < profiles.data() + profiles.size()) {
        const auto p = static_cast<std::size_t>(outcome.profile - profiles.data());
        bump(profiles_[p * kVerdictCount + static_cast<std::size_t>(outcome.verdict)]);
    }
    const auto& classes = layout_->vendorClasses();
    switch (outcome.vendorSeen) {
    case VendorSeen::NotCounted: break;
    case VendorSeen::Configured:
        if (outcome.vendorClass >= classes.data() &&
            outcome.vendorClass < classes.data() + classes.size()) {
            bump(vendors_[static_cast<std::size_t>(outcome.vendorClass - classes.data())]);
        }
        break;
    case VendorSeen::Other: bump(vendors_[classes.size()]); break;
    case VendorSeen::None: bump(vendors_[classes.size() + 1]); break;
    }
}

SiteTotals SiteCounters::snapshot() const {
    SiteTotals totals = emptyTotals(layout_);
    for (std::size_t p = 0; p < profileCount_; ++p) {
        for (std::size_t v = 0; v < kVerdictCount; ++v) {
            totals.profiles[p][v] =
                profiles_[p * kVerdictCount + v].load(std::memory_order_relaxed);
        }
    }
    for (std::size_t s = 0; s < vendorSlots_; ++s) {
        totals.vendorClasses[s] = vendors_[s].load(std::memory_order_relaxed);
    }
    return totals;
}

}  // namespace dhcplite::daemon
