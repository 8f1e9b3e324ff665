// `workers: N` pieces that need no network: the counters of several workers add up field by
// field, the unicast-only socket filter is a valid program the kernel accepts, and the config key
// loads, defaults to 1 and is bounded.
#include <doctest/doctest.h>

#include <linux/filter.h>
#include <sys/socket.h>
#include <unistd.h>

#include "config/config.hpp"
#include "stats.hpp"
#include "udp_socket.hpp"

using namespace dhcplite;
using namespace dhcplite::daemon;

TEST_CASE("worker counters sum field by field") {
    Stats a, b;
    a.received = 10;
    a.replied = 8;
    a.count(Verdict::Reply);
    a.count(Verdict::NotInform);
    a.otherInterface = 1;
    b.received = 5;
    b.replied = 5;
    b.sendErrors = 2;
    b.count(Verdict::Reply);
    b.reloadsOk = 1;
    a += b;
    CHECK(a.received == 15);
    CHECK(a.replied == 13);
    CHECK(a.sendErrors == 2);
    CHECK(a.of(Verdict::Reply) == 2);
    CHECK(a.of(Verdict::NotInform) == 1);
    CHECK(a.otherInterface == 1);
    CHECK(a.reloadsOk == 1);
}

TEST_CASE("the unicast-only filter: PACKET_HOST and not 255.255.255.255, else drop") {
    const auto p = unicastFilterProgram();
    REQUIRE(p.size() == 6);
    CHECK(p[0].code == (BPF_LD | BPF_W | BPF_ABS));
    CHECK(p[0].k == static_cast<std::uint32_t>(SKF_AD_OFF + SKF_AD_PKTTYPE));
    CHECK(p[1].k == 0);  // PACKET_HOST
    CHECK(p[2].k == static_cast<std::uint32_t>(SKF_NET_OFF) + 16);
    CHECK(p[3].k == 0xFFFFFFFFU);
    CHECK(p[4].k == 0xFFFFFFFFU);  // accept the whole datagram
    CHECK(p[5].k == 0);            // drop
    // Both jumps land inside the program.
    CHECK(1 + 1 + p[1].jf < p.size());
    CHECK(3 + 1 + p[3].jt < p.size());

    const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
    REQUIRE(fd >= 0);
    auto program = unicastFilterProgram();
    sock_fprog prog{static_cast<unsigned short>(program.size()), program.data()};
    CHECK(::setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) == 0);
    ::close(fd);
}

TEST_CASE("workers: default 1, 1..64") {
    const auto base = std::string("default:\n  sip-servers: [lync.schertz.local]\n");
    CHECK(config::loadConfigText(base, "t.yaml").workers == 1);
    CHECK(config::loadConfigText("workers: 4\n" + base, "t.yaml").workers == 4);
    CHECK(config::loadConfigText("workers: 64\n" + base, "t.yaml").workers == 64);
    CHECK_THROWS_AS(config::loadConfigText("workers: 0\n" + base, "t.yaml"), config::ConfigError);
    CHECK_THROWS_AS(config::loadConfigText("workers: 65\n" + base, "t.yaml"), config::ConfigError);
    CHECK_THROWS_AS(config::loadConfigText("workers: two\n" + base, "t.yaml"), config::ConfigError);
    // Written back by `dhcputil config --format dhcplite`'s writer, and read again.
    const auto four = config::loadConfigText("workers: 4\n" + base, "t.yaml");
    CHECK(config::loadConfigText(config::toYaml(four), "again.yaml").workers == 4);
    CHECK(config::toYaml(config::loadConfigText(base, "t.yaml")).find("workers") ==
          std::string::npos);
}
