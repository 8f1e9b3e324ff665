// Interfaces that change while dhcplite serves (interface_watch.hpp): the netlink walk over
// hand-built datagrams, the serving plan and its log lines over made-up interface lists, and the
// shared socket's interface filter on a real loopback socket (no root needed).
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "../dhcplite/server/interface_fixture.hpp"
#include "interface_watch.hpp"
#include "udp_socket.hpp"
#include "unique_fd.hpp"

using namespace dhcplite::daemon;
using dhcplite::wire::Ipv4;

namespace {

// One netlink message: the 16-byte header in host order (netlink(7)), then `payload` bytes,
// padded to 4 unless `pad` is false.
void appendMessage(std::vector<std::uint8_t>& out, std::uint16_t type, std::size_t payload,
                   bool pad = true, std::uint32_t lengthOverride = 0) {
    const auto length = static_cast<std::uint32_t>(16 + payload);
    const std::uint32_t written = lengthOverride != 0 ? lengthOverride : length;
    const std::uint16_t flags = 0;
    const std::uint32_t seq = 0;
    const std::uint32_t port = 0;
    const auto at = out.size();
    out.resize(at + 16);
    std::memcpy(out.data() + at, &written, 4);
    std::memcpy(out.data() + at + 4, &type, 2);
    std::memcpy(out.data() + at + 6, &flags, 2);
    std::memcpy(out.data() + at + 8, &seq, 4);
    std::memcpy(out.data() + at + 12, &port, 4);
    out.resize(out.size() + payload, 0xAB);
    if (pad) {
        out.resize((out.size() + 3) & ~std::size_t{3}, 0);
    }
}

constexpr auto makeIface = dhcplite::test::makeInterface;

std::vector<std::string> names(const std::vector<InterfaceInfo>& list) {
    std::vector<std::string> out;
    for (const auto& i : list) {
        out.push_back(i.name + "/" + std::to_string(i.index));
    }
    return out;
}

}  // namespace

TEST_CASE("netlink: link and IPv4 address messages are changes; others are not") {
    for (const std::uint16_t type : {RTM_NEWLINK, RTM_DELLINK, RTM_NEWADDR, RTM_DELADDR}) {
        std::vector<std::uint8_t> d;
        appendMessage(d, type, 17);  // odd payload: padded to 36 bytes
        CHECK(d.size() == 36);
        const auto s = summarizeNetlink(d);
        CHECK(s.messages == 1);
        CHECK(s.interfacesChanged);
        CHECK_FALSE(s.malformed);
    }
    std::vector<std::uint8_t> noise;
    appendMessage(noise, NLMSG_NOOP, 0);
    appendMessage(noise, RTM_NEWROUTE, 12);
    const auto s = summarizeNetlink(noise);
    CHECK(s.messages == 2);
    CHECK_FALSE(s.interfacesChanged);
    CHECK_FALSE(s.malformed);
    CHECK(summarizeNetlink({}).messages == 0);
}

TEST_CASE("netlink: several messages in one datagram; the last may lack its padding") {
    std::vector<std::uint8_t> d;
    appendMessage(d, NLMSG_NOOP, 3);
    appendMessage(d, RTM_NEWADDR, 5, /*pad=*/false);
    const auto s = summarizeNetlink(d);
    CHECK(s.messages == 2);
    CHECK(s.interfacesChanged);
    CHECK_FALSE(s.malformed);
}

TEST_CASE("netlink: NLMSG_DONE ends the walk") {
    std::vector<std::uint8_t> d;
    appendMessage(d, NLMSG_DONE, 4);
    appendMessage(d, RTM_NEWLINK, 4);
    const auto s = summarizeNetlink(d);
    CHECK(s.messages == 1);
    CHECK_FALSE(s.interfacesChanged);
}

TEST_CASE("netlink: lengths that do not fit are malformed, at every cut") {
    std::vector<std::uint8_t> good;
    appendMessage(good, RTM_NEWLINK, 20);
    for (std::size_t cut = 1; cut < good.size(); ++cut) {
        const std::span<const std::uint8_t> part(good.data(), cut);
        const auto s = summarizeNetlink(part);
        CAPTURE(cut);
        CHECK(s.malformed);
        CHECK_FALSE(s.interfacesChanged);
    }
    std::vector<std::uint8_t> tooShort;
    appendMessage(tooShort, RTM_NEWLINK, 4, true, 15);  // length below the header's own size
    CHECK(summarizeNetlink(tooShort).malformed);
    std::vector<std::uint8_t> tooLong;
    appendMessage(tooLong, RTM_NEWLINK, 4, true, 4096);
    CHECK(summarizeNetlink(tooLong).malformed);
    // A good message first still counts: the caller re-reads either way.
    std::vector<std::uint8_t> thenJunk = good;
    thenJunk.push_back(1);
    const auto s = summarizeNetlink(thenJunk);
    CHECK(s.interfacesChanged);
    CHECK(s.malformed);
}

