// dhcplite_reflector: the ceiling of the UDP path on this machine, for scripts/bench-compare.sh.
// One thread, one socket on UDP port 67, recvmmsg/sendmmsg in batches of 64, and for each request
// a fixed DHCPACK (built once at start) with only xid, ciaddr and chaddr copied from the request
// at their fixed offsets (RFC 2131 §2 Figure 1) -- no parsing, no options read, no decisions.
// The ACK carries 53, 54, 120 and 43 so the bench can count it: 353 bytes for the default SIP
// server, where a bare 300-byte BOOTP minimum could not hold option 43; dhcplite's answer to the
// bench's INFORM is the same size. The answer goes to ciaddr:68 (the request's source when ciaddr
// is 0), as a DHCP server's would, so `dhcputil bench` checks it exactly like dhcplite's: whatever
// dhcplite does beyond this is the cost of really answering.
//
// Usage: dhcplite_reflector [--port N] [--server-id ADDR] [--sip-server FQDN]
// Runs until SIGTERM/SIGINT.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include "wire/address.hpp"
#include "wire/bytes.hpp"
#include "wire/dhcp_constants.hpp"
#include "wire/option43.hpp"
#include "wire/packet.hpp"

namespace {

using namespace dhcplite;

constexpr std::size_t kBatch = 64;
constexpr std::size_t kRequestSize = 2048;
constexpr std::size_t kReplyRoom = 576;  // the template's size is what gets sent
constexpr std::size_t kXid = 4, kCiaddr = 12, kChaddr = 28;

volatile std::sig_atomic_t stopping = 0;
void onSignal(int) { stopping = 1; }

// The one reply every request gets: BOOTREPLY, Ethernet, cookie, 53 = ACK, 54, 120, 43, END.
std::vector<std::uint8_t> buildTemplate(wire::Ipv4 serverId, const std::string& sip) {
    wire::UcSettings settings;
    settings.sipServers = {sip};
    const wire::EncodedUc uc = wire::encodeUc(settings);
    wire::Bytes options;
    const std::array<std::uint8_t, 1> ack{static_cast<std::uint8_t>(wire::MessageType::Ack)};
    const auto id = serverId.bytes();
    wire::appendOptionTlvs(options, wire::opt::MessageType, ack);
    wire::appendOptionTlvs(options, wire::opt::ServerId, id);
    wire::appendOptionTlvs(options, wire::opt::SipServers, uc.option120);
    wire::appendOptionTlvs(options, wire::opt::VendorSpecific, uc.option43);
    options.push_back(wire::opt::End);

    std::vector<std::uint8_t> reply(kReplyRoom, 0);
    wire::ByteWriter w(reply);
    w.u8(static_cast<std::uint8_t>(wire::Op::BootReply));
    w.u8(1);  // htype Ethernet
    w.u8(6);  // hlen
    w.fill(0, wire::kHeaderSize - 3);
    w.u32(wire::kMagicCookie);
    w.bytes(options);
    reply.resize(std::max(w.size(), wire::kBootpMinimum));
    return reply;
}

int usage(const char* message) {
    std::fprintf(stderr,
                 "dhcplite_reflector: %s\nusage: dhcplite_reflector [--port N] [--server-id ADDR] "
                 "[--sip-server FQDN]\n",
                 message);
    return 64;
}

}  // namespace

