// Option bytes of a profile and the size of the largest reply it can produce.
#include <algorithm>
#include <stdexcept>
#include <utility>

#include "config/config.hpp"
#include "config/internal.hpp"
#include "wire/dhcp_constants.hpp"
#include "wire/dns_name.hpp"
#include "wire/option120.hpp"

namespace dhcplite::config {

namespace {

wire::Bytes addressBytes(const std::vector<wire::Ipv4>& addresses) {
    wire::Bytes out;
    out.reserve(addresses.size() * 4);
    for (const auto& address : addresses) {
        const auto b = address.bytes();
        out.insert(out.end(), b.begin(), b.end());
    }
    return out;
}

// Bytes an option takes in a message: code/len/data, split into ≤ 255-byte instances as
// RFC 3396 §5 requires (appendOptionTlvs is what the daemon uses, so the sizes cannot disagree).
std::size_t tlvSize(std::uint8_t code, wire::ByteView data, wire::Bytes& scratch) {
    scratch.clear();
    wire::appendOptionTlvs(scratch, code, data);
    return scratch.size();
}

}  // namespace

wire::OptionList profileOptions(const Profile& profile) {
    std::vector<wire::Option> options;
    const wire::EncodedUc uc = wire::encodeUc(profile.uc);
    options.push_back({wire::opt::SipServers, uc.option120});
    options.push_back({wire::opt::VendorSpecific, uc.option43});
    if (!profile.timeServers.empty()) {
        options.push_back({wire::opt::TimeServer, addressBytes(profile.timeServers)});
    }
    if (!profile.dnsServers.empty()) {
        options.push_back({wire::opt::DnsServer, addressBytes(profile.dnsServers)});
    }
    if (!profile.domainName.empty()) {
        // RFC 2132 §3.17: the name as text, no terminating NUL.
        options.push_back({wire::opt::DomainName, wire::toBytes(profile.domainName)});
    }
    if (!profile.ntpServers.empty()) {
        options.push_back({wire::opt::NtpServer, addressBytes(profile.ntpServers)});
    }
    if (!profile.domainSearch.empty()) {
        options.push_back(
            {wire::opt::DomainSearch, wire::encodeDomainSearch(profile.domainSearch)});
    }
    for (const auto& raw : profile.rawOptions) options.push_back(raw);
    std::stable_sort(options.begin(), options.end(),
                     [](const wire::Option& a, const wire::Option& b) { return a.code < b.code; });
    wire::OptionList list;
    for (auto& option : options) list.set(option.code, std::move(option.data));
    return list;
}

wire::Bytes vendorClassOption43(const VendorClass& vendorClass) {
    if (!vendorClass.subOptions) {
        throw std::invalid_argument(
            "vendorClassOption43: class '" + vendorClass.match +
            "' has no own sub-options (its option 43 is the profile's MS-UC-Client one)");
    }
    return wire::encodeSubOptions(*vendorClass.subOptions);
}

namespace detail {

Option43Sizes option43Sizes(const std::vector<VendorClass>& classes) {
    Option43Sizes sizes;
    // A Config built by hand may have no class; the daemon then answers MS-UC-Client (config.hpp).
    if (classes.empty()) sizes.profileUc = true;
    wire::Bytes scratch;
    for (const auto& vendorClass : classes) {
        if (!vendorClass.subOptions) {
            sizes.profileUc = true;
            continue;
        }
        const wire::Bytes data = vendorClassOption43(vendorClass);
        sizes.ownMax = std::max(sizes.ownMax, tlvSize(wire::opt::VendorSpecific, data, scratch));
    }
    return sizes;
}

std::size_t worstCaseReplySize(const Profile& profile, const Option43Sizes& sizes) {
    // RFC 2131 §2/§3: fixed header and magic cookie; 53 (len 1) and 54 (len 4) always; END.
    std::size_t size = wire::kOptionsOffset + 3 + 6 + 1;
    std::size_t option43 = sizes.ownMax;
    wire::Bytes scratch;
    const wire::OptionList options = profileOptions(profile);  // not a temporary: range-for
    for (const auto& option : options.all()) {
        const std::size_t n = tlvSize(option.code, option.data, scratch);
        if (option.code == wire::opt::VendorSpecific) {
            if (sizes.profileUc) option43 = std::max(option43, n);
        } else {
            size += n;
        }
    }
    return size + option43;
}

}  // namespace detail

std::size_t worstCaseReplySize(const Config& config, const Profile& profile) {
    return detail::worstCaseReplySize(profile, detail::option43Sizes(config.vendorClasses));
}

}  // namespace dhcplite::config
