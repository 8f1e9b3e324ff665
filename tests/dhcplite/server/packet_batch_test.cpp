// The packet batch on real sockets, in a network namespace of the test's own (unshare, so the
// host's interfaces are never touched; only its loopback, brought up here): what it reads from
// IP_PKTINFO and MSG_TRUNC, that it sends exactly decide()'s bytes to decide()'s destination,
// the counters, the debug lines (truncated, limited-by, to= of a refused edge) and the
// interface filter. Needs root (CAP_SYS_ADMIN for the namespace), as every test here runs.
#include <doctest/doctest.h>

#include <arpa/inet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <optional>
#include <string>
#include <vector>

#include "../test_support.hpp"
#include "interface_fixture.hpp"
#include "packet_batch.hpp"
#include "udp_socket.hpp"
#include "wire/hex.hpp"

namespace dhcplite::test {
namespace {

constexpr std::uint16_t kServerPort = 6767;  // not 67: nothing here needs the real port
constexpr std::uint32_t kLoopback = ip(127, 0, 0, 1);

// Once per process: a namespace of our own with its loopback up.
void enterOwnNetworkNamespace() {
    static const bool entered = [] {
        REQUIRE_MESSAGE(::unshare(CLONE_NEWNET) == 0,
                        "unshare(CLONE_NEWNET): ", std::strerror(errno), " (run as root)");
        const int fd = ::socket(AF_INET, SOCK_DGRAM, 0);
        REQUIRE(fd >= 0);
        ifreq ifr{};
        std::strncpy(ifr.ifr_name, "lo", IFNAMSIZ - 1);
        REQUIRE(::ioctl(fd, SIOCGIFFLAGS, &ifr) == 0);
        ifr.ifr_flags = static_cast<short>(ifr.ifr_flags | IFF_UP);
        REQUIRE(::ioctl(fd, SIOCSIFFLAGS, &ifr) == 0);
        ::close(fd);
        return true;
    }();
    (void)entered;
}

sockaddr_in loopbackAt(std::uint16_t port) {
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(kLoopback);
    return a;
}

// The phone: 127.0.0.1:68, where a reply to a ciaddr-0 INFORM goes (its source, RFC 2131 §4.1).
struct Phone {
    daemon::UniqueFd fd{::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0)};
    Phone() {
        REQUIRE(fd.get() >= 0);
        const sockaddr_in self = loopbackAt(wire::kClientPort);
        REQUIRE(::bind(fd.get(), reinterpret_cast<const sockaddr*>(&self), sizeof self) == 0);
    }
    void send(const Bytes& datagram) const {
        const sockaddr_in to = loopbackAt(kServerPort);
        REQUIRE(::sendto(fd.get(), datagram.data(), datagram.size(), 0,
                         reinterpret_cast<const sockaddr*>(&to),
                         sizeof to) == static_cast<ssize_t>(datagram.size()));
    }
    // The next reply, or nothing within 200 ms (a loopback reply is there at once).
    std::optional<Bytes> receive() const {
        pollfd p{fd.get(), POLLIN, 0};
        if (::poll(&p, 1, 200) != 1) {
            return std::nullopt;
        }
        Bytes buffer(2048);
        const ssize_t n = ::recv(fd.get(), buffer.data(), buffer.size(), MSG_DONTWAIT);
        REQUIRE(n >= 0);
        buffer.resize(static_cast<std::size_t>(n));
        return buffer;
    }
};

daemon::InterfaceFilter loopbackFilter(std::vector<wire::Ipv4> edges = {}) {
    daemon::InterfaceInfo lo = makeInterface("lo", 1, true, true, {"127.0.0.1"});
    lo.subnetEdges = std::move(edges);
    return daemon::InterfaceFilter(std::vector<daemon::InterfaceInfo>{lo});
}

constexpr std::string_view kConfig = R"(
rate-limit: { per-mac: 2, per-address: off, interval: 60 }
default:
  sip-servers: [lync.example.com]
)";

RequestFields inform(std::uint8_t macLow = 1, std::uint8_t messageType = 8) {
    RequestFields r;
    r.chaddr[5] = macLow;
    r.options = {tlv(53, Bytes{messageType}), tlv(60, "MS-UC-Client"), tlv(55, Bytes{120})};
    return r;
}

struct Daemon {
    std::shared_ptr<const daemon::CompiledConfig> config = compileYaml(kConfig);
    daemon::UniqueFd fd;
    daemon::PacketBatch batch;
    daemon::Stats stats;
    std::vector<std::string> lines;
    daemon::Logger log{config::LogLevel::Debug, daemon::LogStyle::Plain,
                       [this](std::string_view line) { lines.emplace_back(line); }};

