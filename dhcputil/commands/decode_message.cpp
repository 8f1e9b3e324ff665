// `dhcputil decode --option` and `--packet`: one option value, one whole message (an Ethernet or
// IPv4 frame around it unwrapped), described, diagnosed and shown as text or JSON.
#include <variant>

#include <fmt/format.h>

#include "capture/frame.hpp"
#include "commands/cli_support.hpp"
#include "commands/decode_output.hpp"
#include "inspect/diagnose_mistakes.hpp"
#include "wire/dhcp_constants.hpp"
#include "wire/errors.hpp"
#include "wire/option43.hpp"

namespace dhcplite::util::decoding {

// ---- one option ----

DecodeOutput decodeOneOption(std::uint8_t code, const wire::Bytes& value, bool asJson,
                             const std::optional<std::string>& vendorClass) {
    // Another vendor's option 43 (a Siemens phone's, FortiGate's sub-option 66) is decoded as
    // plain sub-options and not judged against MS-UC-Client's five.
    const bool msUc =
        code == wire::opt::VendorSpecific &&
        (vendorClass ? *vendorClass == wire::msuc::kVendorClass : namesMsUcClient(value));
    const auto d = describeOption(code, value, DescribeContext{msUc});
    std::vector<Finding> findings;
    UcView uc;
    if (code == wire::opt::SipServers) {
        findings = diagnoseOption120(value);
        uc = extractUc(value, std::nullopt);
    } else if (code == wire::opt::VendorSpecific) {
        findings = diagnoseOption43(value, msUc);
        if (msUc) {
            uc = extractUc(std::nullopt, value);
        }
    }
    DecodeOutput r;
    r.failed = hasErrors(findings);
    if (asJson) {
        JsonWriter json;
        json.beginObject();
        json.key("option");
        writeOptionJson(json, d);
        if (code == wire::opt::SipServers || code == wire::opt::VendorSpecific) {
            writeUcJson(json, uc);
        }
        writeFindingsJson(json, "hints", findings);
        json.endObject();
        r.text = json.finish();
        return r;
    }
    r.text = renderOption(d) + renderUcSummary(uc) + renderFindings(findings);
    return r;
}

// ---- one message ----

MessageView viewMessage(wire::DecodedPacket decoded, std::size_t size) {
    MessageView v;
    v.size = size;
    v.options = describeOptions(decoded.packet.options, contextFor(decoded.packet.options));
    v.uc = extractUc(decoded.packet.options);
    v.findings = diagnosePacket(decoded);
    v.decoded = std::move(decoded);
    return v;
}

std::string messageTitle(const MessageView& v) {
    const auto type = v.decoded.packet.messageType();
    return fmt::format(
        "DHCP message, {} bytes{}", v.size,
        type ? ", " + messageTypeName(static_cast<std::uint8_t>(*type)) : std::string());
}

std::string renderMessage(const MessageView& v) {
    return renderHeader(v.decoded.packet) + renderOptions(v.options) + renderUcSummary(v.uc) +
           renderFindings(v.findings);
}

void writeMessageJson(JsonWriter& json, const MessageView& v) {
    json.beginObject();
    json.field("length", v.size);
    if (const auto type = v.decoded.packet.messageType()) {
        json.field("messageType", messageTypeName(static_cast<std::uint8_t>(*type)));
    } else {
        json.field("messageType", nullptr);
    }
    writeHeaderJson(json, v.decoded.packet);
    json.key("options").beginArray();
    for (const auto& d : v.options) {
        writeOptionJson(json, d);
    }
    json.endArray();
    const auto& r = v.decoded.report;
    json.key("report").beginObject();
    json.field("missingEnd", r.missingEnd);
    json.field("paddingBytes", r.paddingBytes);
    json.field("trailingBytes", r.trailingBytes);
    if (r.trailingBytes != 0) {
        json.field("trailingOffset", r.trailingOffset);
    }
    json.field("overload", r.overload);
    json.key("joinedCodes").beginArray();
    for (std::uint8_t c : r.joinedCodes) {
        json.value(c);
    }
    json.endArray();
    json.endObject();
    writeUcJson(json, v.uc);
    writeFindingsJson(json, "hints", v.findings);
    json.endObject();
}

DecodeOutput decodePacketHex(const wire::Bytes& bytes, bool asJson) {
    std::string unwrapped;
    std::optional<wire::DecodedPacket> decoded;
    wire::ByteView payload = bytes;
    try {
        decoded = wire::decodePacket(bytes);
    } catch (const wire::WireError& original) {
        for (const auto link : {LinkType::Ethernet, LinkType::RawIpv4}) {
            try {
                const auto frame = parseUdpFrame(link, bytes);
                const auto* udp = std::get_if<UdpDatagram>(&frame);
                if (udp == nullptr || !isDhcpPorts(*udp) || udp->cutShort()) {
                    continue;
                }
                decoded = wire::decodePacket(udp->payload);
                payload = udp->payload;
                unwrapped = fmt::format(
                    "{} frame {}:{} -> {}:{}; the DHCP message starts at offset {}",
                    link == LinkType::Ethernet ? "Ethernet" : "IPv4", udp->source.toString(),
                    udp->sourcePort, udp->destination.toString(), udp->destinationPort,
                    udp->payloadOffset);
                break;
            } catch (const wire::WireError&) {
                continue;
            }
        }
        if (!decoded) {
            if (const auto mode = wrongMode(std::nullopt, bytes)) {
                throw CommandError(ExitCode::DataErr,
                                   fmt::format("--packet ({} bytes): {}; {}", bytes.size(),
                                               mode->message, mode->fix));
            }
            throw CommandError(ExitCode::DataErr, fmt::format("--packet ({} bytes): {}",
                                                              bytes.size(), original.what()));
        }
    }
    const auto v = viewMessage(std::move(*decoded), payload.size());
    DecodeOutput r;
    r.failed = hasErrors(v.findings);
    if (asJson) {
        JsonWriter json;
        json.beginObject();
        if (!unwrapped.empty()) {
            json.field("unwrapped", unwrapped);
        }
        json.key("message");
        writeMessageJson(json, v);
        json.endObject();
        r.text = json.finish();
        return r;
    }
    if (!unwrapped.empty()) {
        r.text += "Input: " + unwrapped + "\n";
    }
    r.text += messageTitle(v) + "\n" + renderMessage(v);
    return r;
}

}  // namespace dhcplite::util::decoding
