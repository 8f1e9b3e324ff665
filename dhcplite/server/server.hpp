#pragma once
// The daemon's life: load and compile the config, bind, drop privileges, serve until SIGTERM,
// reload on SIGHUP. Owns every resource; the packet path is PacketBatch, the decisions decide().
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dhcplite/compiled_config.hpp"
#include "dhcplite/control_request.hpp"
#include "interface_watch.hpp"
#include "interfaces.hpp"
#include "logger.hpp"
#include "notify.hpp"
#include "options.hpp"
#include "packet_batch.hpp"
#include "privileges.hpp"
#include "site_counters.hpp"
#include "stats.hpp"
#include "stats_report.hpp"
#include "unique_fd.hpp"

namespace dhcplite::daemon {

// Loads and compiles `path`; ConfigFileError and ConfigError pass through.
std::shared_ptr<const CompiledConfig> loadCompiledConfig(const std::string& path);

// --check-config: one summary line on stdout and 0, or the error line on stderr and 66/78.
int checkConfig(const Options& options);

// The --check-config summary: "FILE: OK: 3 profiles (default + 2 sites), 2 vendor classes
// (MS-UC-Client, CPE-OCPHONE), interfaces eth0, user dhcplite, log-level info".
std::string configSummary(const config::Config& config);

class Server {
public:
    Server(Options options, Logger& log);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Starts and serves until SIGTERM/SIGINT; returns the exit code (0). Throws StartupError
    // for anything that prevents starting.
    int run();

private:
    void openSockets(const InterfaceSelection& selection, bool named);
    void onSignal();
    // SIGHUP: starts loading the file on a thread (background_load.hpp); finishReload() swaps
    // the result in on the loop once it is there. A SIGHUP during a load queues one more.
    void reload();
    void finishReload();
    void refreshInterfaces(const config::Config& next);
    // Re-reads the interface list and serves what `named` (empty: all usable) selects now;
    // called on reload and on netlink notifications (interface_watch.hpp).
    void serveInterfaces(const std::vector<std::string>& named, bool reloading);
    void watchInterfaces();
    void logCounters();
    // `workers: N`: the extra workers' sockets (opened with the others, before privileges go),
    // what they share, and the counters of all of them.
    std::vector<std::vector<UniqueFd>> openWorkerSockets(const InterfaceSelection& selection,
                                                         bool named, std::uint32_t extra);
    void publishToWorkers();
    // The control socket and the metrics file (server_control.cpp). openControl binds while
    // the privileges to chown the socket are still there; startControl serves it from the loop.
    void openControl(const std::optional<RunAs>& runAs);
    void startControl();
    std::string answerControl(ControlCommand command) const;
    ServerState serverState() const;
    void startMetrics();
    void writeMetrics();
    void stopControl() noexcept;
    // The end of a reload, for the state the control socket and the metrics report.
    void reloadSucceeded();
    void failReload(const std::string& message, const std::string& file, std::size_t line,
                    std::size_t column);
    void reloadFailed(const std::string& message, const std::string& file, std::size_t line,
                      std::size_t column);
    Stats allStats() const;
    SiteTotals allSiteTotals() const;  // this thread's and the workers', in config_'s layout

    Options options_;
    Logger& log_;
    Notifier notifier_;
    Stats stats_;
    SiteCounters sites_;  // stats_.sites points here
    std::shared_ptr<const CompiledConfig> config_;
    // What was bound at start; a reload cannot change it without privileges we no longer have.
    std::vector<std::string> boundInterfaces_;
    bool wildcard_ = false;  // one socket for all interfaces, filtered per packet
    std::vector<UniqueFd> sockets_;
    // Interfaces named: the device-bound sockets as bound at start, and the shared socket for
    // interfaces none of them hears (re-created, or named by a reload), with the interface
    // indexes its filter admits now. -1: none (nothing named: sockets_[0] hears everything).
    std::vector<DeviceSocket> deviceSockets_;
    int sharedSocket_ = -1;
    std::vector<unsigned> sharedAdmits_;
    InterfaceFilter filter_;
    std::unique_ptr<PacketBatch> batch_;
    bool reusePort_ = false;    // workers > 1: every listening socket joins a SO_REUSEPORT group
    bool reloadAgain_ = false;  // a SIGHUP came during a background load
    std::chrono::steady_clock::time_point reloadStarted_{};
    // What `stats`, `config` and the metrics report besides the counters.
    std::chrono::steady_clock::time_point startedSteady_{};
    std::int64_t startedAt_ = 0;  // Unix seconds
    std::uint64_t configGeneration_ = 1;
    std::int64_t configLoadedAt_ = 0;  // Unix seconds
    std::optional<std::int64_t> lastReloadAt_;
    std::optional<ReloadFailure> lastReloadFailure_;
    UniqueFd controlListener_;  // bound before privileges go; ControlServer takes it
    std::string controlPath_;   // control-socket, metrics-file, metrics-interval as started
    std::string metricsPath_;
    std::uint32_t metricsInterval_ = 5;
    bool metricsFailing_ = false;  // log a failing metrics file once, and once when it works again
    struct Loop;
    std::unique_ptr<Loop> loop_;
};

}  // namespace dhcplite::daemon
