#pragma once
// What the answers to emulate-client's DHCPINFORM mean for a phone: a pure function from the
// captured replies to a verdict and a diagnosis (docs/design.md §1: the phone takes the first
// DHCPACK that carries options 120/43 and ignores the others). No sockets here, so every diagnosis
// is unit-tested from byte vectors.
//
// Success needs a DHCPACK with a well-formed option 120 and an option 43 holding MS-UC-Client
// sub-options from which the certificate provisioning URL can be built, no error in either, the
// --expect-… values if given, and no second server answering with other values.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "capture/frame.hpp"
#include "inspect/describe.hpp"
#include "inspect/diagnose.hpp"
#include "wire/address.hpp"
#include "wire/bytes.hpp"
#include "wire/packet.hpp"

namespace dhcplite::util {

// One captured reply (UDP to port 68 with our xid), in capture order.
struct CapturedReply {
    double seconds = 0;  // after the first DHCPINFORM went out
    wire::Ipv4 source, destination;
    std::uint16_t sourcePort = 0, destinationPort = 0;
    std::optional<wire::MacAddress> sourceMac;
    wire::Bytes payload;  // the DHCP message
};

// What was sent, for the messages.
struct ExchangeFacts {
    std::string interface;
    wire::Ipv4 ciaddr;
    wire::Ipv4 destination;  // 255.255.255.255 or --server
    std::size_t sent = 0;    // DHCPINFORMs sent (first + retransmissions)
    double timeout = 0;      // seconds
    std::string vendorClass = "MS-UC-Client";
    std::vector<std::uint8_t> requested{120, 43};  // option 55 as sent
};

struct Expectations {
    std::optional<std::string> sipServer;  // first name (or address) in option 120
    std::optional<std::string> webServer;  // option 43 sub-option 3
};

// One server's answer: the first reply from it, and how many copies came (retransmissions).
struct ServerAnswer {
    std::size_t reply = 0;  // index of its first reply in the input
    std::size_t copies = 1;
    bool copiesDiffer = false;  // a later copy had other bytes
    std::string server;         // option 54's address, or the source address without a valid 54
    std::optional<wire::DecodedPacket> decoded;  // nullopt: not a valid DHCP message
    std::string decodeError;
    std::optional<wire::MessageType> type;
    bool msUcContext = true;  // option 43 is read as MS-UC-Client's (see describeContext)
    std::vector<OptionDescription> options;  // described, for the report
    UcView uc;
    bool has120 = false, has43 = false;  // present with a non-empty value
    std::vector<Finding> findings;       // about this answer alone (messages not prefixed)

    bool isAck() const noexcept { return type == wire::MessageType::Ack; }
    bool carriesOptions() const noexcept { return isAck() && (has120 || has43); }
};

// What the exchange came to (not the daemon's per-datagram daemon::Verdict).
struct ExchangeVerdict {
    bool success = false;
    std::vector<ServerAnswer> servers;  // in the order of their first reply
    std::optional<std::size_t> chosen;  // index into servers: the answer a phone would take
    // The whole diagnosis: global findings and each server's, prefixed "DHCPACK from X: ".
    std::vector<Finding> findings;
};

ExchangeVerdict classifyReplies(const std::vector<CapturedReply>& replies,
                                const ExchangeFacts& facts, const Expectations& expect);

// Which captured frames belong to our exchange: RFC 2131 §4.1, a client matches answers by
// xid (and chaddr). Our own DHCPINFORM, seen going out, goes into the capture file too.
enum class FrameRole { Ignore, OurRequest, Reply };
struct FrameMatch {
    FrameRole role = FrameRole::Ignore;
    CapturedReply reply;  // for Reply (and OurRequest: the same fields, for completeness)
};
// `seconds` is copied into the reply. Never throws: a frame that does not parse is ignored.
FrameMatch matchFrame(LinkType link, wire::ByteView frame, std::uint32_t xid,
                      const wire::MacAddress& chaddr, double seconds);

// How an ACK's options are described: as MS-UC-Client's unless the reply's option 60 names a
// vendor class other than the one sent.
DescribeContext replyContext(const wire::OptionList& options, const std::string& vendorClassSent);

}  // namespace dhcplite::util
