#pragma once
// Writes the metrics file for node_exporter's textfile collector: PATH.tmp, then rename(2), so
// a reader sees the old file or the new one, never half of one (metrics_format.hpp has the
// text). Mode 0644 whatever the umask: node_exporter runs as another user.
#include <string>
#include <string_view>

namespace dhcplite::daemon {

// 0, or the errno of the step that failed (the temporary file is removed then).
int writeFileAtomically(const std::string& path, std::string_view text);

}  // namespace dhcplite::daemon
