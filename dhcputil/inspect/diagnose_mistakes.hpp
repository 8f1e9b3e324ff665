#pragma once
// The mistakes admins make when they paste or configure option 43 and 120 (docs/design.md §12):
// a value cut short (Cisco's 180-digit cut among them), a length byte that is really wrong,
// sub-option values without their code and length, the option's own code left in front, text
// given where hex was meant, and a value given to the wrong decode mode. Used by diagnose.cpp
// and decode_command.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "inspect/diagnose.hpp"
#include "wire/bytes.hpp"

namespace dhcplite::util {

// Option 43 whose sub-options do not line up (wire::decodeSubOptions refused it). Tells a value
// that is cut off (then never suggests a shorter length: the missing bytes are named, and for a
// 90-byte value the `option ext 43 hex` fix is given) from one length byte that is wrong (the
// sub-options after it line up with another length).
std::optional<Finding> subOptionsMisaligned(std::uint8_t option, wire::ByteView value);

// Option 43 that is MS-UC-Client sub-option values without code and length bytes: "MS-UC-Client"
// alone, or DHCPUtil's five values run together. The fix is the value it should be.
std::optional<Finding> headerlessSubOptions(wire::ByteView value);

// The value begins with the option's own code and length ("2B 55 01 0C…" for 43, "78 15 00…"
// for 120), copied from a dump of the whole option; the length may cover less than the rest
// when the next option was copied too.
std::optional<Finding> leadingOptionCode(std::uint8_t code, wire::ByteView value);

// The bytes are for another mode of decode: a DHCP message (magic cookie 63825363, a whole BOOTP
// message) given to --option, or option 43's value (01 0C "MS-UC-Client"…) given to --option 120
// or --packet. `code` is the --option code, or nullopt for --packet. The finding's message and
// fix make the one-line refusal.
std::optional<Finding> wrongMode(std::optional<std::uint8_t> code, wire::ByteView bytes);

// Text typed where hex was expected ("lync.schertz.local" for --option 120): what the text is and
// the hex of what was probably meant. nullopt when the text does not read as words.
std::optional<std::string> textInsteadOfHex(std::uint8_t code, std::string_view text);

}  // namespace dhcplite::util
