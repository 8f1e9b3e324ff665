#pragma once
// Internal to the config library: how the writer spells values in YAML.
#include <string>
#include <string_view>
#include <vector>

#include "wire/address.hpp"

namespace dhcplite::config::detail {

// YAML double-quoted scalar (YAML 1.2 §7.3.1): '"' and '\' escaped, control characters as \xNN;
// other bytes (UTF-8) verbatim.
std::string quote(std::string_view text);
std::string quotedList(const std::vector<std::string>& items);  // ["a", "b"]
// Addresses and subnets are digits, dots and '/': never read back as anything but text, so they
// go unquoted. Anything else (a hand-built Config may hold any text) is quoted.
std::string plainList(const std::vector<std::string>& items);
std::string addressList(const std::vector<wire::Ipv4>& addresses);

}  // namespace dhcplite::config::detail
