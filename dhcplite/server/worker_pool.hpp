#pragma once
// `workers: N` (N > 1): N - 1 threads beside the event loop, each with its own SO_REUSEPORT
// socket(s), its own PacketBatch (buffers, flood guard, log limiters), counters and Logger copy,
// so the data path shares nothing and takes no lock. What they share is published by the loop
// thread as one immutable view (compiled config, interface filter, log level) that a worker
// picks up between batches: a generation number is read per wake, the view copied under a mutex
// only when it changed. The loop thread itself is worker 0: it keeps the signals, the timer,
// interface watching and reloads, and is the only one that answers broadcasts
// (udp_socket.hpp unicastOnly).
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>
#include <vector>

#include "dhcplite/compiled_config.hpp"
#include "interfaces.hpp"
#include "logger.hpp"
#include "site_counters.hpp"
#include "stats.hpp"
#include "unique_fd.hpp"

namespace dhcplite::daemon {

struct WorkerView {
    std::shared_ptr<const CompiledConfig> config;
    std::shared_ptr<const InterfaceFilter> filter;
    LogLevel level = LogLevel::Info;
};

class WorkerPool {
public:
    WorkerPool();
    ~WorkerPool();  // stop()
    WorkerPool(const WorkerPool&) = delete;
    WorkerPool& operator=(const WorkerPool&) = delete;

    // One thread per socket set, each logging through a copy of `log`. StartupError (71) when
    // an eventfd or a thread cannot be made.
    void start(std::vector<std::vector<UniqueFd>> socketSets, const WorkerView& view,
               const Logger& log);
    // A new config, filter or log level for every worker, picked up before its next batch.
    void publish(const WorkerView& view);
    // Tells every worker to finish its batch and end, then joins them. Idempotent.
    void stop() noexcept;
    // The workers' counters, as of their last batch.
    Stats stats() const;
    // Adds the workers' counters by site and vendor class into `into` (by name where a worker
    // still counts in the layout of an older config: it adopts a reload at its next wake).
    void addSiteTotals(SiteTotals& into) const;
    std::size_t size() const noexcept { return workers_.size(); }

private:
    struct Worker;
    void serve(Worker& w);

    std::vector<std::unique_ptr<Worker>> workers_;
    UniqueFd stopFd_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::uint64_t> generation_{0};
    mutable std::mutex viewMutex_;
    WorkerView view_;
};

}  // namespace dhcplite::daemon
