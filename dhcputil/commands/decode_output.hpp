#pragma once
// The three things `dhcputil decode` decodes, each to its finished output (decode_command.cpp
// reads the command line and picks one): an option value and a whole message
// (decode_message.cpp), every DHCP message of a capture file (decode_pcap.cpp).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "inspect/describe.hpp"
#include "inspect/diagnose.hpp"
#include "util/json.hpp"
#include "wire/bytes.hpp"
#include "wire/packet.hpp"

namespace dhcplite::util::decoding {

// The finished output of one decode and whether what it decoded has errors (exit 1).
struct DecodeOutput {
    std::string text;
    bool failed = false;
};

// One option value; `vendorClass` says whose option 43 it is (else its sub-option 1 does).
DecodeOutput decodeOneOption(std::uint8_t code, const wire::Bytes& value, bool asJson,
                             const std::optional<std::string>& vendorClass);

// A message typed as hex; when it is not a DHCP message but an Ethernet or IPv4 frame around one
// (Wireshark's "copy as hex stream" of the whole frame), the frame is unwrapped. CommandError
// (DataErr) when neither decodes.
DecodeOutput decodePacketHex(const wire::Bytes& bytes, bool asJson);

// Every DHCP message of the capture file at `path`; PcapFileError when it cannot be read.
DecodeOutput decodePcap(const std::string& path, bool asJson);

// One decoded message with its descriptions and findings, shown the same way for --packet and
// for each message of --pcap.
struct MessageView {
    wire::DecodedPacket decoded;
    std::size_t size = 0;
    std::vector<OptionDescription> options;
    UcView uc;
    std::vector<Finding> findings;
};

MessageView viewMessage(wire::DecodedPacket decoded, std::size_t size);
std::string messageTitle(const MessageView& v);
std::string renderMessage(const MessageView& v);
void writeMessageJson(JsonWriter& json, const MessageView& v);

}  // namespace dhcplite::util::decoding
