#include "background_load.hpp"

#include <malloc.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <utility>

#include <fmt/format.h>

#include "startup_error.hpp"

namespace dhcplite::daemon {
namespace {

constexpr int kLoadNice = 10;

}  // namespace

BackgroundLoad::BackgroundLoad() : done_(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC)) {
    if (!done_) {
        throw StartupError(util::ExitCode::OsErr, fmt::format("eventfd: {}", describeErrno(errno)));
    }
}

BackgroundLoad::~BackgroundLoad() {
    if (thread_.joinable()) {
        thread_.join();
    }
}

void BackgroundLoad::start(Load load) {
    if (thread_.joinable()) {
        thread_.join();  // a retire() still freeing
    }
    running_ = true;
    thread_ = std::thread([this, load = std::move(load)] {
        // Answering comes first: where the loop and the load share a CPU, the loop gets about
        // ten times the load's share (nice 10; Linux takes a thread id here, setpriority(2)).
        // Failing to lower it is harmless.
        (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kLoadNice);
        Result r;
        try {
            r.config = load();
        } catch (...) {
            r.error = std::current_exception();
        }
        {
            const std::lock_guard lock(mutex_);
            result_ = std::move(r);
        }
        const std::uint64_t one = 1;
        // Cannot fail short of a counter overflow (2^64 - 1 loads); the loop would then wait
        // for the next SIGHUP, which is all an admin could do anyway.
        [[maybe_unused]] const auto n = ::write(done_.get(), &one, sizeof one);
    });
}

void BackgroundLoad::retire(std::shared_ptr<const CompiledConfig> old, std::function<void()> then) {
    if (thread_.joinable()) {
        thread_.join();
    }
    thread_ = std::thread([old = std::move(old), then = std::move(then)]() mutable {
        (void)::setpriority(PRIO_PROCESS, static_cast<id_t>(::gettid()), kLoadNice);
        old.reset();  // the last reference, unless a worker still holds it: then it frees it
        ::malloc_trim(0);
        if (then) {
            then();
        }
    });
}

BackgroundLoad::Result BackgroundLoad::take() {
    std::uint64_t count = 0;
    [[maybe_unused]] const auto n = ::read(done_.get(), &count, sizeof count);
    if (thread_.joinable()) {
        thread_.join();
    }
    running_ = false;
    const std::lock_guard lock(mutex_);
    return std::exchange(result_, Result{});
}

}  // namespace dhcplite::daemon
