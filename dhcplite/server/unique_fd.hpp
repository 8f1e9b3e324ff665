#pragma once
// The daemon uses the project's one owned-descriptor type.
#include "util/unique_fd.hpp"

namespace dhcplite::daemon {
using util::UniqueFd;
}  // namespace dhcplite::daemon
