#include "bench/bench_traffic.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "wire/dhcp_constants.hpp"
#include "wire/packet.hpp"

namespace dhcplite::util::bench {
namespace {

namespace opt = wire::opt;

constexpr std::uint32_t kXidMultiplier = 0x9E3779B1U;  // odd, so multiplication is invertible
constexpr std::uint8_t kHtypeEthernet = 1;             // RFC 1700 hardware type
constexpr std::uint8_t kMacLength = 6;
constexpr std::size_t kHostNameHexDigits = 8;
constexpr std::string_view kHostNamePrefix = "bench-";

// The multiplicative inverse modulo 2^32 (Newton's iteration doubles the correct bits each step).
constexpr std::uint32_t inverseOf(std::uint32_t odd) noexcept {
    std::uint32_t x = odd;
    for (int i = 0; i < 5; ++i) {
        x *= 2U - odd * x;
    }
    return x;
}
constexpr std::uint32_t kXidInverse = inverseOf(kXidMultiplier);
static_assert(kXidMultiplier * kXidInverse == 1U);

std::array<std::uint8_t, 6> macOf(std::uint32_t client) noexcept {
    // 02: locally administered, unicast (IEEE 802 U/L bit), so it can never be a real NIC's.
    return {0x02,
            0x44,
            static_cast<std::uint8_t>(client >> 24),
            static_cast<std::uint8_t>(client >> 16),
            static_cast<std::uint8_t>(client >> 8),
            static_cast<std::uint8_t>(client)};
}

void writeHex8(std::uint32_t value, std::span<std::uint8_t> out) noexcept {
    constexpr std::string_view digits = "0123456789abcdef";
    for (std::size_t i = 0; i < kHostNameHexDigits; ++i) {
        out[kHostNameHexDigits - 1 - i] = static_cast<std::uint8_t>(digits[value & 0xFU]);
        value >>= 4;
    }
}

void putU32(std::span<std::uint8_t> out, std::size_t at, std::uint32_t v) noexcept {
    out[at] = static_cast<std::uint8_t>(v >> 24);
    out[at + 1] = static_cast<std::uint8_t>(v >> 16);
    out[at + 2] = static_cast<std::uint8_t>(v >> 8);
    out[at + 3] = static_cast<std::uint8_t>(v);
}

}  // namespace

std::uint32_t XidCodec::xidOf(std::uint32_t seq) const noexcept {
    return (seq + salt_) * kXidMultiplier;
}

std::uint32_t XidCodec::seqOf(std::uint32_t xid) const noexcept {
    return xid * kXidInverse - salt_;
}

RequestFactory::RequestFactory(TrafficPlan plan) : plan_(std::move(plan)), xids_(plan_.salt) {
    if (plan_.clients == 0) {
        throw PlanError("--clients must be at least 1");
    }
    if (plan_.vendorClass.empty() || plan_.vendorClass.size() > wire::kMaxOptionData) {
        throw PlanError("--vendor-class must be 1 to 255 bytes");
    }
    if (plan_.parameterList.empty() || plan_.parameterList.size() > wire::kMaxOptionData) {
        throw PlanError("--request must list 1 to 255 option codes");
    }
    // Host addresses only: not the network or broadcast address of a /30 or shorter (RFC 3021
    // lets a /31 use both; a /32 is the one address).
    const std::uint64_t size = std::uint64_t{1} << (32U - plan_.subnet.length);
    if (plan_.subnet.length >= 31) {
        hosts_ = static_cast<std::uint32_t>(size);
        firstHost_ = plan_.subnet.network.value;
    } else {
        hosts_ = static_cast<std::uint32_t>(std::min<std::uint64_t>(size - 2, 0xFFFFFFFFU));
        firstHost_ = plan_.subnet.network.value + 1;
    }

    template_.assign(wire::kBootpMinimum, 0);
    wire::ByteWriter w(template_);
    w.u8(static_cast<std::uint8_t>(wire::Op::BootRequest));
    w.u8(kHtypeEthernet);
    w.u8(kMacLength);
    w.u8(0);                       // hops
    w.u32(0);                      // xid, patched
    w.u16(0);                      // secs
    w.u16(0);                      // flags: unicast answer to ciaddr (RFC 2131 §4.4.3)
    w.u32(0);                      // ciaddr, patched
    w.fill(0, 12);                 // yiaddr, siaddr, giaddr
    w.fill(0, wire::kChaddrSize);  // chaddr, patched
    w.fill(0, wire::kSnameSize + wire::kFileSize);
    w.u32(wire::kMagicCookie);
    w.u8(opt::MessageType);
    w.u8(1);
    w.u8(static_cast<std::uint8_t>(wire::MessageType::Inform));
    w.u8(opt::ClientId);  // RFC 2132 §9.14: type 1 (Ethernet) + MAC, as Windows clients send it
    w.u8(1 + kMacLength);
    w.u8(kHtypeEthernet);
    clientIdMacOffset_ = w.size();
    w.fill(0, kMacLength);
    w.u8(opt::HostName);
    w.u8(static_cast<std::uint8_t>(kHostNamePrefix.size() + kHostNameHexDigits));
    w.bytes(wire::toBytes(kHostNamePrefix));
    hostNameHexOffset_ = w.size();
    w.fill('0', kHostNameHexDigits);
    w.u8(opt::VendorClass);
    w.u8(static_cast<std::uint8_t>(plan_.vendorClass.size()));
    w.bytes(wire::toBytes(plan_.vendorClass));
    w.u8(opt::ParameterList);
    w.u8(static_cast<std::uint8_t>(plan_.parameterList.size()));
    w.bytes(plan_.parameterList);
    w.u8(opt::End);
    template_.resize(std::max(w.size(), wire::kBootpMinimum));
}

ClientIdentity RequestFactory::client(std::uint32_t seq) const noexcept {
    const std::uint32_t c = seq % plan_.clients;
    return ClientIdentity{macOf(c), wire::Ipv4{firstHost_ + c % hosts_}};
}

std::size_t RequestFactory::write(std::uint32_t seq, std::span<std::uint8_t> out) const {
    std::copy(template_.begin(), template_.end(), out.begin());
    patch(seq, out);
    return template_.size();
}

void RequestFactory::patch(std::uint32_t seq, std::span<std::uint8_t> out) const {
    const ClientIdentity id = client(seq);
    putU32(out, wire::kXidOffset, xidOf(seq));
    putU32(out, wire::kCiaddrOffset, id.ciaddr.value);
    std::copy(id.mac.begin(), id.mac.end(), out.begin() + wire::kChaddrOffset);
    std::copy(id.mac.begin(), id.mac.end(),
              out.begin() + static_cast<std::ptrdiff_t>(clientIdMacOffset_));
    writeHex8(seq % plan_.clients, out.subspan(hostNameHexOffset_, kHostNameHexDigits));
}

std::string_view replyCheckName(ReplyCheck c) {
    switch (c) {
    case ReplyCheck::Good: return "good";
    case ReplyCheck::Short: return "short";
    case ReplyCheck::NotReply: return "not-bootreply";
    case ReplyCheck::BadCookie: return "bad-cookie";
    case ReplyCheck::WrongClient: return "wrong-client";
    case ReplyCheck::BadOptions: return "bad-options";
    case ReplyCheck::NotAck: return "not-ack";
    case ReplyCheck::NoServerId: return "no-server-id";
    case ReplyCheck::MissingOption: return "missing-option";
    }
    return "unknown";
}

std::optional<std::uint32_t> replyXid(wire::ByteView datagram) noexcept {
    if (datagram.size() < wire::kXidOffset + 4) {
        return std::nullopt;
    }
    wire::ByteReader r(datagram.subspan(wire::kXidOffset, 4));
    return r.u32();
}

ReplyCheck checkReply(wire::ByteView reply, std::uint32_t seq,
                      const RequestFactory& factory) noexcept {
    if (reply.size() < wire::kOptionsOffset) {
        return ReplyCheck::Short;
    }
    // Every read below is inside the length checked above or guarded by remaining(), so the
    // reader never throws.
    const auto header = wire::HeaderView::of(reply);  // present: the reply is ≥ 240 bytes
    if (header->op() != static_cast<std::uint8_t>(wire::Op::BootReply)) {
        return ReplyCheck::NotReply;
    }
    const ClientIdentity id = factory.client(seq);
    const wire::ByteView chaddr = header->chaddr();
    if (header->htype() != kHtypeEthernet || header->hlen() != kMacLength ||
        header->ciaddr() != id.ciaddr ||
        !std::equal(id.mac.begin(), id.mac.end(), chaddr.begin())) {
        return ReplyCheck::WrongClient;
    }
    if (wire::ByteReader(reply.subspan(wire::kCookieOffset, 4)).u32() != wire::kMagicCookie) {
        return ReplyCheck::BadCookie;
    }

    std::array<bool, 256> seen{};
    bool ack = false;
    bool serverId = false;
    wire::ByteReader r(reply.subspan(wire::kOptionsOffset));
    while (!r.empty()) {
        const std::uint8_t code = r.u8();
        if (code == opt::Pad) {
            continue;
        }
        if (code == opt::End) {
            break;
        }
        if (r.empty()) {
            return ReplyCheck::BadOptions;
        }
        const std::uint8_t length = r.u8();
        if (r.remaining() < length) {
            return ReplyCheck::BadOptions;
        }
        const wire::ByteView data = r.bytes(length);
        if (length > 0) {
            seen[code] = true;
        }
        if (code == opt::MessageType) {
            ack = length == 1 && data[0] == static_cast<std::uint8_t>(wire::MessageType::Ack);
        } else if (code == opt::ServerId) {
            serverId = length == 4;
        }
    }
    if (!ack) {
        return ReplyCheck::NotAck;
    }
    if (!serverId) {
        return ReplyCheck::NoServerId;
    }
    for (const std::uint8_t code : factory.plan().required) {
        if (!seen[code]) {
            return ReplyCheck::MissingOption;
        }
    }
    return ReplyCheck::Good;
}

}  // namespace dhcplite::util::bench
