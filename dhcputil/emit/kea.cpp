// Kea DHCPv4 (2.2): a complete kea-dhcp4 configuration (docs/design.md §9).
//
// - Option 120 has no definition in Kea 2.2's dhcp4 space: we define it as binary.
// - Option 43 goes out as binary from a class-level definition. Kea's own (last-resort)
//   definition of 43 encapsulates "vendor-encapsulated-options-space"; with it, 43 goes out empty
//   unless sub-options are defined there too, and those definitions would then apply to every
//   vendor. The Kea ARM (DHCPv4 Private Options) documents a client class with "a binary type and
//   no encapsulation" for option 43 as the way to send a raw value, which sends our bytes exactly
//   and in our order, to the phones only.
// - Kea answers DHCPINFORM only from clients in a configured subnet, hence the required scope.
#include <fmt/format.h>

#include "emit/emit.hpp"
#include "emit/emit_util.hpp"
#include "util/json.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util::emit {
namespace {

// Kea's expression language has no escape inside '...': a vendor class that is not plain
// printable ASCII without a quote is compared as hex instead.
std::string vendorClassTest(const std::string& vendorClass) {
    bool plain = !vendorClass.empty();
    for (const char c : vendorClass) {
        if (c < 0x20 || c >= 0x7F || c == '\'') plain = false;
    }
    if (plain) return fmt::format("option[60].text == '{}'", vendorClass);
    return fmt::format("option[60].hex == 0x{}", wire::toHex(wire::toBytes(vendorClass)));
}

// Lync Phone Edition's voice VLAN: a second class, for option 60 CPE-OCPHONE, whose option 43 is
// sub-option 10 holding the VLAN ID as 2 bytes (the same raw-binary way as MS-UC-Client's).
// A client class's option 43, raw bytes (the class-level definition above it makes Kea send them).
std::string option43Data(const wire::Bytes& option43) {
    return fmt::format(
        "          {{ \"name\": \"vendor-encapsulated-options\", \"code\": 43, \"space\": "
        "\"dhcp4\",\n"
        "            \"csv-format\": false, \"data\": \"{}\" }}\n",
        wire::toHex(option43));
}

std::string vlanClass(const PhoneSetup& phone) {
    if (!phone.vlan) return {};
    const EncodedPhone bytes = encodePhoneSetup(phone);
    std::string out = ",\n";
    out += "      {\n";
    out +=
        "        // Voice VLAN for Lync Phone Edition: option 43 sub-option 10, the VLAN ID as 2 "
        "bytes.\n";
    out += "        \"name\": \"cpe-ocphone\",\n";
    out += "        \"test\": \"option[60].text == 'CPE-OCPHONE'\",\n";
    out += "        \"option-def\": [\n";
    out +=
        "          { \"name\": \"vendor-encapsulated-options\", \"code\": 43, \"type\": \"binary\" "
        "}\n";
    out += "        ],\n";
    out += "        \"option-data\": [\n";
    out += option43Data(bytes.vlanOption43);
    out += "        ]\n";
    out += "      }";
    return out;
}

// The subnet's option-data (after its "subnet" line): Kea's own definitions of 42, 4 and 119
// (domain-search: names, packed uncompressed).
std::string subnetOptions(const PhoneSetup& phone) {
    if (phone.ntpServers.empty() && phone.domainSearch.empty()) return {};
    std::vector<std::string> items;
    if (!phone.ntpServers.empty()) {
        std::string list;
        for (const auto& a : phone.ntpServers) list += (list.empty() ? "" : ", ") + a.toString();
        items.push_back(fmt::format("{{ \"name\": \"ntp-servers\", \"data\": \"{}\" }}", list));
        items.push_back(fmt::format("{{ \"name\": \"time-servers\", \"data\": \"{}\" }}", list));
    }
    if (!phone.domainSearch.empty()) {
        std::string list;
        for (const auto& name : phone.domainSearch) list += (list.empty() ? "" : ", ") + name;
        items.push_back(
            fmt::format("{{ \"name\": \"domain-search\", \"data\": {} }}", jsonQuote(list)));
    }
    std::string out = ",\n";
    out +=
        "        // The time (phones need it before any certificate is valid), the search list.\n";
    out += "        \"option-data\": [\n";
    for (std::size_t i = 0; i < items.size(); ++i) {
        out += "          " + items[i] + (i + 1 < items.size() ? ",\n" : "\n");
    }
    out += "        ]";
    return out;
}

}  // namespace

