#pragma once
// The one way both programs show an OS error: "EADDRINUSE (Address already in use)", the
// symbolic name to grep for and the text that explains it. strerrorname_np/strerrordesc_np
// (glibc ≥ 2.32) are thread-safe and never localised, unlike strerror.
#include <string.h>

#include <fmt/format.h>

#include <string>

namespace dhcplite::util {

inline std::string describeErrno(int error) {
    const char* name = ::strerrorname_np(error);
    const char* text = ::strerrordesc_np(error);
    if (name == nullptr || text == nullptr) {
        return fmt::format("errno {}", error);
    }
    return fmt::format("{} ({})", name, text);
}

}  // namespace dhcplite::util
