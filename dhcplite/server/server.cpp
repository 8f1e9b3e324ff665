#include "server.hpp"

#include <malloc.h>
#include <signal.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include <fmt/format.h>

#include "privileges.hpp"
#include "resident_memory.hpp"
#include "server_loop.hpp"
#include "start_checks.hpp"
#include "startup_error.hpp"
#include "udp_socket.hpp"
#include "util/text.hpp"
#include "wire/hex.hpp"
#include "worker_pool.hpp"

namespace dhcplite::daemon {
namespace {

using util::ExitCode;

// STATUS= refresh when no watchdog asks for more often.
constexpr std::chrono::seconds kStatusInterval{30};

// Names from the config or the system, comma-separated and escaped for the log.
std::string displayList(const std::vector<std::string>& items) {
    return util::joined(items, ",", [](const std::string& i) { return wire::escapeForDisplay(i); });
}

std::string signalName(int signo) {
    const char* abbrev = ::sigabbrev_np(signo);
    return abbrev != nullptr ? fmt::format("SIG{}", abbrev) : std::to_string(signo);
}

// open(2) of a FIFO blocks until a writer comes, and a reload runs in the loop that answers:
// a FIFO (or a device) put where the config was would stop the daemon for good. A symlink to a
// regular file is fine; a missing file is left to the loader's own message.
void requireRegularFile(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
        throw config::ConfigFileError(fmt::format(
            "cannot read config '{}': not a regular file (a reload reads regular files only)",
            path));
    }
}

}  // namespace

std::shared_ptr<const CompiledConfig> loadCompiledConfig(const std::string& path) {
    return CompiledConfig::compile(config::loadConfigFile(path));
}

std::string configSummary(const config::Config& config) {
    const std::size_t profiles = config.sites.size() + (config.defaultProfile ? 1 : 0);
    std::vector<std::string> classes;
    classes.reserve(config.vendorClasses.size());
    for (const auto& vc : config.vendorClasses) {
        classes.push_back(vc.mode == config::MatchMode::Prefix ? vc.match + "*" : vc.match);
    }
    return fmt::format(
        "{}: OK: {} profile{} ({}{} site{}), {} vendor class{} ({}), interfaces {}, user {}, "
        "log-level {}",
        wire::escapeForDisplay(config.sourceName), profiles, profiles == 1 ? "" : "s",
        config.defaultProfile ? "default + " : "no default, ", config.sites.size(),
        config.sites.size() == 1 ? "" : "s", classes.size(), classes.size() == 1 ? "" : "es",
        displayList(classes), config.interfaces.empty() ? "all" : displayList(config.interfaces),
        config.user ? wire::escapeForDisplay(*config.user)
                    : (config.runAsRoot ? "(as started, run-as-root)" : "(as started)"),
        config::logLevelName(config.logLevel));
}

int checkConfig(const Options& options) {
    try {
        // The summary counts sites, which the compiled config no longer keeps: it is written
        // from the loaded Config, and printed only once that compiles.
        config::Config loaded = config::loadConfigFile(options.configPath);
        const std::string summary = configSummary(loaded);
        // What a start on this host would refuse (start_checks.hpp), before the summary says OK.
        const auto checks = checkStart(loaded, options.configPath);
        (void)CompiledConfig::compile(std::move(loaded));
        for (const auto& line : checks.warnings) {
            std::fputs((line + "\n").c_str(), stderr);
        }
        for (const auto& line : checks.errors) {
            std::fputs((line + "\n").c_str(), stderr);
        }
        if (!checks.errors.empty()) {
            return util::toInt(ExitCode::Config);
        }
        std::fputs((summary + "\n").c_str(), stdout);
        return util::toInt(ExitCode::Ok);
    } catch (const config::ConfigFileError& e) {
        std::fputs((std::string(e.what()) + "\n").c_str(), stderr);
        return util::toInt(ExitCode::NoInput);
    } catch (const config::ConfigError& e) {
        std::fputs((std::string(e.what()) + "\n").c_str(), stderr);
        return util::toInt(ExitCode::Config);
    }
}

Server::Server(Options options, Logger& log)
    : options_(std::move(options)), log_(log), batch_(std::make_unique<PacketBatch>()) {}

Server::~Server() = default;

