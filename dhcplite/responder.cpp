#include "dhcplite/responder.hpp"

#include <algorithm>
#include <array>
#include <bitset>
#include <optional>

#include "dhcplite/request_scan.hpp"
#include "wire/dhcp_constants.hpp"
#include "wire/errors.hpp"
#include "wire/packet.hpp"

namespace dhcplite::daemon {
namespace {

namespace opt = wire::opt;

constexpr std::size_t kMessageTypeTlvSize = 3;  // 53, 1, ACK
constexpr std::size_t kServerIdTlvSize = 6;     // 54, 4, address
constexpr std::size_t kEndSize = 1;
constexpr std::size_t kFixedReplySize =
    wire::kOptionsOffset + kMessageTypeTlvSize + kServerIdTlvSize + kEndSize;
static_assert(kReplyBufferSize >= wire::kMinClientMessage);

constexpr wire::Ipv4 kLimitedBroadcast{0xFFFFFFFFU};

// Whether a ciaddr or giaddr (0: none) can be a host we send a reply to. Not 0.0.0.0/8 "this
// network", 127.0.0.0/8 loopback (RFC 1122 §3.2.1.3), 224.0.0.0/4 multicast, 240.0.0.0/4
// reserved and 255.255.255.255 (RFC 1112 §4, RFC 919): a reply there would reach our own host,
// a group or a whole link — what a spoofed INFORM would want of a reflector.
bool isHostOrNone(wire::Ipv4 address) noexcept {
    const std::uint32_t first = address.value >> 24;
    return address.isZero() || (first != 0 && first != 127 && first < 224);
}

// Whether `address` is the network or broadcast address (wire::Cidr::isEdge) of the site subnet
// of `prefixLength` bits that contains it. A reply sent there reaches every host on that
// subnet: what a spoofed INFORM would want of a reflector (RFC 2644 has routers stop forwarding
// such broadcasts; we do not send them in the first place).
bool isSubnetEdge(wire::Ipv4 address, std::optional<std::uint8_t> prefixLength) noexcept {
    if (!prefixLength) {
        return false;
    }
    wire::Cidr subnet{wire::Ipv4{}, *prefixLength};
    subnet.network = wire::Ipv4{address.value & subnet.mask()};
    return subnet.isEdge(address);
}

// Whether the reply would go to a site subnet's network or broadcast address. It goes to
// ciaddr, else giaddr (chooseDestination); else to the datagram's source or a limited
// broadcast on the interface. The edges of the host's own links, whichever address the reply
// goes to, are admit's to refuse (Admission::ownLinkEdges): only the host knows them. `site`
// is the lookup already done for `siteKey`; a second lookup is needed only when a relayed phone
// gives its own ciaddr (the relay's giaddr chose the site), and not even then unless ciaddr
// ends in binary 00 or 11, as every such address of a subnet of ≤ 30 bits does.
bool repliesToSubnetEdge(const RequestScan& scan, wire::Ipv4 siteKey, const SiteMatch& site,
                         const CompiledConfig& config) noexcept {
    const wire::Ipv4 target = !scan.ciaddr.isZero() ? scan.ciaddr : scan.giaddr;
    if (target.isZero()) {
        return false;
    }
    if (target == siteKey) {
        return isSubnetEdge(target, site.prefixLength);
    }
    const std::uint32_t lowBits = target.value & 3U;
    if (lowBits != 0 && lowBits != 3) {
        return false;
    }
    return isSubnetEdge(target, config.selectWithPrefix(target).prefixLength);
}

Outcome drop(Verdict verdict, const CompiledProfile* profile = nullptr) noexcept {
    Outcome outcome;
    outcome.verdict = verdict;
    outcome.profile = profile;
    return outcome;
}

Outcome malformed(std::size_t offset) noexcept {
    Outcome outcome;
    outcome.verdict = Verdict::Malformed;
    outcome.malformedOffset = offset;
    return outcome;
}

// RFC 2131 §2: every client takes a 548-byte message (a 576-byte IP datagram); more only if it said
// so in option 57 (RFC 2132 §9.10), whose value counts the whole datagram as ISC dhcpd and dnsmasq
// read it, so 28 bytes of IPv4 and UDP headers come off. Its minimum legal value is 576: smaller
// values are ignored, as is a wrong length.
std::size_t replyLimit(const OptionValue& maxMessageSize) {
    if (!maxMessageSize.present || maxMessageSize.data.size() != 2) {
        return wire::kMinClientMessage;
    }
    const std::size_t asked = wire::ByteReader(maxMessageSize.data).u16();
    if (asked < wire::kMinClientDatagram) {
        return wire::kMinClientMessage;
    }
    return std::min(asked - wire::kIpUdpOverhead, kReplyBufferSize);
}

// The options a reply will carry after 53 and 54, in order, as ready TLV bytes. At most one entry
// per code, so 256 entries always suffice; lives on the stack. Only entries[0, count) are ever
// read, so the array is left uninitialised rather than zeroing 6 KB per packet.
struct ReplyPlan {
    struct Entry {  // trivial on purpose (see above); a span would be zeroed 256 times
        std::uint8_t code;
        bool keep;
        std::uint16_t size;
        const std::uint8_t* data;
        wire::ByteView tlvs() const noexcept { return {data, size}; }
    };
    std::array<Entry, 256> entries;
    std::bitset<256> planned;
    std::size_t count = 0;

