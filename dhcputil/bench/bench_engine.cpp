#include "bench/bench_engine.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cerrno>
#include <cmath>

#include <fmt/format.h>

#include "net/control_data.hpp"
#include "net/message_batch.hpp"
#include "util/os_error.hpp"

namespace dhcplite::util::bench {
namespace {

using net::NetworkError;
using Kind = net::NetworkError::Kind;

constexpr std::size_t kBatch = 64;          // per sendmmsg/recvmmsg, like the daemon
constexpr std::size_t kReceiveSize = 2048;  // any DHCP reply fits (dhcplite sends ≤ 1472)
constexpr std::size_t kReceiveRounds = 8;   // recvmmsg calls per loop turn before sending again
constexpr std::size_t kMinRing = 1024;
constexpr std::size_t kMaxRing = std::size_t{1} << 22;  // 4 M requests outstanding at most
constexpr std::uint64_t kSecondNs = 1'000'000'000ULL;
// Asked for, not required: the kernel caps SO_RCVBUF at net.core.rmem_max unless we may force it.
constexpr int kSocketBuffer = 16 << 20;

enum class Slot : std::uint8_t { Free, Waiting, Answered, GivenUp };

struct Pending {
    std::uint64_t sentNs = 0;  // CLOCK_MONOTONIC
    std::uint32_t seq = 0;
    Slot state = Slot::Free;
};

std::uint64_t clockNs(clockid_t clock) noexcept {
    timespec ts{};
    ::clock_gettime(clock, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * kSecondNs +
           static_cast<std::uint64_t>(ts.tv_nsec);
}

std::uint64_t monotonicNs() noexcept { return clockNs(CLOCK_MONOTONIC); }

[[noreturn]] void osFailure(const std::string& what, int err) {
    throw NetworkError(Kind::SocketFailed, fmt::format("{}: {}", what, util::describeErrno(err)));
}

}  // namespace

double RunResult::offeredPerSecond() const noexcept {
    return elapsedNs == 0
               ? 0.0
               : static_cast<double>(counters.sent) * 1e9 / static_cast<double>(elapsedNs);
}

double RunResult::answeredPerSecond() const noexcept {
    return elapsedNs == 0
               ? 0.0
               : static_cast<double>(counters.answered) * 1e9 / static_cast<double>(elapsedNs);
}

struct BenchEngine::State {
    State(const RequestFactory& f, const SocketSettings& s) : factory(f), socket(s) {}
    ~State() {
        if (fd >= 0) {
            ::close(fd);
        }
    }
    State(const State&) = delete;
    State& operator=(const State&) = delete;

    void open();
    RunResult run(const RunSpec& spec);

    // One run's bookkeeping.
    void sendBatch(std::size_t want, RunResult& result);
    std::size_t receive(RunResult& result);
    void handle(wire::ByteView datagram, std::uint64_t receivedNs, RunResult& result);
    void expire(std::uint64_t now, std::uint64_t timeoutNs, RunResult& result);
    void giveUp(Pending& p, RunResult& result);
    void rollSeconds(std::uint64_t now, RunResult& result, bool final);
    void sizeRing(const RunSpec& spec);

    const RequestFactory& factory;
    SocketSettings socket;
    int fd = -1;
    sockaddr_in to{};

    std::vector<std::uint8_t> txBuffers;  // kBatch requests, each factory.size() bytes
    net::MessageBatch<kBatch, net::kPacketInfoControl> tx;  // control: IP_PKTINFO with fromCiaddr
    std::vector<std::uint8_t> rxBuffers;                    // kBatch × kReceiveSize
    net::MessageBatch<kBatch, net::kTimestampControl> rx;
    bool timestamps = false;

    std::vector<Pending> ring;
    std::size_t mask = 0;
    std::uint32_t nextSeq = 0;   // across runs
    std::uint32_t runFirst = 0;  // this run's first sequence number
    std::uint32_t oldest = 0;    // no Waiting request below this one
    std::uint64_t outstanding = 0;
    std::uint64_t realToMono = 0;  // CLOCK_REALTIME - CLOCK_MONOTONIC at the run's start

