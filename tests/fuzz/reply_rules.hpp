#pragma once
// The responder's contract as an oracle, shared by the "responder" target (any request, fixed
// configs) and the "config" target (fixed requests, any loadable config). It calls respond() and
// checks the outcome against what the request and the config say must happen, using only the
// public wire/config API, never the responder's internals:
//   - the verdict, in the documented order (docs/design.md §3, responder.hpp): a short datagram;
//     op != BOOTREQUEST; hlen over 16 (Malformed at 2); a bad cookie or options (Malformed at
//     the offset wire::decodePacket names); an option 82 whose sub-options overrun it
//     (Malformed inside the options field); no or bad 53; not INFORM; no 60; 60 matching no
//     class; a ciaddr/giaddr that is no host's, or a reply to a site subnet's network or
//     broadcast address (BadAddress); no profile for
//     giaddr/ciaddr/interface; nothing requested that the profile (or the class's own option
//     43) has;
//   - a reply decodes with wire::decodePacket and obeys RFC 2131 §4.3.5 / Table 3: op 2, xid,
//     htype, hlen, flags (+ broadcast bit for a relay), ciaddr, giaddr, chaddr copied; hops,
//     secs, yiaddr, siaddr, sname, file zero; option 53 = ACK first, 54 second (the configured
//     server-id, else the receiving interface); never 50/51/52/55/57/58/59/61; the options
//     asked for in 55 that the profile has, in 55's order, then always-send, each once, with the
//     profile's (or the class's) exact bytes; option 82 last and equal to the request's, or left
//     out only when it would not fit; size between 300 and the client's limit (548, or option
//     57 minus 28 capped at the reply buffer); the destination per RFC 2131 §4.1.
#include <algorithm>
#include <array>
#include <bitset>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "dhcplite/compiled_config.hpp"
#include "dhcplite/responder.hpp"
#include "fuzz_check.hpp"
#include "wire/bootp_layout.hpp"
#include "wire/bytes.hpp"
#include "wire/dhcp_constants.hpp"
#include "wire/errors.hpp"
#include "wire/packet.hpp"

