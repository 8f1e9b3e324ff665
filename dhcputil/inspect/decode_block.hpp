#pragma once
// `dhcputil decode` of a pasted DHCPUtil output block or DHCPConfigScript.bat line
// (pasted_block.hpp): every value decoded, checked against the others and against the URL the
// block printed, and the URL the phone would build (docs/design.md §12).
#include <string>

#include "inspect/pasted_block.hpp"

namespace dhcplite::util {

struct BlockOutput {
    std::string text;     // the report, or one JSON object
    bool failed = false;  // errors found (exit 1)
};

BlockOutput decodePastedBlock(const PastedBlock& block, bool asJson);

}  // namespace dhcplite::util
