#pragma once
// The control socket (docs/operation.md "Counters, stats and metrics"): a Unix stream socket,
// served from the event loop, never blocking it. A client connects, sends one request line
// (control_request.hpp), gets one JSON object, and the daemon closes. Bounded: at most
// kMaxControlClients connections at once (more are accepted and closed at once), at most
// kMaxControlRequest + 1 bytes read from each, each closed kControlDeadline after it connected
// whatever it has or has not sent or read (a `reload` waits for its result up to
// kReloadDeadline). A slow or hostile client costs one slot for a second; the packet path
// never waits for it.
#include <sys/types.h>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "dhcplite/control_request.hpp"
#include "event_loop.hpp"
#include "logger.hpp"
#include "unique_fd.hpp"

namespace dhcplite::daemon {

inline constexpr std::size_t kMaxControlClients = 16;
inline constexpr std::chrono::milliseconds kControlDeadline{1000};
inline constexpr std::chrono::seconds kReloadDeadline{30};

// Who the socket file belongs to: the user the daemon drops to (chown needs the privilege it
// is about to give up). nullopt: whoever runs it now.
struct SocketOwner {
    uid_t uid = 0;
    gid_t gid = 0;
};

// Binds `path` (mode 0660, owned by `owner`), listening. A stale socket file (nobody answers
// on it) is removed first; a live one, or anything else at `path`, is a StartupError (69): it
// is another daemon's, or not ours to delete (the server logs it and serves without one). A missing
// parent directory is created (0755, owned by `owner`) — systemd's RuntimeDirectory= normally has
// made it.
UniqueFd openControlSocket(const std::string& path, const std::optional<SocketOwner>& owner);

class ControlServer {
public:
    // Answers a stats or config request; reload is startReload's.
    using Answer = std::function<std::string(ControlCommand)>;
    // Starts a reload; the server calls reloadFinished() with its answer when it is done.
    using StartReload = std::function<void()>;

    // Takes the listening socket; registers it, its connection slots and its timer in `loop`.
    ControlServer(std::string path, UniqueFd listener, EventLoop& loop, Logger& log, Answer answer,
                  StartReload startReload);
    ~ControlServer();  // closes everything and unlinks the socket file
    ControlServer(const ControlServer&) = delete;
    ControlServer& operator=(const ControlServer&) = delete;

    // Every connection waiting for a reload gets `answer`.
    void reloadFinished(const std::string& answer);

private:
    struct Connection {
        UniqueFd fd;
        enum class Phase : std::uint8_t { Reading, WaitingReload, Writing } phase = Phase::Reading;
        std::string received;
        std::string response;
        std::size_t written = 0;
        std::chrono::steady_clock::time_point deadline{};
        std::size_t slot = 0;  // the event loop's
    };

    void onAccept();
    void onReady(Connection& c);
    void read(Connection& c);
    void respond(Connection& c, std::string response);
    void write(Connection& c);
    void close(Connection& c);
    void onTimer();
    void updateTimer();
    std::size_t open() const;

    std::string path_;
    UniqueFd listener_;
    EventLoop& loop_;
    Logger& log_;
    Answer answer_;
    StartReload startReload_;
    TimerFd timer_;
    bool timerRunning_ = false;
    std::array<Connection, kMaxControlClients> connections_;
    std::uint64_t refused_ = 0;  // connections closed at once because every slot was taken
};

}  // namespace dhcplite::daemon
