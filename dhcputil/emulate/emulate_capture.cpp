#include "emulate/emulate_capture.hpp"

#include <poll.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>
#include <pcap/pcap.h>

#include "capture/pcap_reader.hpp"
#include "util/os_error.hpp"
#include "wire/bootp_layout.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util {

namespace {

using net::NetworkError;
using Kind = net::NetworkError::Kind;

struct PcapClose {
    void operator()(pcap_t* p) const noexcept { pcap_close(p); }
};
using PcapHandle = std::unique_ptr<pcap_t, PcapClose>;

struct DumperClose {
    void operator()(pcap_dumper_t* d) const noexcept { pcap_dump_close(d); }
};
using DumperHandle = std::unique_ptr<pcap_dumper_t, DumperClose>;

constexpr int kSnapLength = 65535;  // whole frames: a DHCP message may exceed 576 bytes (option 57)
constexpr int kBufferTimeoutMs = 50;  // unused in immediate mode, but libpcap wants a value

struct DispatchContext {
    const std::function<void(const CapturedFrame&)>* onFrame = nullptr;
};

void onPacket(u_char* user, const pcap_pkthdr* header, const u_char* bytes) {
    // libpcap hands our context back as the u_char* it was given (its C callback convention).
    const auto* context = reinterpret_cast<const DispatchContext*>(user);
    CapturedFrame frame;
    frame.seconds = header->ts.tv_sec;
    frame.microseconds = header->ts.tv_usec;
    frame.originalLength = header->len;
    frame.data.assign(bytes, bytes + header->caplen);
    (*context->onFrame)(frame);
}

std::string shown(const std::string& interface) { return wire::escapeForDisplay(interface); }

[[noreturn]] void throwActivateError(int rc, pcap_t* handle, const std::string& interface) {
    const std::string reason = wire::escapeForDisplay(pcap_geterr(handle));
    switch (rc) {
    case PCAP_ERROR_PERM_DENIED:
        throw NetworkError(
            Kind::NotPermitted,
            fmt::format("cannot capture on {}: {}: emulate-client needs root or CAP_NET_RAW (run "
                        "it with sudo, or setcap cap_net_raw+ep on the binary)",
                        shown(interface), reason));
    case PCAP_ERROR_NO_SUCH_DEVICE:
        throw NetworkError(
            Kind::InterfaceMissing,
            fmt::format("cannot capture on {}: no such interface ({})", shown(interface), reason));
    case PCAP_ERROR_IFACE_NOT_UP:
        throw NetworkError(
            Kind::InterfaceMissing,
            fmt::format("cannot capture on {}: the interface is down", shown(interface)));
    default:
        throw NetworkError(Kind::SocketFailed,
                           fmt::format("cannot capture on {}: {} ({})", shown(interface), reason,
                                       pcap_statustostr(rc)));
    }
}

}  // namespace

struct LiveCapture::Impl {
    PcapHandle handle;
    int fd = -1;
    std::string interface;
};

std::string captureFilter(std::uint32_t xid) {
    // udp[12:4]: the UDP header is 8 bytes, the xid starts at byte 4 of the BOOTP message
    // (RFC 2131 §2 Figure 1).
    return fmt::format("udp and (dst port 67 or dst port 68) and udp[{}:4] = 0x{:08x}",
                       kUdpHeaderSize + wire::kXidOffset, xid);
}

LiveCapture::LiveCapture(std::unique_ptr<Impl> impl, int dlt, LinkType link)
    : impl_(std::move(impl)), dlt_(dlt), linkType_(link) {}
LiveCapture::LiveCapture(LiveCapture&&) noexcept = default;
LiveCapture& LiveCapture::operator=(LiveCapture&&) noexcept = default;
LiveCapture::~LiveCapture() = default;

