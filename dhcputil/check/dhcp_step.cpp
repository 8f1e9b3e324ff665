#include "check/dhcp_step.hpp"

#include <fmt/format.h>

#include "wire/address.hpp"
#include "wire/hex.hpp"
#include "wire/packet.hpp"

namespace dhcplite::util::check {

namespace {

constexpr std::uint8_t kDomainName = 15;   // RFC 2132 §3.17
constexpr std::uint8_t kNtpServers = 42;   // RFC 2132 §8.3
constexpr std::uint8_t kTimeServers = 4;   // RFC 2132 §3.6

std::vector<std::string> addressesOf(const wire::OptionList& options, std::uint8_t code) {
    std::vector<std::string> out;
    if (const wire::Option* o = options.find(code)) {
        for (std::size_t i = 0; i + 4 <= o->data.size(); i += 4) {
            out.push_back(fmt::format("{}.{}.{}.{}", o->data[i], o->data[i + 1], o->data[i + 2], o->data[i + 3]));
        }
    }
    return out;
}

std::optional<std::uint16_t> portOf(const std::optional<std::string>& text) {
    if (!text || text->empty() || text->size() > 5 || text->find_first_not_of("0123456789") != std::string::npos) {
        return std::nullopt;
    }
    const int n = std::stoi(*text);
    return n >= 1 && n <= 65535 ? std::optional<std::uint16_t>(static_cast<std::uint16_t>(n)) : std::nullopt;
}

DhcpValues valuesOf(const ServerAnswer& a) {
    DhcpValues v;
    if (!a.uc.sipAddresses && !a.uc.sipServers.empty()) {
        v.pool = a.uc.sipServers.front();
    }
    v.web = a.uc.webServer.value_or("");
    v.port = portOf(a.uc.port);
    v.path = a.uc.path;
    if (a.decoded) {
        const auto& options = a.decoded->packet.options;
        if (const wire::Option* d = options.find(kDomainName)) {
            v.domain = wire::escapeForDisplay(std::string(d->data.begin(), d->data.end()));
        }
        v.ntp = addressesOf(options, kNtpServers);
        for (auto& t : addressesOf(options, kTimeServers)) {
            v.ntp.push_back(std::move(t));
        }
    }
    return v;
}

Status statusOf(Severity s) {
    return s == Severity::Error ? Status::Fail : s == Severity::Warning ? Status::Warn : Status::Ok;
}

}  // namespace

DhcpStepResult evaluateDhcp(const ExchangeFacts& ucFacts, const ExchangeVerdict& uc, const ExchangeFacts& vlanFacts,
                            const std::vector<CapturedReply>& vlanReplies) {
    DhcpStepResult r;
    const std::string target = fmt::format("MS-UC-Client INFORM on {}", ucFacts.interface);
    if (uc.chosen) {
        const ServerAnswer& a = uc.servers[*uc.chosen];
        r.values = valuesOf(a);
        std::string detail = fmt::format("DHCPACK from {}: option 120 {}", a.server,
                                         a.uc.sipServers.empty() ? "missing" : a.uc.sipServers.front());
        detail += a.uc.url ? fmt::format(", option 43 {}", *a.uc.url) : ", option 43 incomplete";
        detail += fmt::format(" ({} server{} answered)", uc.servers.size(), uc.servers.size() == 1 ? "" : "s");
        r.checks.push_back(okCheck(Step::Dhcp, target, detail));
    }
    bool failed = false;
    for (const auto& f : uc.findings) {
        if (f.severity == Severity::Note) {
            continue;
        }
        failed = failed || f.severity == Severity::Error;
        r.checks.push_back(problem(Step::Dhcp, target, statusOf(f.severity), f.message,
                                   f.fix.empty() ? "see 'dhcputil emulate-client' for the whole exchange" : f.fix));
    }
    if (!uc.success && !failed) {
        r.checks.push_back(problem(Step::Dhcp, target, Status::Fail, "no DHCPACK a phone could use",
                                   "run 'dhcputil emulate-client' on this interface for the diagnosis"));
    }
    // The voice VLAN query: optional (no answer means the phone stays on this VLAN).
    const std::string vlanTarget = fmt::format("CPE-OCPHONE INFORM on {}", vlanFacts.interface);
    std::string vlan;
    for (const auto& reply : vlanReplies) {
        try {
            const auto d = wire::decodePacket(reply.payload);
            if (d.packet.messageType() == wire::MessageType::Ack) {
                const wire::Option* o = d.packet.options.find(43);
                vlan = fmt::format("DHCPACK from {}{}", reply.source.toString(),
                                   o ? fmt::format(", option 43 {}", wire::toHex(o->data)) : ", without option 43");
                break;
            }
        } catch (const wire::WireError&) {
            continue;
        }
    }
    r.checks.push_back(okCheck(Step::Dhcp, vlanTarget,
                               vlan.empty() ? "no answer: no voice VLAN offered, phones stay on this VLAN" : vlan));
    return r;
}

}  // namespace dhcplite::util::check
