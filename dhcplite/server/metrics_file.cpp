#include "metrics_file.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

namespace dhcplite::daemon {

int writeFileAtomically(const std::string& path, std::string_view text) {
    const std::string tmp = path + ".tmp";
    const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) {
        return errno;
    }
    int err = ::fchmod(fd, 0644) == 0 ? 0 : errno;
    // Bounded: each round writes something or fails; a regular file takes it all at once.
    for (std::size_t done = 0; err == 0 && done < text.size();) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n > 0) {
            done += static_cast<std::size_t>(n);
        } else if (n == 0 || errno != EINTR) {
            err = n == 0 ? EIO : errno;
        }
    }
    // close() reports a failed write-back (NFS, a full disk) that write() did not.
    if (::close(fd) != 0 && err == 0) {
        err = errno;
    }
    if (err == 0 && ::rename(tmp.c_str(), path.c_str()) != 0) {
        err = errno;
    }
    if (err != 0) {
        ::unlink(tmp.c_str());
    }
    return err;
}

}  // namespace dhcplite::daemon