namespace dhcplite::fuzz {

namespace reply_rules_detail {

// Bytes one option takes once split into ≤ 255-byte instances (RFC 3396 §5).
inline std::size_t tlvSize(std::size_t n) {
    return n == 0 ? 2 : n + 2 * ((n + wire::kMaxOptionData - 1) / wire::kMaxOptionData);
}

// A compiled slice (one option as one or more TLVs) back to its data, checking every TLV
// carries `code`.
inline wire::Bytes joinTlvs(wire::ByteView tlvs, std::uint8_t code) {
    wire::Bytes out;
    wire::ByteReader in(tlvs);
    while (!in.empty()) {
        const std::uint8_t c = in.u8();
        FUZZ_CHECK(c == code, "compiled TLVs of option {} contain code {}", code, c);
        const wire::ByteView data = in.bytes(in.u8());
        out.insert(out.end(), data.begin(), data.end());
    }
    return out;
}

// RFC 2131 §2 and RFC 2132 §9.10, as responder.hpp documents it.
inline std::size_t replyLimit(const wire::Packet& request) {
    const wire::Option* o = request.options.find(wire::opt::MaxMessageSize);
    if (o == nullptr || o->data.size() != 2) return wire::kMinClientMessage;
    const std::size_t asked = std::size_t{o->data[0]} << 8 | o->data[1];
    if (asked < wire::kMinClientDatagram) return wire::kMinClientMessage;
    return std::min(asked - wire::kIpUdpOverhead, daemon::kReplyBufferSize);
}

// RFC 3046 §2.0: option 82's data is sub-options (code, length, data) that end with it.
inline bool relayInfoWellFormed(const wire::Bytes& data) {
    std::size_t at = 0;
    while (at + 2 <= data.size() && at + 2 + std::size_t{data[at + 1]} <= data.size()) {
        at += 2 + std::size_t{data[at + 1]};
    }
    return at == data.size();
}

inline bool allZero(std::span<const std::uint8_t> bytes) {
    return std::all_of(bytes.begin(), bytes.end(), [](std::uint8_t b) { return b == 0; });
}

}  // namespace reply_rules_detail

// Runs respond() once and checks everything above; returns the outcome for callers' statistics.
inline daemon::Outcome checkRespond(wire::ByteView request, const daemon::RequestMeta& meta,
                                    const daemon::CompiledConfig& config) {
    namespace d = reply_rules_detail;
    namespace opt = wire::opt;
    using daemon::Verdict;

    // Poisoned, so a byte the responder forgot to write shows up in the checks below.
    std::array<std::uint8_t, daemon::kReplyBufferSize> buffer;
    buffer.fill(0xA5);
    const daemon::Outcome o = daemon::respond(request, meta, config, buffer);
    const auto verdictIs = [&](Verdict expected) {
        FUZZ_CHECK(o.verdict == expected, "verdict {}, expected {}", daemon::verdictName(o.verdict),
                   daemon::verdictName(expected));
        if (expected != Verdict::Reply) {
            FUZZ_CHECK(o.replySize == 0, "{} with a {}-byte reply", daemon::verdictName(o.verdict),
                       o.replySize);
        }
    };

    // 1. Malformed and not-a-request, in the order responder.hpp gives.
    if (request.size() < wire::kOptionsOffset) {
        verdictIs(Verdict::Malformed);
        FUZZ_CHECK(o.malformedOffset == request.size(), "short datagram malformed at {}",
                   o.malformedOffset);
        return o;
    }
    const wire::HeaderView header = *wire::HeaderView::of(request);  // ≥ 240 bytes, checked above
    if (header.op() != static_cast<std::uint8_t>(wire::Op::BootRequest)) {
        verdictIs(Verdict::NotBootRequest);
        return o;
    }
    if (header.hlen() > wire::kChaddrSize) {  // chaddr holds 16 bytes (RFC 2131 §2)
        verdictIs(Verdict::Malformed);
        FUZZ_CHECK(o.malformedOffset == wire::kHlenOffset, "hlen {} malformed at {}, expected {}",
                   header.hlen(), o.malformedOffset, wire::kHlenOffset);
        return o;
    }
    wire::Packet p;
    try {
        p = wire::decodePacket(request).packet;
    } catch (const wire::WireError& e) {
        verdictIs(Verdict::Malformed);
        FUZZ_CHECK(o.malformedOffset == e.offset(), "malformed at {}, decodePacket says {} ({})",
                   o.malformedOffset, e.offset(), e.what());
        return o;
    }

    // A relay agent information option whose sub-options overrun it is malformed too.
    if (const wire::Option* relay = p.options.find(opt::RelayAgentInfo);
        relay != nullptr && !d::relayInfoWellFormed(relay->data)) {
        verdictIs(Verdict::Malformed);
        FUZZ_CHECK(o.malformedOffset >= wire::kOptionsOffset && o.malformedOffset <= request.size(),
                   "bad option 82 malformed at {}, outside the options field", o.malformedOffset);
        return o;
    }

    // 2. Classification.
    const wire::Option* type = p.options.find(opt::MessageType);
    if (type == nullptr || type->data.size() != 1) {
        verdictIs(Verdict::NoMessageType);
        return o;
    }
    if (type->data[0] != static_cast<std::uint8_t>(wire::MessageType::Inform)) {
        verdictIs(Verdict::NotInform);
        return o;
    }
    const wire::Option* vendor = p.options.find(opt::VendorClass);
    if (vendor == nullptr) {
        verdictIs(Verdict::NoVendorClass);
        return o;
    }
    const daemon::CompiledVendorClass* cls = config.matchVendorClass(vendor->data);
    if (cls == nullptr) {
        verdictIs(Verdict::OtherVendorClass);
        return o;
    }
    // Replies go to ciaddr or giaddr: neither may be "this network", loopback, multicast or
    // reserved/broadcast (RFC 1122 §3.2.1.3, RFC 1112 §4), or we would be a reflector.
    const auto noHost = [](wire::Ipv4 a) {
        const std::uint32_t first = a.value >> 24;
        return !a.isZero() && (first == 0 || first == 127 || first >= 224);
    };
    if (noHost(p.ciaddr) || noHost(p.giaddr)) {
        verdictIs(Verdict::BadAddress);
        return o;
    }
    // Nor the network or broadcast address of the most specific site subnet holding the address
    // the reply goes to (ciaddr, else giaddr), if that subnet is /30 or shorter: /31 and /32 have
    // no such addresses (RFC 3021). A reply there would be a directed broadcast (RFC 919 §7).
    const wire::Ipv4 target = !p.ciaddr.isZero() ? p.ciaddr : p.giaddr;
    if (!target.isZero()) {
        const daemon::SiteMatch site = config.selectWithPrefix(target);
        if (site.prefixLength && *site.prefixLength <= 30) {
            const std::uint32_t hostBits = 0xFFFFFFFFU >> *site.prefixLength;
            const std::uint32_t host = target.value & hostBits;
            if (host == 0 || host == hostBits) {
                verdictIs(Verdict::BadAddress);
                return o;
            }
        }
    }
    const wire::Ipv4 siteKey = !p.giaddr.isZero()   ? p.giaddr
                               : !p.ciaddr.isZero() ? p.ciaddr
                                                    : meta.interfaceAddress;
    const daemon::CompiledProfile* profile = config.select(siteKey);
    if (profile == nullptr) {
        verdictIs(Verdict::NoProfile);
        return o;
    }

    // 3. The plan: 55's order, then always-send, each code once, only what we have.
    const auto tlvsFor = [&](std::uint8_t code) -> wire::ByteView {
        if (code == opt::VendorSpecific && cls->option43Tlvs) return *cls->option43Tlvs;
        return profile->tlvsOf(code);
    };
    std::vector<std::uint8_t> plan;
    std::bitset<256> planned;
    const auto add = [&](std::uint8_t code) {
        if (!planned.test(code) && !tlvsFor(code).empty()) {
            planned.set(code);
            plan.push_back(code);
        }
    };
    if (const wire::Option* prl = p.options.find(opt::ParameterList)) {
        for (const std::uint8_t code : prl->data) add(code);
    }
    for (const std::uint8_t code : profile->alwaysSend) add(code);
    if (plan.empty()) {
        verdictIs(Verdict::NothingRequested);
        FUZZ_CHECK(o.profile == profile, "nothing-requested names profile '{}', expected '{}'",
                   o.profile == nullptr ? "(none)" : o.profile->name, profile->name);
        return o;
    }

    // 4. The reply.
    verdictIs(Verdict::Reply);
    FUZZ_CHECK(o.profile == profile, "reply from profile '{}', expected '{}'",
               o.profile == nullptr ? "(none)" : o.profile->name, profile->name);
    const std::size_t limit = d::replyLimit(p);
    FUZZ_CHECK(o.replySize >= wire::kBootpMinimum && o.replySize <= limit,
               "reply of {} bytes (limit {})", o.replySize, limit);
    const wire::ByteView out(buffer.data(), o.replySize);
    wire::DecodedPacket decoded;
    try {
        decoded = wire::decodePacket(out);
    } catch (const wire::WireError& e) {
        FUZZ_CHECK(false, "our reply does not decode: {}", e.what());
    }
    const wire::Packet& r = decoded.packet;
    FUZZ_CHECK(!decoded.report.missingEnd && decoded.report.trailingBytes == 0 &&
                   decoded.report.overload == 0,
               "reply shape: missingEnd {}, trailing {}, overload {}", decoded.report.missingEnd,
               decoded.report.trailingBytes, decoded.report.overload);

    // RFC 2131 §4.3.5 and Table 3 (DHCPACK to a DHCPINFORM).
    FUZZ_CHECK(r.op == static_cast<std::uint8_t>(wire::Op::BootReply), "reply op {}", r.op);
    FUZZ_CHECK(r.htype == p.htype && r.hlen == p.hlen, "htype/hlen {}/{} not copied ({}/{})",
               r.htype, r.hlen, p.htype, p.hlen);
    FUZZ_CHECK(r.hops == 0 && r.secs == 0, "hops {} secs {}", r.hops, r.secs);
    FUZZ_CHECK(r.xid == p.xid, "xid {:#x} not copied ({:#x})", r.xid, p.xid);
    const bool relayBroadcast = p.ciaddr.isZero() && !p.giaddr.isZero();
    const auto flags =
        static_cast<std::uint16_t>(p.flags | (relayBroadcast ? wire::kBroadcastFlag : 0U));
    FUZZ_CHECK(r.flags == flags, "flags {:#x}, expected {:#x}", r.flags, flags);
    FUZZ_CHECK(r.ciaddr == p.ciaddr && r.giaddr == p.giaddr, "ciaddr/giaddr not copied");
    FUZZ_CHECK(r.yiaddr.isZero() && r.siaddr.isZero(), "yiaddr/siaddr not zero");
    FUZZ_CHECK(r.chaddr == p.chaddr, "chaddr not copied");
    FUZZ_CHECK(d::allZero(r.sname) && d::allZero(r.file), "sname/file not zero");

    const std::vector<wire::Option>& options = r.options.all();
    FUZZ_CHECK(options.size() >= 2, "reply has {} options", options.size());
    FUZZ_CHECK(
        options[0].code == opt::MessageType &&
            options[0].data == wire::Bytes{static_cast<std::uint8_t>(wire::MessageType::Ack)},
        "first option is {} (len {}), not 53 = ACK", options[0].code, options[0].data.size());
    const auto serverId = config.serverId().value_or(meta.interfaceAddress).bytes();
    FUZZ_CHECK(options[1].code == opt::ServerId &&
                   std::equal(serverId.begin(), serverId.end(), options[1].data.begin(),
                              options[1].data.end()),
               "second option is {} (len {}), not 54 = the server id", options[1].code,
               options[1].data.size());
    for (const wire::Option& option : options) {
        switch (option.code) {
        case opt::RequestedAddress:
        case opt::LeaseTime:
        case opt::Overload:
        case opt::ParameterList:
        case opt::MaxMessageSize:
        case opt::RenewalTime:
        case opt::RebindingTime:
        case opt::ClientId:
            FUZZ_CHECK(false, "option {} in a DHCPACK to an INFORM", option.code);
            break;
        default: break;
        }
    }

    // RFC 3046 §2.2: the relay agent information echoed whole, last; all or nothing.
    const wire::Option* relayIn = p.options.find(opt::RelayAgentInfo);
    std::size_t last = options.size();
    std::size_t unpadded = wire::kOptionsOffset + 1;  // header, cookie, END
    for (const wire::Option& option : options) unpadded += d::tlvSize(option.data.size());
    if (options.back().code == opt::RelayAgentInfo) {
        FUZZ_CHECK(relayIn != nullptr, "option 82 in the reply, none in the request");
        FUZZ_CHECK(options.back().data == relayIn->data, "option 82 not echoed as it came");
        FUZZ_CHECK(!o.relayInfoDropped, "option 82 sent and reported dropped");
        last = options.size() - 1;
    } else if (relayIn != nullptr) {
        FUZZ_CHECK(o.relayInfoDropped,
                   "option 82 of the request neither echoed nor reported dropped");
        FUZZ_CHECK(unpadded + d::tlvSize(relayIn->data.size()) > limit,
                   "option 82 ({} bytes) dropped though {} + it fit {}", relayIn->data.size(),
                   unpadded, limit);
    } else {
        FUZZ_CHECK(!o.relayInfoDropped, "relayInfoDropped without option 82");
    }
    FUZZ_CHECK(o.replySize == std::max(unpadded, wire::kBootpMinimum),
               "reply size {}, options say {}", o.replySize, unpadded);

    // The planned options, in order, with the compiled bytes.
    std::size_t next = 0;
    for (std::size_t i = 2; i < last; ++i) {
        const wire::Option& option = options[i];
        FUZZ_CHECK(option.code != opt::RelayAgentInfo, "option 82 is not last");
        while (next < plan.size() && plan[next] != option.code) ++next;
        FUZZ_CHECK(next < plan.size(), "option {} not asked for, not always-sent, or out of order",
                   option.code);
        FUZZ_CHECK(option.data == d::joinTlvs(tlvsFor(option.code), option.code),
                   "option {} differs from the configured bytes", option.code);
        ++next;
    }
    const std::size_t sent = last - 2;
    FUZZ_CHECK(sent + o.optionsDropped == plan.size(), "{} sent + {} dropped != {} planned", sent,
               o.optionsDropped, plan.size());
    // The loader bounds every profile's largest reply by 548 bytes, so a loaded config never
    // needs to leave an option out.
    FUZZ_CHECK(o.optionsDropped == 0, "{} options dropped from a loaded config's reply",
               o.optionsDropped);

    // RFC 2131 §4.1 as ISC dhcpd applies it to DHCPINFORM (docs/design.md §3.3).
    daemon::Destination to;
    if (!p.ciaddr.isZero()) {
        to = {p.ciaddr, wire::kClientPort, false, 0};
    } else if (!p.giaddr.isZero()) {
        to = {p.giaddr, wire::kServerPort, false, 0};
    } else if (!meta.sourceAddress.isZero()) {
        to = {meta.sourceAddress, wire::kClientPort, false, 0};
    } else {
        to = {wire::Ipv4{0xFFFFFFFFU}, wire::kClientPort, true, meta.ifindex};
    }
    FUZZ_CHECK(o.destination == to,
               "destination {}:{} (broadcast {}), expected {}:{} (broadcast {})",
               o.destination.address.toString(), o.destination.port, o.destination.broadcast,
               to.address.toString(), to.port, to.broadcast);
    return o;
}

}  // namespace dhcplite::fuzz
