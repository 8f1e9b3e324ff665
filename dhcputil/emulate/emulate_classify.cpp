#include "emulate/emulate_classify.hpp"

#include <algorithm>
#include <variant>

#include <fmt/format.h>

#include "util/text.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"
#include "wire/option43.hpp"

namespace dhcplite::util {

namespace {

Finding make(Severity s, std::string id, std::string message, std::string fix = {}) {
    return Finding{s, std::move(id), std::move(message), std::move(fix)};
}

// DNS names compare case-insensitively (RFC 4343 §3) and a trailing root dot changes nothing.
std::string canonicalName(std::string s) {
    if (!s.empty() && s.back() == '.') {
        s.pop_back();
    }
    return asciiLower(s);
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
    return fmt::format("{} {}", n, n == 1 ? one : many);
}

// Option 54 when it is a 4-byte address, else the packet's source: DHCPUtil names the server by
// its identifier, and so does the phone when it logs.
std::string serverName(const CapturedReply& r, const std::optional<wire::DecodedPacket>& decoded) {
    if (decoded) {
        const auto* id = decoded->packet.options.find(wire::opt::ServerId);
        if (id != nullptr && id->data.size() == 4) {
            return wire::Ipv4::fromBytes(id->data).toString();
        }
    }
    return r.source.toString();
}

// "SIP Server FQDN lync.a, URL https://…": the values a phone would take from one answer.
std::string valuesText(const ServerAnswer& a) {
    const std::string sip =
        a.uc.sipServers.empty()
            ? std::string(a.has120 ? "option 120 unreadable" : "no option 120")
            : fmt::format("{} {}", a.uc.sipAddresses ? "SIP Server Address" : "SIP Server FQDN",
                          joined(a.uc.sipServers));
    const std::string url =
        a.uc.url ? "URL " + *a.uc.url
                 : std::string(a.has43 ? "no usable URL in option 43" : "no option 43");
    return wire::escapeForDisplay(sip + ", " + url);
}

// What two answers must agree on: the decoded values, or the raw bytes where they do not decode
// (so dnsmasq's trailing END in option 43 is no difference, but two different broken values are).
std::string valueSignature(const ServerAnswer& a) {
    const auto raw = [&](std::uint8_t code) {
        const auto* o = a.decoded->packet.options.find(code);
        return o == nullptr ? std::string("-") : wire::toHex(o->data);
    };
    std::vector<std::string> names;
    for (const auto& n : a.uc.sipServers) {
        names.push_back(canonicalName(n));
    }
    const std::string sip = names.empty() ? "raw:" + raw(wire::opt::SipServers)
                                          : (a.uc.sipAddresses ? "a:" : "n:") + joined(names, ",");
    const std::string web = a.uc.url ? "url:" + *a.uc.url : "raw:" + raw(wire::opt::VendorSpecific);
    return sip + "|" + web;
}

std::string vendorClassFix(const ExchangeFacts& facts) {
    return fmt::format(
        "define a vendor class matching option 60 \"{}\" exactly and attach options 120 and 43 "
        "to it ('dhcputil config --format FORMAT --sip-server FQDN' writes it for Windows, "
        "ISC dhcpd, Kea, dnsmasq and more)",
        wire::escapeForDisplay(facts.vendorClass));
}

// Option 43 that does not hold MS-UC-Client's sub-options: why, or nothing when it does.
std::optional<Finding> notMsUc(const ServerAnswer& a, wire::ByteView value,
                               const ExchangeFacts& facts) {
    const std::string fix =
        "give the MS-UC-Client vendor class its own option 43 with sub-options 1..5 "
        "('dhcputil encode --sip-server FQDN' prints them); a scope- or server-wide "
        "option 43 for other devices must not reach the phones";
    if (!a.msUcContext) {
        const auto* vc = a.decoded->packet.options.find(wire::opt::VendorClass);
        return make(
            Severity::Error, "option43-not-msuc",
            fmt::format(
                "option 43 is sent for vendor class \"{}\" (option 60 of the reply), not for "
                "\"{}\"",
                wire::escapeForDisplay(vc->data), wire::escapeForDisplay(facts.vendorClass)),
            fix);
    }
    wire::SubOptions subs;
    try {
        subs = wire::decodeSubOptions(value);
    } catch (const wire::WireError&) {
        return std::nullopt;  // malformed: diagnoseOption43 says where
    }
    std::vector<std::string> codes;
    bool anyUc = false;
    const wire::SubOption* identifier = nullptr;
    for (const auto& s : subs.items) {
        codes.push_back(fmt::format("{}", s.code));
        anyUc = anyUc || wire::msuc::subOptionName(s.code).has_value();
        if (s.code == wire::msuc::UcIdentifier && identifier == nullptr) {
            identifier = &s;
        }
    }
    if (!anyUc) {
        return make(
            Severity::Error, "option43-not-msuc",
            fmt::format(
                "option 43 ({} bytes, sub-option{} {}) holds none of MS-UC-Client's sub-options "
                "1..5: it is another vendor's option 43",
                value.size(), codes.size() == 1 ? "" : "s",
                codes.empty() ? std::string("none") : joined(codes)),
            fix);
    }
    if (identifier != nullptr && wire::toString(identifier->data) != wire::msuc::kVendorClass &&
        !a.uc.url) {
        return make(
            Severity::Error, "option43-not-msuc",
            fmt::format(
                "option 43's sub-option 1 is \"{}\", not \"MS-UC-Client\", and no certificate "
                "provisioning URL can be built from it: it is another vendor's option 43",
                wire::escapeForDisplay(identifier->data)),
            fix);
    }
    return std::nullopt;
}

std::vector<Finding> answerFindings(const ServerAnswer& a, const ExchangeFacts& facts) {
    std::vector<Finding> out;
    if (!a.decoded) {
        out.push_back(
            make(Severity::Warning, "reply-malformed",
                 fmt::format("the reply is not a valid DHCP message ({}); a phone ignores it",
                             a.decodeError)));
        return out;
    }
    const auto& options = a.decoded->packet.options;
    out = diagnoseReport(a.decoded->report);
    if (a.copiesDiffer) {
        out.push_back(
            make(Severity::Warning, "copies-differ",
                 "the server answered the retransmitted DHCPINFORM with different bytes"));
    }
    if (!a.isAck()) {
        std::string text = a.type ? messageTypeName(static_cast<std::uint8_t>(*a.type))
                                  : "no message type (BOOTP)";
        if (const auto* m = options.find(wire::opt::Message)) {
            text += fmt::format(" saying \"{}\"", wire::escapeForDisplay(m->data));
        }
        out.push_back(
            make(Severity::Warning, "reply-not-ack",
                 fmt::format("the answer is {}, not a DHCPACK; a phone ignores it", text)));
        return out;
    }
    const auto* o120 = options.find(wire::opt::SipServers);
    const auto* o43 = options.find(wire::opt::VendorSpecific);
    for (const auto* o : {o120, o43}) {
        if (o != nullptr && o->data.empty()) {
            out.push_back(
                make(Severity::Warning,
                     o->code == wire::opt::SipServers ? "option120-empty" : "option43-empty",
                     fmt::format("option {} is present with length 0: configured without a value",
                                 o->code)));
        }
    }
    if (!a.has120 && !a.has43) {
        out.push_back(make(
            Severity::Note, "ack-without-options",
            "the DHCPACK carries neither option 120 nor option 43; a phone ignores this answer"));
        return out;
    }
    if (a.has120) {
        auto f = diagnoseOption120(o120->data);
        out.insert(out.end(), f.begin(), f.end());
    } else {
        out.push_back(
            make(Severity::Error, "ack-without-120",
                 "the DHCPACK has option 43 but no option 120 (SIP servers): the phone does not "
                 "know its registrar",
                 "configure option 120 for the MS-UC-Client class or the phone subnet ('dhcputil "
                 "encode --sip-server FQDN' prints its bytes)"));
    }
    if (a.has43) {
        if (auto f = notMsUc(a, o43->data, facts)) {
            out.push_back(std::move(*f));
            auto structural = diagnoseOption43(o43->data, false);
            out.insert(out.end(), structural.begin(), structural.end());
        } else {
            auto more = diagnoseOption43(o43->data, true);
            out.insert(out.end(), more.begin(), more.end());
        }
    } else {
        out.push_back(make(
            Severity::Error, "ack-without-43",
            fmt::format("the DHCPACK has option 120 but no option 43: the phone cannot find the "
                        "certificate provisioning service (it falls back to DNS, which often "
                        "fails for phones); the server's vendor class for \"{}\" did not match or "
                        "has no option 43",
                        wire::escapeForDisplay(facts.vendorClass)),
            vendorClassFix(facts)));
    }
    return out;
}

ServerAnswer makeAnswer(const CapturedReply& r, std::size_t index, const ExchangeFacts& facts) {
    ServerAnswer a;
    a.reply = index;
    try {
        a.decoded = wire::decodePacket(r.payload);
    } catch (const wire::WireError& e) {
        a.decodeError = e.what();
    }
    a.server = serverName(r, a.decoded);
    if (a.decoded) {
        const auto& options = a.decoded->packet.options;
        a.type = a.decoded->packet.messageType();
        const auto context = replyContext(options, facts.vendorClass);
        a.msUcContext = context.msUcVendor;
        a.options = describeOptions(options, context);
        a.uc = extractUc(options);
        const auto* o120 = options.find(wire::opt::SipServers);
        const auto* o43 = options.find(wire::opt::VendorSpecific);
        a.has120 = o120 != nullptr && !o120->data.empty();
        a.has43 = o43 != nullptr && !o43->data.empty();
    }
    return a;
}

std::string sendSummary(const ExchangeFacts& facts) {
    return fmt::format("{} over {:g} s, {} on {}",
                       plural(facts.sent, "DHCPINFORM sent", "DHCPINFORMs sent"), facts.timeout,
                       facts.destination.value == 0xFFFFFFFF
                           ? std::string("broadcast")
                           : "unicast to " + facts.destination.toString(),
                       wire::escapeForDisplay(facts.interface));
}

void globalFindings(ExchangeVerdict& v, const ExchangeFacts& facts, const Expectations& expect,
                    std::vector<Finding>& out) {
    const bool unicast = facts.destination.value != 0xFFFFFFFF;
    // Most servers send only what option 55 asks for (RFC 2131 §4.3.1): without 120 or 43 in it,
    // a missing option says nothing about the server's configuration.
    std::vector<std::string> unasked;
    for (const std::uint8_t code : {wire::opt::SipServers, wire::opt::VendorSpecific}) {
        if (std::find(facts.requested.begin(), facts.requested.end(), code) ==
            facts.requested.end()) {
            unasked.push_back(fmt::format("{}", code));
        }
    }
    if (!unasked.empty()) {
        out.push_back(make(
            Severity::Warning, "not-requested",
            fmt::format("the DHCPINFORM did not ask for option{} {} (option 55), as a phone does; "
                        "servers may leave {} out",
                        unasked.size() == 1 ? "" : "s", joined(unasked, " and "),
                        unasked.size() == 1 ? "it" : "them"),
            "leave --request out (120,43), or include 120 and 43 in it"));
    }
    if (v.servers.empty()) {
        out.push_back(make(
            Severity::Error, "no-answer",
            fmt::format("no DHCP server answered the DHCPINFORM ({})", sendSummary(facts)),
            unicast
                ? fmt::format(
                      "check that {} runs a DHCP server, that routers and firewalls pass UDP port "
                      "67 "
                      "to it and port 68 back to {}, and that it serves {} (ISC dhcpd: an "
                      "authoritative subnet; Kea: a subnet4; dnsmasq: a dhcp-range) with a vendor "
                      "class matching \"{}\"",
                      facts.destination.toString(), facts.ciaddr.toString(),
                      facts.ciaddr.toString(), wire::escapeForDisplay(facts.vendorClass))
                : fmt::format("check the relay (ip helper-address / DHCP relay) on this VLAN "
                              "points to the DHCP "
                              "server, that the server answers DHCPINFORM for {} (ISC dhcpd: an "
                              "authoritative "
                              "subnet; Kea: a subnet4; dnsmasq: a dhcp-range) and has a vendor "
                              "class matching "
                              "\"{}\" exactly",
                              facts.ciaddr.toString(), wire::escapeForDisplay(facts.vendorClass))));
        return;
    }
    std::vector<std::string> acks;
    for (const auto& a : v.servers) {
        if (a.isAck()) {
            acks.push_back(a.server);
        }
    }
    if (acks.empty()) {
        out.push_back(
            make(Severity::Error, "no-ack",
                 fmt::format("{} answered, but not with a DHCPACK ({})",
                             plural(v.servers.size(), "server", "servers"), sendSummary(facts)),
                 "see the reason given for each reply below"));
        return;
    }
    if (!v.chosen) {
        out.push_back(
            make(Severity::Error, "no-options",
                 fmt::format("{} ({}) answered with a DHCPACK, but without options 120 and 43: no "
                             "vendor class on the server matched \"{}\", or the options are not "
                             "configured for this subnet",
                             plural(acks.size(), "server", "servers"), joined(acks),
                             wire::escapeForDisplay(facts.vendorClass)),
                 vendorClassFix(facts)));
        return;
    }
    const ServerAnswer& first = v.servers[*v.chosen];
    std::vector<const ServerAnswer*> others;
    std::vector<const ServerAnswer*> same;
    for (const auto& a : v.servers) {
        if (&a == &first || !a.carriesOptions()) {
            continue;
        }
        (valueSignature(a) == valueSignature(first) ? same : others).push_back(&a);
    }
    if (!others.empty()) {
        std::string rest;
        for (const auto* a : others) {
            rest += fmt::format("; {} sent {}", a->server, valuesText(*a));
        }
        out.push_back(make(
            Severity::Error, "conflict",
            fmt::format("{} DHCP servers answered with different values; a phone takes the first "
                        "answer, here from {} ({}){}",
                        others.size() + same.size() + 1, first.server, valuesText(first), rest),
            "configure options 120 and 43 on one server only, or make all of them send the same "
            "values: which answer arrives first can change from one boot to the next"));
    } else if (!same.empty()) {
        std::vector<std::string> names;
        for (const auto* a : same) {
            names.push_back(a->server);
        }
        out.push_back(make(Severity::Note, "several-servers",
                           fmt::format("{} also answered, with the same values as {}",
                                       joined(names), first.server)));
    }
    if (expect.sipServer) {
        const std::string want = canonicalName(*expect.sipServer);
        const std::string got = first.uc.sipServers.empty()
                                    ? std::string()
                                    : canonicalName(first.uc.sipServers.front());
        if (got != want) {
            out.push_back(make(
                Severity::Error, "expect-sip-server",
                fmt::format("option 120 from {} names {}, expected {}", first.server,
                            got.empty()
                                ? std::string("no SIP server")
                                : "\"" + wire::escapeForDisplay(first.uc.sipServers.front()) + "\"",
                            "\"" + wire::escapeForDisplay(*expect.sipServer) + "\""),
                "correct option 120 on the server ('dhcputil encode --sip-server FQDN' prints its "
                "bytes), or --expect-sip-server"));
        }
    }
    if (expect.webServer) {
        const std::string want = canonicalName(*expect.webServer);
        const std::string got =
            first.uc.webServer ? canonicalName(*first.uc.webServer) : std::string();
        if (got != want) {
            out.push_back(make(
                Severity::Error, "expect-web-server",
                fmt::format(
                    "option 43 sub-option 3 (Web Server FQDN) from {} is {}, expected \"{}\"",
                    first.server,
                    first.uc.webServer ? "\"" + wire::escapeForDisplay(*first.uc.webServer) + "\""
                                       : std::string("missing"),
                    wire::escapeForDisplay(*expect.webServer)),
                "correct sub-option 3 of option 43 on the server, or --expect-web-server"));
        }
    }
}

}  // namespace

FrameMatch matchFrame(LinkType link, wire::ByteView frame, std::uint32_t xid,
                      const wire::MacAddress& chaddr, double seconds) {
    FrameMatch m;
    try {
        const auto parsed = parseUdpFrame(link, frame);
        const auto* d = std::get_if<UdpDatagram>(&parsed);
        if (d == nullptr || d->cutShort()) {
            return m;
        }
        // Only as much of the header as says whether it is ours (op, xid, chaddr), not the
        // whole of it (wire::HeaderView): an answer to our xid that is cut short is still ours,
        // and classifyReplies reports it as malformed.
        const wire::ByteView bootp = d->payload;
        if (bootp.size() < wire::kChaddrOffset + chaddr.octets.size()) {
            return m;
        }
        const std::uint8_t op = bootp[wire::kOpOffset];
        if (wire::ByteReader(bootp.subspan(wire::kXidOffset, 4)).u32() != xid) {
            return m;
        }
        const auto mac = bootp.subspan(wire::kChaddrOffset, chaddr.octets.size());
        if (!std::equal(mac.begin(), mac.end(), chaddr.octets.begin())) {
            return m;
        }
        if (op == static_cast<std::uint8_t>(wire::Op::BootRequest) &&
            d->destinationPort == wire::kServerPort) {
            m.role = FrameRole::OurRequest;
        } else if (op == static_cast<std::uint8_t>(wire::Op::BootReply) &&
                   d->destinationPort == wire::kClientPort) {
            m.role = FrameRole::Reply;
        } else {
            return m;
        }
        m.reply.seconds = seconds;
        m.reply.source = d->source;
        m.reply.destination = d->destination;
        m.reply.sourcePort = d->sourcePort;
        m.reply.destinationPort = d->destinationPort;
        if (link == LinkType::Ethernet) {
            wire::MacAddress source;
            std::copy_n(frame.begin() + 6, 6, source.octets.begin());
            m.reply.sourceMac = source;
        }
        m.reply.payload.assign(d->payload.begin(), d->payload.end());
    } catch (const wire::WireError&) {
        m.role = FrameRole::Ignore;  // too short for a BOOTP header: not ours to judge
    }
    return m;
}

DescribeContext replyContext(const wire::OptionList& options, const std::string& vendorClassSent) {
    DescribeContext context;
    if (const auto* vc = options.find(wire::opt::VendorClass)) {
        context.msUcVendor = wire::toString(vc->data) == vendorClassSent;
    }
    return context;
}

ExchangeVerdict classifyReplies(const std::vector<CapturedReply>& replies,
                                const ExchangeFacts& facts, const Expectations& expect) {
    ExchangeVerdict v;
    for (std::size_t i = 0; i < replies.size(); ++i) {
        ServerAnswer a = makeAnswer(replies[i], i, facts);
        const auto same = std::find_if(v.servers.begin(), v.servers.end(),
                                       [&](const ServerAnswer& s) { return s.server == a.server; });
        if (same != v.servers.end()) {
            // A retransmission answered again (or a second copy through another path).
            ++same->copies;
            same->copiesDiffer =
                same->copiesDiffer || replies[same->reply].payload != replies[i].payload;
            continue;
        }
        v.servers.push_back(std::move(a));
    }
    for (auto& a : v.servers) {
        a.findings = answerFindings(a, facts);
    }
    // docs/design.md §1: the first DHCPACK that carries the options wins.
    for (std::size_t i = 0; i < v.servers.size(); ++i) {
        if (v.servers[i].carriesOptions()) {
            v.chosen = i;
            break;
        }
    }

    std::vector<Finding> global;
    globalFindings(v, facts, expect, global);
    v.findings = global;
    // The chosen answer's findings first: they decide what the phone gets.
    std::vector<std::size_t> order;
    if (v.chosen) {
        order.push_back(*v.chosen);
    }
    for (std::size_t i = 0; i < v.servers.size(); ++i) {
        if (!v.chosen || i != *v.chosen) {
            order.push_back(i);
        }
    }
    bool chosenHasErrors = false;
    for (const std::size_t i : order) {
        const auto& a = v.servers[i];
        const bool isChosen = v.chosen && i == *v.chosen;
        chosenHasErrors = chosenHasErrors || (isChosen && hasErrors(a.findings));
        const std::string prefix =
            fmt::format("{} from {}: ", a.isAck() ? "DHCPACK" : "reply", a.server);
        for (auto f : a.findings) {
            f.message = prefix + f.message;
            v.findings.push_back(std::move(f));
        }
    }
    if (v.chosen) {
        const auto& a = v.servers[*v.chosen];
        // Another server's broken options fail the check through the conflict finding: a phone
        // may get that answer first on another day.
        v.success = !hasErrors(global) && !chosenHasErrors && !a.uc.sipServers.empty() &&
                    a.uc.url.has_value();
    }
    return v;
}

}  // namespace dhcplite::util
