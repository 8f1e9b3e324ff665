#pragma once
// The daemon's life: load and compile the config, bind, drop privileges, serve until SIGTERM,
// reload on SIGHUP. Owns every resource; the packet path is PacketBatch, the decisions respond().
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "dhcplite/compiled_config.hpp"
#include "interfaces.hpp"
#include "logger.hpp"
#include "notify.hpp"
#include "options.hpp"
#include "packet_batch.hpp"
#include "stats.hpp"
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
    void reload();
    void refreshInterfaces(const config::Config& next);
    void logCounters();

    Options options_;
    Logger& log_;
    Notifier notifier_;
    Stats stats_;
    std::shared_ptr<const CompiledConfig> config_;
    // What was bound at start; a reload cannot change it without privileges we no longer have.
    std::vector<std::string> boundInterfaces_;
    bool wildcard_ = false;  // one socket for all interfaces, filtered per packet
    std::vector<UniqueFd> sockets_;
    InterfaceFilter filter_;
    std::unique_ptr<PacketBatch> batch_;
    struct Loop;
    std::unique_ptr<Loop> loop_;
};

}  // namespace dhcplite::daemon
