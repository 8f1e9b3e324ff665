// The describers' results as text (DHCPUtil -EmulateClient's lines, the BOOTP header) and as JSON.
#include "inspect/describe.hpp"

#include <string_view>

#include <fmt/format.h>

#include "util/text.hpp"
#include "wire/address.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"
#include "wire/option120.hpp"
#include "wire/option43.hpp"

namespace dhcplite::util {

using wire::ByteView;

namespace {

std::string renderLine(std::string_view prefix, const OptionDescription& d) {
    std::string line =
        d.enterprise ? fmt::format("{}{} = (Length: {})", prefix, d.name, d.length)
                     : fmt::format("{}{}({}) = (Length: {})", prefix, d.name, d.code, d.length);
    if (!d.error.empty()) {
        line += " malformed: " + d.error;
    } else if (!d.value.empty()) {
        line += " " + d.value;
    }
    if (d.length != 0) {
        line += " (" + d.hex + ")";
    }
    line += "\n";
    return line;
}

}  // namespace

namespace {

void renderSubOptions(std::string& out, const OptionDescription& d, const std::string& indent) {
    for (const auto& sub : d.subOptions) {
        out += renderLine(indent, sub);
        renderSubOptions(out, sub, indent + "    ");
    }
}

}  // namespace

std::string renderOption(const OptionDescription& d) {
    std::string out = renderLine("DHCP: ", d);
    renderSubOptions(out, d, "        ");
    return out;
}

std::string renderOptions(const std::vector<OptionDescription>& ds) {
    std::string out;
    for (const auto& d : ds) {
        out += renderOption(d);
    }
    return out;
}

namespace {

std::string fieldText(ByteView field) {
    const auto end = std::find(field.begin(), field.end(), std::uint8_t{0});
    const auto used = field.first(static_cast<std::size_t>(end - field.begin()));
    return used.empty() ? std::string() : wire::escapeForDisplay(used);
}

std::string chaddrText(const wire::Packet& p) {
    if (p.htype == 1 && p.hlen == 6) {
        std::array<std::uint8_t, 6> mac{};
        std::copy_n(p.chaddr.begin(), 6, mac.begin());
        return wire::MacAddress{mac}.toString();
    }
    const std::size_t n = std::min<std::size_t>(p.hlen, p.chaddr.size());
    return wire::toHex(ByteView(p.chaddr).first(n), ':');
}

std::string opText(std::uint8_t op) {
    switch (op) {  // RFC 2131 §2
    case 1: return "BOOTREQUEST (1)";
    case 2: return "BOOTREPLY (2)";
    default: return fmt::format("unknown ({})", op);
    }
}

}  // namespace

std::string renderHeader(const wire::Packet& p) {
    const std::string sname = fieldText(p.sname);
    const std::string file = fieldText(p.file);
    std::string out;
    out += fmt::format("op     : {}\n", opText(p.op));
    out += fmt::format("htype  : {}{}, hlen {}, hops {}\n", p.htype,
                       p.htype == 1 ? " (Ethernet)" : "", p.hlen, p.hops);
    out += fmt::format("xid    : 0x{:08X}\n", p.xid);
    out += fmt::format("secs   : {}\n", p.secs);
    out += fmt::format("flags  : 0x{:04X}{}\n", p.flags,
                       (p.flags & wire::kBroadcastFlag) != 0 ? " (broadcast)" : " (unicast)");
    out += fmt::format("ciaddr : {}\n", p.ciaddr.toString());
    out += fmt::format("yiaddr : {}\n", p.yiaddr.toString());
    out += fmt::format("siaddr : {}\n", p.siaddr.toString());
    out += fmt::format("giaddr : {}\n", p.giaddr.toString());
    out += fmt::format("chaddr : {}\n", chaddrText(p));
    out += fmt::format("sname  : {}\n", sname.empty() ? "(empty)" : sname);
    out += fmt::format("file   : {}\n", file.empty() ? "(empty)" : file);
    return out;
}

void writeOptionJson(JsonWriter& json, const OptionDescription& d) {
    json.beginObject();
    if (d.enterprise) {
        json.field("enterprise", *d.enterprise);
    } else {
        json.field("code", d.code);
    }
    json.field("name", d.name);
    json.field("length", d.length);
    json.field("hex", d.hex);
    if (!d.value.empty()) {
        json.field("value", d.value);
    }
    if (d.text) {
        json.field("text", *d.text);
    }
    if (!d.listKey.empty()) {
        json.stringArray(d.listKey, d.list);
    }
    if (d.code == wire::opt::SipServers && !d.listKey.empty()) {
        json.field("compressed", d.compressed);
    }
    if (!d.error.empty()) {
        json.field("error", d.error);
    }
    if (!d.subOptionSpace.empty()) {
        json.field("subOptionSpace", d.subOptionSpace);
        json.key("subOptions").beginArray();
        for (const auto& sub : d.subOptions) {
            writeOptionJson(json, sub);
        }
        json.endArray();
    }
    json.endObject();
}

void writeHeaderJson(JsonWriter& json, const wire::Packet& p) {
    json.field("op", p.op);
    json.field("htype", p.htype);
    json.field("hlen", p.hlen);
    json.field("hops", p.hops);
    json.field("xid", fmt::format("0x{:08X}", p.xid));
    json.field("secs", p.secs);
    json.field("flags", p.flags);
    json.field("broadcast", (p.flags & wire::kBroadcastFlag) != 0);
    json.field("ciaddr", p.ciaddr.toString());
    json.field("yiaddr", p.yiaddr.toString());
    json.field("siaddr", p.siaddr.toString());
    json.field("giaddr", p.giaddr.toString());
    json.field("chaddr", chaddrText(p));
    const auto raw = [](ByteView field) {
        const auto end = std::find(field.begin(), field.end(), std::uint8_t{0});
        return wire::toString(field.first(static_cast<std::size_t>(end - field.begin())));
    };
    json.field("sname", raw(p.sname));
    json.field("file", raw(p.file));
}

}  // namespace dhcplite::util