    void add(std::uint8_t code, wire::ByteView tlvs) {
        if (!planned.test(code) && !tlvs.empty()) {
            planned.set(code);
            // Compiled options are ≤ maxCompiledOptionSize(), so the size fits 16 bits.
            entries[count++] =
                Entry{code, true, static_cast<std::uint16_t>(tlvs.size()), tlvs.data()};
        }
    }
};

// Requested options we have, in the order of option 55 (RFC 2131 §4.3.1: the server should
// return them "in the order requested"), each once; then always-send codes not already there.
// Option 43 is the matched class's own when it has sub-options, else the profile's MS-UC-Client.
void planOptions(const RequestScan& scan, const CompiledProfile& profile,
                 const CompiledVendorClass& vendorClass, ReplyPlan& plan) {
    const auto tlvsFor = [&](std::uint8_t code) -> wire::ByteView {
        if (code == opt::VendorSpecific && vendorClass.option43Tlvs) {
            return *vendorClass.option43Tlvs;
        }
        return profile.tlvsOf(code);  // empty for reserved codes: compile never stores them
    };
    if (scan.parameterList.present) {
        wire::ByteReader reader(scan.parameterList.data);
        while (!reader.empty()) {
            const std::uint8_t code = reader.u8();
            plan.add(code, tlvsFor(code));
        }
    }
    for (const std::uint8_t code : profile.alwaysSend) {
        plan.add(code, tlvsFor(code));
    }
}

// Drops whole options from the end of the order until the rest fits `budget`; 43 and 120, what a
// phone cannot work without, go last (config loading guarantees everything fits 548 bytes, so
// this only acts on configs built in code).
std::size_t fitPlan(ReplyPlan& plan, std::size_t budget) {
    std::size_t total = 0;
    for (std::size_t i = 0; i < plan.count; ++i) {
        total += plan.entries[i].size;
    }
    std::size_t dropped = 0;
    for (const bool essentialToo : {false, true}) {
        for (std::size_t i = plan.count; i-- > 0 && total > budget;) {
            ReplyPlan::Entry& entry = plan.entries[i];
            const bool essential =
                entry.code == opt::VendorSpecific || entry.code == opt::SipServers;
            if (entry.keep && (essentialToo || !essential)) {
                entry.keep = false;
                total -= entry.size;
                ++dropped;
            }
        }
    }
    return dropped;
}

// RFC 2131 §4.1 as ISC dhcpd applies it to DHCPINFORM (docs/design.md §3.3).
Destination chooseDestination(const RequestScan& scan, const RequestMeta& meta) {
    if (!scan.ciaddr.isZero()) {
        return Destination{scan.ciaddr, wire::kClientPort, false, 0};
    }
    if (!scan.giaddr.isZero()) {
        return Destination{scan.giaddr, wire::kServerPort, false, 0};
    }
    if (!meta.sourceAddress.isZero()) {
        return Destination{meta.sourceAddress, wire::kClientPort, false, 0};
    }
    return Destination{kLimitedBroadcast, wire::kClientPort, true, meta.ifindex};
}

std::size_t writeReply(const RequestScan& scan, wire::Ipv4 serverId, const ReplyPlan& plan,
                       std::size_t limit, std::span<std::uint8_t> reply, bool& relayInfoDropped) {
    wire::ByteWriter writer(reply);
    // RFC 2131 §4.3.5 and Table 3: copy what identifies the client, zero the rest.
    std::uint16_t flags = scan.flags;
    if (scan.ciaddr.isZero() && !scan.giaddr.isZero()) {
        flags =
            static_cast<std::uint16_t>(flags | wire::kBroadcastFlag);  // the relay broadcasts it on
    }
    writer.u8(static_cast<std::uint8_t>(wire::Op::BootReply));
    writer.u8(scan.htype);
    writer.u8(scan.hlen);
    writer.u8(0);  // hops
    writer.u32(scan.xid);
    writer.u16(0);  // secs
    writer.u16(flags);
    writer.u32(scan.ciaddr.value);
    writer.u32(0);  // yiaddr: INFORM assigns nothing
    writer.u32(0);  // siaddr
    writer.u32(scan.giaddr.value);
    writer.bytes(scan.chaddr);
    writer.fill(0, wire::kSnameSize + wire::kFileSize);
    writer.u32(wire::kMagicCookie);

    writer.u8(opt::MessageType);
    writer.u8(1);
    writer.u8(static_cast<std::uint8_t>(wire::MessageType::Ack));
    writer.u8(opt::ServerId);
    writer.u8(4);
    writer.u32(serverId.value);
    for (std::size_t i = 0; i < plan.count; ++i) {
        if (plan.entries[i].keep) {
            writer.bytes(plan.entries[i].tlvs());
        }
    }
    // RFC 3046 §2.2: echo the relay agent information whole, last; all or nothing.
    if (scan.relayInfo.present) {
        // The only option a reply carries that was not encoded at compile time.
        if (writer.size() + wire::optionTlvsSize(scan.relayInfo.data.size()) + kEndSize <= limit) {
            wire::writeOptionTlvs(writer, opt::RelayAgentInfo, scan.relayInfo.data);
        } else {
            relayInfoDropped = true;
        }
    }
    writer.u8(opt::End);
    if (writer.size() < wire::kBootpMinimum) {
        writer.fill(0, wire::kBootpMinimum - writer.size());  // RFC 951 / RFC 1542 §3.4 minimum
    }
    return writer.size();
}

// ---- the stages (docs/design.md §1), each a pure function of what it is given -------------

struct Classification {
    Verdict verdict = Verdict::Reply;
    VendorSeen vendorSeen = VendorSeen::NotCounted;
    const CompiledVendorClass* vendorClass = nullptr;  // VendorSeen::Configured only
};

// docs/design.md §3.1: a DHCPINFORM (53) from a configured vendor class (60) whose ciaddr and
// giaddr a host can have.
Classification classify(const RequestScan& scan, const CompiledConfig& config) noexcept {
    if (!scan.messageType.present || scan.messageType.data.size() != 1) {
        return {Verdict::NoMessageType};
    }
    if (wire::ByteReader(scan.messageType.data).u8() !=
        static_cast<std::uint8_t>(wire::MessageType::Inform)) {
        return {Verdict::NotInform};
    }
    if (!scan.vendorClass.present) {
        return {Verdict::NoVendorClass, VendorSeen::None};
    }
    const CompiledVendorClass* vendorClass = config.matchVendorClass(scan.vendorClass.data);
    if (vendorClass == nullptr) {
        return {Verdict::OtherVendorClass, VendorSeen::Other};
    }
    if (!isHostOrNone(scan.ciaddr) || !isHostOrNone(scan.giaddr)) {
        return {Verdict::BadAddress, VendorSeen::Configured, vendorClass};
    }
    return {Verdict::Reply, VendorSeen::Configured, vendorClass};
}

struct ProfileChoice {
    Verdict verdict = Verdict::Reply;
    const CompiledProfile* profile = nullptr;  // Reply only
};

// docs/design.md §4: the relay's address says which site a relayed phone is at; else the
// phone's own address; else the interface the broadcast arrived on. A reply to the chosen
// site subnet's network or broadcast address is refused first (docs/design.md §3.4).
ProfileChoice selectProfile(const RequestScan& scan, const RequestMeta& meta,
                            const CompiledConfig& config) noexcept {
    const wire::Ipv4 siteKey = !scan.giaddr.isZero()   ? scan.giaddr
                               : !scan.ciaddr.isZero() ? scan.ciaddr
                                                       : meta.interfaceAddress;
    const SiteMatch site = config.selectWithPrefix(siteKey);
    if (repliesToSubnetEdge(scan, siteKey, site, config)) {
        return {Verdict::BadAddress};
    }
    if (site.profile == nullptr) {
        return {Verdict::NoProfile};
    }
    return {Verdict::Reply, site.profile};
}

// What a reply copies from its request and the flood guard counts it by (RFC 2131 §4.3.5).
ClientFields clientFields(const RequestScan& scan) noexcept {
    return ClientFields{scan.htype, scan.hlen, scan.chaddr, scan.ciaddr, scan.giaddr};
}

// docs/design.md §3.4, §3.5: the responder refuses site subnets' edges (selectProfile); only
// the host knows its own links'. A spoofed source (ciaddr and giaddr 0) or a ciaddr on a link
// no site describes must not turn the reply into a directed broadcast there. Then the flood
// guard, which counts only replies that would otherwise be sent, so the drop counters stay
// exact by reason.
Verdict admit(const RequestScan& scan, const Destination& to, const Admission& admission,
              FloodDecision& limitedBy) noexcept {
    if (!to.broadcast && std::binary_search(admission.ownLinkEdges.begin(),
                                            admission.ownLinkEdges.end(), to.address.value)) {
        return Verdict::BadAddress;
    }
    if (admission.floodGuard == nullptr) {
        return Verdict::Reply;
    }
    const ClientIdentity client = identifyClient(clientFields(scan), to.address, to.broadcast);
    limitedBy = admission.floodGuard->admit(client, admission.nowNs);
    return limitedBy == FloodDecision::Allow ? Verdict::Reply : Verdict::RateLimited;
}

// The planned options cut to the client's size limit, and the reply written into `reply`.
void buildReply(const RequestScan& scan, wire::Ipv4 serverId, ReplyPlan& plan,
                std::span<std::uint8_t, kReplyBufferSize> reply, Outcome& outcome) {
    const std::size_t limit = replyLimit(scan.maxMessageSize);
    outcome.optionsDropped = fitPlan(plan, limit - kFixedReplySize);
    outcome.replySize = writeReply(scan, serverId, plan, limit, reply, outcome.relayInfoDropped);
}

// From a classified request to the outcome, the remaining stages in order.
Outcome decideClassified(const RequestScan& scan, const Classification& request,
                         const RequestMeta& meta, const CompiledConfig& config,
                         const Admission& admission,
                         std::span<std::uint8_t, kReplyBufferSize> reply) {
    if (request.verdict != Verdict::Reply) {
        return drop(request.verdict);
    }
    const ProfileChoice choice = selectProfile(scan, meta, config);
    if (choice.verdict != Verdict::Reply) {
        return drop(choice.verdict);
    }
    ReplyPlan plan;
    planOptions(scan, *choice.profile, *request.vendorClass, plan);
    if (plan.count == 0) {
        return drop(Verdict::NothingRequested, choice.profile);
    }
    // Admission judges where the reply would go, so that is chosen first (it is pure).
    Outcome outcome;
    outcome.profile = choice.profile;
    outcome.destination = chooseDestination(scan, meta);
    outcome.verdict = admit(scan, outcome.destination, admission, outcome.limitedBy);
    if (outcome.verdict == Verdict::Reply) {
        buildReply(scan, config.serverId().value_or(meta.interfaceAddress), plan, reply, outcome);
    }
    return outcome;
}

// From a scanned request to the outcome: what classify saw of option 60 is kept whatever the
// later stages decide (the per vendor class counters count every INFORM).
Outcome decideScanned(const RequestScan& scan, const RequestMeta& meta,
                      const CompiledConfig& config, const Admission& admission,
                      std::span<std::uint8_t, kReplyBufferSize> reply) {
    if (ScanError error; !checkRelayInfo(scan, error)) {
        return malformed(error.offset);
    }
    const Classification request = classify(scan, config);
    Outcome outcome = decideClassified(scan, request, meta, config, admission, reply);
    outcome.vendorSeen = request.vendorSeen;
    outcome.vendorClass = request.vendorClass;
    return outcome;
}

// Cold path (option 52, or a repeated option we read): decode the whole packet, RFC 3396 joins
// and overload included, on the heap. Kept out of line so the hot path's frame does not carry
// (and initialise) a DecodedPacket.
[[gnu::noinline]] Outcome decideDecoded(wire::ByteView request, RequestScan& scan,
                                        const RequestMeta& meta, const CompiledConfig& config,
                                        const Admission& admission,
                                        std::span<std::uint8_t, kReplyBufferSize> reply) {
    const wire::DecodedPacket decoded = wire::decodePacket(request);
    scanFromPacket(decoded.packet, scan);
    return decideScanned(scan, meta, config, admission, reply);
}

// The scan: what is malformed, or not a request, is dropped before anything else is read.
Outcome decideUnchecked(wire::ByteView request, const RequestMeta& meta,
                        const CompiledConfig& config, const Admission& admission,
                        std::span<std::uint8_t, kReplyBufferSize> reply) {
    if (meta.truncated) {
        return malformed(request.size());  // where the receive buffer cut it
    }
    RequestScan scan;
    ScanError error;
    if (!scanHeader(request, scan, error)) {
        return malformed(error.offset);
    }
    if (scan.op != static_cast<std::uint8_t>(wire::Op::BootRequest)) {
        return drop(Verdict::NotBootRequest);  // other servers' replies: not even worth parsing
    }
    if (scan.hlen > wire::kChaddrSize) {
        // chaddr holds 16 bytes (RFC 2131 §2); a longer hardware address is a broken header,
        // and copying it (Table 3) would make our reply just as broken.
        return malformed(wire::kHlenOffset);
    }
    if (!scanOptions(request, scan, error)) {
        return malformed(error.offset);
    }
    if (scan.needsFullDecode) {
        return decideDecoded(request, scan, meta, config, admission, reply);
    }
    return decideScanned(scan, meta, config, admission, reply);
}

}  // namespace

std::string_view verdictName(Verdict v) {
    switch (v) {
    case Verdict::Reply: return "reply";
    case Verdict::Malformed: return "malformed";
    case Verdict::NotBootRequest: return "not-bootrequest";
    case Verdict::NoMessageType: return "no-message-type";
    case Verdict::NotInform: return "not-inform";
    case Verdict::NoVendorClass: return "no-vendor-class";
    case Verdict::OtherVendorClass: return "other-vendor-class";
    case Verdict::NothingRequested: return "nothing-requested";
    case Verdict::NoProfile: return "no-profile";
    case Verdict::BadAddress: return "bad-address";
    case Verdict::RateLimited: return "rate-limited";
    case Verdict::Count: break;
    }
    return "unknown";
}

Outcome decide(wire::ByteView request, const RequestMeta& meta, const CompiledConfig& config,
               const Admission& admission,
               std::span<std::uint8_t, kReplyBufferSize> reply) noexcept {
    // Caught once per datagram (docs/design.md §6): the cold path's decoder reports malformed
    // input by throwing; anything else unexpected is still this datagram's problem, not the
    // daemon's.
    try {
        return decideUnchecked(request, meta, config, admission, reply);
    } catch (const wire::WireError& e) {
        return malformed(e.offset());
    } catch (...) {
        return malformed(request.size());
    }
}

Outcome respond(wire::ByteView request, const RequestMeta& meta, const CompiledConfig& config,
                std::span<std::uint8_t, kReplyBufferSize> reply) noexcept {
    return decide(request, meta, config, Admission{}, reply);
}

}  // namespace dhcplite::daemon
