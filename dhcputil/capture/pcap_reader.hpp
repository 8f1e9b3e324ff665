#pragma once
// Reading capture files with libpcap (offline). The only file that includes <pcap.h> is
// pcap_reader.cpp: the rest of dhcputil sees records as bytes plus a link type.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "capture/frame.hpp"
#include "wire/bytes.hpp"

namespace dhcplite::util {

struct PcapRecord {
    std::size_t number = 0;                  // 1-based frame number, as Wireshark counts
    LinkType linkType = LinkType::Ethernet;  // the file's, the same for every record
    std::int64_t seconds = 0;                // capture time, UTC
    std::int64_t microseconds = 0;
    std::size_t originalLength = 0;  // length on the wire (the record may hold fewer bytes)
    wire::ByteView data;             // valid only during the callback
};

struct PcapSummary {
    int dlt = 0;
    LinkType linkType = LinkType::Ethernet;
    std::size_t records = 0;
    std::string readError;  // non-empty: reading stopped early (e.g. a file cut off mid-record)
};

// libpcap DLT_* value → our link type; nullopt for link types we do not read.
std::optional<LinkType> linkTypeFromDlt(int dlt);

// A capture file that cannot be read at all: missing, unreadable or not a capture file
// (Unreadable), or of a link type we do not read (UnsupportedLink). The command layer gives
// them their exit codes (cli.cpp: 66 and 65). what() is "<field> '<path>': <reason>".
class PcapFileError : public std::runtime_error {
public:
    enum class Kind { Unreadable, UnsupportedLink };
    PcapFileError(Kind kind, const std::string& message)
        : std::runtime_error(message), kind_(kind) {}
    Kind kind() const noexcept { return kind_; }

private:
    Kind kind_;
};

// Calls `onRecord` for every record of the capture file at `path`; PcapFileError when the file
// cannot be read (with libpcap's reason). A read error after the first records is not thrown: it
// ends the loop and is returned in PcapSummary::readError, so the records before it are still
// reported.
PcapSummary readPcapFile(const std::string& path, const std::string& field,
                         const std::function<void(const PcapRecord&)>& onRecord);

}  // namespace dhcplite::util