TEST_CASE("serving, nothing named: every up interface with IPv4 but loopback; none is no error") {
    const std::vector<InterfaceInfo> host = {
        makeIface("lo", 1, true, true, {"127.0.0.1"}),
        makeIface("eth0", 2, true, false, {"192.0.2.1"}),
        makeIface("eth1", 3, false, false, {"198.51.100.1"}),  // down
        makeIface("eth2", 4, true, false, {}),                 // no IPv4
        makeIface("eth3", 9, true, false, {"198.51.100.9"}),
    };
    const auto plan = planServing(host, {}, {});
    CHECK(names(plan.served) == std::vector<std::string>{"eth0/2", "eth3/9"});
    CHECK(plan.viaShared == std::vector<unsigned>{2, 9});  // one socket hears them all
    CHECK(plan.missing.empty());

    const std::vector<InterfaceInfo> allDown = {makeIface("lo", 1, true, true, {"127.0.0.1"}),
                                                makeIface("eth0", 2, false, false, {"192.0.2.1"})};
    const auto none = planServing(allDown, {}, {});
    CHECK(none.served.empty());
    CHECK(none.viaShared.empty());
}

TEST_CASE("serving, named: device sockets hear their index; re-created ones go shared") {
    const std::vector<std::string> named = {"srv0", "srv1", "srv2", "srv0"};
    const std::vector<DeviceSocket> bound = {{"srv0", 2}, {"srv1", 3}, {"srv2", 4}};

    SUBCASE("as at start: all heard by their own sockets, whatever their state") {
        const std::vector<InterfaceInfo> host = {makeIface("srv0", 2, true, false, {"192.0.2.1"}),
                                                 makeIface("srv1", 3, false, false, {}),
                                                 makeIface("srv2", 4, true, false, {})};
        const auto plan = planServing(host, named, bound);
        CHECK(names(plan.served) == std::vector<std::string>{"srv0/2", "srv1/3", "srv2/4"});
        CHECK(plan.viaShared.empty());
        CHECK(plan.missing.empty());
    }
    SUBCASE("srv0 re-created (index 7), srv2 deleted") {
        const std::vector<InterfaceInfo> host = {makeIface("srv1", 3, true, false, {"192.0.2.3"}),
                                                 makeIface("srv0", 7, true, false, {"192.0.2.9"})};
        const auto plan = planServing(host, named, bound);
        CHECK(names(plan.served) == std::vector<std::string>{"srv1/3", "srv0/7"});
        CHECK(plan.viaShared == std::vector<unsigned>{7});
        CHECK(plan.missing == std::vector<std::string>{"srv2"});
    }
    SUBCASE("a reload names an interface no socket was bound to") {
        const std::vector<InterfaceInfo> host = {makeIface("srv0", 2, true, false, {"192.0.2.1"}),
                                                 makeIface("vlan9", 12, true, false, {})};
        const std::vector<std::string> next = {"vlan9"};
        const auto plan = planServing(host, next, bound);
        CHECK(names(plan.served) == std::vector<std::string>{"vlan9/12"});
        CHECK(plan.viaShared == std::vector<unsigned>{12});
    }
}

TEST_CASE("serving changes: one log line each") {
    const std::vector<InterfaceInfo> before = {makeIface("srv0", 2, true, false, {"192.0.2.1"}),
                                               makeIface("srv1", 3, true, false, {"198.51.100.1"}),
                                               makeIface("srv2", 4, true, false, {"192.0.2.4"})};
    const std::vector<InterfaceInfo> after = {makeIface("srv0", 2, true, false, {"192.0.2.2"}),
                                              makeIface("srv2", 8, true, false, {"192.0.2.4"}),
                                              makeIface("new\x1b", 9, true, false, {})};
    const auto lines = describeServingChanges(before, after);
    REQUIRE(lines.size() == 4);
    CHECK(lines[0] == "interface srv0 index=2 addresses=192.0.2.1->192.0.2.2");
    CHECK(lines[1] == "interface srv2 re-created index=4->8 addresses=192.0.2.4");
    CHECK(lines[2] == "interface new\\x1B index=9 served addresses=none");
    CHECK(lines[3] == "interface srv1 index=3 no longer served (gone, down or without IPv4)");
    CHECK(describeServingChanges(before, before).empty());
}

TEST_CASE("interface filter program: load the index, two instructions per index, drop last") {
    const std::vector<unsigned> indexes = {3, 70000};
    const auto p = ifindexFilterProgram(indexes);
    REQUIRE(p.size() == 6);
    CHECK(p[0].code == (BPF_LD | BPF_W | BPF_ABS));
    CHECK(p[0].k == static_cast<std::uint32_t>(SKF_AD_OFF + SKF_AD_IFINDEX));
    CHECK(p[1].code == (BPF_JMP | BPF_JEQ | BPF_K));
    CHECK(p[1].k == 3);
    CHECK(p[1].jt == 0);
    CHECK(p[1].jf == 1);
    CHECK(p[2].code == (BPF_RET | BPF_K));
    CHECK(p[2].k == 0xFFFFFFFFU);
    CHECK(p[3].k == 70000);
    CHECK(p[5].code == (BPF_RET | BPF_K));
    CHECK(p[5].k == 0);
    CHECK(ifindexFilterProgram({}).size() == 2);
}

