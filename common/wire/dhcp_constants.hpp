#pragma once
// Protocol numbers, each beside the RFC that defines it.
#include <cstddef>
#include <cstdint>

#include "wire/bootp_layout.hpp"  // the fixed fields' offsets and sizes, RFC 2131 §2

namespace dhcplite::wire {

inline constexpr std::uint16_t kServerPort = 67;           // RFC 2131 §4.1
inline constexpr std::uint16_t kClientPort = 68;           // RFC 2131 §4.1
inline constexpr std::uint32_t kMagicCookie = 0x63825363;  // RFC 2131 §3, RFC 1497

// RFC 2131 §2: a client must accept an options field of 312 octets, "a message of up to 576
// octets, the minimum IP datagram size". The 576 is the IP datagram; the DHCP message inside it
// is 576 - 20 (IPv4) - 8 (UDP) = 548 bytes. ISC dhcpd (DHCP_FIXED_LEN) and dnsmasq use the same
// reading, also for option 57, whose value they take as the datagram size.
inline constexpr std::size_t kMinClientDatagram = 576;
inline constexpr std::size_t kIpUdpOverhead = 28;
inline constexpr std::size_t kMinClientMessage = kMinClientDatagram - kIpUdpOverhead;  // 548
inline constexpr std::size_t kBootpMinimum = 300;   // RFC 951 packet size; replies are padded to it
inline constexpr std::size_t kMaxOptionData = 255;  // one option instance, RFC 2132 §2
inline constexpr std::uint16_t kBroadcastFlag = 0x8000;  // RFC 2131 §2

enum class Op : std::uint8_t { BootRequest = 1, BootReply = 2 };  // RFC 2131 §2

// Option 53 values, RFC 2132 §9.6
enum class MessageType : std::uint8_t {
    Discover = 1,
    Offer = 2,
    Request = 3,
    Decline = 4,
    Ack = 5,
    Nak = 6,
    Release = 7,
    Inform = 8,
};

namespace opt {                         // option codes
inline constexpr std::uint8_t Pad = 0;  // RFC 2132 §3.1
inline constexpr std::uint8_t SubnetMask = 1;
inline constexpr std::uint8_t Router = 3;
inline constexpr std::uint8_t TimeServer = 4;         // RFC 2132 §3.6
inline constexpr std::uint8_t DnsServer = 6;          // RFC 2132 §3.8
inline constexpr std::uint8_t HostName = 12;          // RFC 2132 §3.14
inline constexpr std::uint8_t DomainName = 15;        // RFC 2132 §3.17
inline constexpr std::uint8_t NtpServer = 42;         // RFC 2132 §8.3
inline constexpr std::uint8_t VendorSpecific = 43;    // RFC 2132 §8.4
inline constexpr std::uint8_t RequestedAddress = 50;  // RFC 2132 §9.1
inline constexpr std::uint8_t LeaseTime = 51;         // RFC 2132 §9.2
inline constexpr std::uint8_t Overload = 52;          // RFC 2132 §9.3
inline constexpr std::uint8_t MessageType = 53;       // RFC 2132 §9.6
inline constexpr std::uint8_t ServerId = 54;          // RFC 2132 §9.7
inline constexpr std::uint8_t ParameterList = 55;     // RFC 2132 §9.8
inline constexpr std::uint8_t Message = 56;           // RFC 2132 §9.9
inline constexpr std::uint8_t MaxMessageSize = 57;    // RFC 2132 §9.10
inline constexpr std::uint8_t RenewalTime = 58;       // RFC 2132 §9.11
inline constexpr std::uint8_t RebindingTime = 59;     // RFC 2132 §9.12
inline constexpr std::uint8_t VendorClass = 60;       // RFC 2132 §9.13
inline constexpr std::uint8_t ClientId = 61;          // RFC 2132 §9.14
inline constexpr std::uint8_t RelayAgentInfo = 82;    // RFC 3046
inline constexpr std::uint8_t DomainSearch = 119;     // RFC 3397
inline constexpr std::uint8_t SipServers = 120;       // RFC 3361
inline constexpr std::uint8_t End = 255;              // RFC 2132 §3.2
}  // namespace opt

// Option 52 values, RFC 2132 §9.3
inline constexpr std::uint8_t kOverloadFile = 1;
inline constexpr std::uint8_t kOverloadSname = 2;
inline constexpr std::uint8_t kOverloadBoth = 3;

}  // namespace dhcplite::wire
