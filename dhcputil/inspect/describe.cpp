#include "inspect/describe.hpp"

#include <algorithm>
#include <array>
#include <string_view>

#include <fmt/format.h>

#include "inspect/option_table.hpp"
#include "util/text.hpp"
#include "wire/address.hpp"
#include "wire/dns_name.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"
#include "wire/option120.hpp"
#include "wire/option43.hpp"

namespace dhcplite::util {

namespace {

using wire::ByteView;

using Kind = OptionKind;

constexpr std::uint8_t kPrivateUseFirst = 224;  // RFC 3942 §4: 224..254 are site-specific

const OptionDef* findDef(std::uint8_t code) { return findOptionDef(code); }

bool isPrintable(ByteView data) {
    return !data.empty() && std::all_of(data.begin(), data.end(),
                                        [](std::uint8_t b) { return b >= 0x20 && b < 0x7F; });
}

void setText(OptionDescription& d, ByteView data) {
    d.text = wire::toString(data);
    d.value = wire::escapeForDisplay(data);
}

// Unknown contents: shown as text only when every byte is printable, quoted so that it is clear
// this is a guess.
void setGuess(OptionDescription& d, ByteView data) {
    if (isPrintable(data)) {
        d.text = wire::toString(data);
        d.value = "\"" + wire::escapeForDisplay(data) + "\"";
    }
}

void describeAddresses(OptionDescription& d, ByteView data, bool single) {
    if (data.empty() || data.size() % 4 != 0 || (single && data.size() != 4)) {
        d.error = single ? fmt::format("length {} (an address is 4 bytes)", data.size())
                         : fmt::format("length {} is not a multiple of 4", data.size());
        return;
    }
    d.listKey = "addresses";
    for (std::size_t i = 0; i < data.size(); i += 4) {
        d.list.push_back(wire::Ipv4::fromBytes(data.subspan(i, 4)).toString());
    }
    d.value = joined(d.list);
}

bool exactLength(OptionDescription& d, ByteView data, std::size_t n) {
    if (data.size() != n) {
        d.error = fmt::format("length {} (expected {})", data.size(), n);
        return false;
    }
    return true;
}

std::string durationText(std::uint32_t seconds) {
    if (seconds == 0xFFFFFFFFu) {
        return "infinite";  // RFC 2132 §9.2
    }
    std::string out = fmt::format("{} s", seconds);
    if (seconds >= 86400 && seconds % 86400 == 0) {
        out += fmt::format(" ({} d)", seconds / 86400);
    } else if (seconds >= 3600 && seconds % 3600 == 0) {
        out += fmt::format(" ({} h)", seconds / 3600);
    } else if (seconds >= 60 && seconds % 60 == 0) {
        out += fmt::format(" ({} min)", seconds / 60);
    }
    return out;
}

OptionDescription describeUcSubOption(const wire::SubOption& sub, bool msUc) {
    OptionDescription d;
    d.code = sub.code;
    d.length = sub.data.size();
    d.hex = wire::toHex(sub.data);
    const auto names = msUc ? wire::msuc::subOptionName(sub.code) : std::nullopt;
    if (!names) {
        d.name = msUc ? "Unknown" : "Sub-option";
        setGuess(d, sub.data);
        return d;
    }
    d.name = std::string(names->label);
    if (sub.code == wire::msuc::WebServerPort && !sub.data.empty() &&
        !std::all_of(sub.data.begin(), sub.data.end(),
                     [](std::uint8_t b) { return b >= '0' && b <= '9'; })) {
        // docs/design.md §2.4: the port is ASCII text ("443" = 343433). A binary integer is the
        // classic mistake; show what it would have meant.
        if (sub.data.size() <= 4) {
            std::uint32_t n = 0;
            for (std::uint8_t b : sub.data) {
                n = (n << 8) | b;
            }
            d.error =
                fmt::format("not ASCII digits (as a {}-byte integer it is {})", sub.data.size(), n);
        } else {
            d.error = "not ASCII digits";
        }
        return d;
    }
    setText(d, sub.data);
    return d;
}

// Sub-options up to the first one that does not fit; the error says where. Only used after
// wire::decodeSubOptions refused the value, to show the admin the good part.
std::vector<wire::SubOption> salvageSubOptions(ByteView value) {
    std::vector<wire::SubOption> out;
    wire::ByteReader in(value);
    while (!in.empty()) {
        const std::size_t at = in.position();
        const std::uint8_t code = in.u8();
        if (code == wire::opt::Pad) {
            continue;
        }
        if (code == wire::opt::End || in.empty()) {
            break;
        }
        const std::uint8_t len = in.u8();
        if (len > in.remaining()) {
            break;
        }
        const auto data = in.bytes(len);
        out.push_back(wire::SubOption{code, wire::Bytes(data.begin(), data.end()), at});
    }
    return out;
}

// The sub-options of `data`; when they overrun, the decoder's error in `error` and the ones that
// fit, so a broken option is still shown as far as it goes.
std::vector<wire::SubOption> subOptionsOrSalvage(ByteView data, std::string& error) {
    try {
        return wire::decodeSubOptions(data).items;
    } catch (const wire::WireError& e) {
        error = e.what();
        return salvageSubOptions(data);
    }
}

std::string subOptionCount(std::size_t n) {
    return n == 1 ? "1 sub-option" : fmt::format("{} sub-options", n);
}

void describeVendor(OptionDescription& d, ByteView data, const DescribeContext& context) {
    if (data.empty()) {
        return;
    }
    d.subOptionSpace = context.msUcVendor ? std::string(wire::msuc::kVendorClass) : "vendor";
    const std::vector<wire::SubOption> subs = subOptionsOrSalvage(data, d.error);
    for (const auto& sub : subs) {
        d.subOptions.push_back(describeUcSubOption(sub, context.msUcVendor));
    }
    d.value = subOptionCount(subs.size());
}

void describeRelay(OptionDescription& d, ByteView data) {
    d.subOptionSpace = "relay-agent";
    const std::vector<wire::SubOption> subs = subOptionsOrSalvage(data, d.error);
    for (const auto& sub : subs) {
        OptionDescription s;
        s.code = sub.code;
        s.length = sub.data.size();
        s.hex = wire::toHex(sub.data);
        switch (sub.code) {  // RFC 3046 §2.0, RFC 3527, RFC 5107
        case 1: s.name = "Agent Circuit ID"; break;
        case 2: s.name = "Agent Remote ID"; break;
        case 5: s.name = "Link Selection"; break;
        case 11: s.name = "Server Identifier Override"; break;
        default: s.name = "Sub-option"; break;
        }
        if ((sub.code == 5 || sub.code == 11) && sub.data.size() == 4) {
            s.value = wire::Ipv4::fromBytes(sub.data).toString();
        } else {
            setGuess(s, sub.data);
        }
        d.subOptions.push_back(std::move(s));
    }
}

void describeSip(OptionDescription& d, ByteView data) {
    try {
        const auto servers = wire::decodeSipServers(data);
        if (servers.encoding == wire::SipEncoding::Names) {
            d.listKey = "names";
            d.list = servers.names;
        } else {
            d.listKey = "addresses";
            for (const auto& a : servers.addresses) {
                d.list.push_back(a.toString());
            }
        }
        d.compressed = servers.usedCompression;
        d.value = wire::escapeForDisplay(joined(d.list));
        if (d.compressed) {
            d.value += " [name compression used]";
        }
    } catch (const wire::WireError& e) {
        d.error = e.what();
    }
}

void describeDomainSearch(OptionDescription& d, ByteView data) {
    // RFC 3397 §2: pointers are offsets into the option's (joined) data.
    try {
        std::size_t at = 0;
        while (at < data.size()) {
            std::size_t next = 0;
            d.list.push_back(wire::decodeDnsName(data, at, next));
            at = next;
        }
        d.listKey = "names";
        d.value = wire::escapeForDisplay(joined(d.list));
    } catch (const wire::WireError& e) {
        d.list.clear();
        d.error = e.what();
    }
}

void describeClientId(OptionDescription& d, ByteView data) {
    if (data.empty()) {
        d.error = "length 0 (RFC 2132 §9.14 needs at least 2)";
        return;
    }
    const std::uint8_t type = data[0];
    const auto rest = data.subspan(1);
    if (type == 1 && rest.size() == 6) {
        std::array<std::uint8_t, 6> mac{};
        std::copy(rest.begin(), rest.end(), mac.begin());
        d.value = "hardware type 1 (Ethernet) " + wire::MacAddress{mac}.toString();
    } else {
        d.value = fmt::format("type {} {}", type, wire::toHex(rest, ':'));
    }
}

// RFC 3925 §3 (124) and §4 (125): per enterprise, a 4-byte enterprise number, a length byte,
// then (124) length-prefixed vendor class strings or (125) code/length/data sub-options.
void describeVendorIdentifying(OptionDescription& d, ByteView data, bool subOptions) {
    d.subOptionSpace = "enterprise";
    wire::ByteReader in(data);
    try {
        while (!in.empty()) {
            OptionDescription e;
            const std::uint32_t number = in.u32();
            const std::uint8_t len = in.u8();
            if (len > in.remaining()) {
                in.fail(
                    fmt::format("enterprise {} data length {} overruns the value ({} bytes left)",
                                number, len, in.remaining()));
            }
            const auto body = in.bytes(len);
            e.enterprise = number;
            const auto known = enterpriseName(number);
            e.name = known.empty() ? fmt::format("Enterprise {}", number)
                                   : fmt::format("Enterprise {} ({})", number, known);
            e.length = len;
            e.hex = wire::toHex(body);
            if (subOptions) {
                e.subOptionSpace = "vendor";
                const std::vector<wire::SubOption> subs = subOptionsOrSalvage(body, e.error);
                for (const auto& sub : subs) {
                    e.subOptions.push_back(describeUcSubOption(sub, false));
                }
                e.value = subOptionCount(subs.size());
            } else {
                wire::ByteReader classes(body);
                while (!classes.empty() && e.error.empty()) {
                    const std::uint8_t n = classes.u8();
                    if (n > classes.remaining()) {
                        e.error =
                            fmt::format("vendor class length {} overruns the data at offset {}", n,
                                        classes.position() - 1);
                        break;
                    }
                    const auto item = classes.bytes(n);
                    e.list.push_back(isPrintable(item) ? wire::escapeForDisplay(item)
                                                       : wire::toHex(item));
                }
                e.listKey = "classes";
                e.value = joined(e.list);
            }
            d.subOptions.push_back(std::move(e));
        }
    } catch (const wire::WireError& err) {
        d.error = err.what();
    }
    d.value = d.subOptions.size() == 1 ? "1 enterprise"
                                       : fmt::format("{} enterprises", d.subOptions.size());
}

}  // namespace

std::string optionName(std::uint8_t code) {
    if (code == wire::opt::Pad) {
        return "Pad";
    }
    if (code == wire::opt::End) {
        return "End";
    }
    const OptionDef* def = findDef(code);
    if (def != nullptr) {
        return std::string(def->name);
    }
    return code >= kPrivateUseFirst ? "Private Use" : "Unassigned";
}

std::string messageTypeName(std::uint8_t type) {
    static constexpr std::array<std::string_view, 9> kNames{
        "",        "DHCPDISCOVER", "DHCPOFFER",   "DHCPREQUEST", "DHCPDECLINE",
        "DHCPACK", "DHCPNAK",      "DHCPRELEASE", "DHCPINFORM"};
    if (type >= 1 && type < kNames.size()) {
        return std::string(kNames[type]);
    }
    return fmt::format("type {}", type);
}

DescribeContext contextFor(const wire::OptionList& options) {
    DescribeContext context;
    if (const auto* vc = options.find(wire::opt::VendorClass)) {
        context.msUcVendor = wire::toString(vc->data) == wire::msuc::kVendorClass;
    } else if (const auto* o43 = options.find(wire::opt::VendorSpecific)) {
        context.msUcVendor = namesMsUcClient(o43->data);
    }
    return context;
}

bool namesMsUcClient(ByteView option43) {
    // The sub-options that fit are enough: a value cut short still names its vendor up front.
    for (const auto& s : salvageSubOptions(option43)) {
        if (s.code == wire::msuc::UcIdentifier) {
            return wire::toString(s.data) == wire::msuc::kVendorClass;
        }
    }
    return false;
}

OptionDescription describeOption(std::uint8_t code, ByteView data, const DescribeContext& context) {
    OptionDescription d;
    d.code = code;
    d.name = optionName(code);
    d.length = data.size();
    d.hex = wire::toHex(data);
    if (data.empty()) {
        return d;  // e.g. the 54/120/43 placeholders in DHCPUtil's own INFORM
    }
    const OptionDef* def = findDef(code);
    const Kind kind = def != nullptr ? def->kind : Kind::Hex;
    switch (kind) {
    case Kind::Hex:
        if (def == nullptr) {
            setGuess(d, data);
        }
        break;
    case Kind::Address: describeAddresses(d, data, true); break;
    case Kind::Addresses: describeAddresses(d, data, false); break;
    case Kind::Text: setText(d, data); break;
    case Kind::U8:
        if (exactLength(d, data, 1)) {
            d.value = fmt::format("{}", data[0]);
        }
        break;
    case Kind::U16:
        if (exactLength(d, data, 2)) {
            wire::ByteReader in(data);
            d.value = fmt::format("{}", in.u16());
        }
        break;
    case Kind::U32:
        if (exactLength(d, data, 4)) {
            wire::ByteReader in(data);
            d.value = fmt::format("{}", in.u32());
        }
        break;
    case Kind::ViVendorClass: describeVendorIdentifying(d, data, false); break;
    case Kind::ViVendorSpecific: describeVendorIdentifying(d, data, true); break;
    case Kind::Seconds:
        if (exactLength(d, data, 4)) {
            wire::ByteReader in(data);
            d.value = durationText(in.u32());
        }
        break;
    case Kind::MessageType:
        if (exactLength(d, data, 1)) {
            d.value = messageTypeName(data[0]);
        }
        break;
    case Kind::ParamList:
        d.listKey = "codes";
        for (std::uint8_t c : data) {
            d.list.push_back(fmt::format("{}", c));
        }
        d.value = joined(d.list);
        break;
    case Kind::ClientId: describeClientId(d, data); break;
    case Kind::Sip: describeSip(d, data); break;
    case Kind::Vendor: describeVendor(d, data, context); break;
    case Kind::Relay: describeRelay(d, data); break;
    case Kind::DomainSearch: describeDomainSearch(d, data); break;
    case Kind::Overload:
        if (exactLength(d, data, 1)) {
            switch (data[0]) {  // RFC 2132 §9.3
            case wire::kOverloadFile: d.value = "file carries options"; break;
            case wire::kOverloadSname: d.value = "sname carries options"; break;
            case wire::kOverloadBoth: d.value = "file and sname carry options"; break;
            default: d.error = fmt::format("value {} is not 1, 2 or 3", data[0]); break;
            }
        }
        break;
    }
    return d;
}

std::vector<OptionDescription> describeOptions(const wire::OptionList& options,
                                               const DescribeContext& context) {
    std::vector<OptionDescription> out;
    out.reserve(options.size());
    for (const auto& o : options.all()) {
        out.push_back(describeOption(o.code, o.data, context));
    }
    return out;
}

}  // namespace dhcplite::util
