#include "check/check_model.hpp"

#include <algorithm>

namespace dhcplite::util::check {

std::string_view statusName(Status s) {
    switch (s) {
    case Status::Ok: return "ok";
    case Status::Warn: return "warn";
    case Status::Fail: return "fail";
    case Status::Skip: return "skip";
    }
    return "fail";
}

std::string_view stepName(Step s) {
    switch (s) {
    case Step::Dhcp: return "dhcp";
    case Step::Dns: return "dns";
    case Step::Http: return "http";
    case Step::Tls: return "tls";
    case Step::Ntp: return "ntp";
    }
    return "dns";
}

Check okCheck(Step step, std::string target, std::string detail) {
    return Check{step, std::move(target), Status::Ok, std::move(detail), {}, {}};
}

Check problem(Step step, std::string target, Status status, std::string detail, std::string fix) {
    return Check{step, std::move(target), status, std::move(detail), std::move(fix), {}};
}

namespace {
int rank(Status s) {
    switch (s) {
    case Status::Skip: return 0;
    case Status::Ok: return 1;
    case Status::Warn: return 2;
    case Status::Fail: return 3;
    }
    return 3;
}
}  // namespace

Status verdict(const std::vector<Check>& checks) {
    Status worst = Status::Ok;
    for (const auto& c : checks) {
        if (rank(c.status) > rank(worst)) {
            worst = c.status;
        }
    }
    return worst;
}

int exitCodeFor(Status v) {
    switch (v) {
    case Status::Ok:
    case Status::Skip: return kExitOk;
    case Status::Warn: return kExitWarn;
    case Status::Fail: return kExitFail;
    }
    return kExitFail;
}

}  // namespace dhcplite::util::check
