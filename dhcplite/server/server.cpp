#include "server.hpp"

#include <signal.h>
#include <string.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include <fmt/format.h>

#include "event_loop.hpp"
#include "privileges.hpp"
#include "startup_error.hpp"
#include "udp_socket.hpp"
#include "wire/hex.hpp"

namespace dhcplite::daemon {
namespace {

using util::ExitCode;

// STATUS= refresh when no watchdog asks for more often.
constexpr std::chrono::seconds kStatusInterval{30};

std::string signalName(int signo) {
    const char* abbrev = ::sigabbrev_np(signo);
    return abbrev != nullptr ? fmt::format("SIG{}", abbrev) : std::to_string(signo);
}

std::string joined(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& i : items) {
        if (!out.empty()) {
            out += ',';
        }
        out += wire::escapeForDisplay(i);
    }
    return out;
}

}  // namespace

struct Server::Loop {
    SignalFd signals;
    EventLoop events;
    std::optional<TimerFd> timer;
};

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
        joined(classes), config.interfaces.empty() ? "all" : joined(config.interfaces),
        config.user ? wire::escapeForDisplay(*config.user)
                    : (config.runAsRoot ? "(as started, run-as-root)" : "(as started)"),
        config::logLevelName(config.logLevel));
}

int checkConfig(const Options& options) {
    try {
        const auto compiled = loadCompiledConfig(options.configPath);
        std::fputs((configSummary(compiled->source()) + "\n").c_str(), stdout);
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
    const config::Config& cfg = config_->source();
    log_.setLevel(options_.logLevel.value_or(cfg.logLevel));

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
    openSockets(selection, !cfg.interfaces.empty());

    const auto capabilityWarning = applyPrivileges(plan, runAs);
    for (const auto* w : {&plan.message, &capabilityWarning}) {
        if (!w->empty()) {
            log_.warning("{}", *w);
        }
    }
    log_.debug("credentials {}", currentCredentials());

    for (std::size_t i = 0; i < sockets_.size(); ++i) {
        const int fd = sockets_[i].get();
        loop_->events.add(fd, [this, fd] {
            batch_->run(fd, *config_, filter_, stats_, log_);
        });
    }
    loop_->events.add(loop_->signals.fd(), [this] { onSignal(); });
    if (notifier_.enabled()) {
        const auto interval = std::min<std::chrono::microseconds>(
            notifier_.watchdogInterval().value_or(kStatusInterval), kStatusInterval);
        loop_->timer.emplace(interval);
        loop_->events.add(loop_->timer->fd(), [this] {
            loop_->timer->acknowledge();
            if (notifier_.watchdogInterval()) {
                notifier_.watchdog();
            }
            notifier_.status(formatStatus(stats_));
        });
    }

    log_.info("started version={} config={} interfaces={} sockets={} profiles={} credentials={}",
              DHCPLITE_VERSION, quoted(options_.configPath), interfaceNames(filter_.interfaces()),
              wildcard_ ? "one-for-all" : "one-per-interface", config_->profileCount(),
              quoted(runAs ? fmt::format("{}:{}", runAs->user, runAs->group)
                           : fmt::format("uid {}", ::getuid())));
    notifier_.ready(formatStatus(stats_));

    loop_->events.run();

    notifier_.stopping();
    batch_->flushSuppressed(log_);
    log_.info("stopped counters {}", formatStats(stats_));
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
            sockets_.push_back(openDhcpSocket(SocketSpec{.device = i.name}));
            boundInterfaces_.push_back(i.name);
        }
    } else {
        // Every up IPv4 interface but loopback: one socket, and IP_PKTINFO's ifindex checked
        // against the list per packet. A reload re-reads the list without new sockets.
        sockets_.push_back(openDhcpSocket(SocketSpec{}));
    }
    filter_ = InterfaceFilter(selection.selected);
}

void Server::onSignal() {
    while (const auto signo = loop_->signals.next()) {
        switch (*signo) {
        case SIGTERM:
        case SIGINT:
            log_.info("stopping signal={}", signalName(*signo));
            loop_->events.stop();
            return;
        case SIGHUP:
            reload();
            break;
        case SIGUSR1:
            logCounters();
            break;
        default:
            break;
        }
    }
}

void Server::reload() {
    notifier_.reloading();
    const auto started = std::chrono::steady_clock::now();
    try {
        auto next = loadCompiledConfig(options_.configPath);
        const config::Config& cfg = next->source();
        const config::Config& old = config_->source();
        if (cfg.user != old.user || cfg.group != old.group || cfg.runAsRoot != old.runAsRoot) {
            log_.warning("reload: user, group and run-as-root changes take effect at the next "
                         "restart");
        }
        refreshInterfaces(cfg);
        config_ = std::move(next);
        log_.setLevel(options_.logLevel.value_or(cfg.logLevel));
        ++stats_.reloadsOk;
        const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                            std::chrono::steady_clock::now() - started)
                            .count();
        log_.info("reloaded config={} profiles={} duration-ms={}", quoted(options_.configPath),
                  config_->profileCount(), ms);
    } catch (const std::exception& e) {
        // ConfigError, ConfigFileError, or anything compile() ran into: the old config serves on.
        ++stats_.reloadsFailed;
        log_.error("reload failed, still serving the previous configuration error={}",
                   quoted(std::string_view(e.what())));
    }
    notifier_.ready(formatStatus(stats_));
}

void Server::refreshInterfaces(const config::Config& next) {
    if (!wildcard_) {
        if (next.interfaces != boundInterfaces_) {
            log_.warning("reload: listen.interfaces changed to {} but sockets stay bound to {}; "
                         "restart dhcplite to rebind (binding needs privileges it has dropped)",
                         next.interfaces.empty() ? "all" : joined(next.interfaces),
                         joined(boundInterfaces_));
        }
        return;
    }
    // The wildcard socket hears every interface, so the list is only a filter: re-reading it
    // picks up interfaces that came up since, and a newly named list, without new sockets.
    try {
        const auto all = listInterfaces();
        auto selection = selectInterfaces(all, next.interfaces);
        if (!selection.error.empty()) {
            log_.warning("reload: {}; keeping interfaces {}", selection.error,
                         interfaceNames(filter_.interfaces()));
            return;
        }
        for (const auto& w : selection.warnings) {
            log_.warning("{}", w);
        }
        filter_ = InterfaceFilter(selection.selected);
    } catch (const StartupError& e) {
        log_.warning("reload: {}; keeping interfaces {}", e.what(),
                     interfaceNames(filter_.interfaces()));
    }
}

void Server::logCounters() {
    batch_->flushSuppressed(log_);
    log_.write(LogLevel::Info, fmt::format("counters {}", formatStats(stats_)));
    notifier_.status(formatStatus(stats_));
}

}  // namespace dhcplite::daemon
