#include "dhcplite/flood_guard.hpp"

#include <sys/random.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <bit>

#include "wire/dhcp_constants.hpp"

namespace dhcplite::daemon {
namespace {

// Address-key kinds: the reply goes to this address (ciaddr, or the datagram's source), or to a
// relay on behalf of this client.
constexpr std::uint8_t kKindDestination = 1;
constexpr std::uint8_t kKindRelayedClient = 2;

constexpr std::uint64_t load64le(const std::uint8_t* p) noexcept {
    std::uint64_t v = 0;
    for (std::size_t i = 8; i-- > 0;) {
        v = (v << 8) | p[i];
    }
    return v;
}

struct SipState {
    std::uint64_t v0, v1, v2, v3;

    void round() noexcept {
        v0 += v1;
        v1 = std::rotl(v1, 13);
        v1 ^= v0;
        v0 = std::rotl(v0, 32);
        v2 += v3;
        v3 = std::rotl(v3, 16);
        v3 ^= v2;
        v0 += v3;
        v3 = std::rotl(v3, 21);
        v3 ^= v0;
        v2 += v1;
        v1 = std::rotl(v1, 17);
        v1 ^= v2;
        v2 = std::rotl(v2, 32);
    }
    void compress(std::uint64_t m) noexcept {
        v3 ^= m;
        round();
        round();
        v0 ^= m;
    }
};

FloodHashKey fallbackKey() noexcept {
    // Not secret against a local observer, but unknown to a remote sender, which is the one
    // that could flood a table slot; better than refusing to start early in boot.
    timespec realtime{};
    timespec monotonic{};
    ::clock_gettime(CLOCK_REALTIME, &realtime);
    ::clock_gettime(CLOCK_MONOTONIC, &monotonic);
    const auto stackAddress = reinterpret_cast<std::uintptr_t>(&realtime);
    const auto codeAddress = reinterpret_cast<std::uintptr_t>(&fallbackKey);
    const FloodHashKey seed{static_cast<std::uint64_t>(realtime.tv_nsec) ^ stackAddress,
                            static_cast<std::uint64_t>(monotonic.tv_nsec) ^ codeAddress};
    std::array<std::uint8_t, 16> mix{};
    const auto pid = static_cast<std::uint64_t>(::getpid());
    const auto seconds = static_cast<std::uint64_t>(realtime.tv_sec);
    for (std::size_t i = 0; i < 8; ++i) {
        mix[i] = static_cast<std::uint8_t>(pid >> (8 * i));
        mix[8 + i] = static_cast<std::uint8_t>(seconds >> (8 * i));
    }
    const std::uint64_t a = sipHash24(seed, mix);
    mix[0] ^= 0xFF;
    return {a, sipHash24(seed, mix)};
}

}  // namespace

std::uint64_t sipHash24(const FloodHashKey& key, wire::ByteView data) noexcept {
    SipState s{key[0] ^ 0x736f6d6570736575ULL, key[1] ^ 0x646f72616e646f6dULL,
               key[0] ^ 0x6c7967656e657261ULL, key[1] ^ 0x7465646279746573ULL};
    const std::size_t whole = data.size() - data.size() % 8;
    for (std::size_t i = 0; i < whole; i += 8) {
        s.compress(load64le(data.data() + i));
    }
    // The last block: the remaining bytes little-endian, the length's low byte on top.
    std::uint64_t last = data.size() & 0xFF;
    last <<= 56;
    for (std::size_t i = data.size(); i-- > whole;) {
        last |= static_cast<std::uint64_t>(data[i]) << (8 * (i - whole));
    }
    s.compress(last);
    s.v2 ^= 0xFF;
    for (int i = 0; i < 4; ++i) {
        s.round();
    }
    return s.v0 ^ s.v1 ^ s.v2 ^ s.v3;
}

FloodHashKey randomFloodHashKey() noexcept {
    std::array<std::uint8_t, 16> bytes{};
    std::size_t got = 0;
    while (got < bytes.size()) {
        const ssize_t n = ::getrandom(bytes.data() + got, bytes.size() - got, GRND_NONBLOCK);
        if (n <= 0) {
            return fallbackKey();  // EAGAIN: the pool is not ready yet; ENOSYS: an old kernel
        }
        got += static_cast<std::size_t>(n);
    }
    return {load64le(bytes.data()), load64le(bytes.data() + 8)};
}

ClientIdentity identifyClient(const ClientFields& client, wire::Ipv4 destination,
                              bool broadcast) noexcept {
    // hlen beyond 16 (hostile) counts as 16: the bytes that exist.
    const std::size_t hardwareBytes =
        std::min({std::size_t{client.hlen}, client.chaddr.size(), wire::kChaddrSize});
    const wire::ByteView chaddr = client.chaddr.first(hardwareBytes);
    const wire::Ipv4 ciaddr = client.ciaddr;
    const wire::Ipv4 giaddr = client.giaddr;

    ClientIdentity out;
    out.hardware[0] = client.htype;
    out.hardware[1] = static_cast<std::uint8_t>(chaddr.size());
    std::copy(chaddr.begin(), chaddr.end(), out.hardware.begin() + 2);
    out.hardwareSize = static_cast<std::uint8_t>(2 + chaddr.size());

    if (broadcast) {
        return out;  // back onto the link it came from, not towards anyone in particular
    }
    const auto putAddress = [&out](std::uint8_t kind, wire::Ipv4 address) {
        out.address[0] = kind;
        for (std::size_t i = 0; i < 4; ++i) {
            out.address[1 + i] = static_cast<std::uint8_t>(address.value >> (24 - 8 * i));
        }
        out.addressSize = 5;
    };
    if (ciaddr.isZero() && !giaddr.isZero()) {
        // To the relay (RFC 2131 §4.1): one relay serves a whole site, so its address alone
        // would make every phone behind it share one budget; count per client behind it.
        putAddress(kKindRelayedClient, giaddr);
        static_assert(ClientIdentity::kAddressBytes == 5 + ClientIdentity::kHardwareBytes);
        std::copy(out.hardware.begin(), out.hardware.begin() + out.hardwareSize,
                  out.address.begin() + out.addressSize);
        out.addressSize = static_cast<std::uint8_t>(out.addressSize + out.hardwareSize);
        return out;
    }
    // ciaddr, or the source of a ciaddr-0 datagram: either way the host that receives the reply.
    putAddress(kKindDestination, destination);
    return out;
}

FloodGuard::FloodGuard(const FloodHashKey& key, std::size_t entriesPerTable) : key_(key) {
    const std::size_t entries = std::bit_ceil(std::max(entriesPerTable, kWays));
    byMac_.resize(entries);
    byAddress_.resize(entries);
}

void FloodGuard::setLimits(const FloodLimits& limits) noexcept {
    limits_ = limits;
    const auto rule = [&limits](std::uint32_t perInterval) {
        Rule r;
        if (perInterval == 0 || limits.intervalNs == 0) {
            return r;
        }
        r.on = true;
        r.emissionNs = std::max<std::uint64_t>(limits.intervalNs / perInterval, 1);
        r.toleranceNs = (perInterval - 1ULL) * r.emissionNs;
        return r;
    };
    mac_ = rule(limits.perMac);
    address_ = rule(limits.perAddress);
}

FloodGuard::Slot& FloodGuard::find(std::vector<Slot>& table, wire::ByteView key) noexcept {
    const std::uint64_t hash = sipHash24(key_, key);
    const std::uint64_t tag = hash == 0 ? 1 : hash;
    const std::size_t sets = table.size() / kWays;
    // The set comes from the high half of the hash, the tag is all of it: two clients share a
    // slot only if all 64 bits agree, which nobody without the key can arrange.
    const std::size_t first = (hash >> 32) % sets * kWays;
    Slot* victim = &table[first];
    for (std::size_t way = 0; way < kWays; ++way) {
        Slot& slot = table[first + way];
        if (slot.tag == tag) {
            return slot;
        }
        // Evict the slot whose bucket is fullest (smallest TAT; a free slot has 0): forgetting
        // it loses the least, and a client being held back has the largest TAT, so a spray of
        // one-off clients does not free it.
        if (slot.tat < victim->tat) {
            victim = &slot;
        }
    }
    *victim = Slot{tag, 0};
    return *victim;
}

std::uint64_t FloodGuard::conforming(Slot& slot, const Rule& rule, std::uint64_t nowNs) noexcept {
    // GCRA (ITU-T I.371's virtual scheduling): a reply conforms while the theoretical arrival
    // time is no more than the burst tolerance ahead of now. A TAT more than one full bucket
    // ahead (only after a reload lowered the limits, or if the clock went back) is brought
    // back to one full bucket and kept so: that only ever lets a client through sooner.
    const std::uint64_t full = nowNs + rule.toleranceNs + rule.emissionNs;
    slot.tat = std::min(slot.tat, full);
    const std::uint64_t tat = std::max(slot.tat, nowNs);
    if (tat - nowNs > rule.toleranceNs) {
        return 0;
    }
    return tat + rule.emissionNs;  // never 0: emissionNs >= 1
}

FloodDecision FloodGuard::admit(const ClientIdentity& client, std::uint64_t nowNs) noexcept {
    // Both counts are looked at even when the first already refuses, so both see every
    // attempt alike (a slot's TAT is brought back after a reload whichever count refuses).
    Slot* mac = nullptr;
    std::uint64_t macTat = 0;
    if (mac_.on) {
        mac = &find(byMac_, client.hardwareKey());
        macTat = conforming(*mac, mac_, nowNs);
    }
    Slot* address = nullptr;
    std::uint64_t addressTat = 0;
    if (address_.on && client.addressSize != 0) {
        address = &find(byAddress_, client.addressKey());
        addressTat = conforming(*address, address_, nowNs);
    }
    if (mac != nullptr && macTat == 0) {
        return FloodDecision::LimitedByMac;
    }
    if (address != nullptr && addressTat == 0) {
        return FloodDecision::LimitedByAddress;  // the MAC's allowance stays unused
    }
    // Only now, with both agreeing, is the reply counted against either.
    if (mac != nullptr) {
        mac->tat = macTat;
    }
    if (address != nullptr) {
        address->tat = addressTat;
    }
    return FloodDecision::Allow;
}

std::size_t FloodGuard::limitedClients(std::uint64_t nowNs) const noexcept {
    const auto count = [nowNs](const std::vector<Slot>& table, const Rule& rule) {
        if (!rule.on) {
            return std::size_t{0};
        }
        return static_cast<std::size_t>(
            std::count_if(table.begin(), table.end(), [&](const Slot& s) {
                return s.tag != 0 && s.tat > nowNs && s.tat - nowNs > rule.toleranceNs;
            }));
    };
    return count(byMac_, mac_) + count(byAddress_, address_);
}

}  // namespace dhcplite::daemon
