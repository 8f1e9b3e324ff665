#pragma once
// Flood protection: at most N replies per interval to one client, counted twice — by the
// client's hardware address (chaddr) and by the address the reply goes to (ciaddr, or what
// stands in for it) — so neither a chatty or looping client nor spoofed INFORMs aimed at a
// victim's address (a reflector: one forged datagram in, one bigger one out to the victim) get
// more than their share. Applied only to datagrams respond() would answer, so the drop counters
// stay exact by reason (docs/design.md §3.5). docs/configuration.md "rate-limit" explains the
// limits and defaults.
//
// Pure: the time comes from the caller (one monotonic clock read per batch in the daemon, plain
// numbers in tests), the hash key too (random per process in the daemon). Memory is fixed at
// construction — two tables of `entries` 16-byte slots (4096 each: 128 KiB) — whatever arrives;
// a packet costs two keyed hashes and two probes of 4 slots each, and never allocates.
#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "wire/address.hpp"
#include "wire/bytes.hpp"

namespace dhcplite::daemon {

// Replies per `intervalNs` per client; 0 switches that count off. Bursts of up to the limit are
// allowed, after which one more reply is allowed every intervalNs / limit (a token bucket,
// computed as GCRA: one timestamp per client).
struct FloodLimits {
    std::uint32_t perMac = 0;
    std::uint32_t perAddress = 0;
    std::uint64_t intervalNs = 0;

    bool enabled() const noexcept { return intervalNs != 0 && (perMac != 0 || perAddress != 0); }
    bool operator==(const FloodLimits&) const = default;
};

// The secret that keys the hash; random per process, so nobody outside can aim many clients at
// one table slot (hash flooding).
using FloodHashKey = std::array<std::uint64_t, 2>;

// SipHash-2-4 (Aumasson and Bernstein, "SipHash: a fast short-input PRF", 2012), of the keyed
// hash family that Linux's network tables, Python and Rust use against hash flooding. The key's
// first word is k0 (bytes 0..7 of the reference key, little-endian).
std::uint64_t sipHash24(const FloodHashKey& key, wire::ByteView data) noexcept;

// 16 bytes from getrandom(2) (non-blocking; early in boot, before the kernel's pool is ready, a
// mix of clocks, PID and ASLR addresses instead: weaker, never blocking the start).
FloodHashKey randomFloodHashKey() noexcept;

// What a reply is counted by: the bytes that identify the client, and those that identify where
// the reply goes (empty: not counted by address). Built by identifyClient.
struct ClientIdentity {
    static constexpr std::size_t kHardwareBytes =
        1 + 1 + 16;  // htype, n = min(hlen, 16), n bytes of chaddr
    static constexpr std::size_t kAddressBytes =
        1 + 4 + kHardwareBytes;  // kind, IPv4, [hardware (relay)]
    std::array<std::uint8_t, kHardwareBytes> hardware{};
    std::uint8_t hardwareSize = 0;
    std::array<std::uint8_t, kAddressBytes> address{};
    std::uint8_t addressSize = 0;

    wire::ByteView hardwareKey() const noexcept { return {hardware.data(), hardwareSize}; }
    wire::ByteView addressKey() const noexcept { return {address.data(), addressSize}; }
};

// What a reply copies from its request (RFC 2131 §4.3.5) and is counted by: the request scan's
// fields, so nothing is read back from the reply.
struct ClientFields {
    std::uint8_t htype = 0;
    std::uint8_t hlen = 0;
    wire::ByteView chaddr;  // the request's 16 bytes; min(hlen, its size) of them count
    wire::Ipv4 ciaddr;
    wire::Ipv4 giaddr;
};

// The identity of a reply to be sent, from its request's fields and its destination:
//   ciaddr != 0              → the address key is ciaddr (where the reply goes, RFC 2131 §4.1);
//   ciaddr = 0, giaddr != 0  → giaddr + chaddr: the reply goes to the relay, which serves many
//                              clients, so the relay alone would be one shared budget;
//   else a unicast reply     → the datagram's source address (where the reply goes);
//   else (broadcast)         → no address key: it stays on the link it came from.
// `destination` and `broadcast` are the responder's Destination::address and ::broadcast.
ClientIdentity identifyClient(const ClientFields& client, wire::Ipv4 destination,
                              bool broadcast) noexcept;

enum class FloodDecision : std::uint8_t { Allow, LimitedByMac, LimitedByAddress };

class FloodGuard {
public:
    static constexpr std::size_t kWays = 4;  // slots per set: one 64-byte cache line
    static constexpr std::size_t kDefaultEntries = 4096;

    // `entriesPerTable`: a power of two, at least kWays (else rounded up to one).
    explicit FloodGuard(const FloodHashKey& key, std::size_t entriesPerTable = kDefaultEntries);

    // New limits (after a reload); the tables stay, so a client limited before stays limited —
    // for at most one new interval.
    void setLimits(const FloodLimits& limits) noexcept;
    const FloodLimits& limits() const noexcept { return limits_; }

    // One reply about to be sent to `client` at `nowNs` (any monotonic clock in ns). Allowed
    // only if both counts allow it; a refused reply uses up neither. With limits off, Allow.
    FloodDecision admit(const ClientIdentity& client, std::uint64_t nowNs) noexcept;

    std::size_t entriesPerTable() const noexcept { return byMac_.size(); }
    std::size_t memoryBytes() const noexcept {
        return (byMac_.size() + byAddress_.size()) * sizeof(Slot);
    }
    // Occupied slots whose client is still held back at `nowNs` (tests and diagnostics).
    std::size_t limitedClients(std::uint64_t nowNs) const noexcept;

private:
    struct Slot {
        std::uint64_t tag = 0;  // the key's hash, 0 = free
        std::uint64_t tat = 0;  // GCRA "theoretical arrival time": when the bucket is full again
    };
    struct Rule {
        std::uint64_t emissionNs = 0;   // interval / limit: one token back per this long
        std::uint64_t toleranceNs = 0;  // (limit - 1) * emission: the burst allowance
        bool on = false;
    };

    Slot& find(std::vector<Slot>& table, wire::ByteView key) noexcept;
    // The slot's new TAT if a reply now conforms to `rule`, or 0 if it does not (the caller
    // stores it only once every count agreed).
    static std::uint64_t conforming(Slot& slot, const Rule& rule, std::uint64_t nowNs) noexcept;

    FloodHashKey key_;
    FloodLimits limits_;
    Rule mac_, address_;
    std::vector<Slot> byMac_, byAddress_;
};

}  // namespace dhcplite::daemon
