// dhcplite_respond_bench: the user-space share of answering, without sockets. Compiles a config
// with N site profiles (one /32 site per client address, then fillers from 198.18.0.0/15, as
// scripts/bench-compare.sh does), builds `dhcputil bench`'s INFORMs for 1,000 clients, and times
// respond() over them. Run it under `valgrind --tool=callgrind` to see where the instructions go.
//
// Usage: dhcplite_respond_bench [profiles (default 1)] [iterations (default 2,000,000)]
#include <time.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <span>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "bench/bench_traffic.hpp"
#include "config/config.hpp"
#include "dhcplite/compiled_config.hpp"
#include "dhcplite/responder.hpp"

using namespace dhcplite;

namespace {

std::uint64_t nowNs() {
    timespec ts{};
    ::clock_gettime(CLOCK_MONOTONIC, &ts);
    return static_cast<std::uint64_t>(ts.tv_sec) * 1'000'000'000ULL +
           static_cast<std::uint64_t>(ts.tv_nsec);
}

std::string configText(std::uint32_t profiles) {
    std::string y = "default:\n  sip-servers: [lync.schertz.local]\n";
    if (profiles > 1) {
        y += "sites:\n";
    }
    for (std::uint32_t i = 0; i + 1 < profiles; ++i) {
        const std::uint32_t a =
            i < 126 ? 0xC6336481U + i : 0xC6120000U + i;  // 198.51.100.129.., 198.18..
        y += fmt::format("  - name: s{}\n    subnets: [{}.{}.{}.{}/32]\n", i, a >> 24,
                         (a >> 16) & 0xFF, (a >> 8) & 0xFF, a & 0xFF);
    }
    return y;
}

}  // namespace

int main(int argc, char** argv) {
    const auto profiles =
        static_cast<std::uint32_t>(argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 1);
    const auto iterations =
        static_cast<std::uint64_t>(argc > 2 ? std::strtoull(argv[2], nullptr, 10) : 2'000'000);
    if (profiles < 1 || profiles > 1'000'000 || iterations < 1 || iterations > 1'000'000'000) {
        std::fprintf(stderr, "usage: dhcplite_respond_bench [profiles 1..1000000] [iterations]\n");
        return 64;
    }
    const auto t0 = nowNs();
    const auto config =
        daemon::CompiledConfig::compile(config::loadConfigText(configText(profiles), "bench"));
    const auto t1 = nowNs();

    util::bench::TrafficPlan plan;
    plan.subnet = wire::Cidr::parse("198.51.100.128/25");
    plan.clients = 1000;
    const util::bench::RequestFactory factory(plan);
    std::vector<wire::Bytes> requests(plan.clients, wire::Bytes(factory.size()));
    for (std::uint32_t i = 0; i < plan.clients; ++i) {
        factory.write(i, requests[i]);
    }
    daemon::RequestMeta meta;
    meta.interfaceAddress = wire::Ipv4::parse("198.51.100.1");
    meta.sourceAddress = wire::Ipv4::parse("198.51.100.2");
    meta.sourcePort = 68;
    meta.ifindex = 2;
    std::array<std::uint8_t, daemon::kReplyBufferSize> reply{};
    std::uint64_t bytes = 0;
    std::uint64_t replies = 0;
    const auto t2 = nowNs();
    for (std::uint64_t i = 0; i < iterations; ++i) {
        const auto outcome =
            daemon::respond(requests[i % plan.clients], meta, *config, std::span(reply));
        replies += outcome.verdict == daemon::Verdict::Reply ? 1 : 0;
        bytes += outcome.replySize;
    }
    const auto t3 = nowNs();
    std::printf(
        "profiles %u: compiled in %.1f ms; %llu respond() calls, %llu replies (%llu bytes each), "
        "%.1f ns per call\n",
        profiles, static_cast<double>(t1 - t0) / 1e6, static_cast<unsigned long long>(iterations),
        static_cast<unsigned long long>(replies),
        static_cast<unsigned long long>(bytes / (replies ? replies : 1)),
        static_cast<double>(t3 - t2) / static_cast<double>(iterations));
    return replies == iterations ? 0 : 1;
}
