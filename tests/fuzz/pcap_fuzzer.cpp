// Fuzz target "pcap": util::readPcapFile, the libpcap reader behind `decode --pcap` (capture
// files come from anywhere), on any bytes as the file, and parseUdpFrame on every record as
// decode does. The input is written to a memfd and read through /proc/self/fd/N, so the real
// function runs unchanged, path and all. Properties:
//   - reading throws nothing but PcapFileError, whose message starts with the field name and is
//     one line; a read error after some records is returned, one line, not thrown;
//   - records are numbered 1, 2, 3… and every one has the file's link type;
//   - no record holds more bytes than the file has: the records' bytes plus the 16 bytes of
//     header each costs at least (pcap and pcapng alike) and the 24-byte file header fit in the
//     input (libpcap never reads past the file);
//   - parseUdpFrame throws only WireError on each record.
#include <sys/mman.h>
#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "capture/frame.hpp"
#include "capture/pcap_reader.hpp"
#include "fuzz_check.hpp"
#include "wire/errors.hpp"

namespace {

using namespace dhcplite;

constexpr std::size_t kFileHeader = 24;  // pcap's global header; pcapng's first blocks are longer
constexpr std::size_t kRecordHeader =
    16;  // pcap's record header; pcapng's packet blocks are longer

// One memfd for the whole run: rewritten for every input.
int memfd() {
    static const int fd = [] {
        const int f = ::memfd_create("fuzz-pcap", 0);
        if (f < 0) {
            std::perror("memfd_create");
            std::abort();
        }
        return f;
    }();
    return fd;
}

bool oneLine(const std::string& s) { return !s.empty() && s.find('\n') == std::string::npos; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const int fd = memfd();
    if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, data, size, 0) != static_cast<ssize_t>(size)) {
        std::perror("memfd write");
        std::abort();
    }
    const std::string path = "/proc/self/fd/" + std::to_string(fd);
    std::size_t records = 0, bytes = 0;
    util::LinkType link{};
    bool linkKnown = false;
    try {
        const util::PcapSummary summary =
            util::readPcapFile(path, "--pcap", [&](const util::PcapRecord& r) {
                ++records;
                FUZZ_CHECK(r.number == records, "record {} numbered {}", records, r.number);
                if (linkKnown) {
                    FUZZ_CHECK(r.linkType == link, "link type changed at record {}", r.number);
                }
                link = r.linkType;
                linkKnown = true;
                bytes += r.data.size() + kRecordHeader;
                FUZZ_CHECK(kFileHeader + bytes <= size,
                           "record {} of {} bytes: {} bytes read from a {}-byte file", r.number,
                           r.data.size(), kFileHeader + bytes, size);
                try {
                    (void)util::parseUdpFrame(r.linkType, r.data);
                } catch (const wire::WireError& e) {
                    FUZZ_CHECK(e.offset() <= r.data.size(), "frame error offset {} past {} bytes",
                               e.offset(), r.data.size());
                }
            });
        FUZZ_CHECK(summary.records == records, "summary says {} records, {} seen", summary.records,
                   records);
        FUZZ_CHECK(!linkKnown || summary.linkType == link, "summary link type differs");
        FUZZ_CHECK(summary.readError.empty() || oneLine(summary.readError),
                   "read error not one line: {}", summary.readError);
    } catch (const util::PcapFileError& e) {
        const std::string what = e.what();
        FUZZ_CHECK(what.starts_with("--pcap '") && oneLine(what), "error message: {}", what);
        FUZZ_CHECK(records == 0, "PcapFileError after {} records", records);
    }
    return 0;
}
