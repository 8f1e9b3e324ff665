#include "packet_batch.hpp"

#include <arpa/inet.h>

#include <cerrno>
#include <cstring>
#include <span>
#include <string>

#include "decision_log.hpp"
#include "site_counters.hpp"
#include "startup_error.hpp"

namespace dhcplite::daemon {
namespace {

constexpr std::uint64_t kSecondNs = 1'000'000'000ULL;

struct PacketInfo {
    int ifindex = 0;
    wire::Ipv4 localAddress;  // ipi_spec_dst: the address the datagram reached on this host
    wire::Ipv4 destination;   // ipi_addr: the header's destination (255.255.255.255 if broadcast)
};

// IP_PKTINFO from the control data (ip(7)). The struct is copied out with memcpy: control data
// is only byte-aligned as far as the language is concerned.
PacketInfo readPacketInfo(msghdr& hdr) noexcept {
    PacketInfo info;
    for (cmsghdr* c = CMSG_FIRSTHDR(&hdr); c != nullptr; c = CMSG_NXTHDR(&hdr, c)) {
        if (c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_PKTINFO &&
            c->cmsg_len >= CMSG_LEN(sizeof(in_pktinfo))) {
            in_pktinfo pi{};
            std::memcpy(&pi, CMSG_DATA(c), sizeof pi);
            info.ifindex = pi.ipi_ifindex;
            info.localAddress = wire::Ipv4{ntohl(pi.ipi_spec_dst.s_addr)};
            info.destination = wire::Ipv4{ntohl(pi.ipi_addr.s_addr)};
        }
    }
    return info;
}

void writePacketInfo(msghdr& hdr, int ifindex, wire::Ipv4 source) noexcept {
    cmsghdr* c = CMSG_FIRSTHDR(&hdr);
    if (c == nullptr) {  // cannot happen: msg_controllen is the buffer's full size
        hdr.msg_controllen = 0;
        return;
    }
    c->cmsg_level = IPPROTO_IP;
    c->cmsg_type = IP_PKTINFO;
    c->cmsg_len = CMSG_LEN(sizeof(in_pktinfo));
    in_pktinfo pi{};
    pi.ipi_ifindex = ifindex;
    pi.ipi_spec_dst.s_addr = htonl(source.value);
    std::memcpy(CMSG_DATA(c), &pi, sizeof pi);
}

}  // namespace

PacketBatch::PacketBatch()
    // Not zeroed: the kernel's fresh pages stay untouched (and out of the resident set) until
    // datagrams are received into them.
    : buffers_(std::make_unique_for_overwrite<Buffers>()),
      debugThrottle_(kDebugLinesPerSecond, kSecondNs),
      errorThrottle_(kErrorLinesPerWindow, 10 * kSecondNs),
      floodGuard_(randomFloodHashKey()) {
    for (std::size_t i = 0; i < kBatchSize; ++i) {
        rxIov_[i] = {buffers_->request[i].data(), kReceiveBufferSize};
        auto& rx = rxMsgs_[i].msg_hdr;
        rx.msg_name = &rxFrom_[i];
        rx.msg_iov = &rxIov_[i];
        rx.msg_iovlen = 1;
        rx.msg_control = rxControl_[i].bytes.data();

        auto& tx = txMsgs_[i].msg_hdr;
        tx.msg_name = &txTo_[i];
        tx.msg_namelen = sizeof(sockaddr_in);
        tx.msg_iov = &txIov_[i];
        tx.msg_iovlen = 1;
        tx.msg_control = txControl_[i].bytes.data();
        tx.msg_controllen = txControl_[i].bytes.size();
    }
}

std::size_t PacketBatch::run(int fd, const CompiledConfig& config, const InterfaceFilter& filter,
                             Stats& stats, Logger& log) {
    const auto received = receive(fd, stats, log);
    if (received == 0) {
        return 0;
    }
    const auto replies = answer(received, config, filter, stats, log);
    if (replies > 0) {
        send(fd, replies, stats, log);
    }
    return received;
}

std::size_t PacketBatch::drain(int fd, const CompiledConfig& config, const InterfaceFilter& filter,
                               Stats& stats, Logger& log) {
    std::size_t total = 0;
    for (std::size_t round = 0; round < kBatchesPerWake; ++round) {
        const std::size_t n = run(fd, config, filter, stats, log);
        total += n;
        if (n < kBatchSize) {
            break;
        }
    }
    return total;
}

std::size_t PacketBatch::receive(int fd, Stats& stats, Logger& log) {
    // recvmmsg overwrites the lengths it reports; give every slot its full room back.
    for (std::size_t i = 0; i < kBatchSize; ++i) {
        auto& rx = rxMsgs_[i].msg_hdr;
        rx.msg_namelen = sizeof(sockaddr_in);
        rx.msg_controllen = rxControl_[i].bytes.size();
        rx.msg_flags = 0;
        rxMsgs_[i].msg_len = 0;
    }
    const int n = ::recvmmsg(fd, rxMsgs_.data(), kBatchSize, MSG_DONTWAIT, nullptr);
    if (n < 0) {
        const int err = errno;
        if (err != EAGAIN && err != EINTR) {  // EWOULDBLOCK == EAGAIN on Linux
            ++stats.receiveErrors;
            logError(log, "receive failed", err, nullptr);
        }
        return 0;
    }
    return static_cast<std::size_t>(n);
}

std::size_t PacketBatch::answer(std::size_t received, const CompiledConfig& config,
                                const InterfaceFilter& filter, Stats& stats, Logger& log) {
    const bool debug = log.enabled(LogLevel::Debug);
    const Admission admission = admissionFor(config, filter, debug);
    std::size_t replies = 0;
    for (std::size_t i = 0; i < received; ++i) {
        RequestMeta meta;
        if (!readMeta(i, config, filter, stats, meta)) {
            continue;
        }
        const wire::ByteView request(buffers_->request[i].data(),
                                     std::min<std::size_t>(rxMsgs_[i].msg_len, kReceiveBufferSize));
        auto& reply = buffers_->reply[replies];
        const Outcome outcome = decide(request, meta, config, admission, std::span(reply));
        account(stats, meta, outcome);
        if (debug) {
            logDecision(log, admission.nowNs, request, meta, outcome, filter);
        }
        if (outcome.verdict == Verdict::Reply && outcome.replySize > 0 && outcome.replySize <= kReplyBufferSize) {
            queueReply(replies++, outcome, meta);
        }
    }
    return replies;
}

Admission PacketBatch::admissionFor(const CompiledConfig& config, const InterfaceFilter& filter, bool debug) {
    // A reload may have brought other limits; the guard keeps its tables either way.
    if (floodGuard_.limits() != config.floodLimits()) {
        floodGuard_.setLimits(config.floodLimits());
    }
    const bool guarded = config.floodLimits().enabled();
    Admission admission;
    admission.ownLinkEdges = filter.subnetEdges();
    admission.floodGuard = guarded ? &floodGuard_ : nullptr;
    // One clock read per batch, and only when the flood guard or decision lines need it.
    admission.nowNs = debug || guarded ? coarseMonotonicNs() : 0;
    return admission;
}

bool PacketBatch::readMeta(std::size_t i, const CompiledConfig& config, const InterfaceFilter& filter,
                           Stats& stats, RequestMeta& meta) noexcept {
    auto& hdr = rxMsgs_[i].msg_hdr;
    const PacketInfo info = readPacketInfo(hdr);
    if (unicastOnly_ && info.destination != info.localAddress) {
        return false;  // a broadcast: the first worker's copy is answered and counted
    }
    ++stats.received;
    if (!filter.allows(info.ifindex) ||
        (!config.serverId() && !filter.namesOwnAddress(info.ifindex, info.localAddress, info.destination))) {
        // Loopback, or an interface we were not asked to serve: never answered, not a verdict.
        // Likewise a broadcast on one without an IPv4 address of its own: option 54 would
        // name another interface's (interfaces.hpp).
        ++stats.otherInterface;
        return false;
    }
    meta.ifindex = info.ifindex;
    meta.interfaceAddress = info.localAddress;
    if (hdr.msg_namelen >= sizeof(sockaddr_in) && rxFrom_[i].sin_family == AF_INET) {
        meta.sourceAddress = wire::Ipv4{ntohl(rxFrom_[i].sin_addr.s_addr)};
        meta.sourcePort = ntohs(rxFrom_[i].sin_port);
    }
    meta.truncated = (hdr.msg_flags & MSG_TRUNC) != 0;
    return true;
}

void PacketBatch::account(Stats& stats, const RequestMeta& meta, const Outcome& outcome) noexcept {
    stats.count(outcome.verdict);
    if (stats.sites != nullptr) {
        stats.sites->count(outcome);
    }
    if (meta.truncated) {
        ++stats.truncated;
    }
    if (outcome.relayInfoDropped && outcome.verdict == Verdict::Reply) {
        ++stats.relayInfoDropped;
    }
}

void PacketBatch::logDecision(Logger& log, std::uint64_t now, wire::ByteView request, const RequestMeta& meta,
                              const Outcome& outcome, const InterfaceFilter& filter) {
    if (!admitDecision(log, now)) {
        return;
    }
    const std::string line = describeDecision(request, meta, outcome, filter.nameOf(meta.ifindex));
    if (meta.truncated) {
        log.debug("{} truncated=yes", line);
    } else if (outcome.limitedBy != FloodDecision::Allow) {
        log.debug("{} limited-by={}", line, outcome.limitedBy == FloodDecision::LimitedByMac ? "mac" : "address");
    } else {
        log.debug("{}", line);
    }
}

void PacketBatch::queueReply(std::size_t slot, const Outcome& outcome, const RequestMeta& meta) noexcept {
    const Destination& d = outcome.destination;
    auto& to = txTo_[slot];
    to = {};
    to.sin_family = AF_INET;
    to.sin_port = htons(d.port);
    to.sin_addr.s_addr = htonl(d.broadcast ? INADDR_BROADCAST : d.address.value);
    txIov_[slot] = {buffers_->reply[slot].data(), outcome.replySize};
    auto& tx = txMsgs_[slot].msg_hdr;
    tx.msg_controllen = txControl_[slot].bytes.size();
    tx.msg_flags = 0;
    // A limited broadcast has no route to pick the interface: ipi_ifindex names it (the one
    // the request came in on). Unicast and relay replies follow the routing table, from
    // the local address the request reached (ipi_spec_dst), which option 54 also names.
    const int outIndex = d.broadcast ? (d.ifindex != 0 ? d.ifindex : meta.ifindex) : 0;
    writePacketInfo(tx, outIndex, meta.interfaceAddress);
}

void PacketBatch::send(int fd, std::size_t replies, Stats& stats, Logger& log) {
    std::size_t next = 0;
    while (next < replies) {
        const int n = ::sendmmsg(fd, &txMsgs_[next], static_cast<unsigned>(replies - next),
                                 MSG_DONTWAIT);
        if (n > 0) {
            stats.replied += static_cast<std::uint64_t>(n);
            next += static_cast<std::size_t>(n);
            continue;
        }
        const int err = n < 0 ? errno : EIO;
        if (err == EINTR) {
            continue;
        }
        if (err == EAGAIN || err == ENOBUFS) {
            // The send queue is full: the rest of this batch would fail the same way. Drop them
            // rather than block the loop; clients retry.
            stats.sendErrors += replies - next;
            logError(log, "send queue full, replies dropped", err, &txTo_[next]);
            return;
        }
        // sendmmsg reports the error of the first message it could not send (sendmmsg(2));
        // skip that one and carry on with the rest.
        ++stats.sendErrors;
        logError(log, "send failed", err, &txTo_[next]);
        ++next;
    }
}

void PacketBatch::logError(Logger& log, std::string_view what, int error, const sockaddr_in* to) {
    if (!log.enabled(LogLevel::Warning)) {
        return;
    }
    const auto admission = errorThrottle_.admit(coarseMonotonicNs());
    if (admission.suppressed > 0) {
        log.warning("suppressed lines={} reason=rate-limit", admission.suppressed);
    }
    if (!admission.admitted) {
        return;
    }
    if (to != nullptr) {
        log.warning("{} error={} to={}:{}", what, quoted(describeErrno(error)),
                    wire::Ipv4{ntohl(to->sin_addr.s_addr)}.toString(), ntohs(to->sin_port));
    } else {
        log.warning("{} error={}", what, quoted(describeErrno(error)));
    }
}

bool PacketBatch::admitDecision(Logger& log, std::uint64_t now) {
    const auto admission = debugThrottle_.admit(now);
    if (admission.suppressed > 0) {
        log.debug("suppressed lines={} reason=rate-limit limit={}/s", admission.suppressed,
                  kDebugLinesPerSecond);
    }
    return admission.admitted;
}

void PacketBatch::flushSuppressed(Logger& log) {
    if (const auto n = debugThrottle_.takeSuppressed(); n > 0) {
        log.debug("suppressed lines={} reason=rate-limit limit={}/s", n, kDebugLinesPerSecond);
    }
    if (const auto n = errorThrottle_.takeSuppressed(); n > 0) {
        log.warning("suppressed lines={} reason=rate-limit", n);
    }
}

}  // namespace dhcplite::daemon
