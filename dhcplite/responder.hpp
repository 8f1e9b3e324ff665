#pragma once
// The pure heart of the daemon: request bytes + where they came from + compiled config → a reply
// in the caller's buffer and where to send it, or a drop reason. No sockets, no clocks, no heap
// on the reply path; tests drive it with byte vectors. The stages, in order (docs/design.md §1):
// scan → classify → selectProfile → (plan) → chooseDestination → admit → buildReply; decide()
// runs them, responder.cpp reads top-down.
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "dhcplite/compiled_config.hpp"
#include "dhcplite/flood_guard.hpp"
#include "wire/address.hpp"
#include "wire/bytes.hpp"

namespace dhcplite::daemon {

// Why a datagram got no reply; every value is a counter. Keep `Reply` first and `Count` last.
enum class Verdict : std::uint8_t {
    Reply,
    Malformed,         // not a decodable DHCP message (short, bad cookie, an option or an
                       // option 82 sub-option overrunning...)
    NotBootRequest,    // op != BOOTREQUEST
    NoMessageType,     // no option 53 (plain BOOTP) or a bad one
    NotInform,         // DISCOVER, REQUEST, ... : the real DHCP server's business
    NoVendorClass,     // no option 60
    OtherVendorClass,  // option 60 matches no configured class
    NothingRequested,  // no option 55, or it asks for nothing we have (and nothing always-sent)
    NoProfile,         // no site matches and there is no default profile
    BadAddress,        // ciaddr or giaddr is no host's: loopback, multicast, 0/8, 240/4; or
                       // the reply would go to a subnet's network or broadcast address
    RateLimited,       // would be a reply, but its client had its share (flood_guard.hpp)
    Count
};
inline constexpr std::size_t kVerdictCount = static_cast<std::size_t>(Verdict::Count);
std::string_view verdictName(Verdict v);  // "reply", "malformed", "not-bootrequest", ...

// What the socket layer knows about a datagram (IP_PKTINFO, the sender address, MSG_TRUNC).
struct RequestMeta {
    wire::Ipv4 interfaceAddress;  // the receiving interface's address (ipi_spec_dst)
    int ifindex = 0;
    wire::Ipv4 sourceAddress;  // IP source of the datagram (0.0.0.0 for a fresh client)
    std::uint16_t sourcePort = 0;
    bool truncated = false;  // longer than the receive buffer: malformed where it was cut
};

struct Destination {
    wire::Ipv4 address;
    std::uint16_t port = 0;
    bool broadcast = false;  // limited broadcast 255.255.255.255 out of the receiving interface
    int ifindex = 0;  // the receiving interface when broadcast; 0 (routing decides) otherwise
    bool operator==(const Destination&) const = default;
};

// What admission knows beyond the request and the config (docs/design.md §3.4, §3.5). The
// default admits everything: the pure tables, the fuzz targets and the benchmarks use it.
struct Admission {
    // The network and broadcast addresses of the host's own links, sorted (InterfaceFilter):
    // a unicast reply there would be a directed broadcast on that link.
    std::span<const std::uint32_t> ownLinkEdges;
    FloodGuard* floodGuard = nullptr;  // nullptr: no flood guard (limits off)
    std::uint64_t nowNs = 0;           // the flood guard's clock
};

// What classify read in a DHCPINFORM's option 60, for the per vendor class counters
// (site_counters.hpp). Requests dropped before option 60 is looked at are not counted by class.
enum class VendorSeen : std::uint8_t {
    NotCounted,  // malformed, not a BOOTREQUEST, no or another message type than INFORM
    Configured,  // Outcome::vendorClass is the class it matched
    Other,       // option 60 matches no configured class
    None,        // no option 60
};

struct Outcome {
    Verdict verdict = Verdict::Malformed;
    std::size_t replySize = 0;  // bytes written to the reply buffer (Reply only)
    Destination destination;    // Reply, and drops at admission (where it would have gone)
    const CompiledProfile* profile = nullptr;  // the site's, once selectProfile chose it
    VendorSeen vendorSeen = VendorSeen::NotCounted;
    const CompiledVendorClass* vendorClass = nullptr;  // VendorSeen::Configured only
    bool relayInfoDropped = false;                     // option 82 was present but did not fit
    std::size_t optionsDropped = 0;   // options left out for the size limit (RFC 2131 §2, opt 57)
    std::size_t malformedOffset = 0;  // Malformed only: where decoding failed
    FloodDecision limitedBy = FloodDecision::Allow;  // RateLimited only: which count said no
};

// Big enough for any reply we build (a client may allow up to 1500 via option 57; we never send
// more than an Ethernet MTU's worth of UDP payload).
inline constexpr std::size_t kReplyBufferSize = 1472;

// Never throws. `reply` must hold kReplyBufferSize bytes. Checks, in order: truncated, short
// header, op, hlen over 16, cookie and options, option 82's sub-options (Malformed); 53, 60,
// ciaddr/giaddr (BadAddress) — classify; the address the reply would go to (ciaddr, else
// giaddr) being the network or broadcast address of the most specific site subnet containing
// it, if that is /30 or shorter (BadAddress), the profile (NoProfile) — selectProfile; whether
// anything answerable remains (NothingRequested: it depends on the profile's options and
// always-send); then admission: the destination an edge of one of the host's own links
// (BadAddress), the flood guard (RateLimited, which uses up the client's share only here).
// A reply is never larger than 548 bytes (a 576-byte datagram, RFC 2131 §2), or the client's
// option 57 less 28 bytes of IPv4/UDP headers (values under 576 ignored, capped at
// kReplyBufferSize).
Outcome decide(wire::ByteView request, const RequestMeta& meta, const CompiledConfig& config,
               const Admission& admission,
               std::span<std::uint8_t, kReplyBufferSize> reply) noexcept;

// decide() with the default Admission: no own links known, no flood guard.
Outcome respond(wire::ByteView request, const RequestMeta& meta, const CompiledConfig& config,
                std::span<std::uint8_t, kReplyBufferSize> reply) noexcept;

}  // namespace dhcplite::daemon