int Server::run() {
    // Signals first: from here on SIGTERM waits in the signalfd instead of killing a half-bound
    // process, and is handled as soon as the loop runs.
    loop_ = std::make_unique<Loop>();

    try {
        config_ = loadCompiledConfig(options_.configPath);
    } catch (const config::ConfigFileError& e) {
        throw StartupError(ExitCode::NoInput, e.what());
    } catch (const config::ConfigError& e) {
        throw StartupError(ExitCode::Config, e.what());
    }
    const config::Config& cfg = config_->settings();
    log_.setLevel(options_.logLevel.value_or(cfg.logLevel));
    sites_.adopt(config_);
    stats_.sites = &sites_;

    // Decide about privileges before binding, so a refusal costs nothing.
    const auto runAs = resolveRunAs(cfg);
    const auto plan = planPrivileges(::geteuid(), ::getegid(), runAs, cfg.runAsRoot);
    if (plan.action == PrivilegeAction::Refuse) {
        throw StartupError(plan.code, plan.message);
    }

    const auto all = listInterfaces();
    const auto selection = selectInterfaces(all, cfg.interfaces);
    if (!selection.error.empty()) {
        throw StartupError(ExitCode::Unavailable, selection.error);
    }
    for (const auto& w : selection.warnings) {
        log_.warning("{}", w);
    }
    reusePort_ = cfg.workers > 1;
    openSockets(selection, !cfg.interfaces.empty());
    filter_ = InterfaceFilter(selection.selected, all);
    auto workerSockets = openWorkerSockets(selection, !cfg.interfaces.empty(), cfg.workers - 1);

    openControl(runAs);  // still privileged: the socket file is chowned to the user we become

    // Still privileged: /proc/self/smaps is ours to read only until the drop.
    loop_->startupPages = readCleanFileRanges();
    const auto capabilityWarning = applyPrivileges(plan, runAs);
    for (const auto* w : {&plan.message, &capabilityWarning}) {
        if (!w->empty()) {
            log_.warning("{}", *w);
        }
    }
    log_.debug("credentials {}", currentCredentials());

    for (std::size_t i = 0; i < sockets_.size(); ++i) {
        const int fd = sockets_[i].get();
        loop_->events.add(fd, [this, fd] { batch_->drain(fd, *config_, filter_, stats_, log_); });
    }
    loop_->events.add(loop_->signals.fd(), [this] { onSignal(); });
    loop_->events.add(loop_->reloads.fd(), [this] { finishReload(); });
    watchInterfaces();
    startControl();
    if (notifier_.enabled()) {
        const auto interval = std::min<std::chrono::microseconds>(
            notifier_.watchdogInterval().value_or(kStatusInterval), kStatusInterval);
        loop_->timer.emplace(interval);
        loop_->events.add(loop_->timer->fd(), [this] {
            loop_->timer->acknowledge();
            if (notifier_.watchdogInterval()) {
                notifier_.watchdog();
            }
            notifier_.status(formatStatus(allStats()));
        });
    }
    if (!workerSockets.empty()) {
        loop_->workers.start(
            std::move(workerSockets),
            WorkerView{config_, std::make_shared<const InterfaceFilter>(filter_), log_.level()},
            log_);
        log_.info("workers={} (SO_REUSEPORT; broadcasts are answered by the first)", cfg.workers);
    }

    startMetrics();

    log_.info("started version={} config={} interfaces={} sockets={} profiles={} credentials={}",
              DHCPLITE_VERSION, quoted(options_.configPath), interfaceNames(filter_.interfaces()),
              wildcard_ ? "one-for-all" : "one-per-interface", config_->profileCount(),
              quoted(runAs ? fmt::format("{}:{}", runAs->user, runAs->group)
                           : fmt::format("uid {}", ::getuid())));
    notifier_.ready(formatStatus(stats_));
    // What loading and compiling the config left free goes back to the system before serving,
    // and so do the pages of code and constants only start-up ran (resident_memory.hpp). Last
    // thing before the loop: whatever runs after it maps its pages in again.
    ::malloc_trim(0);
    dropResidentPages(loop_->startupPages);

    loop_->events.run();

    notifier_.stopping();
    stopControl();
    loop_->workers.stop();
    batch_->flushSuppressed(log_);
    log_.info("stopped counters {}", formatStats(allStats()));
    return util::toInt(ExitCode::Ok);
}

