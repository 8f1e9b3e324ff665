#include "decision_log.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <iterator>

#include "logger.hpp"
#include "wire/bootp_layout.hpp"
#include "wire/dhcp_constants.hpp"
#include "wire/errors.hpp"
#include "wire/packet.hpp"

namespace dhcplite::daemon {
namespace {

void appendHeader(fmt::memory_buffer& out, wire::ByteView request) {
    auto it = std::back_inserter(out);
    const auto header = wire::HeaderView::of(request);
    if (!header) {
        fmt::format_to(it, " length={}", request.size());
        return;
    }
    // hlen comes from the sender: show at most the 16 bytes chaddr has, and say so.
    const auto hlen = header->hlen();
    const auto chaddr = header->hardwareAddress();
    // Lower-case, as dhcputil, `ip link` and Kea print a MAC, so one grep finds both.
    fmt::format_to(it, " xid=0x{:08x} chaddr=", header->xid());
    if (chaddr.empty()) {
        fmt::format_to(it, "-");
    } else {
        fmt::format_to(it, "{:02x}", fmt::join(chaddr, ":"));
    }
    fmt::format_to(it, "{} ciaddr={} giaddr={}",
                   hlen > wire::kChaddrSize ? fmt::format(" hlen={}", hlen) : std::string(),
                   header->ciaddr().toString(), header->giaddr().toString());
}

void appendVendorClass(fmt::memory_buffer& out, wire::ByteView request) {
    try {
        const auto decoded = wire::decodePacket(request);
        const auto* vc = decoded.packet.options.find(wire::opt::VendorClass);
        if (vc == nullptr) {
            return;
        }
        const wire::ByteView value(vc->data);
        const auto shown = value.first(std::min(value.size(), kShownVendorClassBytes));
        fmt::format_to(std::back_inserter(out), " vendor-class={}{}", quoted(shown),
                       shown.size() < value.size()
                           ? fmt::format(" vendor-class-length={}", value.size())
                           : std::string());
    } catch (const wire::WireError&) {
        // Malformed: the verdict and offset already say so.
    }
}

}  // namespace

std::string describeDecision(wire::ByteView request, const RequestMeta& meta,
                             const Outcome& outcome, std::string_view interfaceName) {
    fmt::memory_buffer out;
    auto it = std::back_inserter(out);
    fmt::format_to(it, "decision verdict={} interface={} from={}:{}", verdictName(outcome.verdict),
                   quoted(interfaceName), meta.sourceAddress.toString(), meta.sourcePort);
    appendHeader(out, request);
    appendVendorClass(out, request);
    if (outcome.verdict == Verdict::Malformed) {
        fmt::format_to(it, " offset={}", outcome.malformedOffset);
    }
    if (outcome.profile != nullptr) {
        fmt::format_to(it, " profile={}", quoted(outcome.profile->name));
    }
    if (outcome.verdict == Verdict::Reply) {
        const auto& d = outcome.destination;
        fmt::format_to(it, " to={}:{}{} size={}", d.address.toString(), d.port,
                       d.broadcast ? " broadcast=yes" : "", outcome.replySize);
        if (outcome.relayInfoDropped) {
            fmt::format_to(it, " relay-info-dropped=yes");
        }
    } else if (outcome.verdict == Verdict::BadAddress && outcome.destination.port != 0) {
        // Refused at admission (a link's own network or broadcast address, responder.cpp
        // admit): where it would have gone is the reason.
        fmt::format_to(it, " to={}:{}", outcome.destination.address.toString(),
                       outcome.destination.port);
    }
    return fmt::to_string(out);
}

}  // namespace dhcplite::daemon
