// Which mappings the daemon may drop from its resident set once serving (clean, read-only,
// private, file-backed), from smaps text; and that dropping such a mapping changes nothing but
// residency: the bytes read afterwards are the file's.
#include <doctest/doctest.h>

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include "resident_memory.hpp"

using dhcplite::daemon::cleanFileRanges;
using dhcplite::daemon::dropResidentPages;
using dhcplite::daemon::PageRange;

namespace {

std::string mapping(const char* header, int anonymousKb, bool withAnonymousLine = true) {
    std::string s =
        std::string(header) + "\nSize:                 64 kB\nRss:                  16 kB\n";
    if (withAnonymousLine) {
        s += "Anonymous:             " + std::to_string(anonymousKb) + " kB\n";
    }
    s += "VmFlags: rd ex mr mw me\n";
    return s;
}

// The Rss: of the mapping starting at `start`, from /proc/self/smaps.
std::size_t residentKb(std::uintptr_t start) {
    std::ifstream in("/proc/self/smaps");
    std::string line;
    bool inside = false;
    while (std::getline(in, line)) {
        const auto dash = line.find('-');
        // Header lines start with the hex address range; field lines with a capitalised key.
        const char c = line.empty() ? ' ' : line[0];
        if (dash != std::string::npos && ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
            inside = std::strtoull(line.substr(0, dash).c_str(), nullptr, 16) == start;
            continue;
        }
        if (inside && line.rfind("Rss:", 0) == 0) {
            return std::strtoull(line.c_str() + 4, nullptr, 10);
        }
    }
    return ~std::size_t{0};
}

}  // namespace

TEST_CASE("only clean, read-only, private file mappings are taken") {
    const std::string smaps =
        mapping("55d0c0a00000-55d0c0a10000 r--p 00000000 08:01 1234 /usr/sbin/dhcplite", 0) +
        mapping("55d0c0a10000-55d0c0b20000 r-xp 00010000 08:01 1234 /usr/sbin/dhcplite", 0) +
        mapping("55d0c0b20000-55d0c0b30000 r--p 00120000 08:01 1234 /usr/sbin/dhcplite",
                8) +  // RELRO: written
        mapping("55d0c0b30000-55d0c0b31000 rw-p 00130000 08:01 1234 /usr/sbin/dhcplite",
                4) +  // .data
        mapping("55d0c1000000-55d0c1021000 rw-p 00000000 00:00 0    [heap]", 132) +
        mapping(
            "7f0000000000-7f0000100000 r-xp 00000000 08:01 99   "
            "/usr/lib/x86_64-linux-gnu/libc.so.6",
            0) +
        mapping("7f0000200000-7f0000210000 r--s 00000000 08:01 77   /dev/shm/shared",
                0) +  // shared
        mapping("7f0000300000-7f0000301000 r--p 00000000 08:01 78   /etc/no-anonymous-line", 0,
                false) +
        mapping(
            "7f0000400000-7f0000401000 ---p 00000000 08:01 99   "
            "/usr/lib/x86_64-linux-gnu/libc.so.6",
            0) +
        mapping("7ffd00000000-7ffd00002000 r-xp 00000000 00:00 0    [vdso]", 0) +
        mapping("7ffd00010000-7ffd00031000 rw-p 00000000 00:00 0    [stack]", 72);
    const std::vector<PageRange> expected{
        {0x55d0c0a00000, 0x55d0c0a10000},
        {0x55d0c0a10000, 0x55d0c0b20000},
        {0x7f0000000000, 0x7f0000100000},
        {0x7f0000400000, 0x7f0000401000},  // a guard region: nothing resident, harmless
    };
    CHECK(cleanFileRanges(smaps) == expected);
    CHECK(cleanFileRanges("").empty());
    CHECK(cleanFileRanges("garbage\nAnonymous: 0 kB\n").empty());
    // A path with spaces is still a path; a truncated header line is not a mapping.
    CHECK(cleanFileRanges(mapping("1000-2000 r-xp 00000000 08:01 5 /opt/my app/lib.so", 0)) ==
          std::vector<PageRange>{{0x1000, 0x2000}});
    CHECK(cleanFileRanges(mapping("1000-2000 r-xp", 0)).empty());
    CHECK(cleanFileRanges(mapping("2000-1000 r-xp 00000000 08:01 5 /lib.so", 0)).empty());
}

TEST_CASE("this process's own smaps yields its code") {
    const auto ranges = dhcplite::daemon::readCleanFileRanges();
    CHECK_FALSE(ranges.empty());
    const auto self = reinterpret_cast<std::uintptr_t>(&cleanFileRanges);
    bool found = false;
    for (const auto& r : ranges) {
        found = found || (self >= r.start && self < r.end);
    }
    CHECK(found);  // the function's own code is in a droppable mapping
}

TEST_CASE("dropping a clean file mapping keeps its contents") {
    char path[] = "/tmp/dhcplite-resident-XXXXXX";
    const int fd = ::mkstemp(path);
    REQUIRE(fd >= 0);
    const long page = ::sysconf(_SC_PAGESIZE);
    std::string content(static_cast<std::size_t>(page) * 4, '\0');
    for (std::size_t i = 0; i < content.size(); ++i) {
        content[i] = static_cast<char>('a' + i % 26);
    }
    REQUIRE(::write(fd, content.data(), content.size()) == static_cast<ssize_t>(content.size()));
    void* p = ::mmap(nullptr, content.size(), PROT_READ, MAP_PRIVATE, fd, 0);
    REQUIRE(p != MAP_FAILED);
    const auto* bytes = static_cast<const char*>(p);
    CHECK(std::string(bytes, content.size()) == content);  // now resident
    const auto start = reinterpret_cast<std::uintptr_t>(p);
    const PageRange range{start, start + content.size()};
    CHECK(residentKb(start) == static_cast<std::size_t>(page) * 4 / 1024);
    CHECK(dropResidentPages(std::span(&range, 1)) == content.size());
    CHECK(residentKb(start) == 0);                         // no longer in our resident set...
    CHECK(std::string(bytes, content.size()) == content);  // ...and reading gives the file's bytes
    CHECK(residentKb(start) > 0);
    ::munmap(p, content.size());
    ::close(fd);
    ::unlink(path);
}
