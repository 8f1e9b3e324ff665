#pragma once
// Internal to the config library: the schema's key names (shared by the loader and the writer, so
// the two cannot drift apart) and the reply-size arithmetic the loader runs once per profile.
#include <array>
#include <cstddef>
#include <string_view>

#include "config/config.hpp"

namespace dhcplite::config::detail {

// Profile keys, in the order the writer emits them. Index = ProfileKey.
enum ProfileKey : std::size_t {
    kSipServers, kWebServer, kPort, kScheme, kPath, kTimeServers, kNtpServers, kDnsServers,
    kDomainName, kDomainSearch, kRawOptions, kAlwaysSend, kProfileKeyCount
};
inline constexpr std::array<std::string_view, kProfileKeyCount> kProfileKeys = {
    "sip-servers", "web-server", "port", "scheme", "path", "time-servers", "ntp-servers",
    "dns-servers", "domain-name", "domain-search", "raw-options", "always-send"};

// Site keys: these two, then the profile keys.
inline constexpr std::array<std::string_view, kProfileKeyCount + 2> kSiteKeys = {
    "name", "subnets", "sip-servers", "web-server", "port", "scheme", "path", "time-servers",
    "ntp-servers", "dns-servers", "domain-name", "domain-search", "raw-options", "always-send"};

inline constexpr std::array<std::string_view, 10> kTopKeys = {
    "log-level", "user", "group", "run-as-root", "listen", "rate-limit", "vendor-classes", "default",
    "sites", "workers"};
// `workers`: 1 to this many threads (more than any machine this daemon is meant for needs).
inline constexpr std::uint32_t kMaxWorkers = 64;
inline constexpr std::array<std::string_view, 2> kListenKeys = {"interfaces", "server-id"};
inline constexpr std::array<std::string_view, 3> kRateLimitKeys = {"per-mac", "per-address", "interval"};
// Bounds of the rate-limit values: a client may get up to 100,000 replies per interval, and an
// interval is 1 s to 1 h (longer would hold one client's state longer than a table keeps it).
inline constexpr std::uint32_t kMaxRateLimitPerInterval = 100000;
inline constexpr std::uint32_t kMaxRateLimitIntervalSeconds = 3600;
inline constexpr std::array<std::string_view, 3> kVendorClassKeys = {"match", "mode", "sub-options"};
inline constexpr std::array<std::string_view, 7> kSubOptionKeys = {"code", "string", "hex", "u8",
                                                                    "u16", "u32", "ipv4"};
inline constexpr std::array<std::string_view, 2> kRawOptionKeys = {"code", "hex"};

// What vendor classes add to every reply's option 43: the largest TLV size of a class with its
// own sub-options (0 if none), and whether some class gets the profile's MS-UC-Client option 43.
struct Option43Sizes {
    std::size_t ownMax = 0;
    bool profileUc = false;
};
Option43Sizes option43Sizes(const std::vector<VendorClass>& classes);

// worstCaseReplySize with the vendor-class part computed once (the loader checks every site).
std::size_t worstCaseReplySize(const Profile& profile, const Option43Sizes& sizes);

}  // namespace dhcplite::config::detail
