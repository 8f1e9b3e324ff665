// Fuzz target "emulate": what emulate-client (running as root) does with the frames it captures:
// util::matchFrame picks the answers to our DHCPINFORM, classifyReplies judges them, and
// renderEmulateText/Json print the verdict. Input: one mode byte, the xid (4 bytes) and chaddr
// (6 bytes) we sent, then records of a 2-byte big-endian length and that many bytes. Mode bits 0-1:
// the link type of the frames; bit 7: the records are DHCP messages as captured replies (from
// 192.0.2.1..3 in turn), not frames; bit 6: --expect-sip-server/--expect-web-server are given.
// Properties:
//   - matchFrame never throws; a frame it keeps carries our xid and chaddr, its payload is the
//     frame's UDP payload, and its role agrees with op and destination port;
//   - classifyReplies and the renderers throw nothing, and classifying twice gives the same
//     verdict (deterministic);
//   - the verdict is consistent: every reply is counted once (first replies + copies), servers
//     are distinct, `chosen` is the first answer that is a DHCPACK carrying 120 or 43, success
//     means a chosen answer with SIP servers, a URL and no error of its own;
//   - every finding has an id and a one-line message, and the text report holds no control
//     characters but newlines and tabs (whatever the server sent is escaped); the JSON parses.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include <nlohmann/json.hpp>

#include "capture/frame.hpp"
#include "emulate/emulate_classify.hpp"
#include "emulate/emulate_report.hpp"
#include "fuzz_check.hpp"
#include "wire/bootp_layout.hpp"
#include "wire/bytes.hpp"
#include "wire/dhcp_constants.hpp"

