#include "check/check_command.hpp"

#include <algorithm>
#include <chrono>
#include <future>
#include <ostream>
#include <stdexcept>

#include "check/check_options.hpp"
#include "check/check_run.hpp"
#include "check/dhcp_step.hpp"
#include "check/names.hpp"
#include "check/render.hpp"
#include "commands/cli_support.hpp"
#include "emulate/emulate_command.hpp"

namespace dhcplite::util {

namespace {

// Answers to one broadcast arrive within milliseconds of each other; waiting this long after
// the first DHCPACK still catches a second server (conflicts) without costing a whole --timeout.
constexpr double kDhcpSettleSeconds = 0.5;
// The voice-VLAN query is optional and most sites do not answer it: wait at most this long.
constexpr double kVlanWaitSeconds = 0.8;

// Both INFORMs at once (emulate-client's code); throws its CommandErrors (69, 77).
check::DhcpStepResult runDhcpStep(const check::CheckSettings& s) {
    const EmulateRequest uc{s.interface, "MS-UC-Client",    check::kUcRequest, s.timeout,
                            2,           kDhcpSettleSeconds};
    const EmulateRequest vlan{
        s.interface, "CPE-OCPHONE",     check::kVlanRequest, std::min(s.timeout, kVlanWaitSeconds),
        1,           kDhcpSettleSeconds};
    auto ucRun = std::async(std::launch::async, emulateExchange, uc);
    auto vlanRun = std::async(std::launch::async, emulateExchange, vlan);
    const EmulateOutcome a = ucRun.get();
    const EmulateOutcome b = vlanRun.get();
    return check::evaluateDhcp(a.facts, a.verdict, b.facts, b.replies);
}

// The DHCP answer fills what the command line did not say.
void takeDhcpValues(check::CheckSettings& s, const check::DhcpValues& v) {
    check::Targets& t = s.targets;
    if (t.pool.empty()) {
        t.pool = check::normalName(v.pool);
    }
    if (t.web.empty()) {
        t.web = v.web.empty() ? t.pool : check::normalName(v.web);
    }
    if (!s.portGiven && v.port) {
        t.webPort = *v.port;
    }
    if (!s.pathGiven && v.path) {
        t.path = *v.path;
    }
    if (v.scheme) {
        t.scheme = *v.scheme;
    }
    if (s.dhcpDomain.empty()) {
        s.dhcpDomain = check::normalName(v.domain);
    }
    for (const auto& a : v.ntp) {
        t.ntpAddresses.push_back(a);
    }
}

}  // namespace

std::string checkHelpText() { return check::checkHelp(); }

int runCheck(const std::vector<std::string>& args, std::ostream& out, std::ostream& /*err*/) {
    check::CheckSettings s = check::parseCheckArgs(args);
    if (s.help) {
        out << check::checkHelp();
        return toInt(ExitCode::Ok);
    }
    const auto start = std::chrono::steady_clock::now();
    const auto micros = [&] {
        return std::chrono::duration_cast<std::chrono::microseconds>(
                   std::chrono::steady_clock::now() - start)
            .count();
    };
    std::vector<check::Check> dhcp;
    long long dhcpMicros = 0;
    if (s.dhcp) {
        check::DhcpStepResult r = runDhcpStep(s);
        dhcp = std::move(r.checks);
        takeDhcpValues(s, r.values);
        dhcpMicros = micros();
    }
    check::Report report;
    const bool afterDhcp = s.runs(check::Step::Dns) || s.runs(check::Step::Http) ||
                           s.runs(check::Step::Tls) || s.runs(check::Step::Ntp);
    if (s.certsOnly.empty() && !afterDhcp) {
        report.checks = std::move(dhcp);  // --only dhcp: nothing is looked up
    } else if (s.certsOnly.empty() && s.targets.pool.empty()) {
        // Nothing to look up: the DHCP lines say why.
        report.checks = std::move(dhcp);
        report.checks.push_back(
            check::problem(check::Step::Dns, "dns, http, tls, ntp", check::Status::Skip,
                           "no SIP server FQDN from DHCP (option 120) or --sip-server", ""));
    } else {
        try {
            report = check::runChecks(s, std::move(dhcp));
        } catch (const std::runtime_error& e) {
            // The adapters' set-up failures (a --ca-file OpenSSL cannot load, c-ares not starting).
            throw CommandError(ExitCode::DataErr, e.what());
        }
    }
    // The whole run, DHCP step included.
    std::erase_if(report.timings, [](const check::Measure& m) { return m.name == "total"; });
    if (s.dhcp) {
        report.timings.insert(report.timings.begin(), check::Measure{"dhcp", dhcpMicros});
    }
    report.timings.push_back({"total", micros()});
    out << (s.json ? check::renderJson(report) : check::renderText(report));
    return check::exitCodeFor(check::verdict(report.checks));
}

}  // namespace dhcplite::util
