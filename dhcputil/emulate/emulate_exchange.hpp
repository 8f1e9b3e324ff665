#pragma once
// One emulate-client exchange, for the command (emulate_command.cpp) and for check's DHCP step
// (emulateExchange): choose the interface, build the DHCPINFORM and its frame, open the capture,
// send (retransmitting with RFC 2131 §4.1 back-off until an answer arrives), collect every
// answer until the timeout, classify. The pieces are in emulate_*.cpp and frame_builder.cpp;
// this file only wires them together.
#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "emulate/emulate_capture.hpp"
#include "emulate/emulate_classify.hpp"
#include "emulate/emulate_inform.hpp"
#include "emulate/emulate_interface.hpp"
#include "emulate/emulate_report.hpp"
#include "wire/address.hpp"

namespace dhcplite::util {

// Seconds: long enough for a relayed answer and two retransmissions.
inline constexpr double kDefaultTimeout = 10.0;
inline constexpr unsigned kDefaultRetries = 2;
inline constexpr wire::Ipv4 kLimitedBroadcast{0xFFFFFFFF};  // 255.255.255.255, RFC 919

struct EmulateSettings {
    std::optional<std::string> interface;
    std::optional<wire::MacAddress> mac;
    std::optional<wire::Ipv4> ciaddr;
    std::optional<wire::Ipv4> server;
    InformSpec inform;
    double timeout = kDefaultTimeout;
    unsigned retries = kDefaultRetries;
    // 0: listen for the whole timeout. Otherwise stop this long after the first DHCPACK (check's
    // DHCP step: other servers' answers to a broadcast come within milliseconds of each other).
    double settle = 0;
    Expectations expect;
    bool json = false;                // the command's own: how to print,
    std::optional<std::string> pcap;  // and where to write the capture file
};

struct CapturedExchange {
    std::vector<CapturedReply> replies;
    std::vector<CapturedFrame> frames;  // for --pcap: our INFORMs and the answers, in capture order
    std::size_t sent = 0;
    int dlt = 0;  // the capture's link type, for the capture file
};

// One exchange, classified: what emulate-client prints and what check's DHCP step reads.
struct PerformedExchange {
    InterfaceInfo iface;
    EmulateReport report;
    CapturedExchange exchange;
};

// Throws net::NetworkError (the interface, the sockets, the capture).
PerformedExchange performExchange(EmulateSettings& s);

// The host name a DHCP client would send: this machine's, up to the first dot; none when it
// would not be a valid option 12.
std::string defaultHostName();

}  // namespace dhcplite::util
