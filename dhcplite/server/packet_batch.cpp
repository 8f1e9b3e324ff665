#include "packet_batch.hpp"

#include <arpa/inet.h>

#include <cerrno>
#include <span>
#include <string>

#include "decision_log.hpp"
#include "site_counters.hpp"
#include "startup_error.hpp"

namespace dhcplite::daemon {
namespace {

constexpr std::uint64_t kSecondNs = 1'000'000'000ULL;

}  // namespace

PacketBatch::PacketBatch()
    // Not zeroed: the kernel's fresh pages stay untouched (and out of the resident set) until
    // datagrams are received into them.
    : buffers_(std::make_unique_for_overwrite<Buffers>()),
      debugThrottle_(kDebugLinesPerSecond, kSecondNs),
      errorThrottle_(kErrorLinesPerWindow, 10 * kSecondNs),
      floodGuard_(randomFloodHashKey()) {
    for (std::size_t i = 0; i < kBatchSize; ++i) {
        rx_.setBuffer(i, buffers_->request[i]);
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
    const int n = rx_.receive(fd, MSG_DONTWAIT);
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
                                     std::min<std::size_t>(rx_.length(i), kReceiveBufferSize));
        auto& reply = buffers_->reply[replies];
        const Outcome outcome = decide(request, meta, config, admission, std::span(reply));
        account(stats, meta, outcome);
        if (debug) {
            logDecision(log, admission.nowNs, request, meta, outcome, filter);
        }
        if (outcome.verdict == Verdict::Reply && outcome.replySize > 0 &&
            outcome.replySize <= kReplyBufferSize) {
            queueReply(replies++, outcome, meta);
        }
    }
    return replies;
}

Admission PacketBatch::admissionFor(const CompiledConfig& config, const InterfaceFilter& filter,
                                    bool debug) {
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

bool PacketBatch::readMeta(std::size_t i, const CompiledConfig& config,
                           const InterfaceFilter& filter, Stats& stats,
                           RequestMeta& meta) noexcept {
    const net::PacketInfo info = net::readPacketInfo(rx_.header(i));
    if (unicastOnly_ && info.destination != info.localAddress) {
        return false;  // a broadcast: the first worker's copy is answered and counted
    }
    ++stats.received;
    if (!filter.allows(info.ifindex) ||
        (!config.serverId() &&
         !filter.namesOwnAddress(info.ifindex, info.localAddress, info.destination))) {
        // Loopback, or an interface we were not asked to serve: never answered, not a verdict.
        // Likewise a broadcast on one without an IPv4 address of its own: option 54 would
        // name another interface's (interfaces.hpp).
        ++stats.otherInterface;
        return false;
    }
    meta.ifindex = info.ifindex;
    meta.interfaceAddress = info.localAddress;
    if (rx_.hasIpv4Peer(i)) {
        meta.sourceAddress = wire::Ipv4{ntohl(rx_.peer(i).sin_addr.s_addr)};
        meta.sourcePort = ntohs(rx_.peer(i).sin_port);
    }
    meta.truncated = rx_.truncated(i);
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

void PacketBatch::logDecision(Logger& log, std::uint64_t now, wire::ByteView request,
                              const RequestMeta& meta, const Outcome& outcome,
                              const InterfaceFilter& filter) {
    if (!admitDecision(log, now)) {
        return;
    }
    const std::string line = describeDecision(request, meta, outcome, filter.nameOf(meta.ifindex));
    if (meta.truncated) {
        log.debug("{} truncated=yes", line);
    } else if (outcome.limitedBy != FloodDecision::Allow) {
        log.debug("{} limited-by={}", line,
                  outcome.limitedBy == FloodDecision::LimitedByMac ? "mac" : "address");
    } else {
        log.debug("{}", line);
    }
}

void PacketBatch::queueReply(std::size_t slot, const Outcome& outcome,
                             const RequestMeta& meta) noexcept {
    const Destination& d = outcome.destination;
    auto& to = tx_.peer(slot);
    to = {};
    to.sin_family = AF_INET;
    to.sin_port = htons(d.port);
    to.sin_addr.s_addr = htonl(d.broadcast ? INADDR_BROADCAST : d.address.value);
    tx_.setBuffer(slot, std::span(buffers_->reply[slot]).first(outcome.replySize));
    tx_.resetControl(slot);
    // A limited broadcast has no route to pick the interface: ipi_ifindex names it (the one
    // the request came in on). Unicast and relay replies follow the routing table, from
    // the local address the request reached (ipi_spec_dst), which option 54 also names.
    const int outIndex = d.broadcast ? (d.ifindex != 0 ? d.ifindex : meta.ifindex) : 0;
    net::writePacketInfo(tx_.header(slot), outIndex, meta.interfaceAddress);
}

void PacketBatch::send(int fd, std::size_t replies, Stats& stats, Logger& log) {
    std::size_t next = 0;
    while (next < replies) {
        const int n = tx_.send(fd, next, replies - next, MSG_DONTWAIT);
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
            logError(log, "send queue full, replies dropped", err, &tx_.peer(next));
            return;
        }
        // sendmmsg reports the error of the first message it could not send (sendmmsg(2));
        // skip that one and carry on with the rest.
        ++stats.sendErrors;
        logError(log, "send failed", err, &tx_.peer(next));
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
