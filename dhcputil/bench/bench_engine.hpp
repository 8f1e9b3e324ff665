#pragma once
// The sending and receiving half of `dhcputil bench`: one UDP socket on port 68 (the client port,
// where servers send their answers to ciaddr, RFC 2131 §4.1), requests out with sendmmsg in
// batches of 64 from buffers built once, answers in with recvmmsg, kernel receive timestamps
// (SO_TIMESTAMPNS) for the latency, and a ring of pending requests indexed by sequence number
// (the xid says which one). One thread, no allocation per packet: the bench has to offer far
// more than any server here can answer on a 2-core machine.
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "bench/bench_stats.hpp"
#include "bench/bench_traffic.hpp"
#include "net/net_error.hpp"
#include "wire/address.hpp"

namespace dhcplite::util::bench {

enum class Mode : std::uint8_t { Rate, ClosedLoop };

struct SocketSettings {
    wire::Ipv4 server;  // where requests go (255.255.255.255 with broadcast)
    std::uint16_t serverPort = 67;
    wire::Ipv4 bindAddress;  // 0.0.0.0: every local address, as a client's
    std::uint16_t bindPort = 68;
    std::optional<std::string> device;  // SO_BINDTODEVICE (needed for broadcast out of one link)
    bool broadcast = false;             // SO_BROADCAST
    // Each request leaves from its client's own address (IP_PKTINFO ipi_spec_dst = ciaddr), as
    // a phone's unicast INFORM would: the server sees many sources, so SO_REUSEPORT (`workers`)
    // can spread them. The addresses must be local here (the local route of the subnet).
    bool fromCiaddr = false;
};

struct RunSpec {
    Mode mode = Mode::ClosedLoop;
    double rate = 1000;           // Rate: requests per second
    std::uint32_t inFlight = 64;  // ClosedLoop: requests outstanding at any time
    std::uint64_t durationNs = 10'000'000'000ULL;
    std::uint64_t maxRequests = 10'000'000;
    std::uint64_t timeoutNs = 1'000'000'000ULL;  // a request unanswered this long is lost
};

struct RunResult {
    RunSpec spec;
    std::uint64_t elapsedNs = 0;  // the sending window actually used
    Counters counters;
    LatencySummary latency;
    std::vector<SecondStats> seconds;
    std::array<std::uint64_t, 9> invalidBy{};  // by ReplyCheck (index 0, Good, unused)
    bool kernelTimestamps = false;  // latency from SO_TIMESTAMPNS (else user-space clock)

    double offeredPerSecond() const noexcept;
    double answeredPerSecond() const noexcept;
};

class BenchEngine {
public:
    // Opens and binds the socket; net::NetworkError (NotPermitted for port 68 without
    // privileges, SocketFailed otherwise).
    BenchEngine(const RequestFactory& factory, const SocketSettings& socket);
    ~BenchEngine();
    BenchEngine(const BenchEngine&) = delete;
    BenchEngine& operator=(const BenchEngine&) = delete;

    // One run. Sequence numbers continue across runs, so late answers to an earlier run (a
    // search trial) never count in a later one.
    RunResult run(const RunSpec& spec);

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace dhcplite::util::bench
