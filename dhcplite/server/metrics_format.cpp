#include "metrics_format.hpp"

#include <fmt/format.h>

#include <iterator>

namespace dhcplite::daemon {
namespace {

using Out = std::back_insert_iterator<fmt::memory_buffer>;

void header(Out out, std::string_view name, std::string_view type, std::string_view help) {
    fmt::format_to(out, "# HELP {} {}\n# TYPE {} {}\n", name, help, name, type);
}

void sample(Out out, std::string_view name, std::uint64_t value) {
    fmt::format_to(out, "{} {}\n", name, value);
}

void metric(Out out, std::string_view name, std::string_view type, std::string_view help,
            std::uint64_t value) {
    header(out, name, type, help);
    sample(out, name, value);
}

void ioCounters(Out out, const Stats& s) {
    metric(out, "dhcplite_requests_received_total", "counter",
           "Datagrams received on the DHCP sockets.", s.received);
    metric(out, "dhcplite_replies_sent_total", "counter",
           "Replies the kernel accepted for sending.", s.replied);
    metric(out, "dhcplite_send_errors_total", "counter", "Replies built but refused by sendmmsg.",
           s.sendErrors);
    metric(out, "dhcplite_receive_errors_total", "counter", "Failed receive calls.",
           s.receiveErrors);
    metric(out, "dhcplite_truncated_total", "counter",
           "Datagrams larger than the receive buffer (also counted as malformed).", s.truncated);
    metric(out, "dhcplite_other_interface_total", "counter",
           "Datagrams from loopback or an interface not served.", s.otherInterface);
    metric(out, "dhcplite_relay_info_dropped_total", "counter",
           "Replies sent without the request's option 82 (it did not fit).", s.relayInfoDropped);
    header(out, "dhcplite_reloads_total", "counter", "Configuration reloads by result.");
    fmt::format_to(out, "dhcplite_reloads_total{{result=\"ok\"}} {}\n", s.reloadsOk);
    fmt::format_to(out, "dhcplite_reloads_total{{result=\"failed\"}} {}\n", s.reloadsFailed);
}

void decisions(Out out, const Stats& s) {
    metric(out, "dhcplite_replies_total", "counter", "Requests decided for a reply.",
           s.of(Verdict::Reply));
    header(out, "dhcplite_dropped_total", "counter", "Requests not answered, by reason.");
    for (std::size_t v = 1; v < kVerdictCount; ++v) {
        fmt::format_to(out, "dhcplite_dropped_total{{reason=\"{}\"}} {}\n",
                       verdictName(static_cast<Verdict>(v)), s.verdicts[v]);
    }
}

void bySite(Out out, const SiteTotals& sites) {
    if (!sites.layout) {
        return;
    }
    const auto& profiles = sites.layout->profiles();
    header(out, "dhcplite_site_replies_total", "counter",
           "Requests decided for a reply, by site (profile; the default profile is site "
           "\"default\").");
    for (std::size_t p = 0; p < sites.profiles.size(); ++p) {
        fmt::format_to(out, "dhcplite_site_replies_total{{site=\"{}\"}} {}\n",
                       escapeLabelValue(profiles[p].name), sites.profiles[p][0]);
    }
    header(out, "dhcplite_site_dropped_total", "counter",
           "Requests not answered after their site was chosen, by site and reason.");
    for (std::size_t p = 0; p < sites.profiles.size(); ++p) {
        const std::string site = escapeLabelValue(profiles[p].name);
        for (std::size_t v = 1; v < kVerdictCount; ++v) {
            fmt::format_to(out, "dhcplite_site_dropped_total{{site=\"{}\",reason=\"{}\"}} {}\n",
                           site, verdictName(static_cast<Verdict>(v)), sites.profiles[p][v]);
        }
    }
    header(out, "dhcplite_vendor_class_requests_total", "counter",
           "DHCPINFORMs by vendor class (option 60): a configured class, other or none.");
    for (std::size_t c = 0; c < sites.vendorClasses.size(); ++c) {
        fmt::format_to(out, "dhcplite_vendor_class_requests_total{{class=\"{}\"}} {}\n",
                       escapeLabelValue(vendorSlotName(*sites.layout, c)), sites.vendorClasses[c]);
    }
}

void daemonState(Out out, const ServerState& state) {
    header(out, "dhcplite_build_info", "gauge", "Always 1; the version in a label.");
    fmt::format_to(out, "dhcplite_build_info{{version=\"{}\"}} 1\n",
                   escapeLabelValue(state.version));
    header(out, "dhcplite_start_time_seconds", "gauge",
           "When the daemon started, in Unix seconds.");
    fmt::format_to(out, "dhcplite_start_time_seconds {}\n", state.startedAt);
    metric(out, "dhcplite_config_generation", "gauge",
           "1 as started, one more for each successful reload.", state.configGeneration);
    header(out, "dhcplite_config_loaded_time_seconds", "gauge",
           "When the configuration serving now was loaded, in Unix seconds.");
    fmt::format_to(out, "dhcplite_config_loaded_time_seconds {}\n", state.configLoadedAt);
    metric(out, "dhcplite_config_last_reload_success", "gauge",
           "0 if the last reload failed (the previous configuration serves on), else 1.",
           state.lastReloadFailure ? 0 : 1);
}

}  // namespace

std::string escapeLabelValue(std::string_view value) {
    std::string out;
    out.reserve(value.size());
    for (const char c : value) {
        switch (c) {
        case '\\': out += "\\\\"; break;
        case '"': out += "\\\""; break;
        case '\n': out += "\\n"; break;
        default: out += c; break;
        }
    }
    return out;
}

std::string metricsText(const Stats& stats, const SiteTotals& sites, const ServerState& state) {
    fmt::memory_buffer buffer;
    const Out out = std::back_inserter(buffer);
    ioCounters(out, stats);
    decisions(out, stats);
    bySite(out, sites);
    daemonState(out, state);
    return fmt::to_string(buffer);
}

}  // namespace dhcplite::daemon
