#pragma once
// Building the frames emulate-client sends: IPv4 (RFC 791) + UDP (RFC 768) around a DHCP
// message, optionally inside an Ethernet II header, with both checksums computed here (RFC 1071),
// because an AF_PACKET socket sends exactly the bytes it is given. Pure functions over bytes; the
// counterpart of frame.hpp's parser, which the tests use to read the frames back.
#include <cstddef>
#include <cstdint>

#include "capture/frame.hpp"
#include "wire/address.hpp"
#include "wire/bytes.hpp"

namespace dhcplite::util {

inline constexpr wire::MacAddress kBroadcastMac{{0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}};

struct UdpFrameSpec {
    wire::MacAddress sourceMac, destinationMac;  // Ethernet only
    wire::Ipv4 source, destination;
    std::uint16_t sourcePort = 0, destinationPort = 0;
    // DHCP clients commonly send with TTL 64 (ISC dhclient, Windows uses 128); RFC 2131 leaves it
    // open. A broadcast never crosses a router anyway; a unicast to --server must.
    std::uint8_t ttl = 64;
    std::uint16_t identification = 0;
    bool dontFragment = false;  // DHCP messages stay below 576 bytes (RFC 2131 §2): never split
};

// RFC 1071 one's-complement sum of 16-bit big-endian words (an odd last byte padded with zero),
// folded and complemented. `initial` carries a partial sum (the UDP pseudo-header).
std::uint16_t internetChecksum(wire::ByteView data, std::uint32_t initial = 0);

// The checksum over a 20-byte (or longer) IPv4 header whose checksum field is zero.
std::uint16_t ipv4HeaderChecksum(wire::ByteView header);

// RFC 768: over the pseudo-header (source, destination, zero, protocol 17, UDP length) and the
// UDP header + payload (with its checksum field zero). A computed 0 is sent as 0xFFFF, since 0
// means "no checksum".
std::uint16_t udpChecksum(wire::Ipv4 source, wire::Ipv4 destination, wire::ByteView udpSegment);

// IPv4 header + UDP header + payload, both checksums filled in (for an AF_INET raw socket with
// IP_HDRINCL). Throws wire::InputError when the payload does not fit one IPv4 datagram.
wire::Bytes buildIpv4UdpPacket(const UdpFrameSpec& spec, wire::ByteView payload);

// Ethernet II header + buildIpv4UdpPacket (for an AF_PACKET socket).
wire::Bytes buildEthernetUdpFrame(const UdpFrameSpec& spec, wire::ByteView payload);

// Recomputes the checksums of a captured IPv4/UDP frame: the counterpart of the builder, and a
// check that a frame is what a server's kernel will accept. Throws wire::WireError for frames
// parseUdpFrame rejects; `udpPresent` is false when the UDP checksum field is 0 (none sent).
struct ChecksumCheck {
    bool ipv4Valid = false;
    bool udpPresent = false;
    bool udpValid = false;
};
ChecksumCheck verifyUdpChecksums(LinkType link, wire::ByteView frame);

}  // namespace dhcplite::util
