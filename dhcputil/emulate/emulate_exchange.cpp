#include "emulate/emulate_exchange.hpp"

#include <unistd.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <random>

#include "capture/frame_builder.hpp"
#include "emulate/emulate_raw_socket.hpp"
#include "emulate/emulate_schedule.hpp"
#include "wire/dhcp_constants.hpp"
#include "wire/errors.hpp"
#include "wire/packet.hpp"

namespace dhcplite::util {

namespace {

std::int64_t wallMicroseconds() {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

bool isAck(const wire::Bytes& payload) {
    try {
        return wire::decodePacket(payload).packet.messageType() == wire::MessageType::Ack;
    } catch (const wire::WireError&) {
        return false;
    }
}

CapturedExchange runExchange(const InterfaceInfo& iface, const EmulateSettings& s,
                             const wire::Bytes& toSend, std::mt19937& random) {
    LiveCapture capture = LiveCapture::open(iface.name, captureFilter(s.inform.xid));
    const bool broadcast = !s.server;
    const FrameSender sender =
        broadcast ? FrameSender::ethernet(iface.name, static_cast<int>(iface.index))
                  : FrameSender::ipv4(iface.name);

    std::uniform_real_distribution<double> jitter(-1.0, 1.0);
    const auto schedule = retransmitSchedule(s.timeout, s.retries, [&] { return jitter(random); });

    CapturedExchange x;
    x.dlt = capture.dlt();
    std::vector<std::int64_t> sendTimes;  // wall clock, µs
    std::size_t ownSeen = 0;
    bool answered = false;
    std::int64_t firstSend = 0;
    const auto onFrame = [&](const CapturedFrame& f) {
        const std::int64_t at = f.seconds * 1000000 + f.microseconds;
        const double seconds = static_cast<double>(at - firstSend) / 1e6;
        auto m = matchFrame(capture.linkType(), f.data, s.inform.xid, s.inform.mac, seconds);
        if (m.role == FrameRole::Ignore) {
            return;
        }
        x.frames.push_back(f);
        if (m.role == FrameRole::OurRequest) {
            ++ownSeen;
            return;
        }
        // Stop retransmitting at the first DHCPACK (a phone would), but keep listening: other
        // servers' answers are what the conflict check needs.
        answered = answered || isAck(m.reply.payload);
        x.replies.push_back(std::move(m.reply));
    };

    const auto start = std::chrono::steady_clock::now();
    const auto elapsed = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    std::size_t next = 0;
    double answeredAt = -1;
    for (;;) {
        const double now = elapsed();
        if (answered && answeredAt < 0) {
            answeredAt = now;
        }
        if (s.settle > 0 && answeredAt >= 0 && now >= answeredAt + s.settle) {
            break;
        }
        if (next < schedule.size() && !answered && now >= schedule[next]) {
            const std::int64_t wall = wallMicroseconds();
            if (next == 0) {
                firstSend = wall;
            }
            sender.send(toSend, s.server.value_or(kLimitedBroadcast));
            sendTimes.push_back(wall);
            ++x.sent;
            ++next;
            continue;
        }
        if (now >= s.timeout) {
            break;
        }
        double wake = s.timeout;
        if (s.settle > 0 && answeredAt >= 0) {
            wake = std::min(wake, answeredAt + s.settle);
        }
        if (next < schedule.size() && !answered) {
            wake = std::min(wake, schedule[next]);
        }
        capture.poll(static_cast<int>(std::ceil((wake - now) * 1000.0)), onFrame);
    }
    capture.poll(0, onFrame);  // whatever arrived in the last instant

    if (ownSeen == 0 && sender.sendsEthernet()) {
        // The capture did not see our own frames (a driver that does not loop them back to
        // packet taps): put them in the file from our own record, so it still shows the exchange.
        std::vector<CapturedFrame> ours;
        for (const auto t : sendTimes) {
            ours.push_back(CapturedFrame{t / 1000000, t % 1000000, toSend.size(), toSend});
        }
        x.frames.insert(x.frames.begin(), ours.begin(), ours.end());
        std::stable_sort(
            x.frames.begin(), x.frames.end(), [](const CapturedFrame& a, const CapturedFrame& b) {
                return a.seconds * 1000000 + a.microseconds < b.seconds * 1000000 + b.microseconds;
            });
    }
    return x;
}

}  // namespace

PerformedExchange performExchange(EmulateSettings& s) {
    const InterfaceInfo iface =
        chooseInterface(listSystemInterfaces(), s.interface, s.ciaddr.has_value());

    std::random_device seed;
    std::mt19937 random(seed());
    s.inform.xid = static_cast<std::uint32_t>(random());
    s.inform.mac = s.mac.value_or(*iface.mac);
    s.inform.ciaddr =
        s.ciaddr.value_or(iface.addresses.empty() ? wire::Ipv4{} : iface.addresses.front());
    const wire::Bytes payload = encodeInform(s.inform);

    const wire::Ipv4 destination = s.server.value_or(kLimitedBroadcast);
    UdpFrameSpec spec;
    spec.sourceMac = *iface.mac;  // the Ethernet source stays the interface's own, even with --mac
    spec.destinationMac = kBroadcastMac;
    spec.source = s.inform.ciaddr;
    spec.destination = destination;
    spec.sourcePort = wire::kClientPort;
    spec.destinationPort = wire::kServerPort;
    spec.identification = static_cast<std::uint16_t>(random() & 0xFFFF);
    const wire::Bytes toSend =
        s.server ? buildIpv4UdpPacket(spec, payload) : buildEthernetUdpFrame(spec, payload);

    CapturedExchange x = runExchange(iface, s, toSend, random);

    EmulateReport report;
    report.inform = s.inform;
    report.informBytes = payload;
    report.interfaceMac = *iface.mac;
    report.facts.interface = iface.name;
    report.facts.ciaddr = s.inform.ciaddr;
    report.facts.destination = destination;
    report.facts.sent = x.sent;
    report.facts.timeout = s.timeout;
    report.facts.vendorClass = s.inform.vendorClass;
    report.facts.requested = s.inform.requestList;
    report.replies = x.replies;
    report.verdict = classifyReplies(x.replies, report.facts, s.expect);
    return PerformedExchange{iface, std::move(report), std::move(x)};
}

std::string defaultHostName() {
    std::array<char, 256> buffer{};
    if (::gethostname(buffer.data(), buffer.size() - 1) != 0) {
        return {};
    }
    std::string name(buffer.data());
    name = name.substr(0, name.find('.'));
    try {
        validateHostName(name, "host name");
    } catch (const wire::InputError&) {
        return {};
    }
    return name;
}

}  // namespace dhcplite::util