LiveCapture LiveCapture::open(const std::string& interface, const std::string& filter) {
    std::array<char, PCAP_ERRBUF_SIZE> errbuf{};
    PcapHandle handle(pcap_create(interface.c_str(), errbuf.data()));
    if (!handle) {
        throw NetworkError(Kind::SocketFailed,
                           fmt::format("cannot capture on {}: {}", shown(interface),
                                       wire::escapeForDisplay(errbuf.data())));
    }
    // Immediate mode: each answer is delivered as it arrives, not when a buffer block fills.
    pcap_set_immediate_mode(handle.get(), 1);
    pcap_set_snaplen(handle.get(), kSnapLength);
    pcap_set_promisc(handle.get(), 0);
    pcap_set_timeout(handle.get(), kBufferTimeoutMs);
    const int rc = pcap_activate(handle.get());
    if (rc < 0) {
        throwActivateError(rc, handle.get(), interface);
    }
    const int dlt = pcap_datalink(handle.get());
    const auto link = linkTypeFromDlt(dlt);
    if (!link) {
        const char* name = pcap_datalink_val_to_name(dlt);
        throw NetworkError(Kind::InterfaceMissing,
                           fmt::format("cannot capture on {}: link type {} ({}) is not Ethernet",
                                       shown(interface), dlt, name != nullptr ? name : "unknown"));
    }
    bpf_program program{};
    if (pcap_compile(handle.get(), &program, filter.c_str(), 1, PCAP_NETMASK_UNKNOWN) != 0) {
        throw NetworkError(Kind::Internal,
                           fmt::format("capture filter '{}' does not compile: {}", filter,
                                       wire::escapeForDisplay(pcap_geterr(handle.get()))));
    }
    const int set = pcap_setfilter(handle.get(), &program);
    pcap_freecode(&program);
    if (set != 0) {
        throw NetworkError(
            Kind::SocketFailed,
            fmt::format("cannot install the capture filter on {}: {}", shown(interface),
                        wire::escapeForDisplay(pcap_geterr(handle.get()))));
    }
    if (pcap_setnonblock(handle.get(), 1, errbuf.data()) != 0) {
        throw NetworkError(Kind::SocketFailed,
                           fmt::format("cannot capture on {} without blocking: {}",
                                       shown(interface), wire::escapeForDisplay(errbuf.data())));
    }
    const int fd = pcap_get_selectable_fd(handle.get());
    if (fd < 0) {
        throw NetworkError(
            Kind::SocketFailed,
            fmt::format("cannot capture on {}: no selectable descriptor", shown(interface)));
    }
    auto impl = std::make_unique<Impl>();
    impl->handle = std::move(handle);
    impl->fd = fd;
    impl->interface = interface;
    return LiveCapture(std::move(impl), dlt, *link);
}

void LiveCapture::poll(int timeoutMs, const std::function<void(const CapturedFrame&)>& onFrame) {
    pollfd p{};
    p.fd = impl_->fd;
    p.events = POLLIN;
    const int ready = ::poll(&p, 1, timeoutMs < 0 ? 0 : timeoutMs);
    if (ready < 0) {
        if (errno == EINTR) {
            return;
        }
        throw NetworkError(Kind::SocketFailed,
                           fmt::format("capture on {} failed: {}", shown(impl_->interface),
                                       util::describeErrno(errno)));
    }
    if (ready == 0) {
        return;
    }
    if ((p.revents & (POLLERR | POLLNVAL)) != 0) {
        throw NetworkError(Kind::SocketFailed,
                           fmt::format("capture on {} failed (the interface went away?)",
                                       shown(impl_->interface)));
    }
    DispatchContext context{&onFrame};
    const int n =
        pcap_dispatch(impl_->handle.get(), -1, onPacket, reinterpret_cast<u_char*>(&context));
    if (n == PCAP_ERROR) {
        throw NetworkError(Kind::SocketFailed,
                           fmt::format("capture on {} failed: {}", shown(impl_->interface),
                                       wire::escapeForDisplay(pcap_geterr(impl_->handle.get()))));
    }
}

void writePcapFile(const std::string& path, int dlt, const std::vector<CapturedFrame>& frames) {
    PcapHandle dead(pcap_open_dead(dlt, kSnapLength));
    if (!dead) {
        throw NetworkError(Kind::Internal, "cannot prepare a capture file (pcap_open_dead failed)");
    }
    const auto fail = [&](const std::string& reason) {
        return NetworkError(Kind::CannotWrite, fmt::format("--pcap '{}': cannot write: {}",
                                                           wire::escapeForDisplay(path), reason));
    };
    DumperHandle dumper(pcap_dump_open(dead.get(), path.c_str()));
    if (!dumper) {
        throw fail(wire::escapeForDisplay(pcap_geterr(dead.get())));
    }
    for (const auto& f : frames) {
        pcap_pkthdr header{};
        header.ts.tv_sec = f.seconds;
        header.ts.tv_usec = f.microseconds;
        header.caplen = static_cast<bpf_u_int32>(f.data.size());
        header.len = static_cast<bpf_u_int32>(f.originalLength);
        // pcap_dump's first parameter is the dumper disguised as u_char* (libpcap's convention).
        pcap_dump(reinterpret_cast<u_char*>(dumper.get()), &header, f.data.data());
    }
    if (pcap_dump_flush(dumper.get()) != 0) {
        throw fail("flush failed (disk full?)");
    }
    pcap_dumper_t* raw = dumper.release();
    // pcap_dump_close reports nothing; check the underlying FILE* before closing.
    FILE* file = pcap_dump_file(raw);
    const bool bad = file == nullptr || std::ferror(file) != 0;
    pcap_dump_close(raw);
    if (bad) {
        throw fail("write error");
    }
}

}  // namespace dhcplite::util