    Daemon() {
        enterOwnNetworkNamespace();
        daemon::SocketSpec spec;
        spec.port = kServerPort;
        fd = daemon::openDhcpSocket(spec);
    }
    std::size_t run(const daemon::InterfaceFilter& filter) {
        return batch.run(fd.get(), *config, filter, stats, log);
    }
    bool logged(std::string_view what) const {
        for (const std::string& l : lines) {
            if (l.find(what) != std::string::npos) {
                return true;
            }
        }
        return false;
    }
};

// What decide() says for `request` as the batch sees it: from 127.0.0.1:68, reaching 127.0.0.1
// on lo (ifindex 1), no admission.
Bytes expectedReply(const daemon::CompiledConfig& config, const Bytes& request) {
    daemon::RequestMeta meta{wire::Ipv4{kLoopback}, 1, wire::Ipv4{kLoopback}, wire::kClientPort};
    std::array<std::uint8_t, daemon::kReplyBufferSize> buffer{};
    const daemon::Outcome o = daemon::respond(request, meta, config, buffer);
    REQUIRE(o.verdict == daemon::Verdict::Reply);
    return Bytes(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(o.replySize));
}

}  // namespace

TEST_CASE("packet batch: a reply is decide()'s bytes, sent to the phone's source address") {
    Daemon d;
    const Phone phone;
    const Bytes request = inform().bytes();
    phone.send(request);
    CHECK(d.run(loopbackFilter()) == 1);
    const std::optional<Bytes> reply = phone.receive();
    REQUIRE(reply);
    CHECK(wire::toHex(*reply) == wire::toHex(expectedReply(*d.config, request)));
    CHECK(d.stats.received == 1);
    CHECK(d.stats.replied == 1);
    CHECK(d.stats.of(daemon::Verdict::Reply) == 1);
    CHECK(d.logged("decision verdict=reply interface=lo from=127.0.0.1:68"));
    CHECK(d.logged("to=127.0.0.1:68 size="));
}

TEST_CASE("packet batch: drops are counted by reason and nothing is sent") {
    Daemon d;
    const Phone phone;
    phone.send(inform(1, 1).bytes());  // a DISCOVER
    phone.send(Bytes(100, 1));         // a short one
    CHECK(d.run(loopbackFilter()) == 2);
    CHECK_FALSE(phone.receive());
    CHECK(d.stats.received == 2);
    CHECK(d.stats.of(daemon::Verdict::NotInform) == 1);
    CHECK(d.stats.of(daemon::Verdict::Malformed) == 1);
    CHECK(d.stats.replied == 0);
    CHECK(d.logged("verdict=malformed interface=lo from=127.0.0.1:68 length=100 offset=100"));
}

TEST_CASE("packet batch: longer than the receive buffer is truncated and malformed") {
    Daemon d;
    const Phone phone;
    RequestFields big = inform();
    big.padTo = daemon::kReceiveBufferSize + 500;
    phone.send(big.bytes());
    CHECK(d.run(loopbackFilter()) == 1);
    CHECK_FALSE(phone.receive());
    CHECK(d.stats.truncated == 1);
    CHECK(d.stats.of(daemon::Verdict::Malformed) == 1);
    CHECK(d.logged("offset=2048 truncated=yes"));
}

TEST_CASE("packet batch: the flood guard is this batch's, with the config's limits") {
    Daemon d;
    const Phone phone;
    for (int i = 0; i < 3; ++i) {
        phone.send(inform(7).bytes());
    }
    phone.send(inform(8).bytes());  // another phone: its own share
    CHECK(d.run(loopbackFilter()) == 4);
    int replies = 0;
    while (phone.receive()) {
        ++replies;
    }
    CHECK(replies == 3);
    CHECK(d.stats.of(daemon::Verdict::Reply) == 3);
    CHECK(d.stats.of(daemon::Verdict::RateLimited) == 1);
    CHECK(d.logged("verdict=rate-limited"));
    CHECK(d.logged("limited-by=mac"));
}

TEST_CASE("packet batch: a reply to an edge of the host's own links is refused") {
    Daemon d;
    const Phone phone;
    phone.send(inform().bytes());
    CHECK(d.run(loopbackFilter({wire::Ipv4{kLoopback}})) == 1);
    CHECK_FALSE(phone.receive());
    CHECK(d.stats.of(daemon::Verdict::BadAddress) == 1);
    CHECK(d.logged("verdict=bad-address"));
    CHECK(d.logged("to=127.0.0.1:68"));
}

TEST_CASE("packet batch: an interface not served is counted apart, not as a verdict") {
    Daemon d;
    const Phone phone;
    phone.send(inform().bytes());
    CHECK(d.run(daemon::InterfaceFilter()) == 1);
    CHECK_FALSE(phone.receive());
    CHECK(d.stats.received == 1);
    CHECK(d.stats.otherInterface == 1);
    std::uint64_t verdicts = 0;
    for (const auto n : d.stats.verdicts) {
        verdicts += n;
    }
    CHECK(verdicts == 0);
    CHECK(d.run(loopbackFilter()) == 0);  // nothing left waiting
}

}  // namespace dhcplite::test
