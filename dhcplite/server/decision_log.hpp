#pragma once
// The debug line for one datagram: what it was (xid, chaddr, ciaddr, giaddr, vendor class) and
// what we did (verdict, profile, destination). Built only at debug level and only when the rate
// limiter admits it, so it may decode the packet again and allocate; the hot path never calls it.
#include <string>
#include <string_view>

#include "dhcplite/responder.hpp"
#include "wire/bytes.hpp"

namespace dhcplite::daemon {

// Every byte that came off the wire goes through quoted(): a vendor class or an interface name
// can hold anything, including what looks like a newline or another key=value pair.
std::string describeDecision(wire::ByteView request, const RequestMeta& meta,
                             const Outcome& outcome, std::string_view interfaceName);

// Shown vendor classes are cut to this many bytes (the option can hold 255).
inline constexpr std::size_t kShownVendorClassBytes = 64;

}  // namespace dhcplite::daemon
