// Fuzz target "frame": util::parseUdpFrame, the Ethernet/SLL/SLL2/raw-IPv4 → IPv4 → UDP parser
// that both `decode --pcap` and emulate-client (as root, on whatever the network sends) use. The
// first input byte picks the link type (low two bits), the rest is the frame. Properties:
//   - parsing throws nothing but WireError, with an offset inside the frame;
//   - an accepted datagram's payload is a view into the frame at payloadOffset, at least the
//     IPv4 and UDP headers in, exactly as long as the UDP length says unless the capture was cut
//     (cutShort()), and its UDP length fits in the IPv4 total length (RFC 768, RFC 791);
//   - verifyUdpChecksums reads every complete datagram without throwing;
//   - what is accepted round-trips through frame_builder: building a frame from the parsed
//     addresses, ports and payload and parsing it again gives the same datagram, with valid
//     checksums; for a plain 20-byte IPv4 header without padding or cut the rebuilt IPv4/UDP bytes
//     are the input's but for the two checksums.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <variant>

#include "capture/frame.hpp"
#include "capture/frame_builder.hpp"
#include "fuzz_check.hpp"
#include "wire/bytes.hpp"
#include "wire/errors.hpp"

namespace {

using namespace dhcplite;
using util::LinkType;
using util::UdpDatagram;

constexpr LinkType kLinks[] = {LinkType::Ethernet, LinkType::LinuxSll, LinkType::LinuxSll2,
                               LinkType::RawIpv4};
constexpr std::size_t kHeaders = util::kIpv4HeaderSize + util::kUdpHeaderSize;

std::uint16_t u16At(wire::ByteView b, std::size_t at) {
    return static_cast<std::uint16_t>(b[at] << 8 | b[at + 1]);
}

// Where the IPv4 header starts, read independently of the parser (VLAN tags skipped).
std::size_t ipv4Start(LinkType link, wire::ByteView frame) {
    switch (link) {
    case LinkType::Ethernet: {
        std::size_t at = 12;
        while (u16At(frame, at) == 0x8100 || u16At(frame, at) == 0x88A8)
            at += 4;  // 802.1Q, 802.1ad
        return at + 2;
    }
    case LinkType::LinuxSll: return 16;
    case LinkType::LinuxSll2: return 20;
    case LinkType::RawIpv4: return 0;
    }
    return 0;
}

void checkDatagram(LinkType link, wire::ByteView frame, const UdpDatagram& d) {
    FUZZ_CHECK(d.payloadOffset >= kHeaders && d.payloadOffset <= frame.size(),
               "payload offset {} in a {}-byte frame", d.payloadOffset, frame.size());
    FUZZ_CHECK(d.payload.data() == frame.data() + d.payloadOffset,
               "payload is not the frame's bytes at {}", d.payloadOffset);
    FUZZ_CHECK(d.payload.size() == std::min(d.payloadLength, frame.size() - d.payloadOffset),
               "payload {} bytes, UDP says {}, {} captured after the header", d.payload.size(),
               d.payloadLength, frame.size() - d.payloadOffset);
    FUZZ_CHECK(d.cutShort() == (frame.size() - d.payloadOffset < d.payloadLength),
               "cutShort() disagrees");

    // The IPv4 header is right before the UDP header; its total length holds the UDP datagram.
    const std::size_t udpAt = d.payloadOffset - util::kUdpHeaderSize;
    FUZZ_CHECK(u16At(frame, udpAt + 4) == d.payloadLength + util::kUdpHeaderSize,
               "UDP length field differs");
    FUZZ_CHECK(u16At(frame, udpAt) == d.sourcePort && u16At(frame, udpAt + 2) == d.destinationPort,
               "ports differ");
    const std::size_t ipAt = ipv4Start(link, frame);
    FUZZ_CHECK(ipAt + util::kIpv4HeaderSize <= udpAt, "IPv4 header at {}, UDP header at {}", ipAt,
               udpAt);
    FUZZ_CHECK(wire::Ipv4::fromBytes(frame.subspan(ipAt + 12, 4)) == d.source &&
                   wire::Ipv4::fromBytes(frame.subspan(ipAt + 16, 4)) == d.destination,
               "addresses differ from the IPv4 header's");
    FUZZ_CHECK(ipAt + (frame[ipAt] & 0x0F) * 4u == udpAt,
               "the UDP header does not start where the IHL says");
    const std::size_t ihl = udpAt - ipAt;
    const std::size_t totalLength = u16At(frame, ipAt + 2);
    FUZZ_CHECK(ihl + util::kUdpHeaderSize + d.payloadLength <= totalLength,
               "UDP length {} past the IPv4 total length {} (header {})",
               d.payloadLength + util::kUdpHeaderSize, totalLength, ihl);

    if (d.cutShort()) {
        return;
    }
    (void)util::verifyUdpChecksums(link, frame);  // a complete datagram: must not throw

    // Rebuild it with the builder and parse that.
    util::UdpFrameSpec spec;
    spec.source = d.source;
    spec.destination = d.destination;
    spec.sourcePort = d.sourcePort;
    spec.destinationPort = d.destinationPort;
    spec.ttl = frame[ipAt + 8];
    spec.identification = u16At(frame, ipAt + 4);
    spec.dontFragment = (frame[ipAt + 6] & 0x40) != 0;
    const wire::Bytes rebuilt = util::buildEthernetUdpFrame(spec, d.payload);
    const auto again = util::parseUdpFrame(LinkType::Ethernet, rebuilt);
    const auto* d2 = std::get_if<UdpDatagram>(&again);
    FUZZ_CHECK(d2 != nullptr, "the rebuilt frame is not a UDP datagram");
    FUZZ_CHECK(d2->source == d.source && d2->destination == d.destination &&
                   d2->sourcePort == d.sourcePort && d2->destinationPort == d.destinationPort &&
                   !d2->vlan && !d2->cutShort(),
               "the rebuilt frame parses to other addresses or ports");
    FUZZ_CHECK(
        std::equal(d2->payload.begin(), d2->payload.end(), d.payload.begin(), d.payload.end()),
        "the rebuilt frame's payload differs ({} vs {} bytes)", d2->payload.size(),
        d.payload.size());
    const util::ChecksumCheck sums = util::verifyUdpChecksums(LinkType::Ethernet, rebuilt);
    FUZZ_CHECK(sums.ipv4Valid && sums.udpPresent && sums.udpValid,
               "the builder's checksums do not verify");

    // A plain header (IHL 5, DSCP 0, no fragment flags but DF, no padding after the datagram):
    // the builder writes the same bytes, but for the checksums.
    const bool plain = ihl == util::kIpv4HeaderSize && frame[ipAt + 1] == 0 &&
                       (frame[ipAt + 6] & 0xBF) == 0 && totalLength == kHeaders + d.payloadLength &&
                       frame.size() == ipAt + totalLength;
    if (plain) {
        const wire::ByteView ip = wire::ByteView(rebuilt).subspan(util::kEthernetHeaderSize);
        FUZZ_CHECK(ip.size() == totalLength, "rebuilt {} bytes of IPv4, the input had {}",
                   ip.size(), totalLength);
        for (std::size_t i = 0; i < ip.size(); ++i) {
            const bool checksum = i == 10 || i == 11 || i == util::kIpv4HeaderSize + 6 ||
                                  i == util::kIpv4HeaderSize + 7;
            FUZZ_CHECK(checksum || ip[i] == frame[ipAt + i],
                       "rebuilt IPv4 byte {} is {:#04x}, the input's {:#04x}", i, ip[i],
                       frame[ipAt + i]);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    const LinkType link = kLinks[data[0] & 3];
    const wire::ByteView frame(data + 1, size - 1);
    std::variant<UdpDatagram, util::NotUdp> parsed;
    try {
        parsed = util::parseUdpFrame(link, frame);
    } catch (const wire::WireError& e) {
        FUZZ_CHECK(e.offset() <= frame.size(), "error offset {} past the frame's {} bytes",
                   e.offset(), frame.size());
        return 0;
    }
    if (const auto* d = std::get_if<UdpDatagram>(&parsed)) {
        checkDatagram(link, frame, *d);
        (void)util::isDhcpPorts(*d);
    } else {
        FUZZ_CHECK(!util::notUdpReason(std::get<util::NotUdp>(parsed)).empty(),
                   "a reason without text");
    }
    return 0;
}
