// `dhcputil decode --pcap`: every DHCP message of a capture file, each with its frame's time and
// addresses, and the frames that are not well-formed DHCP listed with their offsets.
#include <ctime>
#include <variant>

#include <fmt/format.h>

#include "capture/frame.hpp"
#include "capture/pcap_reader.hpp"
#include "commands/decode_output.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util::decoding {

namespace {

std::string utcTime(std::int64_t seconds, std::int64_t micros) {
    const std::time_t t = seconds;
    std::tm tm{};
    if (gmtime_r(&t, &tm) == nullptr) {
        return fmt::format("{}.{:06}", seconds, micros);
    }
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06} UTC", tm.tm_year + 1900,
                       tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, micros);
}

struct FrameProblem {
    std::size_t frame = 0;
    std::optional<std::size_t> offset;  // within the DHCP message
    std::size_t frameOffset = 0;        // within the frame
    std::string message;
};

}  // namespace

DecodeOutput decodePcap(const std::string& path, bool asJson) {
    std::string text;
    JsonWriter json;
    json.beginObject();
    json.field("file", path);
    json.key("messages").beginArray();

    std::size_t dhcp = 0;
    std::size_t skipped = 0;
    std::vector<FrameProblem> problems;
    bool anyErrors = false;

    const auto problem = [&](FrameProblem p) {
        text += fmt::format("\nFrame {}: {}\n", p.frame, p.message);
        problems.push_back(std::move(p));
    };
    const auto summary = readPcapFile(path, "--pcap", [&](const PcapRecord& rec) {
        std::variant<UdpDatagram, NotUdp> parsed;
        try {
            parsed = parseUdpFrame(rec.linkType, rec.data);
        } catch (const wire::WireError& e) {
            problem({rec.number, std::nullopt, e.offset(),
                     fmt::format("malformed frame: {}", e.what())});
            return;
        }
        const auto* udp = std::get_if<UdpDatagram>(&parsed);
        if (udp == nullptr || !isDhcpPorts(*udp)) {
            ++skipped;
            return;
        }
        if (udp->cutShort()) {
            problem({rec.number, udp->payload.size(), udp->payloadOffset + udp->payload.size(),
                     fmt::format("DHCP message cut short by the capture: {} of {} bytes captured "
                                 "(capture with a larger snap length)",
                                 udp->payload.size(), udp->payloadLength)});
            return;
        }
        std::optional<wire::DecodedPacket> decoded;
        try {
            decoded = wire::decodePacket(udp->payload);
        } catch (const wire::WireError& e) {
            problem({rec.number, e.offset(), udp->payloadOffset + e.offset(),
                     fmt::format("malformed DHCP message: {} (frame offset {})", e.what(),
                                 udp->payloadOffset + e.offset())});
            return;
        }
        ++dhcp;
        const auto v = viewMessage(std::move(*decoded), udp->payload.size());
        anyErrors = anyErrors || hasErrors(v.findings);
        const std::string vlan = udp->vlan ? fmt::format(", VLAN {}", *udp->vlan) : std::string();
        if (asJson) {
            json.beginObject();
            json.field("frame", rec.number);
            json.field("time", utcTime(rec.seconds, rec.microseconds));
            json.field("source", fmt::format("{}:{}", udp->source.toString(), udp->sourcePort));
            json.field("destination",
                       fmt::format("{}:{}", udp->destination.toString(), udp->destinationPort));
            if (udp->vlan) {
                json.field("vlan", *udp->vlan);
            }
            json.key("message");
            writeMessageJson(json, v);
            json.endObject();
        } else {
            text += fmt::format("\nFrame {}, {}, {}:{} -> {}:{}{}\n", rec.number,
                                utcTime(rec.seconds, rec.microseconds), udp->source.toString(),
                                udp->sourcePort, udp->destination.toString(), udp->destinationPort,
                                vlan);
            text += messageTitle(v) + "\n" + renderMessage(v);
        }
    });

    json.endArray();
    json.key("errors").beginArray();
    for (const auto& p : problems) {
        json.beginObject();
        json.field("frame", p.frame);
        if (p.offset) {
            json.field("offset", *p.offset);
        }
        json.field("frameOffset", p.frameOffset);
        json.field("message", p.message);
        json.endObject();
    }
    json.endArray();

    const std::string counts = fmt::format(
        "{} frame{}: {} DHCP message{} decoded, {} malformed, {} other packet{} skipped",
        summary.records, summary.records == 1 ? "" : "s", dhcp, dhcp == 1 ? "" : "s",
        problems.size(), skipped, skipped == 1 ? "" : "s");
    json.field("linkType", linkTypeName(summary.linkType));
    json.field("frames", summary.records);
    json.field("dhcpMessages", dhcp);
    json.field("malformed", problems.size());
    json.field("skipped", skipped);
    if (!summary.readError.empty()) {
        json.field("readError", summary.readError);
    }
    json.endObject();

    DecodeOutput r;
    r.failed = anyErrors || !problems.empty() || !summary.readError.empty() || dhcp == 0;
    if (asJson) {
        r.text = json.finish();
        return r;
    }
    std::string head = fmt::format("Capture: {} ({})\n", wire::escapeForDisplay(path),
                                   linkTypeName(summary.linkType));
    std::string tail = "\nSummary: " + counts + "\n";
    if (!summary.readError.empty()) {
        tail += "hint: the capture file is damaged: " + summary.readError + "\n";
    }
    if (dhcp == 0 && problems.empty()) {
        tail += "hint: no DHCP message (UDP port 67/68 over IPv4) in this capture\n";
    }
    r.text = head + text + tail;
    return r;
}

}  // namespace dhcplite::util::decoding
