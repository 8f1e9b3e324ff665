#pragma once
// The daemon's configuration as a validated value (schema: packaging/dhcplite.example.yaml and
// docs/configuration.md). Loading checks everything that can be checked without a network, so a
// Config that exists can be compiled and served.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "wire/address.hpp"
#include "wire/bytes.hpp"
#include "wire/option43.hpp"
#include "wire/packet.hpp"

namespace dhcplite::config {

enum class LogLevel : std::uint8_t { Error, Warning, Info, Debug };
std::optional<LogLevel> parseLogLevel(std::string_view text);
std::string_view logLevelName(LogLevel level);

enum class MatchMode : std::uint8_t { Exact, Prefix };

struct VendorClass {
    std::string match;  // option 60 value (exact, case-sensitive) or prefix
    MatchMode mode = MatchMode::Exact;
    // nullopt: the MS-UC-Client option 43 built from the profile. Otherwise these sub-options,
    // typed values already converted to bytes, in the order written.
    std::optional<std::vector<wire::SubOption>> subOptions;
};

struct Profile {
    std::string name;                       // "default" for the default profile
    std::vector<wire::Cidr> subnets;        // empty for the default profile
    wire::UcSettings uc;                    // sip servers/addresses, web server, port, scheme, path
    std::vector<wire::Ipv4> timeServers;    // option 4
    std::vector<wire::Ipv4> ntpServers;     // option 42
    std::vector<wire::Ipv4> dnsServers;     // option 6
    std::string domainName;                 // option 15 (empty: none)
    std::vector<std::string> domainSearch;  // option 119 (empty: none)
    std::vector<wire::Option> rawOptions;   // by code, as given
    std::vector<std::uint8_t> alwaysSend;   // codes sent unrequested
};

// Flood protection (`rate-limit:`): replies per client per interval, by hardware address and
// by the address a reply goes to; 0 switches one count off (`rate-limit: off` both). The
// defaults are far above what a phone sends (docs/configuration.md says why).
struct RateLimit {
    static constexpr std::uint32_t kDefaultPerClient = 10;
    static constexpr std::uint32_t kDefaultIntervalSeconds = 60;
    std::uint32_t perMac = kDefaultPerClient;
    std::uint32_t perAddress = kDefaultPerClient;
    std::uint32_t intervalSeconds = kDefaultIntervalSeconds;

    bool off() const noexcept { return perMac == 0 && perAddress == 0; }
    bool operator==(const RateLimit&) const = default;
};

inline constexpr std::string_view kDefaultControlSocket = "/run/dhcplite/control.sock";

struct Config {
    std::string sourceName;  // file path or a name given to loadConfigText
    LogLevel logLevel = LogLevel::Info;
    std::optional<std::string> user;
    std::optional<std::string> group;
    bool runAsRoot = false;               // explicit consent to keep running as root
    std::vector<std::string> interfaces;  // empty: every up IPv4 interface but loopback
    std::optional<wire::Ipv4> serverId;
    RateLimit rateLimit;
    // Threads answering in parallel, each with its own SO_REUSEPORT socket(s); broadcasts go to
    // the first only (docs/configuration.md `workers`). Fixed at start: a reload cannot rebind.
    std::uint32_t workers = 1;
    // The control socket (`dhcputil stats`) and the Prometheus textfile; empty: none. Fixed at
    // start like `workers` (docs/operation.md "Counters, stats and metrics").
    std::string controlSocket = std::string(kDefaultControlSocket);
    std::string metricsFile;
    std::uint32_t metricsInterval = 5;       // seconds between rewrites of metricsFile
    std::vector<VendorClass> vendorClasses;  // never empty after loading (default MS-UC-Client)
    std::optional<Profile> defaultProfile;
    std::vector<Profile> sites;  // `default` keys already merged in
};

// "file:line:column: key.path: reason". line/column are 1-based; 0 when not known (e.g. the
// file cannot be read). keyPath like "sites[1].subnets[0]".
class ConfigError : public std::runtime_error {
public:
    ConfigError(std::string file, std::size_t line, std::size_t column, std::string keyPath,
                std::string reason);
    const std::string& file() const noexcept { return file_; }
    std::size_t line() const noexcept { return line_; }
    std::size_t column() const noexcept { return column_; }
    const std::string& keyPath() const noexcept { return keyPath_; }
    const std::string& reason() const noexcept { return reason_; }

private:
    std::string file_;
    std::size_t line_, column_;
    std::string keyPath_, reason_;
};

// The file cannot be opened or read (exit 66 from --check-config), as opposed to a bad one (78).
class ConfigFileError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

Config loadConfigFile(const std::string& path);  // ConfigFileError or ConfigError
Config loadConfigText(std::string_view yaml, std::string_view sourceName);  // ConfigError

// The option values a profile can send, each encoded once (data only, no code/len): 120, 43
// (MS-UC-Client, from uc), 4, 6, 15, 42, 119 and the raw options. In ascending code order.
wire::OptionList profileOptions(const Profile& profile);
// Option 43 data for a class with its own sub-options.
wire::Bytes vendorClassOption43(const VendorClass& vendorClass);

// The largest DHCPACK this profile can produce without option 82: 240-byte header and cookie,
// 53, 54, every option it has (split per RFC 3396), the largest option 43 of any class, END.
// The loader rejects profiles where this exceeds 548 bytes (wire::kMinClientMessage: a 576-byte
// datagram).
std::size_t worstCaseReplySize(const Config& config, const Profile& profile);

// Text for `dhcputil config --format dhcplite` and tests: a Config written back as YAML in the
// schema above (comments included), loadable by loadConfigText.
std::string toYaml(const Config& config);

}  // namespace dhcplite::config
