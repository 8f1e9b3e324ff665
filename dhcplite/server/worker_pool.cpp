#include "worker_pool.hpp"

#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <system_error>

#include <fmt/format.h>

#include "packet_batch.hpp"
#include "startup_error.hpp"

namespace dhcplite::daemon {

struct WorkerPool::Worker {
    explicit Worker(const Logger& l) : log(l) {}

    std::vector<UniqueFd> sockets;
    std::vector<pollfd>
        fds;  // the sockets, then the stop eventfd (poll, not epoll: event_loop.hpp)
    PacketBatch batch;
    Logger log;
    std::thread thread;
    mutable std::mutex statsMutex;  // guards `published`, and `sites` while it is re-laid out
    Stats published;                // the counters as of the last batch, for stats()
    SiteCounters sites;             // counted live; read by addSiteTotals() under statsMutex
};

WorkerPool::WorkerPool() = default;
WorkerPool::~WorkerPool() { stop(); }

void WorkerPool::start(std::vector<std::vector<UniqueFd>> socketSets, const WorkerView& view,
                       const Logger& log) {
    const auto osError = [](const char* what) {
        return StartupError(util::ExitCode::OsErr,
                            fmt::format("workers: {}: {}", what, describeErrno(errno)));
    };
    stopFd_.reset(::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (!stopFd_) {
        throw osError("eventfd");
    }
    publish(view);
    for (auto& set : socketSets) {
        auto w = std::make_unique<Worker>(log);
        w->batch.acceptUnicastOnly();
        w->sockets = std::move(set);
        for (const auto& fd : w->sockets) {
            w->fds.push_back(pollfd{fd.get(), POLLIN, 0});
        }
        w->fds.push_back(pollfd{stopFd_.get(), POLLIN, 0});
        workers_.push_back(std::move(w));
    }
    for (auto& w : workers_) {
        try {
            w->thread = std::thread([this, raw = w.get()] { serve(*raw); });
        } catch (const std::system_error& e) {
            stop();
            throw StartupError(util::ExitCode::OsErr,
                               fmt::format("workers: cannot start a thread: {}", e.what()));
        }
    }
}

void WorkerPool::publish(const WorkerView& view) {
    {
        const std::lock_guard lock(viewMutex_);
        view_ = view;
    }
    generation_.fetch_add(1, std::memory_order_release);
}

void WorkerPool::serve(Worker& w) {
    std::uint64_t seen = ~std::uint64_t{0};
    WorkerView view;
    Stats stats;
    stats.sites = &w.sites;
    const std::size_t sockets = w.fds.size() - 1;  // the last one is the stop eventfd
    while (!stopping_.load(std::memory_order_acquire)) {
        const int n = ::poll(w.fds.data(), w.fds.size(), -1);
        if (n < 0) {
            if (errno == EINTR) {
                continue;
            }
            w.log.error("worker stopped: poll: {}", describeErrno(errno));
            return;
        }
        const std::uint64_t generation = generation_.load(std::memory_order_acquire);
        if (generation != seen) {
            const std::lock_guard lock(viewMutex_);
            view = view_;
            seen = generation;
            w.log.setLevel(view.level);
            const std::lock_guard statsLock(w.statsMutex);
            w.sites.adopt(view.config);  // carried over by name (site_counters.hpp)
        }
        for (std::size_t i = 0; i < sockets && !stopping_.load(std::memory_order_relaxed); ++i) {
            if ((w.fds[i].revents & (POLLIN | POLLERR)) != 0) {
                w.batch.drain(w.fds[i].fd, *view.config, *view.filter, stats, w.log);
            }
        }
        const std::lock_guard lock(w.statsMutex);
        w.published = stats;
    }
    w.batch.flushSuppressed(w.log);
}

void WorkerPool::stop() noexcept {
    if (workers_.empty() || stopping_.exchange(true)) {
        return;
    }
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(stopFd_.get(), &one, sizeof one);
    for (auto& w : workers_) {
        if (w->thread.joinable()) {
            w->thread.join();
        }
    }
}

Stats WorkerPool::stats() const {
    Stats sum;
    for (const auto& w : workers_) {
        const std::lock_guard lock(w->statsMutex);
        sum += w->published;
    }
    return sum;
}

void WorkerPool::addSiteTotals(SiteTotals& into) const {
    for (const auto& w : workers_) {
        const std::lock_guard lock(w->statsMutex);
        addTotals(into, w->sites.snapshot());
    }
}

}  // namespace dhcplite::daemon