std::string emitKea(const wire::UcSettings& settings, const wire::EncodedUc& encoded,
                    const EmitOptions& options) {
    detail::checkOptions(Format::Kea, options);
    const wire::Cidr& scope = *options.scope;

    detail::Header h;
    h.what = "Kea DHCPv4 server configuration (kea-dhcp4.conf)";
    h.whereHow = {
        "A complete configuration: save it as /etc/kea/kea-dhcp4.conf (or merge the option-def,",
        "client-classes and subnet4 parts into yours), check it with",
        "  kea-dhcp4 -t /etc/kea/kea-dhcp4.conf",
        "then restart kea-dhcp4-server.",
    };

    const std::string interface = options.interface.empty() ? std::string("*") : options.interface;

    std::string out = detail::header("//", Format::Kea, h, settings, encoded, options);
    out += "{\n";
    out += "  \"Dhcp4\": {\n";
    out += "    \"interfaces-config\": {\n";
    if (options.interface.empty()) {
        out +=
            "      // \"*\": every interface. Name the phones' interface (or the one relays "
            "reach)\n";
        out += "      // to keep Kea off the others.\n";
    }
    out += fmt::format("      \"interfaces\": [ {} ]\n", jsonQuote(interface));
    out += "    },\n";
    out += "    // DHCPINFORM creates no leases; Kea still wants a lease database.\n";
    out += "    \"lease-database\": {\n";
    out += "      \"type\": \"memfile\",\n";
    out += "      \"persist\": true,\n";
    out += "      \"name\": \"/var/lib/kea/kea-leases4.csv\"\n";
    out += "    },\n";
    out +=
        "    // Option 120, SIP servers (RFC 3361): not defined by Kea 2.2, sent as raw bytes.\n";
    out += "    \"option-def\": [\n";
    out +=
        "      { \"name\": \"ms-uc-sip-server\", \"code\": 120, \"space\": \"dhcp4\", "
        "\"type\": \"binary\" }\n";
    out += "    ],\n";
    out += "    \"client-classes\": [\n";
    out += "      {\n";
    out += "        \"name\": \"ms-uc-client\",\n";
    out += "        // Option 60 must equal the vendor class exactly (case-sensitive).\n";
    out += fmt::format("        \"test\": {},\n", jsonQuote(vendorClassTest(settings.vendorClass)));
    out +=
        "        // Option 43 as raw bytes for this class only: sub-options 1-5 as encoded here.\n";
    out += "        \"option-def\": [\n";
    out +=
        "          { \"name\": \"vendor-encapsulated-options\", \"code\": 43, \"type\": \"binary\" "
        "}\n";
    out += "        ],\n";
    out += "        \"option-data\": [\n";
    out += fmt::format(
        "          {{ \"name\": \"ms-uc-sip-server\", \"code\": 120, \"space\": \"dhcp4\",\n"
        "            \"csv-format\": false, \"data\": \"{}\" }},\n",
        wire::toHex(encoded.option120));
    out += option43Data(encoded.option43);
    out += "        ]\n";
    out += "      }";
    out += vlanClass(options.phone);
    out += "\n";
    out += "    ],\n";
    out += "    \"subnet4\": [\n";
    out += "      {\n";
    out += "        // No pools: the phones already have their addresses. Add your pools here if\n";
    out += "        // this Kea also leases them.\n";
    out += "        \"id\": 1,\n";
    out += fmt::format("        \"subnet\": {}{}\n", jsonQuote(scope.toString()),
                       subnetOptions(options.phone));
    out += "      }\n";
    out += "    ]\n";
    out += "  }\n";
    out += "}\n";
    return out;
}

}  // namespace dhcplite::util::emit
