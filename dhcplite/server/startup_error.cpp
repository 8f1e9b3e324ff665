#include "startup_error.hpp"

#include <string.h>

#include <fmt/format.h>

namespace dhcplite::daemon {

std::string describeErrno(int error) {
    // strerrorname_np/strerrordesc_np (glibc ≥ 2.32) are thread-safe and never localised.
    const char* name = ::strerrorname_np(error);
    const char* text = ::strerrordesc_np(error);
    if (name == nullptr || text == nullptr) {
        return fmt::format("errno {}", error);
    }
    return fmt::format("{} ({})", name, text);
}

}  // namespace dhcplite::daemon
