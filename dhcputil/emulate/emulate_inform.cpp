#include "emulate/emulate_inform.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "wire/dhcp_constants.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util {

namespace {

constexpr std::uint8_t kHardwareEthernet = 1;  // RFC 1700 ARP hardware type, RFC 2132 §9.14
constexpr std::size_t kMaxHostName = 63;       // one DNS label (RFC 1035 §2.3.4)

wire::Bytes clientId(const wire::MacAddress& mac) {
    // Sized up front: growing a one-element vector trips g++ 12's -Warray-bounds false positive.
    wire::Bytes id(1 + mac.octets.size());
    id[0] = kHardwareEthernet;
    std::copy(mac.octets.begin(), mac.octets.end(), id.begin() + 1);
    return id;
}

}  // namespace

wire::Packet buildInform(const InformSpec& spec) {
    wire::Packet p;
    p.op = static_cast<std::uint8_t>(wire::Op::BootRequest);
    p.htype = kHardwareEthernet;
    p.hlen = static_cast<std::uint8_t>(spec.mac.octets.size());
    p.xid = spec.xid;
    // RFC 2131 §4.4.3: the INFORM carries the client's address in ciaddr, and the server
    // unicasts the ACK there; no broadcast flag (a phone with an address can receive unicast).
    p.ciaddr = spec.ciaddr;
    std::copy(spec.mac.octets.begin(), spec.mac.octets.end(), p.chaddr.begin());

    const bool dhcpUtil = spec.style == InformStyle::DhcpUtil;
    auto& o = p.options;
    o.set(wire::opt::MessageType, {static_cast<std::uint8_t>(wire::MessageType::Inform)});
    if (dhcpUtil) {
        o.set(wire::opt::ServerId, {});
    }
    o.set(wire::opt::ClientId, clientId(spec.mac));
    if (dhcpUtil) {
        o.set(wire::opt::SipServers, {});
    }
    if (!spec.hostName.empty()) {
        o.set(wire::opt::HostName, wire::toBytes(spec.hostName));
    }
    o.set(wire::opt::VendorClass, wire::toBytes(spec.vendorClass));
    o.set(wire::opt::ParameterList, wire::Bytes(spec.requestList.begin(), spec.requestList.end()));
    if (dhcpUtil) {
        o.set(wire::opt::VendorSpecific, {});
    }
    return p;
}

wire::Bytes encodeInform(const InformSpec& spec) { return wire::encodePacket(buildInform(spec)); }

std::vector<std::uint8_t> parseRequestList(std::string_view text, const std::string& field) {
    std::vector<std::uint8_t> codes;
    std::size_t i = 0;
    const auto separator = [](char c) { return c == ',' || c == ' '; };
    while (i < text.size()) {
        if (separator(text[i])) {
            ++i;
            continue;
        }
        const std::size_t start = i;
        unsigned n = 0;
        while (i < text.size() && !separator(text[i])) {
            const char c = text[i];
            if (c < '0' || c > '9') {
                throw wire::InputError(
                    fmt::format("'{}' is not a digit (give option codes such as 120,43)",
                                wire::escapeForDisplay(text.substr(i, 1))),
                    std::string(text), i, field);
            }
            n = std::min(n * 10 + static_cast<unsigned>(c - '0'), 1000u);
            ++i;
        }
        if (n < 1 || n > 254) {
            throw wire::InputError("an option code is 1..254 (0 is pad, 255 is end)",
                                   std::string(text), start, field);
        }
        const auto code = static_cast<std::uint8_t>(n);
        if (std::find(codes.begin(), codes.end(), code) != codes.end()) {
            throw wire::InputError(fmt::format("option {} is listed twice", n), std::string(text),
                                   start, field);
        }
        codes.push_back(code);
    }
    if (codes.empty()) {
        throw wire::InputError("no option codes (e.g. 120,43)", std::string(text), 0, field);
    }
    return codes;
}

void validateHostName(std::string_view name, const std::string& field) {
    if (name.empty()) {
        throw wire::InputError("empty host name", "", 0, field);
    }
    if (name.size() > kMaxHostName) {
        throw wire::InputError(fmt::format("longer than {} characters", kMaxHostName),
                               std::string(name), kMaxHostName, field);
    }
    for (std::size_t i = 0; i < name.size(); ++i) {
        const char c = name[i];
        if (c <= ' ' || c >= 0x7F) {
            throw wire::InputError("only printable ASCII without spaces", std::string(name), i,
                                   field);
        }
    }
}

}  // namespace dhcplite::util