    LatencyHistogram total;
    LatencyHistogram second;
    SecondStats current;
    std::uint64_t runStart = 0;
    std::uint64_t nextSecondAt = 0;
};

void BenchEngine::State::open() {
    fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        osFailure("cannot create a UDP socket", errno);
    }
    const auto setInt = [&](int level, int name, int value, const char* what, bool required) {
        if (::setsockopt(fd, level, name, &value, sizeof value) != 0 && required) {
            osFailure(fmt::format("cannot set {}", what), errno);
        }
    };
    if (socket.broadcast) {
        setInt(SOL_SOCKET, SO_BROADCAST, 1, "SO_BROADCAST", true);
    }
    // Room for a whole burst of answers while we are busy sending: forced past rmem_max when we
    // may (CAP_NET_ADMIN), else whatever the kernel grants.
    if (::setsockopt(fd, SOL_SOCKET, SO_RCVBUFFORCE, &kSocketBuffer, sizeof kSocketBuffer) != 0) {
        setInt(SOL_SOCKET, SO_RCVBUF, kSocketBuffer, "SO_RCVBUF", false);
    }
    if (::setsockopt(fd, SOL_SOCKET, SO_SNDBUFFORCE, &kSocketBuffer, sizeof kSocketBuffer) != 0) {
        setInt(SOL_SOCKET, SO_SNDBUF, kSocketBuffer, "SO_SNDBUF", false);
    }
    // Kernel receive timestamps: the latency then excludes the time the bench itself needs to
    // get round to reading (it is busy sending at high rates).
    const int on = 1;
    timestamps = ::setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on) == 0;
    if (socket.device) {
        const auto& name = *socket.device;
        if (::setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, name.data(),
                         static_cast<socklen_t>(name.size())) != 0) {
            osFailure(fmt::format("cannot bind to device '{}' (SO_BINDTODEVICE)", name), errno);
        }
    }
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_port = htons(socket.bindPort);
    local.sin_addr.s_addr = htonl(socket.bindAddress.value);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) {
        const int err = errno;
        const std::string where =
            fmt::format("{}:{}", socket.bindAddress.toString(), socket.bindPort);
        if (err == EACCES) {
            throw NetworkError(Kind::NotPermitted,
                               fmt::format("cannot bind UDP {}: {}; port 68 needs root or "
                                           "CAP_NET_BIND_SERVICE (or use --bind-port)",
                                           where, util::describeErrno(err)));
        }
        if (err == EADDRINUSE) {
            throw NetworkError(Kind::SocketFailed,
                               fmt::format("cannot bind UDP {}: {}; a DHCP client (dhclient) or "
                                           "another bench holds it: run the bench in its own "
                                           "network namespace",
                                           where, util::describeErrno(err)));
        }
        osFailure(fmt::format("cannot bind UDP {}", where), err);
    }
    to.sin_family = AF_INET;
    to.sin_port = htons(socket.serverPort);
    to.sin_addr.s_addr = htonl(socket.server.value);

    const std::size_t size = factory.size();
    txBuffers.assign(kBatch * size, 0);
    rxBuffers.assign(kBatch * kReceiveSize, 0);
    for (std::size_t i = 0; i < kBatch; ++i) {
        const std::span<std::uint8_t> request(txBuffers.data() + i * size, size);
        factory.write(0, request);
        tx.setBuffer(i, request);
        tx.peer(i) = to;
        if (!socket.fromCiaddr) {
            tx.clearControl(i);
        }
        rx.setBuffer(i, std::span<std::uint8_t>(rxBuffers.data() + i * kReceiveSize, kReceiveSize));
    }
    // ppoll sleeps to the nanosecond we ask for, not 50 µs later (the default timer slack):
    // pacing 1,000 requests per second needs it.
    (void)::prctl(PR_SET_TIMERSLACK, 1UL, 0UL, 0UL, 0UL);
}

void BenchEngine::State::sizeRing(const RunSpec& spec) {
    double needed = spec.mode == Mode::ClosedLoop
                        ? static_cast<double>(spec.inFlight)
                        : spec.rate * static_cast<double>(spec.timeoutNs) / 1e9;
    needed = std::min(needed * 2 + 2 * kBatch, static_cast<double>(kMaxRing));
    const std::size_t size = std::max(kMinRing, std::bit_ceil(static_cast<std::size_t>(needed)));
    if (ring.size() != size) {
        ring.assign(size, Pending{});
        mask = size - 1;
    }
}

void BenchEngine::State::giveUp(Pending& p, RunResult& result) {
    p.state = Slot::GivenUp;
    --outstanding;
    ++result.counters.lost;
}

