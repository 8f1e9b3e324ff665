#pragma once
// Hex as admins paste it, and as DHCPUtil prints it.
#include <string>
#include <string_view>

#include "wire/bytes.hpp"

namespace dhcplite::wire {

// Accepts upper/lower case; separators ' ', '\t', '\r', '\n', ':', '-', '.' (Cisco's "010c.4d53.…")
// anywhere between byte pairs or inside Cisco groups; one optional leading "0x"/"0X" (also per
// group after a separator, e.g. "0x01 0x0c"). Throws InputError naming the first bad character, or
// the position of a lone nibble (odd number of digits). An empty string (or only separators)
// is an InputError too: an empty value is never what an admin meant.
Bytes parseHex(std::string_view text);

// Upper-case, no separators: "010C4D53...", as DHCPUtil prints.
std::string toHex(ByteView bytes);

// Upper-case with a separator between bytes ("01:0C:4D"), for dumps.
std::string toHex(ByteView bytes, char separator);

// Untrusted bytes made safe for a terminal or a log line: printable ASCII kept, '\\' and '"'
// escaped, everything else as \xNN. Never longer than 4 × input.
std::string escapeForDisplay(ByteView bytes);
std::string escapeForDisplay(std::string_view text);

}  // namespace dhcplite::wire
