#include "request_scan.hpp"

#include "wire/dhcp_constants.hpp"

namespace dhcplite::daemon {
namespace {

constexpr std::size_t kChaddrOffset = 28;  // RFC 2131 §2 Figure 1

void record(OptionValue& slot, wire::ByteView data, bool& repeated) {
    if (slot.present) {
        repeated = true;  // RFC 3396 §7: instances must be joined; the cold path does that
        return;
    }
    slot.data = data;
    slot.present = true;
}

OptionValue fromPacket(const wire::Packet& packet, std::uint8_t code) {
    const wire::Option* option = packet.options.find(code);
    return option == nullptr ? OptionValue{} : OptionValue{wire::ByteView(option->data), true};
}

}  // namespace

bool scanHeader(wire::ByteView datagram, RequestScan& out, ScanError& error) {
    // Checked up front so the reads below cannot fail: a short datagram is malformed where it
    // ends, and the hot path throws nothing for it.
    if (datagram.size() < wire::kOptionsOffset) {
        error.offset = datagram.size();
        return false;
    }
    wire::ByteReader reader(datagram);
    out.op = reader.u8();
    out.htype = reader.u8();
    out.hlen = reader.u8();
    reader.skip(1);  // hops
    out.xid = reader.u32();
    reader.skip(2);  // secs
    out.flags = reader.u16();
    out.ciaddr = wire::Ipv4{reader.u32()};
    reader.skip(8);  // yiaddr, siaddr
    out.giaddr = wire::Ipv4{reader.u32()};
    out.chaddr = reader.bytes(wire::kChaddrSize);
    static_assert(kChaddrOffset + wire::kChaddrSize == wire::kSnameOffset);
    return true;
}

bool scanOptions(wire::ByteView datagram, RequestScan& out, ScanError& error) {
    wire::ByteReader cookie(datagram.subspan(wire::kHeaderSize, 4), wire::kHeaderSize);
    if (cookie.u32() != wire::kMagicCookie) {
        error.offset = wire::kHeaderSize;
        return false;
    }
    wire::ByteReader reader(datagram.subspan(wire::kOptionsOffset), wire::kOptionsOffset);
    bool repeated = false;
    while (!reader.empty()) {
        const std::uint8_t code = reader.u8();
        if (code == wire::opt::Pad) {
            continue;
        }
        if (code == wire::opt::End) {
            break;
        }
        if (reader.empty()) {  // the length byte itself is missing
            error.offset = reader.offset();
            return false;
        }
        const std::size_t lengthOffset = reader.offset();
        const std::uint8_t length = reader.u8();
        if (reader.remaining() < length) {
            error.offset = lengthOffset;
            return false;
        }
        const wire::ByteView data = reader.bytes(length);
        switch (code) {
            case wire::opt::Overload: out.needsFullDecode = true; break;
            case wire::opt::MessageType: record(out.messageType, data, repeated); break;
            case wire::opt::ParameterList: record(out.parameterList, data, repeated); break;
            case wire::opt::MaxMessageSize: record(out.maxMessageSize, data, repeated); break;
            case wire::opt::VendorClass: record(out.vendorClass, data, repeated); break;
            case wire::opt::RelayAgentInfo:
                if (!out.relayInfo.present) {
                    out.relayInfoOffset = reader.offset() - length;
                    out.relayInfoSize = length;
                }
                record(out.relayInfo, data, repeated);
                break;
            default: break;
        }
    }
    out.needsFullDecode = out.needsFullDecode || repeated;
    return true;
}

bool checkRelayInfo(const RequestScan& scan, ScanError& error) {
    const wire::ByteView data = scan.relayInfo.data;
    std::size_t at = 0;
    while (at < data.size()) {
        const std::size_t lengthAt = at + 1;
        if (lengthAt >= data.size() || data.size() - lengthAt - 1 < data[lengthAt]) {
            if (scan.relayInfoSize > lengthAt) {
                error.offset = scan.relayInfoOffset + lengthAt;  // inside the first instance
            } else {
                error.offset = scan.relayInfoOffset != 0 ? scan.relayInfoOffset - 1 : wire::kOptionsOffset;
            }
            return false;
        }
        at = lengthAt + 1 + data[lengthAt];
    }
    return true;
}

void scanFromPacket(const wire::Packet& packet, RequestScan& out) {
    out.messageType = fromPacket(packet, wire::opt::MessageType);
    out.parameterList = fromPacket(packet, wire::opt::ParameterList);
    out.maxMessageSize = fromPacket(packet, wire::opt::MaxMessageSize);
    out.vendorClass = fromPacket(packet, wire::opt::VendorClass);
    out.relayInfo = fromPacket(packet, wire::opt::RelayAgentInfo);
    out.needsFullDecode = false;
}

}  // namespace dhcplite::daemon
