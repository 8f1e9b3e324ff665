#include "inspect/decode_block.hpp"

#include <algorithm>

#include <fmt/format.h>

#include "inspect/describe.hpp"
#include "inspect/diagnose.hpp"
#include "util/json.hpp"
#include "wire/dhcp_constants.hpp"
#include "wire/hex.hpp"
#include "wire/option43.hpp"

namespace dhcplite::util {

namespace {

Finding error(std::string id, std::string message, std::string fix = {}) {
    return Finding{Severity::Error, std::move(id), std::move(message), std::move(fix)};
}

const PastedValue* firstOption(const PastedBlock& b, std::uint8_t code) {
    const PastedValue* found = nullptr;
    for (const auto& v : b.values) {
        if (v.option == code && !v.subOption && (found == nullptr || found->fromConfigScript))
            found = &v;
    }
    return found;
}

// Option 43 from the sub-option values (the block's own, else the DHCPConfigScript.bat line's).
std::optional<wire::Bytes> assembled43(const PastedBlock& b) {
    for (const bool script : {false, true}) {
        std::vector<wire::SubOption> subs;
        for (const auto& v : b.values) {
            if (v.subOption && v.fromConfigScript == script)
                subs.push_back(wire::SubOption{*v.subOption, v.bytes, 0});
        }
        if (!subs.empty()) {
            try {
                return wire::encodeSubOptions(subs);
            } catch (const wire::InputError&) {
                return std::nullopt;  // a sub-option value over 255 bytes: nothing to assemble
            }
        }
    }
    return std::nullopt;
}

std::optional<wire::Bytes> subOptionIn(const wire::Bytes& option43, std::uint8_t code) {
    try {
        for (const auto& s : wire::decodeSubOptions(option43).items) {
            if (s.code == code) return s.data;
        }
    } catch (const wire::WireError&) {}
    return std::nullopt;
}

// The cross-checks a block allows: its stated length, its sub-option lines against option 43,
// its DHCPConfigScript.bat line against the rest, and the URL it printed.
std::vector<Finding> crossCheck(const PastedBlock& b, const std::optional<wire::Bytes>& o43,
                                const UcView& uc) {
    std::vector<Finding> out;
    for (const auto& v : b.values) {
        if (v.statedLength && *v.statedLength != v.bytes.size() &&
            *v.statedLength != 2 * v.bytes.size()) {
            out.push_back(error(
                "block-length-mismatch",
                fmt::format(
                    "line {} says Length {}, but the value pasted with it is {} bytes ({} hex "
                    "digits): part of it was not copied",
                    v.line, *v.statedLength, v.bytes.size(), 2 * v.bytes.size()),
                "copy every line of the value, up to the blank line after it"));
        }
        if (v.subOption && o43) {
            const auto in43 = subOptionIn(*o43, *v.subOption);
            if (!in43 || *in43 != v.bytes) {
                out.push_back(error(
                    "block-value-mismatch",
                    fmt::format("line {} ({}) is {}, but option 43 {}", v.line, v.label,
                                wire::toHex(v.bytes),
                                in43 ? "holds " + wire::toHex(*in43)
                                     : std::string("has no such sub-option")),
                    "paste one DHCPUtil run: the values come from different runs or were edited"));
            }
        }
        if (!v.subOption && v.fromConfigScript && v.option == wire::opt::SipServers) {
            const auto* o120 = firstOption(b, wire::opt::SipServers);
            if (o120 != nullptr && o120 != &v && o120->bytes != v.bytes) {
                out.push_back(error(
                    "block-value-mismatch",
                    fmt::format("line {}: DHCPConfigScript.bat's option 120 differs from line {}'s",
                                v.line, o120->line),
                    "paste one DHCPUtil run: the values come from different runs or were edited"));
            }
        }
    }
    if (b.url && uc.url && *b.url != *uc.url) {
        out.push_back(error(
            "block-url-mismatch",
            fmt::format("the block says the URL is {}, but its option 43 makes the phone build {}",
                        wire::escapeForDisplay(*b.url), wire::escapeForDisplay(*uc.url)),
            "the value was edited after DHCPUtil printed it: run 'dhcputil encode' again"));
    }
    return out;
}

std::string subOptionText(const wire::Bytes& bytes) {
    const bool printable =
        !bytes.empty() && std::all_of(bytes.begin(), bytes.end(),
                                      [](std::uint8_t c) { return c >= 0x20 && c < 0x7F; });
    return printable ? wire::escapeForDisplay(bytes) : "(" + wire::toHex(bytes) + ")";
}

}  // namespace

BlockOutput decodePastedBlock(const PastedBlock& b, bool asJson) {
    const auto* v120 = firstOption(b, wire::opt::SipServers);
    const auto* v43 = firstOption(b, wire::opt::VendorSpecific);
    std::optional<wire::Bytes> o120;
    std::optional<wire::Bytes> o43;
    if (v120 != nullptr) o120 = v120->bytes;
    if (v43 != nullptr) {
        o43 = v43->bytes;
    } else {
        o43 = assembled43(b);
    }
    const UcView uc = extractUc(o120, o43);
    std::vector<Finding> findings;
    if (o120) {
        auto f = diagnoseOption120(*o120);
        findings.insert(findings.end(), f.begin(), f.end());
    }
    if (o43) {
        auto f = diagnoseOption43(*o43);
        findings.insert(findings.end(), f.begin(), f.end());
    }
    auto cross = crossCheck(b, o43, uc);
    findings.insert(findings.end(), cross.begin(), cross.end());

    BlockOutput r;
    r.failed = hasErrors(findings);
    const std::string assembledNote =
        v43 == nullptr && o43
            ? "option 43 put together from the sub-option values (code and length added)"
            : "";
    if (asJson) {
        JsonWriter json;
        json.beginObject();
        json.field("pasted", b.layout);
        json.key("values").beginArray();
        for (const auto& v : b.values) {
            json.beginObject();
            json.field("line", v.line);
            json.field("label", v.label);
            json.field("option", v.option);
            if (v.subOption) json.field("subOption", *v.subOption);
            json.field("hex", wire::toHex(v.bytes));
            json.endObject();
        }
        json.endArray();
        if (o120) {
            json.key("option120");
            writeOptionJson(json, describeOption(wire::opt::SipServers, *o120));
        }
        if (o43) {
            json.key("option43");
            writeOptionJson(json, describeOption(wire::opt::VendorSpecific, *o43));
        }
        if (!assembledNote.empty()) json.field("note", assembledNote);
        writeUcJson(json, uc);
        writeFindingsJson(json, "hints", findings);
        json.endObject();
        r.text = json.finish();
        return r;
    }
    r.text = fmt::format("Pasted: {}, {} value{}\n", b.layout, b.values.size(),
                         b.values.size() == 1 ? "" : "s");
    for (const auto& v : b.values) {
        if (v.subOption) {
            r.text += fmt::format("Line {}, {}: {}\n", v.line, v.label, subOptionText(v.bytes));
        } else {
            r.text += fmt::format("Line {}, {}:\n", v.line, v.label);
            r.text += renderOption(describeOption(v.option, v.bytes));
        }
    }
    if (!assembledNote.empty()) {
        r.text += "Note: " + assembledNote + ":\n" +
                  renderOption(describeOption(wire::opt::VendorSpecific, *o43));
    }
    r.text += renderUcSummary(uc) + renderFindings(findings);
    return r;
}

}  // namespace dhcplite::util
