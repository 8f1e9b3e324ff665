// dhcplite: answers DHCPINFORM from Lync / Skype for Business phones. See docs/operation.md.
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <span>

#include "logger.hpp"
#include "options.hpp"
#include "server.hpp"
#include "startup_error.hpp"
#include "util/exit_codes.hpp"

int main(int argc, char** argv) {
    using namespace dhcplite;
    using daemon::LogLevel;

    const auto options =
        daemon::parseOptions(std::span<const char* const>(argv, static_cast<std::size_t>(argc)));
    if (!options) {
        std::fprintf(stderr, "%s\n", options.error().c_str());
        return util::toInt(util::ExitCode::Usage);
    }
    if (options->help) {
        std::fputs(daemon::helpText().c_str(), stdout);
        return 0;
    }
    if (options->version) {
        std::printf("dhcplite %s\n", DHCPLITE_VERSION);
        return 0;
    }
    if (options->checkConfig) {
        return daemon::checkConfig(*options);
    }

    daemon::Logger log(options->logLevel.value_or(LogLevel::Info),
                       daemon::detectLogStyle(STDERR_FILENO));
    try {
        daemon::Server server(*options, log);
        return server.run();
    } catch (const daemon::StartupError& e) {
        log.error("{}", e.what());
        return util::toInt(e.code());
    } catch (const std::exception& e) {
        log.error("internal error: {}", e.what());
        return util::toInt(util::ExitCode::Software);
    }
}
