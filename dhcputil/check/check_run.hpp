#pragma once
// Runs the steps of `dhcputil check` with the real adapters and collects the report: DNS first
// (everything else needs its addresses), then HTTP, TLS and NTP at the same time, each probe
// with its own --timeout, so a step costs one timeout however many endpoints it has.
#include "check/check_model.hpp"
#include "check/check_options.hpp"

namespace dhcplite::util::check {

// `settings.targets` already holds the DHCP step's values when it ran; `dhcpChecks` are its lines.
Report runChecks(const CheckSettings& settings, std::vector<Check> dhcpChecks);

}  // namespace dhcplite::util::check
