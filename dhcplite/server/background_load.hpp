#pragma once
// A reload's slow part off the event loop: reading, parsing and compiling the config file runs on
// a thread of its own while the loop keeps answering with the old config; an eventfd tells the
// loop when the result is there, and the loop swaps it in (or logs the error). 100,000 site
// profiles take seconds to load; answering nothing for that long would drop what does not fit
// the socket buffer (a reload without a lost answer, docs/performance.md).
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

#include "dhcplite/compiled_config.hpp"
#include "unique_fd.hpp"

namespace dhcplite::daemon {

class BackgroundLoad {
public:
    using Load = std::function<std::shared_ptr<const CompiledConfig>()>;
    struct Result {
        std::shared_ptr<const CompiledConfig> config;  // set on success
        std::exception_ptr error;                      // set on failure (what `load` threw)
    };

    BackgroundLoad();   // StartupError (71) if no eventfd
    ~BackgroundLoad();  // waits for a load still running
    BackgroundLoad(const BackgroundLoad&) = delete;
    BackgroundLoad& operator=(const BackgroundLoad&) = delete;

    // Readable once a started load has finished.
    int fd() const noexcept { return done_.get(); }
    bool busy() const noexcept { return running_; }
    // Runs `load` on a new thread. Only when !busy().
    void start(Load load);
    // After fd() became readable: the outcome; the thread is joined and busy() is false again.
    Result take();
    // Drops the config a reload replaced, and hands the freed memory back to the system
    // (malloc_trim), on a thread too: for 100,000 sites that is a million frees and a walk over
    // the heap, a quarter of a second the loop would not answer. The next start() waits for it.
    // `then` runs on that thread afterwards.
    void retire(std::shared_ptr<const CompiledConfig> old, std::function<void()> then = {});

private:
    UniqueFd done_;
    std::thread thread_;
    bool running_ = false;
    std::mutex mutex_;
    Result result_;
};

}  // namespace dhcplite::daemon
