// The Server's reporting side: the control socket (control_socket.hpp), the metrics file
// (metrics_file.hpp) and the state both report (stats_report.hpp). server.cpp runs the rest.
#include <unistd.h>

#include <chrono>

#include "control_socket.hpp"
#include "event_loop.hpp"
#include "metrics_file.hpp"
#include "metrics_format.hpp"
#include "server.hpp"
#include "server_loop.hpp"
#include "startup_error.hpp"

namespace dhcplite::daemon {
namespace {

std::int64_t unixNow() {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace

void Server::openControl(const std::optional<RunAs>& runAs) {
    startedSteady_ = std::chrono::steady_clock::now();
    startedAt_ = unixNow();
    configLoadedAt_ = startedAt_;
    // Fixed at start, like the sockets: a reload cannot re-create them as the daemon's user.
    controlPath_ = config_->settings().controlSocket;
    metricsPath_ = config_->settings().metricsFile;
    metricsInterval_ = config_->settings().metricsInterval;
    if (controlPath_.empty()) {
        return;  // control-socket: off
    }
    // Owned by the user we drop to, so the daemon can remove it at exit, and by its group, so
    // the admins in it can connect (0660).
    std::optional<SocketOwner> owner;
    if (runAs && ::geteuid() == 0) {
        owner = SocketOwner{runAs->uid, runAs->gid};
    }
    try {
        controlListener_ = openControlSocket(controlPath_, owner);
    } catch (const StartupError& e) {
        // The phones come first: a daemon that cannot make its socket (another one holds it, a
        // path it may not write) still answers them, and says so.
        log_.warning("{}; serving without a control socket", e.what());
    }
}

void Server::startControl() {
    if (!controlListener_) {
        return;
    }
    loop_->control = std::make_unique<ControlServer>(
        controlPath_, std::move(controlListener_), loop_->events, log_,
        [this](ControlCommand command) { return answerControl(command); }, [this] { reload(); });
}

void Server::stopControl() noexcept {
    if (loop_) {
        loop_->control.reset();
    }
    if (loop_ && loop_->metricsTimer) {
        ::unlink(metricsPath_.c_str());  // no stale counters for the collector to report as live
    }
}

std::string Server::answerControl(ControlCommand command) const {
    if (command == ControlCommand::Config) {
        return configJson(serverState());
    }
    return statsJson(allStats(), allSiteTotals(), serverState());
}

ServerState Server::serverState() const {
    ServerState state;
    state.version = DHCPLITE_VERSION;
    state.configPath = options_.configPath;
    state.configGeneration = configGeneration_;
    state.configLoadedAt = configLoadedAt_;
    state.startedAt = startedAt_;
    state.uptimeSeconds =
        static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                       std::chrono::steady_clock::now() - startedSteady_)
                                       .count());
    state.workers = static_cast<std::uint32_t>(1 + (loop_ ? loop_->workers.size() : 0));
    for (const auto& i : filter_.interfaces()) {
        state.interfaces.push_back(i.name);
    }
    state.lastReloadAt = lastReloadAt_;
    state.lastReloadFailure = lastReloadFailure_;
    return state;
}

void Server::reloadSucceeded() {
    ++configGeneration_;
    configLoadedAt_ = unixNow();
    lastReloadAt_ = configLoadedAt_;
    lastReloadFailure_.reset();
    if (loop_->control) {
        loop_->control->reloadFinished(reloadJson(serverState(), true));
    }
}

void Server::reloadFailed(const std::string& message, const std::string& file, std::size_t line,
                          std::size_t column) {
    lastReloadAt_ = unixNow();
    lastReloadFailure_ = ReloadFailure{message, file, line, column};
    if (loop_->control) {
        loop_->control->reloadFinished(reloadJson(serverState(), false));
    }
}

void Server::startMetrics() {
    if (metricsPath_.empty()) {
        return;
    }
    loop_->metricsTimer.emplace(std::chrono::seconds(metricsInterval_));
    loop_->events.add(loop_->metricsTimer->fd(), [this] {
        loop_->metricsTimer->acknowledge();
        writeMetrics();
    });
    writeMetrics();  // at once: the collector need not wait a whole interval
}

void Server::writeMetrics() {
    const std::string& path = metricsPath_;
    const int err =
        writeFileAtomically(path, metricsText(allStats(), allSiteTotals(), serverState()));
    if (err != 0 && !metricsFailing_) {
        log_.warning("metrics file {}: cannot write: {}; retrying every {} s", quoted(path),
                     describeErrno(err), metricsInterval_);
    } else if (err == 0 && metricsFailing_) {
        log_.info("metrics file {}: written again", quoted(path));
    }
    metricsFailing_ = err != 0;
}

}  // namespace dhcplite::daemon