void BenchEngine::State::sendBatch(std::size_t want, RunResult& result) {
    const std::size_t size = factory.size();
    for (std::size_t i = 0; i < want; ++i) {
        const std::uint32_t seq = nextSeq + static_cast<std::uint32_t>(i);
        Pending& slot = ring[seq & mask];
        if (slot.state == Slot::Waiting) {
            giveUp(slot, result);  // the ring wrapped: older than anything we could still wait for
        }
        slot = Pending{0, seq, Slot::Free};
        factory.patch(seq, std::span<std::uint8_t>(txBuffers.data() + i * size, size));
        if (socket.fromCiaddr) {
            net::writePacketInfo(tx.header(i), 0, factory.client(seq).ciaddr);
        }
    }
    const std::uint64_t now = monotonicNs();
    std::size_t done = 0;
    while (done < want) {
        const int n = tx.send(fd, done, want - done, 0);
        if (n > 0) {
            for (std::size_t k = done; k < done + static_cast<std::size_t>(n); ++k) {
                Pending& slot = ring[(nextSeq + static_cast<std::uint32_t>(k)) & mask];
                slot.sentNs = now;
                slot.state = Slot::Waiting;
            }
            done += static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR) {
            continue;
        }
        // ENOBUFS and friends: this request never left; it stays Free, so an answer to it
        // would count as foreign. Skip it and carry on with the rest.
        ++result.counters.sendFailed;
        ++done;
    }
    std::uint64_t taken = 0;
    for (std::size_t k = 0; k < want; ++k) {
        if (ring[(nextSeq + static_cast<std::uint32_t>(k)) & mask].state == Slot::Waiting) {
            ++taken;
        }
    }
    nextSeq += static_cast<std::uint32_t>(want);
    outstanding += taken;
    result.counters.sent += taken;
    current.sent += taken;
}

std::size_t BenchEngine::State::receive(RunResult& result) {
    std::size_t got = 0;
    for (std::size_t round = 0; round < kReceiveRounds; ++round) {
        const int n = rx.receive(fd, MSG_DONTWAIT);
        if (n <= 0) {
            break;
        }
        const std::uint64_t fallback = monotonicNs();
        for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
            std::uint64_t at = fallback;
            if (const auto real = net::readTimestampNs(rx.header(i))) {
                at = *real - realToMono;
                result.kernelTimestamps = true;
            }
            const std::size_t length = rx.truncated(i)
                                           ? 0  // over 2 KB: no DHCP reply of ours; foreign
                                           : std::min<std::size_t>(rx.length(i), kReceiveSize);
            handle(wire::ByteView(rxBuffers.data() + i * kReceiveSize, length), at, result);
        }
        got += static_cast<std::size_t>(n);
        if (static_cast<std::size_t>(n) < kBatch) {
            break;
        }
    }
    return got;
}

void BenchEngine::State::handle(wire::ByteView datagram, std::uint64_t receivedNs,
                                RunResult& result) {
    const auto xid = replyXid(datagram);
    if (!xid) {
        ++result.counters.foreign;
        return;
    }
    const std::uint32_t seq = factory.seqOf(*xid);
    // Unsigned distance from the run's first request: wraps to a huge value for anything older.
    if (seq - runFirst >= nextSeq - runFirst) {
        ++result.counters.foreign;
        return;
    }
    Pending& slot = ring[seq & mask];
    if (slot.seq != seq || slot.state == Slot::Free) {
        ++result.counters.foreign;  // overwritten by a later request, or never sent
        return;
    }
    const ReplyCheck check = checkReply(datagram, seq, factory);
    if (check != ReplyCheck::Good) {
        ++result.counters.invalid;
        ++result.invalidBy[static_cast<std::size_t>(check)];
        ++current.invalid;
        return;  // a wrong answer is no answer: the request keeps waiting for a good one
    }
    switch (slot.state) {
    case Slot::Waiting: {
        slot.state = Slot::Answered;
        --outstanding;
        ++result.counters.answered;
        ++current.answered;
        const std::uint64_t latency = receivedNs > slot.sentNs ? receivedNs - slot.sentNs : 0;
        total.record(latency);
        second.record(latency);
        break;
    }
    case Slot::Answered: ++result.counters.duplicates; break;
    case Slot::GivenUp: ++result.counters.late; break;
    case Slot::Free: break;
    }
}

void BenchEngine::State::expire(std::uint64_t now, std::uint64_t timeoutNs, RunResult& result) {
    while (oldest != nextSeq) {
        Pending& slot = ring[oldest & mask];
        if (slot.seq == oldest && slot.state == Slot::Waiting) {
            if (slot.sentNs + timeoutNs > now) {
                return;  // sent in order, so nothing after it has timed out either
            }
            giveUp(slot, result);
        }
        ++oldest;
    }
}

