#include "check/check_command.hpp"

#include <ostream>
#include <stdexcept>

#include "check/check_options.hpp"
#include "check/check_run.hpp"
#include "check/render.hpp"
#include "cli_support.hpp"

namespace dhcplite::util {

std::string checkHelpText() {
    return check::checkHelp();
}

int runCheck(const std::vector<std::string>& args, std::ostream& out, std::ostream& /*err*/) {
    const check::CheckSettings s = check::parseCheckArgs(args);
    if (s.help) {
        out << check::checkHelp();
        return toInt(ExitCode::Ok);
    }
    std::vector<check::Check> dhcp;
    check::Report report;
    try {
        report = check::runChecks(s, std::move(dhcp));
    } catch (const std::runtime_error& e) {
        // The adapters' set-up failures (a --ca-file OpenSSL cannot load, c-ares not starting).
        throw CommandError(ExitCode::DataErr, e.what());
    }
    out << (s.json ? check::renderJson(report) : check::renderText(report));
    return check::exitCodeFor(check::verdict(report.checks));
}

}  // namespace dhcplite::util
