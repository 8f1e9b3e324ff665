#include "inspect/diagnose.hpp"

#include <algorithm>
#include <optional>

#include <fmt/format.h>

#include "inspect/describe.hpp"
#include "inspect/diagnose_mistakes.hpp"
#include "util/text.hpp"
#include "wire/dns_name.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"
#include "wire/option120.hpp"
#include "wire/option43.hpp"

namespace dhcplite::util {

namespace {

using wire::ByteView;

Finding make(Severity s, std::string id, std::string message, std::string fix = {}) {
    return Finding{s, std::move(id), std::move(message), std::move(fix)};
}

// At most `max` characters of untrusted text, escaped, with an ellipsis when cut.
std::string excerpt(ByteView data, std::size_t max = 24) {
    if (data.size() <= max) {
        return wire::escapeForDisplay(data);
    }
    return wire::escapeForDisplay(data.first(max)) + "...";
}

// The value is ASCII hex digits (optionally separated by spaces or colons) spelling at least two
// bytes: an admin typed hex into a text field, so the server sends the characters '0','1','0','C'…
// Returns the bytes the digits spell.
std::optional<wire::Bytes> hexSpelledAsText(ByteView data) {
    std::size_t digits = 0;
    for (std::uint8_t b : data) {
        const bool hex = (b >= '0' && b <= '9') || (b >= 'a' && b <= 'f') || (b >= 'A' && b <= 'F');
        if (hex) {
            ++digits;
        } else if (b != ' ' && b != ':') {
            return std::nullopt;
        }
    }
    if (digits < 4 || digits % 2 != 0) {
        return std::nullopt;
    }
    try {
        return wire::parseHex(wire::toString(data));
    } catch (const wire::InputError&) {
        return std::nullopt;
    }
}

// Text that reads as a host name ("lync.schertz.local"), with at most one trailing NUL (Windows
// String options carry one).
std::optional<std::string> plainHostName(ByteView data) {
    if (!data.empty() && data.back() == 0) {
        data = data.first(data.size() - 1);
    }
    if (data.empty() || std::find(data.begin(), data.end(), std::uint8_t{'.'}) == data.end()) {
        return std::nullopt;
    }
    const std::string text = wire::toString(data);
    try {
        wire::validateFqdn(text);
        return text;
    } catch (const wire::InputError&) {
        return std::nullopt;
    }
}

std::string correctSipHex(const std::string& name) {
    return wire::toHex(wire::encodeSipServerNames({name}));
}

// RFC 1035 names from offset 0 to the very end, with no encoding byte in front.
bool parsesAsNamesWithoutEnc(ByteView value) {
    if (value.empty() || value[0] == 0 || value[0] > wire::kMaxLabel) {
        return false;
    }
    try {
        std::size_t at = 0;
        while (at < value.size()) {
            std::size_t next = 0;
            const std::string name = wire::decodeDnsName(value, at, next);
            wire::validateFqdn(name);
            at = next;
        }
        return true;
    } catch (const wire::WireError&) {
        return false;
    } catch (const wire::InputError&) {
        return false;
    }
}

// "UC Identifier(1)=MS-UC-Client, ..." for a second look at bytes that were hex text.
std::string oneLineSummary(std::uint8_t code, ByteView bytes) {
    const auto d = describeOption(code, bytes);
    if (!d.error.empty()) {
        return "still malformed: " + d.error;
    }
    if (d.subOptions.empty()) {
        return d.value.empty() ? d.hex : d.value;
    }
    std::string out;
    for (const auto& s : d.subOptions) {
        if (!out.empty()) {
            out += ", ";
        }
        out += fmt::format("{}({})={}", s.name, s.code, s.error.empty() ? s.value : "malformed");
    }
    if (code == wire::opt::VendorSpecific) {
        const auto uc = extractUc(std::nullopt, wire::Bytes(bytes.begin(), bytes.end()));
        if (uc.url) {
            out += " -> " + wire::escapeForDisplay(*uc.url);
        }
    }
    return out;
}

std::optional<Finding> hexAsText(std::uint8_t code, ByteView value) {
    const auto bytes = hexSpelledAsText(value);
    if (!bytes) {
        return std::nullopt;
    }
    return make(
        Severity::Error, "hex-as-text",
        fmt::format("option {} holds the text \"{}\" ({} characters of ASCII hex digits), "
                    "not the {} bytes they spell; the hex was typed into a text field",
                    code, excerpt(value), value.size(), bytes->size()),
        fmt::format("configure the value as binary/hex so the bytes {} are sent; decoded once more "
                    "it would be: {}",
                    wire::toHex(*bytes), oneLineSummary(code, *bytes)));
}

bool allDigits(ByteView data) {
    return !data.empty() && std::all_of(data.begin(), data.end(),
                                        [](std::uint8_t b) { return b >= '0' && b <= '9'; });
}

void checkUcSubOptions(const wire::SubOptions& subs, std::vector<Finding>& out) {
    namespace msuc = wire::msuc;
    const auto find = [&](std::uint8_t code) -> const wire::SubOption* {
        for (const auto& s : subs.items) {
            if (s.code == code) {
                return &s;
            }
        }
        return nullptr;
    };
    const auto label = [](std::uint8_t code) {
        const auto n = msuc::subOptionName(code);
        return fmt::format("sub-option {} ({})", code, n ? n->label : "unknown");
    };

    if (const auto* id = find(msuc::UcIdentifier)) {
        if (wire::toString(id->data) != msuc::kVendorClass) {
            out.push_back(make(Severity::Warning, "uc-identifier-mismatch",
                               fmt::format("{} is \"{}\", not \"MS-UC-Client\"",
                                           label(msuc::UcIdentifier), excerpt(id->data, 40)),
                               "send 4D532D55432D436C69656E74 (\"MS-UC-Client\")"));
        }
    } else {
        out.push_back(make(Severity::Warning, "uc-identifier-missing",
                           "option 43 has no sub-option 1 (UC Identifier)",
                           "add sub-option 1 = 4D532D55432D436C69656E74 (\"MS-UC-Client\")"));
    }

    std::string missing;
    for (std::uint8_t code = msuc::UrlScheme; code <= msuc::CertProvRelPath; ++code) {
        if (find(code) == nullptr) {
            missing += (missing.empty() ? "" : ", ") + label(code);
        }
    }
    if (!missing.empty()) {
        out.push_back(make(Severity::Error, "suboption-missing",
                           fmt::format("option 43 lacks {}: the phone cannot build the certificate "
                                       "provisioning URL",
                                       missing),
                           "'dhcputil encode --sip-server FQDN' prints all five sub-options"));
    }

    for (const auto& s : subs.items) {
        const auto name = msuc::subOptionName(s.code);
        if (!name) {
            out.push_back(
                make(Severity::Note, "suboption-unknown",
                     fmt::format("option 43 sub-option {} is not an MS-UC-Client sub-option "
                                 "(Windows DHCP adds 220 \"NAP\"); phones ignore it",
                                 s.code)));
            continue;
        }
        if (s.code != msuc::WebServerPort && !s.data.empty() && s.data.back() == 0) {
            out.push_back(
                make(Severity::Warning, "suboption-nul",
                     fmt::format("{} ends with a NUL byte (a String-typed option on Windows?); "
                                 "the phone may copy it into the URL",
                                 label(s.code)),
                     fmt::format("define the sub-option as Binary and send {}",
                                 wire::toHex(ByteView(s.data).first(s.data.size() - 1)))));
        }
    }

    if (const auto* port = find(msuc::WebServerPort)) {
        const ByteView p = port->data;
        if (!allDigits(p) && !p.empty() && p.size() <= 4) {
            std::uint32_t n = 0;
            for (std::uint8_t b : p) {
                n = (n << 8) | b;
            }
            const std::string text = fmt::format("{}", n);
            out.push_back(make(
                Severity::Error, "port-as-integer",
                fmt::format(
                    "{} holds the {}-byte integer {} ({}) at offset {}, but phones read the port "
                    "as ASCII text",
                    label(msuc::WebServerPort), p.size(), n, wire::toHex(p), port->offset + 2),
                fmt::format("send {} (the text \"{}\"); as a sub-option: {}",
                            wire::toHex(wire::toBytes(text)), text,
                            wire::toHex(wire::Bytes{msuc::WebServerPort,
                                                    static_cast<std::uint8_t>(text.size())}) +
                                wire::toHex(wire::toBytes(text)))));
        } else if (!allDigits(p)) {
            out.push_back(make(Severity::Error, "port-invalid",
                               fmt::format("{} \"{}\" is not a port number",
                                           label(msuc::WebServerPort), excerpt(p)),
                               "send the port as ASCII digits, e.g. 343433 (\"443\")"));
        } else {
            unsigned long n = 0;
            for (std::uint8_t b : p) {
                n = std::min(n * 10 + (b - '0'), 100000ul);
            }
            if (n == 0 || n > 65535) {
                out.push_back(make(Severity::Error, "port-invalid",
                                   fmt::format("{} \"{}\" is not a port number (1..65535)",
                                               label(msuc::WebServerPort), excerpt(p)),
                                   "send the port as ASCII digits, e.g. 343433 (\"443\")"));
            }
        }
    }

    if (const auto* web = find(msuc::WebServerFqdn)) {
        ByteView w = web->data;
        if (!w.empty() && w.back() == 0) {
            w = w.first(w.size() - 1);  // reported above
        }
        try {
            wire::validateFqdn(wire::toString(w));
        } catch (const wire::InputError& e) {
            out.push_back(
                make(Severity::Error, "web-server-invalid",
                     fmt::format("{}: {}", label(msuc::WebServerFqdn),
                                 wire::InputError(e.reason(), e.value(), e.position()).what()),
                     "send the web services FQDN as plain text, e.g. 'dhcputil encode "
                     "--web-server FQDN'"));
        }
    }

    if (const auto* path = find(msuc::CertProvRelPath)) {
        if (path->data.empty() || path->data.front() != '/') {
            out.push_back(
                make(Severity::Error, "path-relative",
                     fmt::format("{} \"{}\" does not start with '/': the phone appends it "
                                 "right after the port",
                                 label(msuc::CertProvRelPath), excerpt(path->data, 40)),
                     fmt::format("send {} (\"{}\")", wire::toHex(wire::toBytes(msuc::kDefaultPath)),
                                 msuc::kDefaultPath)));
        }
    }

    if (const auto* scheme = find(msuc::UrlScheme)) {
        const std::string s = asciiLower(wire::toString(scheme->data));
        if (s != "https" && s != "http") {
            out.push_back(make(Severity::Warning, "scheme-unusual",
                               fmt::format("{} is \"{}\"; phones expect \"https\"",
                                           label(msuc::UrlScheme), excerpt(scheme->data)),
                               "send 6874747073 (\"https\")"));
        }
    }
}

}  // namespace

std::vector<Finding> diagnoseOption120(ByteView value) {
    std::vector<Finding> out;
    if (value.empty()) {
        return out;
    }
    const bool looksHex = value[0] == '0';  // "00…" or "01…": the enc byte typed as text
    if (looksHex) {
        if (auto f = hexAsText(wire::opt::SipServers, value)) {
            out.push_back(std::move(*f));
            return out;
        }
    }
    if (auto f = leadingOptionCode(wire::opt::SipServers, value)) {
        out.push_back(std::move(*f));
        return out;
    }
    try {
        const auto servers = wire::decodeSipServers(value);
        if (servers.usedCompression) {
            out.push_back(make(Severity::Note, "option120-compressed",
                               "option 120 uses RFC 1035 name compression (as dnsmasq writes it); "
                               "RFC 3361 clients must accept it"));
        }
        if (servers.encoding == wire::SipEncoding::Addresses && parsesAsNamesWithoutEnc(value)) {
            out.push_back(
                make(Severity::Warning, "option120-ambiguous-enc",
                     "option 120 decodes as enc 1 (addresses), but the same bytes are also "
                     "valid names without an encoding byte",
                     fmt::format("if names were meant, send {}", "00" + wire::toHex(value))));
        }
        return out;
    } catch (const wire::WireError& e) {
        if (const auto name = plainHostName(value)) {
            out.push_back(
                make(Severity::Error, "option120-plain-text",
                     fmt::format("option 120 holds the plain text \"{}\": no encoding byte and "
                                 "no label lengths (RFC 3361 §3.1 wants enc 0, then each label "
                                 "with its length, then a 0)",
                                 wire::escapeForDisplay(*name)),
                     fmt::format("send {}", correctSipHex(*name))));
            return out;
        }
        if (value[0] == 0) {
            if (const auto name = plainHostName(value.subspan(1))) {
                out.push_back(
                    make(Severity::Error, "option120-text-after-enc",
                         fmt::format("option 120 has the encoding byte 0, then the plain text "
                                     "\"{}\" instead of length-prefixed labels",
                                     wire::escapeForDisplay(*name)),
                         fmt::format("send {}", correctSipHex(*name))));
                return out;
            }
        }
        if (parsesAsNamesWithoutEnc(value)) {
            out.push_back(
                make(Severity::Error, "option120-missing-enc",
                     fmt::format("option 120 starts with a label length ({}) instead of the "
                                 "encoding byte (RFC 3361 §3: 0 = names, 1 = addresses)",
                                 value[0]),
                     fmt::format("prefix the encoding byte 00: send 00{}", wire::toHex(value))));
            return out;
        }
        out.push_back(make(Severity::Error, "option120-malformed",
                           fmt::format("option 120 is malformed: {}", e.what()),
                           "'dhcputil encode --sip-server FQDN' prints a correct value"));
    }
    return out;
}

std::vector<Finding> diagnoseOption43(ByteView value, bool msUc) {
    std::vector<Finding> out;
    if (value.empty()) {
        return out;
    }
    if (auto f = hexAsText(wire::opt::VendorSpecific, value)) {
        out.push_back(std::move(*f));
        return out;
    }
    if (auto f = leadingOptionCode(wire::opt::VendorSpecific, value)) {
        out.push_back(std::move(*f));
        return out;
    }
    wire::SubOptions subs;
    try {
        subs = wire::decodeSubOptions(value);
    } catch (const wire::WireError& e) {
        if (auto f = headerlessSubOptions(value)) {
            out.push_back(std::move(*f));
        } else if (auto g = subOptionsMisaligned(wire::opt::VendorSpecific, value)) {
            out.push_back(std::move(*g));
        } else {
            out.push_back(make(Severity::Error, "option43-malformed",
                               fmt::format("option 43 is malformed: {}", e.what())));
        }
        return out;
    }
    if (subs.bytesAfterEnd != 0) {
        out.push_back(
            make(Severity::Warning, "suboption-after-end",
                 fmt::format("option 43 has {} byte{} after its END (255) sub-option; they are "
                             "ignored",
                             subs.bytesAfterEnd, subs.bytesAfterEnd == 1 ? "" : "s")));
    }
    if (subs.trailingEnd) {
        out.push_back(make(Severity::Note, "suboption-trailing-end",
                           "option 43 ends its sub-options with END (255), as dnsmasq does; phones "
                           "accept it"));
    }
    if (msUc) {
        checkUcSubOptions(subs, out);
    }
    return out;
}

std::vector<Finding> diagnoseOptions(const wire::OptionList& options) {
    std::vector<Finding> out;
    const auto context = contextFor(options);
    if (const auto* o = options.find(wire::opt::SipServers)) {
        auto f = diagnoseOption120(o->data);
        out.insert(out.end(), f.begin(), f.end());
    }
    if (const auto* o = options.find(wire::opt::VendorSpecific)) {
        auto f = diagnoseOption43(o->data, context.msUcVendor);
        out.insert(out.end(), f.begin(), f.end());
    }
    return out;
}

std::vector<Finding> diagnoseReport(const wire::DecodeReport& report) {
    std::vector<Finding> out;
    if (report.missingEnd) {
        out.push_back(
            make(Severity::Warning, "missing-end",
                 "the options field has no END (255) option; tolerated, but RFC 2131 §4.1 "
                 "requires one"));
    }
    if (report.trailingBytes != 0) {
        out.push_back(make(Severity::Warning, "trailing-bytes",
                           fmt::format("{} non-zero byte{} after END at offset {} (not parsed)",
                                       report.trailingBytes, report.trailingBytes == 1 ? "" : "s",
                                       report.trailingOffset)));
    }
    for (std::uint8_t code : report.joinedCodes) {
        out.push_back(make(
            Severity::Note, "joined-option",
            fmt::format("option {} came in several instances and was joined (RFC 3396)", code)));
    }
    if (report.overload != 0) {
        out.push_back(
            make(Severity::Note, "overload",
                 fmt::format("option 52 = {}: options continue in the {} field{} (RFC 2131)",
                             report.overload,
                             report.overload == wire::kOverloadFile    ? "file"
                             : report.overload == wire::kOverloadSname ? "sname"
                                                                       : "file and sname",
                             report.overload == wire::kOverloadBoth ? "s" : "")));
    }
    return out;
}

std::vector<Finding> diagnosePacket(const wire::DecodedPacket& decoded) {
    auto out = diagnoseReport(decoded.report);
    auto more = diagnoseOptions(decoded.packet.options);
    out.insert(out.end(), more.begin(), more.end());
    return out;
}

bool hasErrors(const std::vector<Finding>& findings) {
    return std::any_of(findings.begin(), findings.end(),
                       [](const Finding& f) { return f.severity == Severity::Error; });
}

std::string_view severityName(Severity s) {
    switch (s) {
    case Severity::Note: return "note";
    case Severity::Warning: return "warning";
    case Severity::Error: return "error";
    }
    return "note";
}

std::string renderFindings(const std::vector<Finding>& findings) {
    std::string out;
    for (const auto& f : findings) {
        out += fmt::format("{}: {}\n", f.severity == Severity::Note ? "note" : "hint", f.message);
        if (!f.fix.empty()) {
            out += fmt::format("      fix: {}\n", f.fix);
        }
    }
    return out;
}

void writeFindingsJson(JsonWriter& json, std::string_view key,
                       const std::vector<Finding>& findings) {
    json.key(key).beginArray();
    for (const auto& f : findings) {
        json.beginObject();
        json.field("severity", severityName(f.severity));
        json.field("id", f.id);
        json.field("message", f.message);
        if (!f.fix.empty()) {
            json.field("fix", f.fix);
        }
        json.endObject();
    }
    json.endArray();
}

}  // namespace dhcplite::util