void Server::openSockets(const InterfaceSelection& selection, bool named) {
    wildcard_ = !named;
    boundInterfaces_.clear();
    if (named) {
        // One socket per named interface, bound with SO_BINDTODEVICE: the kernel then delivers
        // only that interface's datagrams, so traffic on interfaces we do not serve never
        // reaches our queue, and a flood on one does not fill the buffer of another.
        for (const auto& i : selection.selected) {
            sockets_.push_back(
                openDhcpSocket(SocketSpec{.device = i.name, .reusePort = reusePort_}));
            boundInterfaces_.push_back(i.name);
            deviceSockets_.push_back(DeviceSocket{i.name, i.index});
        }
        // And one unbound, its filter admitting no interface yet: a named interface that is
        // deleted and created again gets a new index its device socket never hears, and a new
        // bind would need the privilege dropped in a moment (interface_watch.hpp). Without it
        // such an interface needs a restart; that is no reason not to start.
        try {
            sockets_.push_back(
                openDhcpSocket(SocketSpec{.admitIfindexes = std::vector<unsigned>{}}));
            sharedSocket_ = sockets_.back().get();
        } catch (const StartupError& e) {
            log_.warning("{}; an interface re-created while running will need a restart", e.what());
        }
    } else {
        // Every up IPv4 interface but loopback: one socket, and IP_PKTINFO's ifindex checked
        // against the list per packet. A reload re-reads the list without new sockets.
        sockets_.push_back(openDhcpSocket(SocketSpec{.reusePort = reusePort_}));
    }
}

std::vector<std::vector<UniqueFd>> Server::openWorkerSockets(const InterfaceSelection& selection,
                                                             bool named, std::uint32_t extra) {
    // Each extra worker gets what the first has, joined to its SO_REUSEPORT groups: one socket
    // for all interfaces, or one per named interface (an interface re-created while running is
    // heard by the first worker's shared socket only).
    std::vector<std::vector<UniqueFd>> sets(extra);
    for (auto& set : sets) {
        if (named) {
            for (const auto& i : selection.selected) {
                set.push_back(openDhcpSocket(
                    SocketSpec{.device = i.name, .reusePort = true, .unicastOnly = true}));
            }
        } else {
            set.push_back(openDhcpSocket(SocketSpec{.reusePort = true, .unicastOnly = true}));
        }
    }
    return sets;
}

void Server::publishToWorkers() {
    if (loop_ && loop_->workers.size() > 0) {
        loop_->workers.publish(
            WorkerView{config_, std::make_shared<const InterfaceFilter>(filter_), log_.level()});
    }
}

Stats Server::allStats() const {
    Stats all = stats_;
    if (loop_) {
        all += loop_->workers.stats();
    }
    return all;
}

SiteTotals Server::allSiteTotals() const {
    SiteTotals all = sites_.snapshot();
    if (loop_) {
        loop_->workers.addSiteTotals(all);
    }
    return all;
}

void Server::onSignal() {
    while (const auto signo = loop_->signals.next()) {
        switch (*signo) {
        case SIGTERM:
        case SIGINT:
            log_.info("stopping signal={}", signalName(*signo));
            loop_->events.stop();
            return;
        case SIGHUP: reload(); break;
        case SIGUSR1: logCounters(); break;
        default: break;
        }
    }
}

void Server::reload() {
    if (loop_->reloads.busy()) {
        reloadAgain_ = true;  // the file may have changed again since the load began
        return;
    }
    notifier_.reloading();
    reloadStarted_ = std::chrono::steady_clock::now();
    loop_->reloads.start([path = options_.configPath] {
        requireRegularFile(path);
        return loadCompiledConfig(path);
    });
}

void Server::finishReload() {
    auto result = loop_->reloads.take();
    const auto started = reloadStarted_;
    try {
        if (result.error) {
            std::rethrow_exception(result.error);
        }
        auto next = std::move(result.config);
        const config::Config& cfg = next->settings();
        const config::Config& old = config_->settings();
        if (cfg.user != old.user || cfg.group != old.group || cfg.runAsRoot != old.runAsRoot) {
            log_.warning(
                "reload: user, group and run-as-root changes take effect at the next "
                "restart");
        }
        if (cfg.workers != old.workers) {
            log_.warning("reload: workers changed to {}; {} keep serving until the next restart",
                         cfg.workers, old.workers);
        }
        if (cfg.controlSocket != controlPath_ || cfg.metricsFile != metricsPath_ ||
            cfg.metricsInterval != metricsInterval_) {
            log_.warning(
                "reload: control-socket and metrics-file changes take effect at the next restart");
        }
        refreshInterfaces(cfg);
        auto replaced = std::exchange(config_, std::move(next));
        sites_.adopt(config_);  // per-site counts carried over by name; the totals stay as they are
        log_.setLevel(options_.logLevel.value_or(cfg.logLevel));
        publishToWorkers();
        // `old` (its settings) is not used below. The load ran yaml-cpp's pages in again.
        loop_->reloads.retire(std::move(replaced),
                              [pages = &loop_->startupPages] { dropResidentPages(*pages); });
        ++stats_.reloadsOk;
        reloadSucceeded();
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
        log_.info("reloaded config={} profiles={} duration-ms={}", quoted(options_.configPath),
                  config_->profileCount(), ms);
    } catch (const config::ConfigError& e) {
        failReload(e.what(), e.file(), e.line(), e.column());
    } catch (const std::exception& e) {
        // ConfigFileError, or anything compile() ran into: the old config serves on.
        failReload(e.what(), options_.configPath, 0, 0);
    }
    notifier_.ready(formatStatus(allStats()));
    if (std::exchange(reloadAgain_, false)) {
        reload();
    }
}

