#pragma once
// The vocabulary of `dhcputil check` (docs/design.md §11): a check is one line of the report —
// which step, what it looked at, OK/WARN/FAIL/SKIP, what was seen and, when not OK, the one fix.
// Every step is a pure function from what was measured to a list of these, so the rules are
// unit-tested from recorded answers; the I/O adapters only fill in the measurements.
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dhcplite::util::check {

enum class Status { Ok, Warn, Fail, Skip };

// The steps, in the order a phone takes them (docs/design.md §11).
enum class Step { Dhcp, Dns, Http, Tls, Ntp };

std::string_view statusName(Status s);  // "ok", "warn", "fail", "skip"
std::string_view stepName(Step s);      // "dhcp", "dns", "http", "tls", "ntp"

// A measured figure for --json, in whole units named by the suffix: days_left, offset_ms, time_us.
struct Measure {
    std::string name;  // "days_left", "offset_ms", "ms"
    long long value = 0;
};

struct Check {
    Step step = Step::Dns;
    std::string target;  // the record, URL or endpoint ("pool.example.test:5061 @192.0.2.11")
    Status status = Status::Ok;
    std::string detail;  // what was seen
    std::string fix;     // one concrete line; empty when OK
    std::vector<Measure> measures;
};

Check okCheck(Step step, std::string target, std::string detail);
Check problem(Step step, std::string target, Status status, std::string detail, std::string fix);

// The worst status of the checks (SKIP counts as nothing; no checks at all is OK).
Status verdict(const std::vector<Check>& checks);

// The Nagios/Icinga plugin convention: 0 OK, 1 WARNING, 2 CRITICAL.
inline constexpr int kExitOk = 0;
inline constexpr int kExitWarn = 1;
inline constexpr int kExitFail = 2;
int exitCodeFor(Status verdict);

// Header facts printed before the checks (where the SIP domain and DNS servers came from).
struct Note {
    std::string key;    // JSON key: "sip_domain"
    std::string label;  // text label: "SIP domain"
    std::string value;  // "example.test (derived from the pool FQDN pool.example.test)"
};

struct Report {
    std::vector<Note> notes;
    std::vector<Check> checks;
    std::vector<Measure> timings;  // per step, "dns_ms" ..., and "total_ms"
};

}  // namespace dhcplite::util::check