namespace {

using namespace dhcplite;
using util::FrameRole;
using util::LinkType;

constexpr LinkType kLinks[] = {LinkType::Ethernet, LinkType::LinuxSll, LinkType::LinuxSll2,
                               LinkType::RawIpv4};
constexpr std::size_t kHeader = 1 + 4 + 6;

std::uint32_t u32At(wire::ByteView b, std::size_t at) {
    return static_cast<std::uint32_t>(b[at]) << 24 | static_cast<std::uint32_t>(b[at + 1]) << 16 |
           static_cast<std::uint32_t>(b[at + 2]) << 8 | b[at + 3];
}

void checkMatch(LinkType link, wire::ByteView frame, std::uint32_t xid, const wire::MacAddress& mac,
                const util::FrameMatch& m) {
    if (m.role == FrameRole::Ignore) {
        return;
    }
    const wire::Bytes& p = m.reply.payload;
    FUZZ_CHECK(p.size() >= wire::kChaddrOffset + 6, "kept a {}-byte payload", p.size());
    FUZZ_CHECK(u32At(p, 4) == xid, "kept a frame with xid {:#x}, ours is {:#x}", u32At(p, 4), xid);
    FUZZ_CHECK(std::equal(mac.octets.begin(), mac.octets.end(), p.begin() + wire::kChaddrOffset),
               "chaddr differs");
    const bool request = m.role == FrameRole::OurRequest;
    FUZZ_CHECK(p[0] == (request ? 1 : 2), "role {} for op {}", request ? "request" : "reply", p[0]);
    FUZZ_CHECK(m.reply.destinationPort == (request ? wire::kServerPort : wire::kClientPort),
               "role {} for port {}", request ? "request" : "reply", m.reply.destinationPort);
    const auto parsed = util::parseUdpFrame(link, frame);  // it matched, so it parses
    const auto& d = std::get<util::UdpDatagram>(parsed);
    FUZZ_CHECK(!d.cutShort() && std::equal(p.begin(), p.end(), d.payload.begin(), d.payload.end()),
               "payload is not the frame's UDP payload");
    FUZZ_CHECK(m.reply.sourceMac.has_value() == (link == LinkType::Ethernet),
               "source MAC for link {}", util::linkTypeName(link));
}

bool oneLine(const std::string& s) {
    return s.find('\n') == std::string::npos && s.find('\r') == std::string::npos;
}

void checkVerdict(const std::vector<util::CapturedReply>& replies, const util::ExchangeVerdict& v) {
    std::size_t counted = 0;
    for (std::size_t i = 0; i < v.servers.size(); ++i) {
        const auto& a = v.servers[i];
        counted += a.copies;
        FUZZ_CHECK(a.reply < replies.size() && a.copies >= 1,
                   "server {}: reply {} of {}, {} copies", i, a.reply, replies.size(), a.copies);
        FUZZ_CHECK(a.decoded.has_value() == a.decodeError.empty(),
                   "server {}: decoded and an error", i);
        for (std::size_t j = 0; j < i; ++j) {
            FUZZ_CHECK(v.servers[j].server != a.server, "server {} listed twice", a.server);
            FUZZ_CHECK(v.servers[j].reply < a.reply, "servers out of reply order");
        }
        if (!v.chosen || i < *v.chosen) {
            FUZZ_CHECK(!a.carriesOptions() || (v.chosen && i == *v.chosen),
                       "answer {} carries options, {} chosen", i,
                       v.chosen ? static_cast<long>(*v.chosen) : -1L);
        }
    }
    FUZZ_CHECK(counted == replies.size(), "{} replies counted, {} captured", counted,
               replies.size());
    if (v.chosen) {
        FUZZ_CHECK(*v.chosen < v.servers.size() && v.servers[*v.chosen].carriesOptions(),
                   "chosen {} of {}", *v.chosen, v.servers.size());
    }
    if (v.success) {
        FUZZ_CHECK(v.chosen.has_value(), "success without a chosen answer");
        const auto& a = v.servers[*v.chosen];
        FUZZ_CHECK(!a.uc.sipServers.empty() && a.uc.url.has_value(),
                   "success without SIP servers and URL");
        for (const auto& f : a.findings) {
            FUZZ_CHECK(f.severity != util::Severity::Error,
                       "success, yet the chosen answer has error {}", f.id);
        }
    }
    for (const auto& f : v.findings) {
        FUZZ_CHECK(!f.id.empty() && !f.message.empty(), "a finding without id or message");
        FUZZ_CHECK(oneLine(f.message) && oneLine(f.fix), "finding {} is not one line: {}", f.id,
                   f.message);
    }
}

bool sameVerdict(const util::ExchangeVerdict& a, const util::ExchangeVerdict& b) {
    if (a.success != b.success || a.chosen != b.chosen || a.servers.size() != b.servers.size() ||
        a.findings.size() != b.findings.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.findings.size(); ++i) {
        const auto &x = a.findings[i], &y = b.findings[i];
        if (x.severity != y.severity || x.id != y.id || x.message != y.message || x.fix != y.fix)
            return false;
    }
    for (std::size_t i = 0; i < a.servers.size(); ++i) {
        if (a.servers[i].server != b.servers[i].server ||
            a.servers[i].copies != b.servers[i].copies)
            return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < kHeader) {
        return 0;
    }
    const wire::ByteView in(data, size);
    const std::uint8_t mode = in[0];
    const LinkType link = kLinks[mode & 3];
    const bool payloads = (mode & 0x80) != 0;
    const std::uint32_t xid = u32At(in, 1);
    wire::MacAddress mac;
    std::copy_n(in.begin() + 5, 6, mac.octets.begin());

    std::vector<util::CapturedReply> replies;
    std::size_t at = kHeader;
    for (std::size_t n = 0; at + 2 <= size && n < 16; ++n) {
        const std::size_t len = std::min<std::size_t>(
            static_cast<std::size_t>(in[at] << 8 | in[at + 1]), size - at - 2);
        const wire::ByteView record = in.subspan(at + 2, len);
        at += 2 + len;
        if (payloads) {
            util::CapturedReply r;
            r.seconds = 0.1 * static_cast<double>(n);
            r.source = wire::Ipv4{0xC0000201u + static_cast<std::uint32_t>(n % 3)};  // 192.0.2.1..3
            r.destination = wire::Ipv4{0xFFFFFFFFu};
            r.sourcePort = wire::kServerPort;
            r.destinationPort = wire::kClientPort;
            r.payload.assign(record.begin(), record.end());
            replies.push_back(std::move(r));
            continue;
        }
        const util::FrameMatch m =
            util::matchFrame(link, record, xid, mac, 0.1 * static_cast<double>(n));
        checkMatch(link, record, xid, mac, m);
        if (m.role == FrameRole::Reply) {
            replies.push_back(m.reply);
        }
    }

    util::ExchangeFacts facts;
    facts.interface = "veth0";
    facts.ciaddr = wire::Ipv4{0xC0000232u};  // 192.0.2.50
    facts.destination = wire::Ipv4{0xFFFFFFFFu};
    facts.sent = 3;
    facts.timeout = 2;
    util::Expectations expect;
    if ((mode & 0x40) != 0) {
        expect.sipServer = "lync.schertz.local";
        expect.webServer = "lync.schertz.local.";
    }
    const util::ExchangeVerdict v = util::classifyReplies(replies, facts, expect);
    checkVerdict(replies, v);
    FUZZ_CHECK(sameVerdict(v, util::classifyReplies(replies, facts, expect)),
               "classifying twice differs");

    util::InformSpec inform;
    inform.xid = xid;
    inform.mac = mac;
    inform.ciaddr = facts.ciaddr;
    // Designated, so that facts is copied rather than defaulted first (GCC 12 warns on the latter).
    const util::EmulateReport report{.inform = inform,
                                     .informBytes = util::encodeInform(inform),
                                     .interfaceMac = mac,
                                     .facts = facts,
                                     .replies = replies,
                                     .verdict = v,
                                     .pcapPath = std::nullopt};
    const std::string text = util::renderEmulateText(report);
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        FUZZ_CHECK(u >= 0x20 || c == '\n' || c == '\t',
                   "control character {:#04x} in the text report", u);
    }
    const std::string json = util::renderEmulateJson(report);
    FUZZ_CHECK(nlohmann::json::accept(json), "the JSON report does not parse ({} bytes)",
               json.size());
    return 0;
}
