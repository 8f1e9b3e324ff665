#pragma once
// What Server::run() owns while it serves: shared by server.cpp and server_control.cpp only.
#include <memory>
#include <optional>
#include <vector>

#include "background_load.hpp"
#include "control_socket.hpp"
#include "event_loop.hpp"
#include "interface_watch.hpp"
#include "resident_memory.hpp"
#include "server.hpp"
#include "worker_pool.hpp"

namespace dhcplite::daemon {

struct Server::Loop {
    SignalFd signals;
    EventLoop events;
    std::optional<TimerFd> timer;
    std::optional<InterfaceWatch> interfaces;  // nullopt: no netlink; re-read on SIGHUP only
    BackgroundLoad reloads;
    WorkerPool workers;
    std::vector<PageRange> startupPages;     // resident_memory.hpp
    std::unique_ptr<ControlServer> control;  // null: control-socket: off
    std::optional<TimerFd> metricsTimer;     // nullopt: no metrics-file
};

}  // namespace dhcplite::daemon
