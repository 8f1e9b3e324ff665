#pragma once
// emulate-client's output, as text in DHCPUtil -EmulateClient's shape (docs/design.md §10: the
// INFORM's option field, each ACK's option field, then "Result: …", "DHCP Server : …",
// "SIP Server FQDN : …", "Certificate Provisioning Service URL : …") or as one JSON object with
// the same facts. Pure: everything comes in as values.
#include <optional>
#include <string>
#include <vector>

#include "emulate/emulate_classify.hpp"
#include "emulate/emulate_inform.hpp"
#include "wire/address.hpp"
#include "wire/bytes.hpp"

namespace dhcplite::util {

struct EmulateReport {
    InformSpec inform;        // what was sent
    wire::Bytes informBytes;  // the DHCP message as sent
    wire::MacAddress interfaceMac;
    ExchangeFacts facts;
    std::vector<CapturedReply> replies;
    ExchangeVerdict verdict;
    std::optional<std::string> pcapPath;  // the file written, if any
};

std::string renderEmulateText(const EmulateReport& report);
std::string renderEmulateJson(const EmulateReport& report);

}  // namespace dhcplite::util
