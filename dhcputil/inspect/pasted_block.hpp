#pragma once
// A whole block of DHCPUtil output, or a DHCPConfigScript.bat command line, as an admin pastes it
// into `decode` (docs/design.md §12, §10): the values found in it, each with where it was. Pure
// text reading; decode_command.cpp decodes and cross-checks the values.
//
// Read:
//   Lync 2010:  "Option 120: <hex>", "\tsub-option N <Name>: <hex>", "Option 43: <hex>"
//   SfB 2015:   "Option 120:" and "Full Option 43 value (Length: N) :" with the hex on the lines
//               after (wrapped at 75 digits, a byte split across two lines)
//   both:       "SIP Server FQDN : x", "Certificate Provisioning Service URL : y" (kept to
//   compare),
//               "DHCPConfigScript.bat Configure MS-UC-Client <120> <sub 1> … <sub 5>"
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "wire/bytes.hpp"

namespace dhcplite::util {

struct PastedValue {
    std::size_t line = 0;     // 1-based, where its label is
    std::string label;        // as pasted: "Option 120", "sub-option 3 <Web Server FQDN>"
    std::uint8_t option = 0;  // 120 or 43 (also for a sub-option's value)
    std::optional<std::uint8_t> subOption;    // set: this is one sub-option's data
    bool fromConfigScript = false;            // from the DHCPConfigScript.bat line
    std::optional<std::size_t> statedLength;  // SfB 2015's "(Length: N)"
    wire::Bytes bytes;
};

struct PastedBlock {
    std::string layout;  // "Lync 2010 DHCPUtil output", "SfB 2015 DHCPUtil output",
                         // "DHCPConfigScript.bat line"
    std::vector<PastedValue> values;
    std::optional<std::string> sipServer;  // as the block printed it
    std::optional<std::string> url;
};

// nullopt when the text is not such a block (then it is read as one hex value). Throws
// wire::PastedHexError, naming the line, for a value in the block that is not hex.
std::optional<PastedBlock> readPastedBlock(std::string_view text);

}  // namespace dhcplite::util
