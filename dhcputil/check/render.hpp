#pragma once
// The report of `dhcputil check` as text (one line per check, like Test-CsPhoneBootstrap, the
// fix indented below it) and as one JSON object (docs/design.md §11).
#include <string>

#include "check/check_model.hpp"

namespace dhcplite::util::check {

std::string renderText(const Report& report);
std::string renderJson(const Report& report);

}  // namespace dhcplite::util::check