TEST_CASE("interface filter on a real socket: admits by receiving interface, replaceable") {
    const unsigned lo = ::if_nametoindex("lo");
    REQUIRE(lo != 0);
    UniqueFd rx(::socket(AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
    UniqueFd tx(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
    REQUIRE(rx);
    REQUIRE(tx);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::bind(rx.get(), reinterpret_cast<const sockaddr*>(&addr), sizeof addr) == 0);
    socklen_t len = sizeof addr;
    REQUIRE(::getsockname(rx.get(), reinterpret_cast<sockaddr*>(&addr), &len) == 0);

    // Loopback delivery happens inside sendto: by the time it returns the datagram is queued
    // or dropped by the filter, so a non-blocking read tells which, without waiting.
    const auto roundTrip = [&] {
        const char byte = 'x';
        REQUIRE(::sendto(tx.get(), &byte, 1, 0, reinterpret_cast<const sockaddr*>(&addr),
                         sizeof addr) == 1);
        char got = 0;
        return ::recv(rx.get(), &got, 1, MSG_DONTWAIT) == 1 && got == 'x';
    };
    CHECK(roundTrip());  // no filter yet

    const std::vector<unsigned> none;
    CHECK(setIfindexFilter(rx.get(), none) == 0);
    CHECK_FALSE(roundTrip());

    const std::vector<unsigned> other = {lo + 1000};
    CHECK(setIfindexFilter(rx.get(), other) == 0);
    CHECK_FALSE(roundTrip());

    const std::vector<unsigned> withLo = {lo + 1000, lo};
    CHECK(setIfindexFilter(rx.get(), withLo) == 0);
    CHECK(roundTrip());

    const std::vector<unsigned> tooMany(kMaxFilterIfindexes + 1, lo);
    CHECK(setIfindexFilter(rx.get(), tooMany) == E2BIG);
    CHECK(roundTrip());  // the filter before stays
}

TEST_CASE("interface watch: opens without privileges; ignores messages not from the kernel") {
    InterfaceWatch watch;
    REQUIRE(watch.fd() >= 0);
    sockaddr_nl self{};
    socklen_t len = sizeof self;
    REQUIRE(::getsockname(watch.fd(), reinterpret_cast<sockaddr*>(&self), &len) == 0);

    // A forged RTM_NEWLINK from another socket (only a CAP_NET_ADMIN process may send one to
    // a NETLINK_ROUTE socket; without that the kernel refuses it, which is fine too).
    UniqueFd forger(::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE));
    REQUIRE(forger);
    std::vector<std::uint8_t> message;
    appendMessage(message, RTM_NEWLINK, 16);
    sockaddr_nl to{};
    to.nl_family = AF_NETLINK;
    to.nl_pid = self.nl_pid;
    const auto sent = ::sendto(forger.get(), message.data(), message.size(), 0,
                               reinterpret_cast<const sockaddr*>(&to), sizeof to);
    CHECK((sent == static_cast<ssize_t>(message.size()) || errno == EPERM));
    CHECK_FALSE(watch.drain());
}

TEST_CASE("option 54 check: a broadcast names one of the receiving interface's own addresses") {
    const std::vector<InterfaceInfo> served = {
        makeIface("srv0", 2, true, false, {"192.0.2.1", "192.0.2.9"}),
        makeIface("srv1", 5, true, false, {}),  // named, no IPv4 (yet)
    };
    const InterfaceFilter filter(served);
    const auto bcast = Ipv4::parse("255.255.255.255");
    CHECK(filter.namesOwnAddress(2, Ipv4::parse("192.0.2.1"), bcast));
    CHECK(filter.namesOwnAddress(2, Ipv4::parse("192.0.2.9"), bcast));
    // The kernel fell back to another interface's address (srv0's went away a moment ago, or
    // srv1 has none): no answer that would name it.
    CHECK_FALSE(filter.namesOwnAddress(2, Ipv4::parse("198.51.100.1"), bcast));
    CHECK_FALSE(filter.namesOwnAddress(5, Ipv4::parse("192.0.2.1"), bcast));
    // Addressed to that very address (a relay; a phone unicasting to us): always right.
    CHECK(filter.namesOwnAddress(5, Ipv4::parse("192.0.2.1"), Ipv4::parse("192.0.2.1")));
    CHECK(filter.namesOwnAddress(9, Ipv4::parse("203.0.113.7"), Ipv4::parse("203.0.113.7")));
    // Unknown interfaces and index 0 (no IP_PKTINFO) never pass as a broadcast.
    CHECK_FALSE(filter.namesOwnAddress(0, Ipv4::parse("192.0.2.1"), bcast));
    CHECK_FALSE(filter.namesOwnAddress(3, Ipv4::parse("192.0.2.1"), bcast));
    CHECK_FALSE(filter.namesOwnAddress(1000, Ipv4::parse("192.0.2.1"), bcast));
    CHECK_FALSE(InterfaceFilter().namesOwnAddress(2, Ipv4::parse("192.0.2.1"), bcast));
}
