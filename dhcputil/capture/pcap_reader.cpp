#include "capture/pcap_reader.hpp"

#include <array>
#include <memory>

#include <fmt/format.h>
#include <pcap/pcap.h>

#include "wire/hex.hpp"

namespace dhcplite::util {

namespace {

struct PcapClose {
    void operator()(pcap_t* p) const noexcept { pcap_close(p); }
};
using PcapHandle = std::unique_ptr<pcap_t, PcapClose>;

}  // namespace

std::optional<LinkType> linkTypeFromDlt(int dlt) {
    switch (dlt) {
    case DLT_EN10MB: return LinkType::Ethernet;
    case DLT_LINUX_SLL: return LinkType::LinuxSll;
    case DLT_LINUX_SLL2: return LinkType::LinuxSll2;
    case DLT_RAW:  // libpcap maps the file's LINKTYPE_RAW (101) to this
    case DLT_IPV4: return LinkType::RawIpv4;
    default: return std::nullopt;
    }
}

PcapSummary readPcapFile(const std::string& path, const std::string& field,
                         const std::function<void(const PcapRecord&)>& onRecord) {
    std::array<char, PCAP_ERRBUF_SIZE> errbuf{};
    PcapHandle handle(pcap_open_offline(path.c_str(), errbuf.data()));
    const std::string shownPath = wire::escapeForDisplay(path);
    if (!handle) {
        std::string reason = errbuf.data();
        // libpcap prefixes errno messages with the path; it is in our message already.
        if (reason.starts_with(path + ": ")) {
            reason.erase(0, path.size() + 2);
        }
        throw PcapFileError(PcapFileError::Kind::Unreadable,
                            fmt::format("{} '{}': cannot read capture file: {}", field, shownPath,
                                        wire::escapeForDisplay(reason)));
    }
    PcapSummary summary;
    summary.dlt = pcap_datalink(handle.get());
    const auto link = linkTypeFromDlt(summary.dlt);
    if (!link) {
        const char* name = pcap_datalink_val_to_name(summary.dlt);
        throw PcapFileError(
            PcapFileError::Kind::UnsupportedLink,
            fmt::format("{} '{}': link type {} ({}) is not supported (Ethernet, Linux "
                        "cooked SLL/SLL2 and raw IPv4 are)",
                        field, shownPath, summary.dlt, name != nullptr ? name : "unknown"));
    }
    summary.linkType = *link;

    for (;;) {
        pcap_pkthdr* header = nullptr;
        const u_char* data = nullptr;
        const int rc = pcap_next_ex(handle.get(), &header, &data);
        if (rc == PCAP_ERROR_BREAK) {
            break;  // end of file
        }
        if (rc != 1) {
            summary.readError = fmt::format("reading stopped after frame {}: {}", summary.records,
                                            wire::escapeForDisplay(pcap_geterr(handle.get())));
            break;
        }
        ++summary.records;
        PcapRecord record;
        record.number = summary.records;
        record.linkType = summary.linkType;
        record.seconds = header->ts.tv_sec;
        record.microseconds = header->ts.tv_usec;
        record.originalLength = header->len;
        record.data = wire::ByteView(data, header->caplen);
        onRecord(record);
    }
    return summary;
}

}  // namespace dhcplite::util
