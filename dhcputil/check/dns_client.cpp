#include "check/dns_client.hpp"

#include <poll.h>

#include <algorithm>
#include <array>
#include <mutex>
#include <stdexcept>

#include <ares.h>
#include <arpa/inet.h>
#include <arpa/nameser.h>
#include <fmt/format.h>
#include <netdb.h>

#include "check/dns_parse.hpp"

namespace dhcplite::util::check {

struct DnsClient::Channel {
    ares_channel channel = nullptr;
};

namespace {

struct Pending {
    DnsQuery query;
    DnsAnswers* answers;
    int* outstanding;
};

void onAnswer(void* arg, int status, int /*timeouts*/, unsigned char* buf, int len) {
    auto* p = static_cast<Pending*>(arg);
    DnsAnswer a;
    switch (status) {
    case ARES_SUCCESS:
        a = parseDnsAnswer(p->query.type, wire::ByteView(buf, static_cast<std::size_t>(len)),
                           p->query.name);
        break;
    case ARES_ENOTFOUND: a.status = DnsStatus::NxDomain; break;
    case ARES_ENODATA: a.status = DnsStatus::NoData; break;
    case ARES_ETIMEOUT:
    case ARES_ECANCELLED:
    case ARES_EDESTRUCTION: a.status = DnsStatus::Timeout; break;
    default:
        a.status = DnsStatus::Error;
        a.error = ares_strerror(status);
        break;
    }
    (*p->answers)[p->query] = std::move(a);
    --*p->outstanding;
    delete p;
}

std::once_flag gLibraryInit;

}  // namespace

DnsClient::DnsClient(const std::vector<std::string>& servers) : channel_(new Channel) {
    std::call_once(gLibraryInit, [] { ares_library_init(ARES_LIB_INIT_ALL); });
    ares_options options{};
    // Retries inside the deadline; lookup() cancels whatever is left when it passes.
    options.timeout = 400;  // ms per try
    options.tries = 4;
    options.flags = ARES_FLAG_NOSEARCH;
    const int mask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES | ARES_OPT_FLAGS;
    if (ares_init_options(&channel_->channel, &options, mask) != ARES_SUCCESS) {
        delete channel_;
        throw std::runtime_error("cannot start the DNS resolver (c-ares)");
    }
    if (!servers.empty()) {
        std::string csv;
        for (const auto& s : servers) {
            csv += (csv.empty() ? "" : ",") + s;
        }
        if (ares_set_servers_csv(channel_->channel, csv.c_str()) != ARES_SUCCESS) {
            ares_destroy(channel_->channel);
            delete channel_;
            throw std::runtime_error(fmt::format("DNS servers '{}' are not addresses", csv));
        }
    }
}

DnsClient::~DnsClient() {
    ares_destroy(channel_->channel);
    delete channel_;
}

std::string DnsClient::servers() const {
    ares_addr_port_node* list = nullptr;
    if (ares_get_servers_ports(channel_->channel, &list) != ARES_SUCCESS) {
        return "unknown";
    }
    std::string out;
    for (const ares_addr_port_node* n = list; n != nullptr; n = n->next) {
        std::array<char, INET6_ADDRSTRLEN> text{};
        ::inet_ntop(n->family, &n->addr, text.data(), text.size());
        out += (out.empty() ? "" : ", ") + std::string(text.data());
        if (n->udp_port != 0 && n->udp_port != 53) {
            out += fmt::format(":{}", n->udp_port);
        }
    }
    ares_free_data(list);
    return out.empty() ? "none" : out;
}

void DnsClient::lookup(const std::vector<DnsQuery>& queries,
                       std::chrono::steady_clock::time_point deadline, DnsAnswers& answers) {
    int outstanding = 0;
    for (const auto& q : queries) {
        ++outstanding;
        ares_query(channel_->channel, q.name.c_str(), ns_c_in,
                   q.type == QType::A ? ns_t_a : ns_t_srv, onAnswer,
                   new Pending{q, &answers, &outstanding});
    }
    while (outstanding > 0) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) {
            break;
        }
        std::array<ares_socket_t, ARES_GETSOCK_MAXNUM> socks{};
        const int bits = ares_getsock(channel_->channel, socks.data(), ARES_GETSOCK_MAXNUM);
        std::vector<pollfd> fds;
        for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
            const auto events = static_cast<short>((ARES_GETSOCK_READABLE(bits, i) ? POLLIN : 0) |
                                                   (ARES_GETSOCK_WRITABLE(bits, i) ? POLLOUT : 0));
            if (events != 0) {
                fds.push_back(pollfd{socks[static_cast<std::size_t>(i)], events, 0});
            }
        }
        const auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - now);
        timeval max{left.count() / 1000000, left.count() % 1000000};
        timeval tv{};
        const timeval* wait = ares_timeout(channel_->channel, &max, &tv);
        const int ms = static_cast<int>(wait->tv_sec * 1000 + (wait->tv_usec + 999) / 1000);
        const int ready = ::poll(fds.data(), fds.size(), ms);
        if (ready <= 0) {
            ares_process_fd(channel_->channel, ARES_SOCKET_BAD,
                            ARES_SOCKET_BAD);  // retransmits, timeouts
            continue;
        }
        for (const auto& f : fds) {
            const bool r = (f.revents & (POLLIN | POLLERR | POLLHUP)) != 0;
            const bool w = (f.revents & POLLOUT) != 0;
            ares_process_fd(channel_->channel, r ? f.fd : ARES_SOCKET_BAD,
                            w ? f.fd : ARES_SOCKET_BAD);
        }
    }
    ares_cancel(channel_->channel);  // the rest: ARES_ECANCELLED → Timeout
}

}  // namespace dhcplite::util::check