void BenchEngine::State::rollSeconds(std::uint64_t now, RunResult& result, bool final) {
    while (now >= nextSecondAt || final) {
        current.latency = summarize(second);
        if (!final || current.sent + current.answered + current.invalid > 0) {
            result.seconds.push_back(current);
        }
        const std::uint32_t next = current.second + 1;
        current = SecondStats{};
        current.second = next;
        second.reset();
        nextSecondAt += kSecondNs;
        if (final) {
            return;
        }
    }
}

RunResult BenchEngine::State::run(const RunSpec& spec) {
    RunResult result;
    result.spec = spec;
    sizeRing(spec);
    total.reset();
    second.reset();
    current = SecondStats{};
    outstanding = 0;
    runFirst = nextSeq;
    oldest = nextSeq;

    runStart = monotonicNs();
    realToMono = clockNs(CLOCK_REALTIME) - runStart;
    nextSecondAt = runStart + kSecondNs;
    const std::uint64_t sendEnd = runStart + spec.durationNs;
    const std::uint64_t deadline = sendEnd + spec.timeoutNs;
    // Sequence numbers are 32 bits (the xid): a run never uses more than what is left of them.
    const std::uint64_t limit =
        std::min<std::uint64_t>(spec.maxRequests, std::uint64_t{0xFFFFFFFFU} - nextSeq);
    std::uint64_t attempts = 0;
    std::uint64_t sendStoppedAt = 0;

    for (;;) {
        const std::uint64_t now = monotonicNs();
        const bool sending = now < sendEnd && attempts < limit;
        if (!sending && sendStoppedAt == 0) {
            sendStoppedAt = std::min(now, sendEnd);
        }
        bool worked = false;
        if (sending) {
            std::uint64_t want = 0;
            if (spec.mode == Mode::Rate) {
                const double due =
                    std::floor(static_cast<double>(now - runStart) * spec.rate / 1e9) + 1;
                const auto target = std::min<std::uint64_t>(static_cast<std::uint64_t>(due), limit);
                want = target > attempts ? target - attempts : 0;
            } else {
                want = spec.inFlight > outstanding ? spec.inFlight - outstanding : 0;
                want = std::min(want, limit - attempts);
            }
            want = std::min<std::uint64_t>(want, kBatch);
            if (want > 0) {
                sendBatch(want, result);
                attempts += want;
                worked = true;
            }
        }
        if (receive(result) > 0) {
            worked = true;
        }
        const std::uint64_t after = monotonicNs();
        expire(after, spec.timeoutNs, result);
        rollSeconds(after, result, false);
        if (!sending && (outstanding == 0 || after >= deadline)) {
            break;
        }
        if (worked) {
            continue;
        }
        // Nothing to do right now: sleep until an answer arrives or the next thing is due.
        std::uint64_t wakeAt = std::min(deadline, nextSecondAt);
        if (sending && spec.mode == Mode::Rate) {
            const auto dueAt = runStart + static_cast<std::uint64_t>(static_cast<double>(attempts) *
                                                                     1e9 / spec.rate);
            wakeAt = std::min(wakeAt, dueAt);
        }
        if (sending) {
            wakeAt = std::min(wakeAt, sendEnd);
        }
        if (outstanding > 0 && oldest != nextSeq) {
            wakeAt = std::min(wakeAt, ring[oldest & mask].sentNs + spec.timeoutNs);
        }
        if (wakeAt <= after) {
            continue;
        }
        const std::uint64_t wait = wakeAt - after;
        const timespec timeout{static_cast<time_t>(wait / kSecondNs),
                               static_cast<long>(wait % kSecondNs)};
        pollfd p{fd, POLLIN, 0};
        if (::ppoll(&p, 1, &timeout, nullptr) < 0 && errno != EINTR) {
            osFailure("ppoll", errno);
        }
    }
    // Whatever is still waiting at the deadline is lost.
    for (; oldest != nextSeq; ++oldest) {
        Pending& slot = ring[oldest & mask];
        if (slot.seq == oldest && slot.state == Slot::Waiting) {
            giveUp(slot, result);
        }
    }
    rollSeconds(monotonicNs(), result, true);
    result.elapsedNs = (sendStoppedAt == 0 ? sendEnd : sendStoppedAt) - runStart;
    result.latency = summarize(total);
    result.kernelTimestamps = result.kernelTimestamps && timestamps;
    return result;
}

BenchEngine::BenchEngine(const RequestFactory& factory, const SocketSettings& socket)
    : state_(std::make_unique<State>(factory, socket)) {
    state_->open();
}

BenchEngine::~BenchEngine() = default;

RunResult BenchEngine::run(const RunSpec& spec) { return state_->run(spec); }

}  // namespace dhcplite::util::bench
