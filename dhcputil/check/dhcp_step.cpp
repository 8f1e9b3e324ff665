#include "check/dhcp_step.hpp"

#include <fmt/format.h>

#include "util/text.hpp"
#include "wire/address.hpp"
#include "wire/hex.hpp"
#include "wire/option43.hpp"
#include "wire/packet.hpp"

namespace dhcplite::util::check {

namespace {

constexpr std::uint8_t kDomainName = 15;  // RFC 2132 §3.17
constexpr std::uint8_t kNtpServers = 42;  // RFC 2132 §8.3
constexpr std::uint8_t kTimeServers = 4;  // RFC 2132 §3.6

std::vector<std::string> addressesOf(const wire::OptionList& options, std::uint8_t code) {
    std::vector<std::string> out;
    if (const wire::Option* o = options.find(code)) {
        for (std::size_t i = 0; i + 4 <= o->data.size(); i += 4) {
            out.push_back(fmt::format("{}.{}.{}.{}", o->data[i], o->data[i + 1], o->data[i + 2],
                                      o->data[i + 3]));
        }
    }
    return out;
}

std::optional<std::uint16_t> portOf(const std::optional<std::string>& text) {
    if (!text || text->empty() || text->size() > 5 ||
        text->find_first_not_of("0123456789") != std::string::npos) {
        return std::nullopt;
    }
    const int n = std::stoi(*text);
    return n >= 1 && n <= 65535 ? std::optional<std::uint16_t>(static_cast<std::uint16_t>(n))
                                : std::nullopt;
}

DhcpValues valuesOf(const ServerAnswer& a) {
    DhcpValues v;
    if (!a.uc.sipAddresses && !a.uc.sipServers.empty()) {
        v.pool = a.uc.sipServers.front();
    }
    v.web = a.uc.webServer.value_or("");
    v.port = portOf(a.uc.port);
    v.path = a.uc.path;
    if (a.uc.scheme) {
        v.scheme = asciiLower(*a.uc.scheme);
    }
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

constexpr std::uint8_t kVoiceVlan = 10;  // CPE-OCPHONE's option 43 sub-option (docs/design.md §11)

// Sub-option 10's VLAN ID: a 16-bit word as Microsoft's netsh steps define it (what `config
// --vlan` writes), or ASCII digits as some phone vendors' guides spell it. nullopt: neither.
std::optional<unsigned> vlanId(const wire::Bytes& data, bool& ascii) {
    ascii = false;
    if (data.size() == 2) {
        return static_cast<unsigned>(data[0] << 8 | data[1]);
    }
    const std::string text(data.begin(), data.end());
    if (text.empty() || text.size() > 4 ||
        text.find_first_not_of("0123456789") != std::string::npos) {
        return std::nullopt;
    }
    ascii = true;
    return static_cast<unsigned>(std::stoul(text));
}

// The line for option 43 of a CPE-OCPHONE DHCPACK.
Check vlanLine(const std::string& target, const std::string& from, const wire::Option* o) {
    if (!o) {
        return okCheck(Step::Dhcp, target,
                       fmt::format("DHCPACK from {} without option 43: no voice VLAN", from));
    }
    const std::string seen =
        fmt::format("DHCPACK from {}, option 43 {}", from, wire::toHex(o->data));
    const std::string fix =
        "give CPE-OCPHONE's option 43 sub-option 10 the VLAN ID as 2 bytes "
        "(dhcputil config --vlan ID writes it)";
    wire::SubOptions subs;
    try {
        subs = wire::decodeSubOptions(o->data);
    } catch (const wire::WireError& e) {
        return problem(Step::Dhcp, target, Status::Warn,
                       fmt::format("{}: not sub-options ({})", seen, e.what()), fix);
    }
    for (const auto& sub : subs.items) {
        if (sub.code != kVoiceVlan) {
            continue;
        }
        bool ascii = false;
        const auto id = vlanId(sub.data, ascii);
        if (!id || *id < 1 || *id > 4094) {
            return problem(Step::Dhcp, target, Status::Warn,
                           fmt::format("{}: sub-option 10 is not a VLAN ID 1..4094", seen), fix);
        }
        if (ascii) {
            return problem(
                Step::Dhcp, target, Status::Warn,
                fmt::format("{}: voice VLAN {} written as ASCII text; Lync Phone Edition reads a "
                            "2-byte word",
                            seen, *id),
                fix);
        }
        return okCheck(Step::Dhcp, target, fmt::format("{}: voice VLAN {}", seen, *id));
    }
    return problem(Step::Dhcp, target, Status::Warn, seen + ": no sub-option 10 (voice VLAN ID)",
                   fix);
}

// The voice VLAN query: optional (no answer means the phone stays on this VLAN).
Check vlanCheck(const ExchangeFacts& facts, const std::vector<CapturedReply>& replies) {
    const std::string target = fmt::format("CPE-OCPHONE INFORM on {}", facts.interface);
    for (const auto& reply : replies) {
        try {
            const auto d = wire::decodePacket(reply.payload);
            if (d.packet.messageType() == wire::MessageType::Ack) {
                return vlanLine(target, reply.source.toString(), d.packet.options.find(43));
            }
        } catch (const wire::WireError&) {
            continue;
        }
    }
    return okCheck(Step::Dhcp, target,
                   "no answer: no voice VLAN offered, phones stay on this VLAN");
}

}  // namespace

DhcpStepResult evaluateDhcp(const ExchangeFacts& ucFacts, const ExchangeVerdict& uc,
                            const ExchangeFacts& vlanFacts,
                            const std::vector<CapturedReply>& vlanReplies) {
    DhcpStepResult r;
    const std::string target = fmt::format("MS-UC-Client INFORM on {}", ucFacts.interface);
    if (uc.chosen) {
        const ServerAnswer& a = uc.servers[*uc.chosen];
        r.values = valuesOf(a);
        std::string detail =
            fmt::format("DHCPACK from {}: option 120 {}", a.server,
                        a.uc.sipServers.empty() ? "missing" : a.uc.sipServers.front());
        detail += a.uc.url ? fmt::format(", option 43 {}", *a.uc.url) : ", option 43 incomplete";
        detail += fmt::format(" ({} server{} answered)", uc.servers.size(),
                              uc.servers.size() == 1 ? "" : "s");
        r.checks.push_back(okCheck(Step::Dhcp, target, detail));
    }
    bool failed = false;
    for (const auto& f : uc.findings) {
        if (f.severity == Severity::Note) {
            continue;
        }
        failed = failed || f.severity == Severity::Error;
        r.checks.push_back(problem(
            Step::Dhcp, target, statusOf(f.severity), f.message,
            f.fix.empty() ? "see 'dhcputil emulate-client' for the whole exchange" : f.fix));
    }
    if (!uc.success && !failed) {
        r.checks.push_back(
            problem(Step::Dhcp, target, Status::Fail, "no DHCPACK a phone could use",
                    "run 'dhcputil emulate-client' on this interface for the diagnosis"));
    }
    r.checks.push_back(vlanCheck(vlanFacts, vlanReplies));
    return r;
}

}  // namespace dhcplite::util::check
