#include "capture/frame_builder.hpp"

#include <limits>
#include <variant>

#include <fmt/format.h>

#include "wire/errors.hpp"

namespace dhcplite::util {

namespace {

constexpr std::uint16_t kEtherTypeVlan = 0x8100;     // IEEE 802.1Q
constexpr std::uint16_t kEtherTypeQinQ = 0x88A8;     // IEEE 802.1ad
constexpr std::uint16_t kFlagDontFragment = 0x4000;  // RFC 791 §3.1, flags bit 1

std::uint32_t sumWords(wire::ByteView data, std::uint32_t sum) {
    std::size_t i = 0;
    for (; i + 1 < data.size(); i += 2) {
        sum += static_cast<std::uint32_t>(data[i] << 8 | data[i + 1]);
        // Fold early so a long buffer cannot overflow 32 bits.
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    if (i < data.size()) {
        sum += static_cast<std::uint32_t>(data[i] << 8);  // RFC 1071 §4.1: pad the odd byte
    }
    return sum;
}

std::uint16_t fold(std::uint32_t sum) {
    while ((sum >> 16) != 0) {
        sum = (sum & 0xFFFF) + (sum >> 16);
    }
    return static_cast<std::uint16_t>(~sum & 0xFFFF);
}

std::uint32_t pseudoHeaderSum(wire::Ipv4 source, wire::Ipv4 destination, std::size_t udpLength) {
    std::uint32_t sum = 0;
    sum += source.value >> 16;
    sum += source.value & 0xFFFF;
    sum += destination.value >> 16;
    sum += destination.value & 0xFFFF;
    sum += kIpProtocolUdp;
    sum += static_cast<std::uint32_t>(udpLength);
    return sum;
}

// Where the IPv4 header starts in a frame of this link type (VLAN tags skipped).
std::size_t ipv4Start(LinkType link, wire::ByteView frame) {
    wire::ByteReader in(frame);
    switch (link) {
    case LinkType::Ethernet: {
        in.skip(12);
        std::uint16_t type = in.u16();
        while (type == kEtherTypeVlan || type == kEtherTypeQinQ) {
            in.skip(2);
            type = in.u16();
        }
        return in.position();
    }
    case LinkType::LinuxSll: return 16;
    case LinkType::LinuxSll2: return 20;
    case LinkType::RawIpv4: return 0;
    }
    return 0;
}

}  // namespace

std::uint16_t internetChecksum(wire::ByteView data, std::uint32_t initial) {
    return fold(sumWords(data, initial));
}

std::uint16_t ipv4HeaderChecksum(wire::ByteView header) { return internetChecksum(header); }

std::uint16_t udpChecksum(wire::Ipv4 source, wire::Ipv4 destination, wire::ByteView udpSegment) {
    const std::uint16_t sum =
        internetChecksum(udpSegment, pseudoHeaderSum(source, destination, udpSegment.size()));
    return sum == 0 ? 0xFFFF : sum;  // RFC 768: a computed zero is transmitted as all ones
}

wire::Bytes buildIpv4UdpPacket(const UdpFrameSpec& spec, wire::ByteView payload) {
    const std::size_t udpLength = kUdpHeaderSize + payload.size();
    const std::size_t totalLength = kIpv4HeaderSize + udpLength;
    if (totalLength > std::numeric_limits<std::uint16_t>::max()) {
        throw wire::InputError(
            fmt::format("a UDP payload of {} bytes does not fit one IPv4 datagram", payload.size()),
            "", 0, "DHCP message");
    }
    wire::Bytes out(totalLength);
    wire::ByteWriter w(out);
    // RFC 791 §3.1: version 4, IHL 5 (no options), TOS 0.
    w.u8(0x45);
    w.u8(0);
    w.u16(static_cast<std::uint16_t>(totalLength));
    w.u16(spec.identification);
    w.u16(spec.dontFragment ? kFlagDontFragment : 0);
    w.u8(spec.ttl);
    w.u8(kIpProtocolUdp);
    w.u16(0);  // checksum, filled in below
    w.u32(spec.source.value);
    w.u32(spec.destination.value);
    // RFC 768
    w.u16(spec.sourcePort);
    w.u16(spec.destinationPort);
    w.u16(static_cast<std::uint16_t>(udpLength));
    w.u16(0);  // checksum, filled in below
    w.bytes(payload);

    const std::uint16_t ipSum = ipv4HeaderChecksum(wire::ByteView(out).first(kIpv4HeaderSize));
    out[10] = static_cast<std::uint8_t>(ipSum >> 8);
    out[11] = static_cast<std::uint8_t>(ipSum & 0xFF);
    const std::uint16_t udpSum =
        udpChecksum(spec.source, spec.destination, wire::ByteView(out).subspan(kIpv4HeaderSize));
    out[kIpv4HeaderSize + 6] = static_cast<std::uint8_t>(udpSum >> 8);
    out[kIpv4HeaderSize + 7] = static_cast<std::uint8_t>(udpSum & 0xFF);
    return out;
}

wire::Bytes buildEthernetUdpFrame(const UdpFrameSpec& spec, wire::ByteView payload) {
    const wire::Bytes ip = buildIpv4UdpPacket(spec, payload);
    wire::Bytes out(kEthernetHeaderSize + ip.size());
    wire::ByteWriter w(out);
    w.bytes(spec.destinationMac.octets);
    w.bytes(spec.sourceMac.octets);
    w.u16(kEtherTypeIpv4);
    w.bytes(ip);
    return out;
}

ChecksumCheck verifyUdpChecksums(LinkType link, wire::ByteView frame) {
    const auto parsed = parseUdpFrame(link, frame);
    if (!std::holds_alternative<UdpDatagram>(parsed)) {
        throw wire::WireError(
            fmt::format("not a UDP datagram ({})", notUdpReason(std::get<NotUdp>(parsed))), 0);
    }
    const auto& d = std::get<UdpDatagram>(parsed);
    if (d.cutShort()) {
        throw wire::WireError("the UDP payload is cut short; its checksum cannot be verified",
                              d.payloadOffset + d.payload.size());
    }
    const std::size_t ipAt = ipv4Start(link, frame);
    const std::size_t ihl = static_cast<std::size_t>(frame[ipAt] & 0x0F) * 4;
    const std::size_t udpAt = d.payloadOffset - kUdpHeaderSize;
    ChecksumCheck check;
    check.ipv4Valid = internetChecksum(frame.subspan(ipAt, ihl)) == 0;
    const wire::ByteView segment = frame.subspan(udpAt, kUdpHeaderSize + d.payloadLength);
    check.udpPresent = segment[6] != 0 || segment[7] != 0;
    if (check.udpPresent) {
        check.udpValid = internetChecksum(segment, pseudoHeaderSum(d.source, d.destination,
                                                                   segment.size())) == 0;
    }
    return check;
}

}  // namespace dhcplite::util
