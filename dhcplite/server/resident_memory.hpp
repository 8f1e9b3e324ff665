#pragma once
// Giving back the pages only start-up needed. Loading the config runs yaml-cpp, Boost's option
// parser, the privilege code and much of libstdc++; the kernel maps every page of code they touch,
// and 64 KiB around each (fault-around), so a daemon whose packet path touches a few dozen pages
// of code shows megabytes of resident shared-library text. Once serving, those pages are only
// page cache: we unmap them from our address space (MADV_DONTNEED), and what the packet path runs
// comes back on first use. Only clean, read-only, private file mappings are touched -- code and
// constant data that are byte for byte the file's, so dropping them changes nothing but the
// resident count; anything written (relocations, .data, the heap) is left alone. It is what the
// kernel does to such pages under memory pressure anyway, done when we know start-up is over.
// docs/performance.md has the figures.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace dhcplite::daemon {

struct PageRange {
    std::uintptr_t start = 0;
    std::uintptr_t end = 0;  // exclusive
    bool operator==(const PageRange&) const = default;
};

// From the text of /proc/<pid>/smaps: the mappings that are file-backed (a path starting with
// '/'), private, not writable, and have no anonymous (copy-on-write) page. Lines it does not
// understand are skipped; a mapping whose Anonymous: line is missing is not taken.
std::vector<PageRange> cleanFileRanges(std::string_view smaps);

// cleanFileRanges of /proc/self/smaps; empty when it cannot be read. Read it while still
// privileged: after setuid the process is not dumpable and its /proc files are root's.
std::vector<PageRange> readCleanFileRanges();

// MADV_DONTNEED on each range; returns the bytes advised (not all of them were resident).
std::size_t dropResidentPages(std::span<const PageRange> ranges) noexcept;

}  // namespace dhcplite::daemon
