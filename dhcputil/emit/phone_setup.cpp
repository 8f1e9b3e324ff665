// The phone setup beyond options 120 and 43 as bytes (docs/design.md §9): options 42 and 4 carry
// the same addresses (RFC 2132 §8.3 and §3.6), option 119 the search list (RFC 3397 §2,
// uncompressed), and Lync Phone Edition's voice VLAN the Word that Microsoft's netsh steps
// define for vendor class CPE-OCPHONE, sub-option 10.
#include <fmt/format.h>

#include "emit/emit.hpp"
#include "wire/dns_name.hpp"
#include "wire/errors.hpp"

namespace dhcplite::util::emit {

namespace {

constexpr std::size_t kMaxOptionData = 255;  // one option's length byte (RFC 2132 §2)

}  // namespace

EncodedPhone encodePhoneSetup(const PhoneSetup& phone) {
    EncodedPhone out;
    for (const auto& a : phone.ntpServers) {
        const auto four = a.bytes();
        out.addresses.insert(out.addresses.end(), four.begin(), four.end());
    }
    if (out.addresses.size() > kMaxOptionData) {
        throw wire::InputError(
            fmt::format("{} addresses do not fit one option (at most 63)", phone.ntpServers.size()),
            "", 0, "NTP server");
    }
    if (!phone.domainSearch.empty()) {
        for (const auto& name : phone.domainSearch) {
            try {
                wire::validateFqdn(name);
            } catch (const wire::InputError& e) {
                throw e.withField("domain search");
            }
        }
        out.domainSearch = wire::encodeDomainSearch(phone.domainSearch);
        if (out.domainSearch.size() > kMaxOptionData) {
            throw wire::InputError(
                fmt::format("the search list is {} bytes as option 119, more than "
                            "the 255 one option holds; give fewer names",
                            out.domainSearch.size()),
                "", 0, "domain search");
        }
    }
    if (phone.vlan) {
        const std::uint16_t id = *phone.vlan;
        if (id == 0 || id > kMaxVlan) {
            const std::string text = std::to_string(id);
            throw wire::InputError("a VLAN ID is 1 to 4094", text, 0, "VLAN ID");
        }
        out.vlanWord = {static_cast<std::uint8_t>(id >> 8), static_cast<std::uint8_t>(id & 0xFF)};
        out.vlanOption43 = {kVlanSubOption, 2, out.vlanWord[0], out.vlanWord[1]};
    }
    return out;
}

}  // namespace dhcplite::util::emit
