#pragma once
// Reading a DNS answer as it came off the network into a DnsAnswer: c-ares parses the message
// (ares_parse_a_reply / ares_parse_srv_reply), we keep the addresses and names a phone would use.
// Split from dns_client.cpp so the byte parsing is fuzzed without a socket
// (tests/fuzz/dns_fuzzer.cpp).
#include <cstddef>
#include <string>

#include "check/dns_rules.hpp"
#include "wire/bytes.hpp"

namespace dhcplite::util::check {

// The answer to an A (`type` A; `name` the normalName asked for, to tell a CNAME) or SRV query.
// Never throws: a message c-ares cannot read is DnsStatus::Error with its reason.
DnsAnswer parseDnsAnswer(QType type, wire::ByteView message, const std::string& name);

}  // namespace dhcplite::util::check
