#pragma once
// What `dhcputil bench` puts on the wire and how it recognises the answers, as pure functions over
// bytes (no sockets, no clock), so tests check them with vectors.
//
// Request number `seq` (0, 1, 2, ... over the whole run) comes from client `seq % clients`: a
// distinct chaddr (02:44 + the client number, a locally administered MAC), a ciaddr inside the
// source subnet and a host name derived from the client. Its xid is a bijection of `seq` mixed
// with a per-run salt, so an answer's xid alone says which request it answers (no lookup table
// keyed by xid) and answers left over from an earlier run do not match this one.
//
// The INFORM has the shape Microsoft's DHCPUtil -EmulateClient sends (docs/design.md §10): 53 =
// INFORM, 61 (type 1 + MAC), 12 host name, 60 vendor class, 55 = the parameter list ([120, 43]
// unless told otherwise), END, padded to 300 bytes (RFC 951's BOOTP minimum, as real clients send).
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "wire/address.hpp"
#include "wire/bytes.hpp"

namespace dhcplite::util::bench {

struct TrafficPlan {
    wire::Cidr subnet;             // ciaddr of every request is a host address of this
    std::uint32_t clients = 1000;  // distinct chaddr/client-id/host name
    std::string vendorClass = "MS-UC-Client";
    std::vector<std::uint8_t> parameterList{120, 43};  // option 55
    std::vector<std::uint8_t> required{120, 43};       // what an ACK must carry to count
    std::uint32_t salt = 0;                            // per run; mixed into every xid
};

// The request fields that identify client and request.
struct ClientIdentity {
    std::array<std::uint8_t, 6> mac{};
    wire::Ipv4 ciaddr;
};

// seq ↔ xid: xid = (seq + salt) * K mod 2^32 with an odd K (a bijection of 32-bit numbers).
class XidCodec {
public:
    explicit XidCodec(std::uint32_t salt) noexcept : salt_(salt) {}
    std::uint32_t xidOf(std::uint32_t seq) const noexcept;
    std::uint32_t seqOf(std::uint32_t xid) const noexcept;

private:
    std::uint32_t salt_;
};

// A plan that cannot produce requests; what() names the bench option to change. bench_command
// reports it as a usage error (exit 64).
class PlanError : public std::invalid_argument {
public:
    using std::invalid_argument::invalid_argument;
};

class RequestFactory {
public:
    // Throws PlanError for a plan that cannot produce requests (no clients, a vendor class or
    // parameter list that is empty or over 255 bytes).
    explicit RequestFactory(TrafficPlan plan);

    const TrafficPlan& plan() const noexcept { return plan_; }
    std::size_t size() const noexcept { return template_.size(); }
    std::uint32_t hostCount() const noexcept { return hosts_; }

    ClientIdentity client(std::uint32_t seq) const noexcept;
    std::uint32_t xidOf(std::uint32_t seq) const noexcept { return xids_.xidOf(seq); }
    std::uint32_t seqOf(std::uint32_t xid) const noexcept { return xids_.seqOf(xid); }

    // The whole request for `seq` into `out` (at least size() bytes); returns size().
    std::size_t write(std::uint32_t seq, std::span<std::uint8_t> out) const;
    // Only the per-request fields, into a buffer that already holds a request of this factory
    // (what the sender does in its hot loop: ~30 bytes written instead of 300).
    void patch(std::uint32_t seq, std::span<std::uint8_t> out) const;

private:
    TrafficPlan plan_;
    XidCodec xids_;
    std::uint32_t hosts_ = 0;
    std::uint32_t firstHost_ = 0;
    wire::Bytes template_;
    std::size_t clientIdMacOffset_ = 0;  // the 6 MAC bytes inside option 61
    std::size_t hostNameHexOffset_ = 0;  // the 8 hex digits inside option 12
};

// Why an answer carrying one of our xids does not count.
enum class ReplyCheck : std::uint8_t {
    Good,
    Short,     // shorter than header + cookie
    NotReply,  // op != BOOTREPLY
    BadCookie,
    WrongClient,    // htype/hlen/chaddr/ciaddr are not those of the request
    BadOptions,     // an option runs past the end
    NotAck,         // no option 53, or not DHCPACK
    NoServerId,     // option 54 missing or not 4 bytes
    MissingOption,  // a required option (TrafficPlan::required) is absent or empty
};
std::string_view replyCheckName(ReplyCheck c);

// The xid of anything that looks like a BOOTP message (at least 8 bytes), else nullopt.
std::optional<std::uint32_t> replyXid(wire::ByteView datagram) noexcept;

// Is `reply` a well-formed DHCPACK to request `seq` of `factory` (RFC 2131 §4.3.5: op, xid,
// htype/hlen/chaddr and ciaddr copied, option 53 = ACK, option 54 present) carrying every option
// of the plan's `required` list, non-empty? Never throws.
ReplyCheck checkReply(wire::ByteView reply, std::uint32_t seq,
                      const RequestFactory& factory) noexcept;

}  // namespace dhcplite::util::bench
