#include "dhcplite/request_scan.hpp"

#include "wire/bootp_layout.hpp"
#include "wire/dhcp_constants.hpp"

namespace dhcplite::daemon {
namespace {

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
    // Checked up front (header and cookie) so no read below can fail: a short datagram is
    // malformed where it ends, and the hot path throws nothing for it.
    const auto header = wire::HeaderView::of(datagram);
    if (!header || datagram.size() < wire::kOptionsOffset) {
        error.offset = datagram.size();
        return false;
    }
    out.op = header->op();
    out.htype = header->htype();
    out.hlen = header->hlen();
    out.xid = header->xid();
    out.flags = header->flags();
    out.ciaddr = header->ciaddr();
    out.giaddr = header->giaddr();
    out.chaddr = header->chaddr();
    return true;
}

bool scanOptions(wire::ByteView datagram, RequestScan& out, ScanError& error) {
    wire::ByteReader cookie(datagram.subspan(wire::kCookieOffset, 4), wire::kCookieOffset);
    if (cookie.u32() != wire::kMagicCookie) {
        error.offset = wire::kCookieOffset;
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
                error.offset =
                    scan.relayInfoOffset != 0 ? scan.relayInfoOffset - 1 : wire::kOptionsOffset;
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
