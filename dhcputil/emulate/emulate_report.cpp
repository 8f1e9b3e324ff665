#include "emulate/emulate_report.hpp"

#include <cmath>

#include <fmt/format.h>

#include "util/json.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util {

namespace {

constexpr std::uint32_t kLimitedBroadcast = 0xFFFFFFFF;  // 255.255.255.255, RFC 919

std::string endpoint(wire::Ipv4 address, std::uint16_t port) {
    return fmt::format("{}:{}", address.toString(), port);
}

std::string destinationText(wire::Ipv4 destination) {
    return destination.value == kLimitedBroadcast ? "broadcast" : "unicast";
}

long long milliseconds(double seconds) { return std::llround(seconds * 1000.0); }

std::string answerTitle(const ServerAnswer& a) {
    if (!a.decoded) {
        return "Reply";
    }
    return a.type ? messageTypeName(static_cast<std::uint8_t>(*a.type))
                  : std::string("BOOTP reply");
}

std::string informTitle(const EmulateReport& r) {
    const auto& f = r.facts;
    return fmt::format(
        "DHCPINFORM on {} ({}) from {} to {} ({}), xid 0x{:08X}, {} bytes, sent {} time{}{}\n",
        wire::escapeForDisplay(f.interface), r.interfaceMac.toString(), endpoint(f.ciaddr, 68),
        endpoint(f.destination, 67), destinationText(f.destination), r.inform.xid,
        r.informBytes.size(), f.sent, f.sent == 1 ? "" : "s",
        r.inform.style == InformStyle::DhcpUtil ? " (DHCPUtil's option field)" : "");
}

std::string answerHeader(const EmulateReport& r, const ServerAnswer& a) {
    const auto& reply = r.replies[a.reply];
    std::string copies = a.copies > 1 ? fmt::format(", {} copies", a.copies) : std::string();
    const std::string after = reply.seconds < 1.0 ? fmt::format("{:.1f} ms", reply.seconds * 1000.0)
                                                  : fmt::format("{:.3f} s", reply.seconds);
    return fmt::format("{} from {}: {} to {} ({}), after {}, {} bytes{}{}\n", answerTitle(a),
                       a.server, endpoint(reply.source, reply.sourcePort),
                       endpoint(reply.destination, reply.destinationPort),
                       destinationText(reply.destination), after, reply.payload.size(), copies,
                       r.verdict.chosen && &r.verdict.servers[*r.verdict.chosen] == &a &&
                               r.verdict.servers.size() > 1
                           ? " (the answer a phone takes)"
                           : "");
}

}  // namespace

std::string renderEmulateText(const EmulateReport& r) {
    std::string out = informTitle(r);
    const auto informOptions = buildInform(r.inform).options;
    out += renderOptions(describeOptions(informOptions, DescribeContext{}));
    for (const auto& a : r.verdict.servers) {
        out += "\n" + answerHeader(r, a);
        if (a.decoded) {
            out += renderOptions(a.options);
        } else {
            out += fmt::format("not a DHCP message: {}\n", a.decodeError);
        }
    }
    out += "\n";
    out += r.verdict.success ? "Result: Success\n" : "Result: Failure\n";
    if (r.verdict.chosen) {
        const auto& a = r.verdict.servers[*r.verdict.chosen];
        out += fmt::format("DHCP Server : {}\n", a.server);
        out += renderUcSummary(a.uc);
    }
    out += renderFindings(r.verdict.findings);
    if (r.pcapPath) {
        out += fmt::format("Capture written to {}\n", wire::escapeForDisplay(*r.pcapPath));
    }
    return out;
}

std::string renderEmulateJson(const EmulateReport& r) {
    const auto& f = r.facts;
    JsonWriter json;
    json.beginObject();
    json.field("interface", f.interface);
    json.field("interfaceMac", r.interfaceMac.toString());
    json.field("mac", r.inform.mac.toString());
    json.field("ciaddr", f.ciaddr.toString());
    json.field("destination", f.destination.toString());
    json.field("xid", fmt::format("0x{:08X}", r.inform.xid));
    json.field("style", r.inform.style == InformStyle::DhcpUtil ? "dhcputil" : "phone");
    json.field("timeoutMilliseconds", milliseconds(f.timeout));
    json.field("sent", f.sent);

    json.key("inform").beginObject();
    json.field("length", r.informBytes.size());
    json.field("vendorClass", r.inform.vendorClass);
    json.key("options").beginArray();
    for (const auto& d : describeOptions(buildInform(r.inform).options, DescribeContext{})) {
        writeOptionJson(json, d);
    }
    json.endArray();
    json.endObject();

    json.key("answers").beginArray();
    for (std::size_t i = 0; i < r.verdict.servers.size(); ++i) {
        const auto& a = r.verdict.servers[i];
        const auto& reply = r.replies[a.reply];
        json.beginObject();
        json.field("server", a.server);
        json.field("source", reply.source.toString());
        json.field("sourcePort", reply.sourcePort);
        json.field("destination", reply.destination.toString());
        json.field("destinationPort", reply.destinationPort);
        if (reply.sourceMac) {
            json.field("sourceMac", reply.sourceMac->toString());
        }
        json.field("milliseconds", milliseconds(reply.seconds));
        json.field("length", reply.payload.size());
        json.field("copies", a.copies);
        json.field("chosen", r.verdict.chosen == i);
        if (a.decoded) {
            if (a.type) {
                json.field("messageType", messageTypeName(static_cast<std::uint8_t>(*a.type)));
            } else {
                json.field("messageType", nullptr);
            }
            json.key("options").beginArray();
            for (const auto& d : a.options) {
                writeOptionJson(json, d);
            }
            json.endArray();
            writeUcJson(json, a.uc);
        } else {
            json.field("error", a.decodeError);
            json.field("hex", wire::toHex(reply.payload));
        }
        writeFindingsJson(json, "findings", a.findings);
        json.endObject();
    }
    json.endArray();

    json.field("result", r.verdict.success ? "success" : "failure");
    if (r.verdict.chosen) {
        const auto& a = r.verdict.servers[*r.verdict.chosen];
        json.field("dhcpServer", a.server);
        writeUcJson(json, a.uc);
    } else {
        json.field("dhcpServer", nullptr);
    }
    writeFindingsJson(json, "diagnosis", r.verdict.findings);
    if (r.pcapPath) {
        json.field("pcap", *r.pcapPath);
    } else {
        json.field("pcap", nullptr);
    }
    json.endObject();
    return json.finish();
}

}  // namespace dhcplite::util
