#pragma once
// Link-layer frames down to the UDP payload: Ethernet (with 802.1Q/802.1ad tags), Linux cooked
// capture v1/v2 and raw IPv4, as libpcap hands them over. Pure byte parsing through
// wire::ByteReader, no libpcap here, so it is tested with byte vectors (and reused by
// emulate-client for the frames it captures).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <variant>

#include "wire/address.hpp"
#include "wire/bytes.hpp"

namespace dhcplite::util {

// The header sizes and values both the parser (frame.cpp) and the builder (frame_builder.cpp)
// need, written once.
inline constexpr std::size_t kEthernetHeaderSize = 14;  // IEEE 802.3: dst, src, EtherType
inline constexpr std::size_t kIpv4HeaderSize = 20;      // RFC 791 §3.1, no options
inline constexpr std::size_t kUdpHeaderSize = 8;        // RFC 768
inline constexpr std::uint16_t kEtherTypeIpv4 = 0x0800;
inline constexpr std::uint8_t kIpProtocolUdp = 17;

enum class LinkType { Ethernet, LinuxSll, LinuxSll2, RawIpv4 };

std::string_view linkTypeName(LinkType t);

struct UdpDatagram {
    wire::Ipv4 source, destination;
    std::uint16_t sourcePort = 0, destinationPort = 0;
    std::optional<std::uint16_t> vlan;  // 802.1Q VLAN id of the innermost tag, if tagged
    wire::ByteView payload;             // the UDP payload as captured, inside the frame
    std::size_t payloadOffset = 0;      // where the payload starts in the frame
    std::size_t payloadLength = 0;      // the payload length the UDP header announces
    bool cutShort() const noexcept { return payload.size() < payloadLength; }  // snaplen cut it
};

// Why a well-formed frame is not a UDP datagram we look at.
enum class NotUdp { NotIpv4, NotUdp, Fragment };
std::string_view notUdpReason(NotUdp r);

// Throws wire::WireError (offset within the frame) when a header is cut short or inconsistent
// (bad IHL, UDP length below 8 or beyond the IPv4 total length). A payload shorter than the UDP
// length says (a capture's snap length) is returned as captured, with cutShort() true, so the
// caller can still see the ports.
std::variant<UdpDatagram, NotUdp> parseUdpFrame(LinkType link, wire::ByteView frame);

// Either port is 67 or 68 (RFC 2131 §4.1).
bool isDhcpPorts(const UdpDatagram& d);

}  // namespace dhcplite::util
