#include "capture/frame.hpp"

#include <algorithm>

#include <fmt/format.h>

namespace dhcplite::util {

namespace {

constexpr std::uint16_t kEtherTypeVlan = 0x8100;  // IEEE 802.1Q
constexpr std::uint16_t kEtherTypeQinQ = 0x88A8;  // IEEE 802.1ad
constexpr std::size_t kSllAddressField = 8;

}  // namespace

std::string_view linkTypeName(LinkType t) {
    switch (t) {
    case LinkType::Ethernet: return "Ethernet";
    case LinkType::LinuxSll: return "Linux cooked capture (SLL)";
    case LinkType::LinuxSll2: return "Linux cooked capture v2 (SLL2)";
    case LinkType::RawIpv4: return "raw IP";
    }
    return "unknown";
}

std::string_view notUdpReason(NotUdp r) {
    switch (r) {
    case NotUdp::NotIpv4: return "not IPv4";
    case NotUdp::NotUdp: return "not UDP";
    case NotUdp::Fragment: return "IPv4 fragment";
    }
    return "not UDP";
}

std::variant<UdpDatagram, NotUdp> parseUdpFrame(LinkType link, wire::ByteView frame) {
    wire::ByteReader in(frame);
    UdpDatagram d;
    std::uint16_t etherType = kEtherTypeIpv4;
    switch (link) {
    case LinkType::Ethernet:
        in.skip(12);  // destination and source MAC
        etherType = in.u16();
        while (etherType == kEtherTypeVlan || etherType == kEtherTypeQinQ) {
            d.vlan = static_cast<std::uint16_t>(in.u16() &
                                                0x0FFF);  // TCI: the low 12 bits are the VLAN id
            etherType = in.u16();
        }
        break;
    case LinkType::LinuxSll:
        // packet type, ARPHRD type, address length, 8 address bytes, protocol
        in.skip(6 + kSllAddressField);
        etherType = in.u16();
        break;
    case LinkType::LinuxSll2:
        // protocol, reserved, interface index, ARPHRD type, packet type, address length, 8 address
        // bytes
        etherType = in.u16();
        in.skip(2 + 4 + 2 + 1 + 1 + kSllAddressField);
        break;
    case LinkType::RawIpv4:
        if (in.empty() || (in.peek() >> 4) != 4) {
            return NotUdp::NotIpv4;
        }
        break;
    }
    if (etherType != kEtherTypeIpv4) {
        return NotUdp::NotIpv4;
    }

    // IPv4 header, RFC 791 §3.1
    const std::size_t ipStart = in.position();
    const std::uint8_t versionIhl = in.u8();
    if ((versionIhl >> 4) != 4) {
        return NotUdp::NotIpv4;
    }
    const std::size_t ihl = static_cast<std::size_t>(versionIhl & 0x0F) * 4;
    if (ihl < 20) {
        throw wire::WireError(fmt::format("IPv4 header length {} is below 20", ihl), ipStart);
    }
    in.skip(1);  // DSCP/ECN
    const std::size_t totalLengthAt = in.position();
    const std::uint16_t totalLength = in.u16();
    if (totalLength < ihl) {
        throw wire::WireError(
            fmt::format("IPv4 total length {} is below its header length {}", totalLength, ihl),
            totalLengthAt);
    }
    in.skip(2);  // identification
    const std::uint16_t fragment = in.u16();
    in.skip(1);  // TTL
    const std::uint8_t protocol = in.u8();
    in.skip(2);  // header checksum: not checked, captures with checksum offload carry junk here
    d.source = wire::Ipv4{in.u32()};
    d.destination = wire::Ipv4{in.u32()};
    in.skip(ihl - 20);
    if ((fragment & 0x3FFF) != 0) {  // MF set or a non-zero fragment offset
        return NotUdp::Fragment;
    }
    if (protocol != kIpProtocolUdp) {
        return NotUdp::NotUdp;
    }

    // UDP header, RFC 768
    d.sourcePort = in.u16();
    d.destinationPort = in.u16();
    const std::size_t lengthAt = in.position();
    const std::uint16_t udpLength = in.u16();
    in.skip(2);  // checksum
    if (udpLength < kUdpHeaderSize) {
        throw wire::WireError(fmt::format("UDP length {} is below 8", udpLength), lengthAt);
    }
    // The UDP datagram lies inside the IPv4 one: a longer UDP length would take Ethernet padding
    // or the bytes of whatever follows for payload.
    if (udpLength > totalLength - ihl) {
        throw wire::WireError(
            fmt::format("UDP length {} runs past the IPv4 datagram (total length {}, header {})",
                        udpLength, totalLength, ihl),
            lengthAt);
    }
    d.payloadLength = udpLength - kUdpHeaderSize;
    d.payloadOffset = in.position();
    // Ethernet padding after the payload is ignored; a payload the capture cut is kept as it is.
    d.payload = in.bytes(std::min(d.payloadLength, in.remaining()));
    return d;
}

bool isDhcpPorts(const UdpDatagram& d) {
    const auto dhcp = [](std::uint16_t p) { return p == 67 || p == 68; };  // RFC 2131 §4.1
    return dhcp(d.sourcePort) || dhcp(d.destinationPort);
}

}  // namespace dhcplite::util
