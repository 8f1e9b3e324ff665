#pragma once
// Live capture of the answers with libpcap, and writing the exchange to a capture file. Capture
// instead of a socket on port 68: the kernel copies every frame to a packet tap, so the answers
// are seen while another program holds port 68 (or 67), and answers a socket would never get
// (broadcast to another port, several servers) are seen too. Only this file and pcap_reader.cpp
// include <pcap.h>.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "capture/frame.hpp"
#include "net/net_error.hpp"
#include "wire/bytes.hpp"

namespace dhcplite::util {

struct CapturedFrame {
    std::int64_t seconds = 0;  // capture time, UTC
    std::int64_t microseconds = 0;
    std::size_t originalLength = 0;
    wire::Bytes data;
};

// The BPF program text: UDP to port 67 (our own INFORM, for the capture file) or 68 (the
// answers), with our transaction id (BOOTP xid, UDP payload bytes 4..7). The xid is checked
// again in code: the filter only saves copying other clients' traffic.
std::string captureFilter(std::uint32_t xid);

class LiveCapture {
public:
    // Opens `interface` for capture (immediate mode, non-blocking, not promiscuous: the answers
    // are addressed to us or broadcast) and installs `filter`. Throws net::NetworkError:
    // NotPermitted without CAP_NET_RAW, InterfaceMissing for a missing or down interface or a
    // link type we do not parse, Internal for a filter that does not compile, SocketFailed
    // otherwise.
    static LiveCapture open(const std::string& interface, const std::string& filter);

    LiveCapture(LiveCapture&&) noexcept;
    LiveCapture& operator=(LiveCapture&&) noexcept;
    ~LiveCapture();

    int dlt() const noexcept { return dlt_; }
    LinkType linkType() const noexcept { return linkType_; }

    // Waits up to `timeoutMs` for frames and hands each one to `onFrame`; returns after one
    // batch or when the time is up. Throws net::NetworkError(SocketFailed) when the capture fails.
    void poll(int timeoutMs, const std::function<void(const CapturedFrame&)>& onFrame);

private:
    struct Impl;
    explicit LiveCapture(std::unique_ptr<Impl> impl, int dlt, LinkType link);

    std::unique_ptr<Impl> impl_;
    int dlt_ = 0;
    LinkType linkType_ = LinkType::Ethernet;
};

// Writes `frames` as a pcap file of link type `dlt` (readable by Wireshark, tshark, tcpdump and
// `dhcputil decode --pcap`). Throws net::NetworkError(CannotWrite) naming --pcap and the path.
void writePcapFile(const std::string& path, int dlt, const std::vector<CapturedFrame>& frames);

}  // namespace dhcplite::util