int main(int argc, char** argv) {
    std::uint16_t port = wire::kServerPort;
    wire::Ipv4 serverId{0xC0000201U};  // 192.0.2.1
    std::string sip = "lync.schertz.local";
    try {
        for (int i = 1; i < argc; ++i) {
            const std::string_view a = argv[i];
            if (i + 1 >= argc) {
                return usage("every option needs a value");
            }
            const std::string_view value = argv[++i];
            if (a == "--port") {
                const int p = std::atoi(std::string(value).c_str());
                if (p < 1 || p > 65535) {
                    return usage("--port: 1..65535");
                }
                port = static_cast<std::uint16_t>(p);
            } else if (a == "--server-id") {
                serverId = wire::Ipv4::parse(value);
            } else if (a == "--sip-server") {
                sip = std::string(value);
            } else {
                return usage("unknown option");
            }
        }
    } catch (const std::exception& e) {
        return usage(e.what());
    }
    std::vector<std::uint8_t> reply;
    try {
        reply = buildTemplate(serverId, sip);
    } catch (const std::exception& e) {
        return usage(e.what());
    }

    const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) {
        std::perror("dhcplite_reflector: socket");
        return 71;
    }
    const int one = 1;
    const int buffer = 4 << 20;  // the same receive buffer dhcplite asks for
    (void)::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    (void)::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &buffer, sizeof buffer);
    sockaddr_in local{};
    local.sin_family = AF_INET;
    local.sin_port = htons(port);
    if (::bind(fd, reinterpret_cast<const sockaddr*>(&local), sizeof local) != 0) {
        std::perror("dhcplite_reflector: bind");
        return 71;
    }
    // SIGTERM interrupts the blocking recvmmsg (no SA_RESTART), so the loop sees `stopping`.
    struct sigaction sa {};
    sa.sa_handler = onSignal;
    ::sigaction(SIGTERM, &sa, nullptr);
    ::sigaction(SIGINT, &sa, nullptr);

    static std::array<std::array<std::uint8_t, kRequestSize>, kBatch> requests{};
    static std::array<std::array<std::uint8_t, kReplyRoom>, kBatch> replies{};
    std::array<mmsghdr, kBatch> rx{}, tx{};
    std::array<iovec, kBatch> rxIov{}, txIov{};
    std::array<sockaddr_in, kBatch> from{}, to{};
    for (std::size_t i = 0; i < kBatch; ++i) {
        std::copy(reply.begin(), reply.end(), replies[i].begin());
        rxIov[i] = {requests[i].data(), kRequestSize};
        rx[i].msg_hdr.msg_iov = &rxIov[i];
        rx[i].msg_hdr.msg_iovlen = 1;
        rx[i].msg_hdr.msg_name = &from[i];
        txIov[i] = {replies[i].data(), reply.size()};
        tx[i].msg_hdr.msg_iov = &txIov[i];
        tx[i].msg_hdr.msg_iovlen = 1;
        tx[i].msg_hdr.msg_name = &to[i];
        tx[i].msg_hdr.msg_namelen = sizeof(sockaddr_in);
    }
    std::fprintf(stderr, "dhcplite_reflector: listening on UDP 0.0.0.0:%u\n",
                 static_cast<unsigned>(port));

    unsigned long long answered = 0;
    while (stopping == 0) {
        for (std::size_t i = 0; i < kBatch; ++i) {
            rx[i].msg_hdr.msg_namelen = sizeof(sockaddr_in);
        }
        const int n = ::recvmmsg(fd, rx.data(), kBatch, MSG_WAITFORONE, nullptr);
        if (n <= 0) {
            continue;  // EINTR (a signal) or a transient error
        }
        unsigned count = 0;
        for (std::size_t i = 0; i < static_cast<std::size_t>(n); ++i) {
            if (rx[i].msg_len < kChaddr + wire::kChaddrSize) {
                continue;
            }
            const auto& in = requests[i];
            auto& out = replies[count];
            std::memcpy(out.data() + kXid, in.data() + kXid, 4);
            std::memcpy(out.data() + kCiaddr, in.data() + kCiaddr, 4);
            std::memcpy(out.data() + kChaddr, in.data() + kChaddr, wire::kChaddrSize);
            std::uint32_t ciaddr = 0;
            std::memcpy(&ciaddr, in.data() + kCiaddr, 4);  // network order, as sin_addr wants it
            to[count] = from[i];
            if (ciaddr != 0) {
                to[count].sin_addr.s_addr = ciaddr;
                to[count].sin_port = htons(wire::kClientPort);
            }
            ++count;
        }
        if (count > 0) {
            const int sent = ::sendmmsg(fd, tx.data(), count, 0);
            if (sent > 0) {
                answered += static_cast<unsigned>(sent);
            }
        }
    }
    std::fprintf(stderr, "dhcplite_reflector: stopped, %llu answers\n", answered);
    ::close(fd);
    return 0;
}
