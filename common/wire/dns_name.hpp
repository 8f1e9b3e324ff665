#pragma once
// DNS names in RFC 1035 §3.1 label form, shared by option 120 (RFC 3361), option 119 (RFC 3397)
// and the FQDN checks on everything an admin types.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "wire/bytes.hpp"

namespace dhcplite::wire {

inline constexpr std::size_t kMaxLabel = 63;      // RFC 1035 §2.3.4
inline constexpr std::size_t kMaxNameWire = 255;  // RFC 1035 §2.3.4, octets on the wire incl. root
inline constexpr int kMaxCompressionHops = 16;

// Host-name rules (RFC 952/1123 LDH): labels of letters, digits and '-', 1..63 octets, not
// starting or ending with '-'; the whole name ≤ 255 octets on the wire; one optional trailing '.'.
// Throws InputError naming the reason and the character position, e.g. "empty label",
// "label 'aaaaaaaaaaaaaaaa...' is 64 octets (max 63)" (at the label's first character),
// "'_' is not allowed in a host name (letters, digits, '-')", "name is 256 octets on the wire
// (max 255)" (at character 254, the first one too many).
void validateFqdn(std::string_view name);

// Validated name → labels + root, uncompressed. Case is kept.
Bytes encodeDnsName(std::string_view name);

// Reads one name starting at `offset` inside `message`, following compression pointers
// (RFC 1035 §4.1.4) whose targets are offsets into `message`. Pointers must point strictly
// backwards from the place they are read at (no forward or self pointers), and also before the
// start of the labels that led to them (the name's start, or the previous pointer's target):
// a pointer into its own name is a loop, and with this rule every loop is rejected outright.
// At most kMaxCompressionHops pointers. Returns the dotted name without trailing dot (label bytes
// verbatim, not checked against LDH: escape before display); `next` receives the offset just
// after the name's encoding at its original place. Throws WireError with offsets counted from the
// start of `message` plus `reportBase`.
std::string decodeDnsName(ByteView message, std::size_t offset, std::size_t& next,
                          std::size_t reportBase = 0);
// The same; `usedCompression` is set to true when a pointer was followed (left alone otherwise).
std::string decodeDnsName(ByteView message, std::size_t offset, std::size_t& next,
                          std::size_t reportBase, bool& usedCompression);

// RFC 3397 option 119 value for a search list (uncompressed, each name validated).
Bytes encodeDomainSearch(const std::vector<std::string>& names);

}  // namespace dhcplite::wire