void Server::failReload(const std::string& message, const std::string& file, std::size_t line,
                        std::size_t column) {
    ++stats_.reloadsFailed;
    log_.error("reload failed, still serving the previous configuration error={}", quoted(message));
    reloadFailed(message, file, line, column);
}

void Server::refreshInterfaces(const config::Config& next) {
    if (!wildcard_ && next.interfaces != boundInterfaces_) {
        log_.info(
            "reload: listen.interfaces is now {}; sockets bound at start to {} stay, any "
            "other interface is heard through the shared socket",
            next.interfaces.empty() ? "all" : displayList(next.interfaces),
            displayList(boundInterfaces_));
    }
    serveInterfaces(next.interfaces, true);
}

void Server::serveInterfaces(const std::vector<std::string>& named, bool reloading) {
    const char* why = reloading ? "reload" : "interfaces changed";
    std::vector<InterfaceInfo> all;
    try {
        all = listInterfaces();
    } catch (const StartupError& e) {
        log_.warning("{}: {}; keeping interfaces {}", why, e.what(),
                     interfaceNames(filter_.interfaces()));
        return;
    }
    const auto plan = planServing(all, named, deviceSockets_);
    for (const auto& name : plan.missing) {
        // On reload every time (the admin just asked for it); on a change only as it goes.
        if (reloading || std::any_of(filter_.interfaces().begin(), filter_.interfaces().end(),
                                     [&](const InterfaceInfo& i) { return i.name == name; })) {
            log_.warning(
                "{}: interface {} (listen.interfaces) does not exist now; it is "
                "served again once it does",
                why, wire::escapeForDisplay(name));
        }
    }
    if (plan.served.empty() && (reloading || !filter_.interfaces().empty())) {
        log_.warning(
            "{}: no interface to answer on now (none up with IPv4 but loopback, or "
            "none of listen.interfaces exists); answering resumes when one is",
            why);
    }
    for (const auto& line : describeServingChanges(filter_.interfaces(), plan.served)) {
        log_.info("{}: {}", why, line);
    }
    if (sharedSocket_ >= 0 && plan.viaShared != sharedAdmits_) {
        for (const auto& i : plan.served) {
            if (std::ranges::binary_search(plan.viaShared, i.index) &&
                !std::ranges::binary_search(sharedAdmits_, i.index)) {
                log_.info(
                    "{}: interface {} index={} is heard through the shared socket (no "
                    "socket is bound to that index)",
                    why, wire::escapeForDisplay(i.name), i.index);
            }
        }
        if (const int err = setIfindexFilter(sharedSocket_, plan.viaShared); err != 0) {
            log_.error(
                "{}: cannot update the shared socket's interface filter: {}; interfaces "
                "its device socket does not hear need a restart",
                why, describeErrno(err));
        } else {
            sharedAdmits_ = plan.viaShared;
        }
    }
    filter_ = InterfaceFilter(plan.served, all);
    publishToWorkers();
}

void Server::watchInterfaces() {
    try {
        loop_->interfaces.emplace();
    } catch (const StartupError& e) {
        log_.warning("{}; interface changes are picked up on SIGHUP only", e.what());
        return;
    }
    loop_->events.add(loop_->interfaces->fd(), [this] {
        if (loop_->interfaces->drain()) {
            serveInterfaces(config_->settings().interfaces, false);
        }
    });
}

void Server::logCounters() {
    batch_->flushSuppressed(log_);
    const Stats all = allStats();
    log_.write(LogLevel::Info, fmt::format("counters {}", formatStats(all)));
    notifier_.status(formatStatus(all));
}

}  // namespace dhcplite::daemon
