#pragma once
// The DHCP step of `dhcputil check` (docs/design.md §11): the phone's two DHCPINFORMs, the
// MS-UC-Client one for options 120 and 43 and the CPE-OCPHONE one for the voice VLAN, sent by
// emulate-client's code (emulateExchange). Pure here: its classified answers in, the checks and
// the values the later steps use out.
#include <optional>
#include <string>
#include <vector>

#include "check/check_model.hpp"
#include "emulate/emulate_classify.hpp"

namespace dhcplite::util::check {

// What the phone gets from the answer it takes (the first DHCPACK with 120/43).
struct DhcpValues {
    std::string pool;  // first name of option 120 ("" when it carries addresses or is missing)
    std::string web;   // option 43 sub-option 3
    std::optional<std::uint16_t> port;
    std::optional<std::string> path;
    std::optional<std::string> scheme;  // sub-option 2, lower-cased
    std::string domain;                 // option 15
    std::vector<std::string> ntp;       // options 42, then 4 (addresses)
};

struct DhcpStepResult {
    std::vector<Check> checks;
    DhcpValues values;
};

// The option codes asked for in the MS-UC-Client INFORM: 120 and 43 as the phone asks, and 15,
// 42, 4 that the phone has from its lease (asked here so the later steps know them).
inline const std::vector<std::uint8_t> kUcRequest{120, 43, 15, 42, 4};
inline const std::vector<std::uint8_t> kVlanRequest{43};

DhcpStepResult evaluateDhcp(const ExchangeFacts& ucFacts, const ExchangeVerdict& uc,
                            const ExchangeFacts& vlanFacts,
                            const std::vector<CapturedReply>& vlanReplies);

}  // namespace dhcplite::util::check
