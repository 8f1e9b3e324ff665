#pragma once
// The human-readable describer: DHCP options as DHCPUtil's -EmulateClient prints them,
//     DHCP: <Name>(<code>) = (Length: n) <value> (<HEX>)
// with MS-UC-Client sub-options indented below option 43, and the same facts as JSON. Shared by
// `decode` and `emulate-client`; never throws on malformed values — a value that does not
// decode is shown with its hex and the reason.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "util/json.hpp"
#include "wire/bytes.hpp"
#include "wire/packet.hpp"

namespace dhcplite::util {

struct OptionDescription {
    std::uint8_t code = 0;
    std::string name;  // "SIP Servers", or a sub-option label ("UC Identifier")
    std::size_t length = 0;
    std::string value;                // display text, escaped for a terminal; empty if none
    std::string hex;                  // upper-case, no separators
    std::optional<std::string> text;  // the raw text, for text-valued options (JSON "text")
    std::string listKey;              // JSON key for `list`: "addresses", "names", "codes"
    std::vector<std::string> list;    // addresses / names / requested codes
    bool compressed = false;          // option 120: RFC 1035 §4.1.4 pointers were followed
    std::string error;                // non-empty: why the value is malformed (with the offset
                                      // in the value where the decoder has one)
    std::optional<std::uint32_t> enterprise;  // options 124/125: this entry is one enterprise's
    std::string subOptionSpace;  // "MS-UC-Client", "relay-agent", "vendor", "enterprise" or ""
    std::vector<OptionDescription> subOptions;
};

struct DescribeContext {
    // Name option 43's sub-options 1..5 as MS-UC-Client's. On by default (decode --option 43);
    // for packets, contextFor() turns it off when option 60 names another vendor.
    bool msUcVendor = true;
};

// Option 60 when the message has one; otherwise option 43's own sub-option 1.
DescribeContext contextFor(const wire::OptionList& options);
// Option 43's sub-option 1 is "MS-UC-Client" (the value decodes and names that vendor).
bool namesMsUcClient(wire::ByteView option43);

// "SIP Servers", "DHCP Message Type"... (option_table.hpp); "Unassigned" for codes IANA has not
// assigned, "Private Use" for 224..254 without a well-known use.
std::string optionName(std::uint8_t code);
// "DHCPINFORM", "DHCPACK"...; "type <n>" for values outside RFC 2132 §9.6.
std::string messageTypeName(std::uint8_t type);

OptionDescription describeOption(std::uint8_t code, wire::ByteView data,
                                 const DescribeContext& context = {});
std::vector<OptionDescription> describeOptions(const wire::OptionList& options,
                                               const DescribeContext& context);

// One "DHCP: ..." line, then one indented line per sub-option.
std::string renderOption(const OptionDescription& d);
std::string renderOptions(const std::vector<OptionDescription>& ds);
// The BOOTP header fields (op, htype, xid, flags, addresses, chaddr, sname, file), one per line.
std::string renderHeader(const wire::Packet& packet);

void writeOptionJson(JsonWriter& json, const OptionDescription& d);
void writeHeaderJson(JsonWriter& json, const wire::Packet& packet);  // fields of the open object

// What a phone takes from options 120 and 43: the SIP servers and the certificate provisioning
// URL (docs/design.md §2.4). Fields stay empty when the option is missing or malformed.
struct UcView {
    std::vector<std::string> sipServers;  // names, or addresses as text
    bool sipAddresses = false;            // option 120 used enc 1
    bool sipCompressed = false;
    bool has43 = false;
    std::optional<std::string> ucIdentifier, scheme, webServer, port, path;  // sub-options 1..5
    std::optional<std::string> url;  // only when sub-options 2..5 are all present
};
UcView extractUc(const wire::OptionList& options);
UcView extractUc(const std::optional<wire::Bytes>& option120,
                 const std::optional<wire::Bytes>& option43);

// DHCPUtil's result lines: "SIP Server FQDN : x" and "Certificate Provisioning Service URL : y",
// each only when known.
std::string renderUcSummary(const UcView& uc);
void writeUcJson(JsonWriter& json, const UcView& uc);  // fields of the open object

}  // namespace dhcplite::util
