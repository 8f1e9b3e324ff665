#include "resident_memory.hpp"

#include <sys/mman.h>

#include <charconv>
#include <fstream>
#include <sstream>
#include <string>

namespace dhcplite::daemon {
namespace {

std::string_view nextWord(std::string_view& line) {
    const auto begin = line.find_first_not_of(' ');
    if (begin == std::string_view::npos) {
        line = {};
        return {};
    }
    line.remove_prefix(begin);
    const auto end = std::min(line.find(' '), line.size());
    const std::string_view word = line.substr(0, end);
    line.remove_prefix(end);
    return word;
}

bool hex(std::string_view text, std::uintptr_t& out) {
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out, 16);
    return !text.empty() && ec == std::errc() && ptr == text.data() + text.size();
}

// "7f12a000-7f12b000 r-xp 00000000 08:01 1234   /usr/lib/x86_64-linux-gnu/libc.so.6"
struct Header {
    PageRange range;
    bool candidate = false;  // file-backed, private, not writable
};

bool parseHeader(std::string_view line, Header& out) {
    const std::string_view span = nextWord(line);
    const std::string_view perms = nextWord(line);
    const auto dash = span.find('-');
    if (dash == std::string_view::npos || perms.size() != 4 ||
        !hex(span.substr(0, dash), out.range.start) || !hex(span.substr(dash + 1), out.range.end) ||
        out.range.end <= out.range.start) {
        return false;
    }
    nextWord(line);  // offset
    nextWord(line);  // device
    nextWord(line);  // inode
    const std::string_view path = nextWord(line);
    out.candidate = perms[1] == '-' && perms[3] == 'p' && path.starts_with('/');
    return true;
}

}  // namespace

std::vector<PageRange> cleanFileRanges(std::string_view smaps) {
    std::vector<PageRange> out;
    Header current;
    bool open = false;  // a candidate whose Anonymous: line has not come yet
    while (!smaps.empty()) {
        const auto eol = std::min(smaps.find('\n'), smaps.size());
        const std::string_view line = smaps.substr(0, eol);
        smaps.remove_prefix(std::min(eol + 1, smaps.size()));
        Header h;
        if (parseHeader(line, h)) {
            current = h;
            open = h.candidate;
            continue;
        }
        if (open && line.starts_with("Anonymous:")) {
            std::string_view rest = line.substr(10);
            const std::string_view kb = nextWord(rest);
            if (kb == "0") {
                out.push_back(current.range);
            }
            open = false;
        }
    }
    return out;
}

std::vector<PageRange> readCleanFileRanges() {
    std::ifstream in("/proc/self/smaps");
    if (!in) {
        return {};
    }
    std::ostringstream text;
    text << in.rdbuf();
    return cleanFileRanges(text.str());
}

std::size_t dropResidentPages(std::span<const PageRange> ranges) noexcept {
    std::size_t bytes = 0;
    for (const PageRange& r : ranges) {
        // The ranges come from the kernel's own page-aligned mapping list.
        if (::madvise(reinterpret_cast<void*>(r.start), r.end - r.start, MADV_DONTNEED) == 0) {
            bytes += r.end - r.start;
        }
    }
    return bytes;
}

}  // namespace dhcplite::daemon
