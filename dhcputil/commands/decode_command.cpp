// `dhcputil decode`: an option value, a whole DHCP message or every DHCP message of a capture
// file, shown in DHCPUtil's -EmulateClient style with hints for the classic mistakes.
#include <algorithm>
#include <ctime>
#include <iostream>
#include <sstream>
#include <ostream>

#include <fmt/format.h>

#include "commands/cli_support.hpp"
#include "commands/commands.hpp"
#include "inspect/describe.hpp"
#include "inspect/decode_block.hpp"
#include "inspect/diagnose.hpp"
#include "inspect/diagnose_mistakes.hpp"
#include "capture/frame.hpp"
#include "capture/pcap_reader.hpp"
#include "util/json.hpp"
#include "util/text.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"
#include "wire/option43.hpp"
#include "wire/packet.hpp"
#include "wire/pasted_hex.hpp"

namespace dhcplite::util {

namespace po = boost::program_options;

namespace {

po::options_description decodeOptions() {
    po::options_description d("Options");
    d.add_options()
        ("option", po::value<std::string>()->value_name("CODE"),
         "decode one option value given as HEX (120, 43 or any other code)")
        ("packet", "decode a whole DHCP message given as HEX (an Ethernet or IPv4 frame is unwrapped)")
        ("pcap", po::value<std::string>()->value_name("FILE"),
         "decode every DHCP message in a capture file (Ethernet, Linux SLL/SLL2, raw IP)")
        ("vendor-class", po::value<std::string>()->value_name("V"),
         "read option 43 as this vendor's (MS-UC-Client: its five sub-options are checked); without it, "
         "option 43 is MS-UC-Client's only when its sub-option 1 says so")
        ("json", "print one JSON object")
        ("help,h", "show this help");
    return d;
}

std::uint8_t parseOptionCode(const std::string& text) {
    unsigned n = 0;
    bool ok = !text.empty() && text.size() <= 3;
    for (char c : text) {
        ok = ok && c >= '0' && c <= '9';
        if (ok) {
            n = n * 10 + static_cast<unsigned>(c - '0');
        }
    }
    // 0 (pad) and 255 (end) carry no value (RFC 2132 §3.1, §3.2).
    if (!ok || n < 1 || n > 254) {
        throwUsage(fmt::format("--option '{}': an option code is 1..254, e.g. --option 120 or --option 43",
                               wire::escapeForDisplay(text)),
                   "decode");
    }
    return static_cast<std::uint8_t>(n);
}

// The HEX words as one pasted text ("-" alone: standard input, for a paste of several lines).
std::string pastedText(const std::vector<std::string>& words) {
    if (words.size() == 1 && words.front() == "-") {
        std::ostringstream text;
        text << std::cin.rdbuf();
        return text.str();
    }
    return joined(words, " ");
}

// docs/design.md §12: every hex argument goes through the forgiving reader.
wire::Bytes hexArgument(const std::string& text, const std::string& field, std::optional<unsigned> code) {
    return wire::readPastedHex(text, wire::PasteContext{field, code}).bytes;
}

// ---- one option ----

// The finished output of one decode and whether what it decoded has errors (exit 1).
struct DecodeOutput {
    std::string text;
    bool failed = false;
};

DecodeOutput decodeOneOption(std::uint8_t code, const wire::Bytes& value, bool asJson,
                             const std::optional<std::string>& vendorClass) {
    // Another vendor's option 43 (a Siemens phone's, FortiGate's sub-option 66) is decoded as
    // plain sub-options and not judged against MS-UC-Client's five.
    const bool msUc = code == wire::opt::VendorSpecific &&
                      (vendorClass ? *vendorClass == wire::msuc::kVendorClass : namesMsUcClient(value));
    const auto d = describeOption(code, value, DescribeContext{msUc});
    std::vector<Finding> findings;
    UcView uc;
    if (code == wire::opt::SipServers) {
        findings = diagnoseOption120(value);
        uc = extractUc(value, std::nullopt);
    } else if (code == wire::opt::VendorSpecific) {
        findings = diagnoseOption43(value, msUc);
        if (msUc) {
            uc = extractUc(std::nullopt, value);
        }
    }
    DecodeOutput r;
    r.failed = hasErrors(findings);
    if (asJson) {
        JsonWriter json;
        json.beginObject();
        json.key("option");
        writeOptionJson(json, d);
        if (code == wire::opt::SipServers || code == wire::opt::VendorSpecific) {
            writeUcJson(json, uc);
        }
        writeFindingsJson(json, "hints", findings);
        json.endObject();
        r.text = json.finish();
        return r;
    }
    r.text = renderOption(d) + renderUcSummary(uc) + renderFindings(findings);
    return r;
}

// ---- one message ----

struct MessageView {
    wire::DecodedPacket decoded;
    std::size_t size = 0;
    std::vector<OptionDescription> options;
    UcView uc;
    std::vector<Finding> findings;
};

MessageView viewMessage(wire::DecodedPacket decoded, std::size_t size) {
    MessageView v;
    v.size = size;
    v.options = describeOptions(decoded.packet.options, contextFor(decoded.packet.options));
    v.uc = extractUc(decoded.packet.options);
    v.findings = diagnosePacket(decoded);
    v.decoded = std::move(decoded);
    return v;
}

std::string messageTitle(const MessageView& v) {
    const auto type = v.decoded.packet.messageType();
    return fmt::format("DHCP message, {} bytes{}", v.size,
                       type ? ", " + messageTypeName(static_cast<std::uint8_t>(*type)) : std::string());
}

std::string renderMessage(const MessageView& v) {
    return renderHeader(v.decoded.packet) + renderOptions(v.options) + renderUcSummary(v.uc) +
           renderFindings(v.findings);
}

void writeMessageJson(JsonWriter& json, const MessageView& v) {
    json.beginObject();
    json.field("length", v.size);
    if (const auto type = v.decoded.packet.messageType()) {
        json.field("messageType", messageTypeName(static_cast<std::uint8_t>(*type)));
    } else {
        json.field("messageType", nullptr);
    }
    writeHeaderJson(json, v.decoded.packet);
    json.key("options").beginArray();
    for (const auto& d : v.options) {
        writeOptionJson(json, d);
    }
    json.endArray();
    const auto& r = v.decoded.report;
    json.key("report").beginObject();
    json.field("missingEnd", r.missingEnd);
    json.field("paddingBytes", r.paddingBytes);
    json.field("trailingBytes", r.trailingBytes);
    if (r.trailingBytes != 0) {
        json.field("trailingOffset", r.trailingOffset);
    }
    json.field("overload", r.overload);
    json.key("joinedCodes").beginArray();
    for (std::uint8_t c : r.joinedCodes) {
        json.value(c);
    }
    json.endArray();
    json.endObject();
    writeUcJson(json, v.uc);
    writeFindingsJson(json, "hints", v.findings);
    json.endObject();
}

// A message typed as hex; when it is not a DHCP message but an Ethernet or IPv4 frame around one
// (Wireshark's "copy as hex stream" of the whole frame), the frame is unwrapped.
DecodeOutput decodePacketHex(const wire::Bytes& bytes, bool asJson) {
    std::string unwrapped;
    std::optional<wire::DecodedPacket> decoded;
    wire::ByteView payload = bytes;
    try {
        decoded = wire::decodePacket(bytes);
    } catch (const wire::WireError& original) {
        for (const auto link : {LinkType::Ethernet, LinkType::RawIpv4}) {
            try {
                const auto frame = parseUdpFrame(link, bytes);
                const auto* udp = std::get_if<UdpDatagram>(&frame);
                if (udp == nullptr || !isDhcpPorts(*udp) || udp->cutShort()) {
                    continue;
                }
                decoded = wire::decodePacket(udp->payload);
                payload = udp->payload;
                unwrapped = fmt::format("{} frame {}:{} -> {}:{}; the DHCP message starts at offset {}",
                                        link == LinkType::Ethernet ? "Ethernet" : "IPv4",
                                        udp->source.toString(), udp->sourcePort,
                                        udp->destination.toString(), udp->destinationPort, udp->payloadOffset);
                break;
            } catch (const wire::WireError&) {
                continue;
            }
        }
        if (!decoded) {
            if (const auto mode = wrongMode(std::nullopt, bytes)) {
                throw CommandError(ExitCode::DataErr, fmt::format("--packet ({} bytes): {}; {}", bytes.size(),
                                                                  mode->message, mode->fix));
            }
            throw CommandError(ExitCode::DataErr,
                               fmt::format("--packet ({} bytes): {}", bytes.size(), original.what()));
        }
    }
    const auto v = viewMessage(std::move(*decoded), payload.size());
    DecodeOutput r;
    r.failed = hasErrors(v.findings);
    if (asJson) {
        JsonWriter json;
        json.beginObject();
        if (!unwrapped.empty()) {
            json.field("unwrapped", unwrapped);
        }
        json.key("message");
        writeMessageJson(json, v);
        json.endObject();
        r.text = json.finish();
        return r;
    }
    if (!unwrapped.empty()) {
        r.text += "Input: " + unwrapped + "\n";
    }
    r.text += messageTitle(v) + "\n" + renderMessage(v);
    return r;
}

// ---- a capture file ----

std::string utcTime(std::int64_t seconds, std::int64_t micros) {
    const std::time_t t = seconds;
    std::tm tm{};
    if (gmtime_r(&t, &tm) == nullptr) {
        return fmt::format("{}.{:06}", seconds, micros);
    }
    return fmt::format("{:04}-{:02}-{:02} {:02}:{:02}:{:02}.{:06} UTC", tm.tm_year + 1900, tm.tm_mon + 1,
                       tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, micros);
}

struct FrameProblem {
    std::size_t frame = 0;
    std::optional<std::size_t> offset;  // within the DHCP message
    std::size_t frameOffset = 0;        // within the frame
    std::string message;
};

DecodeOutput decodePcap(const std::string& path, bool asJson) {
    std::string text;
    JsonWriter json;
    json.beginObject();
    json.field("file", path);
    json.key("messages").beginArray();

    std::size_t dhcp = 0;
    std::size_t skipped = 0;
    std::vector<FrameProblem> problems;
    bool anyErrors = false;

    const auto problem = [&](FrameProblem p) {
        text += fmt::format("\nFrame {}: {}\n", p.frame, p.message);
        problems.push_back(std::move(p));
    };
    const auto summary = readPcapFile(path, "--pcap", [&](const PcapRecord& rec) {
        std::variant<UdpDatagram, NotUdp> parsed;
        try {
            parsed = parseUdpFrame(rec.linkType, rec.data);
        } catch (const wire::WireError& e) {
            problem({rec.number, std::nullopt, e.offset(), fmt::format("malformed frame: {}", e.what())});
            return;
        }
        const auto* udp = std::get_if<UdpDatagram>(&parsed);
        if (udp == nullptr || !isDhcpPorts(*udp)) {
            ++skipped;
            return;
        }
        if (udp->cutShort()) {
            problem({rec.number, udp->payload.size(), udp->payloadOffset + udp->payload.size(),
                                fmt::format("DHCP message cut short by the capture: {} of {} bytes captured "
                                            "(capture with a larger snap length)",
                                            udp->payload.size(), udp->payloadLength)});
            return;
        }
        std::optional<wire::DecodedPacket> decoded;
        try {
            decoded = wire::decodePacket(udp->payload);
        } catch (const wire::WireError& e) {
            problem({rec.number, e.offset(), udp->payloadOffset + e.offset(),
                                fmt::format("malformed DHCP message: {} (frame offset {})", e.what(),
                                            udp->payloadOffset + e.offset())});
            return;
        }
        ++dhcp;
        const auto v = viewMessage(std::move(*decoded), udp->payload.size());
        anyErrors = anyErrors || hasErrors(v.findings);
        const std::string vlan = udp->vlan ? fmt::format(", VLAN {}", *udp->vlan) : std::string();
        if (asJson) {
            json.beginObject();
            json.field("frame", rec.number);
            json.field("time", utcTime(rec.seconds, rec.microseconds));
            json.field("source", fmt::format("{}:{}", udp->source.toString(), udp->sourcePort));
            json.field("destination", fmt::format("{}:{}", udp->destination.toString(), udp->destinationPort));
            if (udp->vlan) {
                json.field("vlan", *udp->vlan);
            }
            json.key("message");
            writeMessageJson(json, v);
            json.endObject();
        } else {
            text += fmt::format("\nFrame {}, {}, {}:{} -> {}:{}{}\n", rec.number,
                                utcTime(rec.seconds, rec.microseconds), udp->source.toString(), udp->sourcePort,
                                udp->destination.toString(), udp->destinationPort, vlan);
            text += messageTitle(v) + "\n" + renderMessage(v);
        }
    });

    json.endArray();
    json.key("errors").beginArray();
    for (const auto& p : problems) {
        json.beginObject();
        json.field("frame", p.frame);
        if (p.offset) {
            json.field("offset", *p.offset);
        }
        json.field("frameOffset", p.frameOffset);
        json.field("message", p.message);
        json.endObject();
    }
    json.endArray();

    const std::string counts = fmt::format(
        "{} frame{}: {} DHCP message{} decoded, {} malformed, {} other packet{} skipped", summary.records,
        summary.records == 1 ? "" : "s", dhcp, dhcp == 1 ? "" : "s", problems.size(), skipped,
        skipped == 1 ? "" : "s");
    json.field("linkType", linkTypeName(summary.linkType));
    json.field("frames", summary.records);
    json.field("dhcpMessages", dhcp);
    json.field("malformed", problems.size());
    json.field("skipped", skipped);
    if (!summary.readError.empty()) {
        json.field("readError", summary.readError);
    }
    json.endObject();

    DecodeOutput r;
    r.failed = anyErrors || !problems.empty() || !summary.readError.empty() || dhcp == 0;
    if (asJson) {
        r.text = json.finish();
        return r;
    }
    std::string head = fmt::format("Capture: {} ({})\n", wire::escapeForDisplay(path), linkTypeName(summary.linkType));
    std::string tail = "\nSummary: " + counts + "\n";
    if (!summary.readError.empty()) {
        tail += "hint: the capture file is damaged: " + summary.readError + "\n";
    }
    if (dhcp == 0 && problems.empty()) {
        tail += "hint: no DHCP message (UDP port 67/68 over IPv4) in this capture\n";
    }
    r.text = head + text + tail;
    return r;
}

}  // namespace

std::string decodeHelp() {
    return renderHelp(
        "dhcputil decode --option CODE HEX|- [--vendor-class V] [--json]\n"
        "       dhcputil decode --packet HEX|- [--json]\n"
        "       dhcputil decode --pcap FILE [--json]\n"
        "       dhcputil decode TEXT|- [--json]       (a DHCPUtil output block or DHCPConfigScript.bat line)",
        "Shows DHCP options the way DHCPUtil -EmulateClient prints them (names, lengths, values, hex),\n"
        "names every option IANA has assigned (124/125 split by enterprise number) and the MS-UC-Client\n"
        "sub-options of option 43, decodes option 120, prints the URL the phone will build, and explains\n"
        "the classic mistakes with a hint. Another vendor's option 43 is shown as plain sub-options.\n"
        "\n"
        "HEX is read as admins paste it ('-' reads it from standard input): any case; spaces, ':', '-',\n"
        "line breaks and indentation anywhere (also inside a byte); 0x per byte; byte lists\n"
        "(0x00,0x04,... or PowerShell's [byte[]](0x00, 0x04, ...)); Cisco's dotted form and whole\n"
        "'option [ext] N hex ...' lines; MikroTik's value=0x...; Wireshark, xxd and tcpdump -X dumps.\n"
        "Without --option or --packet, TEXT is a whole block of DHCPUtil output (Lync 2010 or Skype for\n"
        "Business 2015 layout) or a 'DHCPConfigScript.bat Configure ...' line: every value in it is\n"
        "decoded and checked against the others.\n"
        "\n"
        "Exit status: 0 clean, 1 decoded with errors found, 64 usage, 65 undecodable input (one line:\n"
        "the reason, the position and a short window of the input; with --json also a JSON error\n"
        "object on stdout), 66 unreadable capture file.",
        decodeOptions());
}

namespace {

// With --json, a refusal is also a JSON object on stdout, so a script that parses stdout sees
// why (the one line still goes to stderr, from runDhcputil).
std::string errorJson(ExitCode code, const std::string& message, const wire::PastedHexError* paste) {
    JsonWriter json;
    json.beginObject();
    json.key("error").beginObject();
    json.field("exitCode", toInt(code));
    json.field("message", message);
    if (paste != nullptr) {
        json.field("field", paste->field());
        json.field("reason", paste->reason());
        json.field("position", paste->position() + 1);
        json.field("line", paste->line());
        json.field("column", paste->column());
        json.field("near", paste->window());
    }
    json.endObject();
    json.endObject();
    return json.finish();
}

int decodeCommand(const std::vector<std::string>& args, std::ostream& out);

}  // namespace

int runDecode(const std::vector<std::string>& args, std::ostream& out, std::ostream& /*err*/) {
    const bool asJson = std::find(args.begin(), args.end(), "--json") != args.end();
    if (!asJson) {
        return decodeCommand(args, out);
    }
    try {
        return decodeCommand(args, out);
    } catch (const wire::PastedHexError& e) {
        out << errorJson(ExitCode::DataErr, e.what(), &e);
        throw;
    } catch (const wire::InputError& e) {
        out << errorJson(ExitCode::DataErr, e.what(), nullptr);
        throw;
    } catch (const wire::WireError& e) {
        out << errorJson(ExitCode::DataErr, e.what(), nullptr);
        throw;
    } catch (const CommandError& e) {
        out << errorJson(e.code(), e.what(), nullptr);
        throw;
    }
}

namespace {

int decodeCommand(const std::vector<std::string>& args, std::ostream& out) {
    auto parsed = parseArgs(args, decodeOptions(), Syntax::Modern, "decode", 1000);
    const auto& v = parsed.values;
    if (v.count("help") != 0) {
        out << decodeHelp();
        return toInt(ExitCode::Ok);
    }
    const bool asJson = v.count("json") != 0;
    const int modes = static_cast<int>(v.count("option") + v.count("packet") + v.count("pcap"));
    if (modes > 1 || (modes == 0 && parsed.positional.empty())) {
        throwUsage("decode needs exactly one of --option CODE HEX, --packet HEX or --pcap FILE", "decode");
    }
    if (v.count("pcap") == 0 && v.count("packet") == 0 && !parsed.positional.empty()) {
        // A whole DHCPUtil output block or DHCPConfigScript.bat line: every value in it.
        const std::string text = pastedText(parsed.positional);
        if (const auto block = readPastedBlock(text)) {
            const auto r = decodePastedBlock(*block, asJson);
            out << r.text;
            return toInt(r.failed ? ExitCode::CheckFailed : ExitCode::Ok);
        }
        if (modes == 0) {
            throwUsage("decode without --option, --packet or --pcap reads a pasted DHCPUtil output block or a "
                       "DHCPConfigScript.bat line, and this is neither",
                       "decode");
        }
        parsed.positional = {text};
    }
    DecodeOutput result;
    if (v.count("pcap") != 0) {
        if (!parsed.positional.empty()) {
            throwUsage(fmt::format("unexpected argument '{}' after --pcap FILE",
                                   wire::escapeForDisplay(parsed.positional.front())),
                       "decode");
        }
        result = decodePcap(v["pcap"].as<std::string>(), asJson);
    } else if (v.count("option") != 0) {
        const std::uint8_t code = parseOptionCode(v["option"].as<std::string>());
        if (parsed.positional.empty()) {
            throwUsage(fmt::format("--option {} needs the option's value as HEX", code), "decode");
        }
        const std::string field = fmt::format("--option {}", code);
        const std::string text = pastedText(parsed.positional);
        wire::Bytes bytes;
        try {
            bytes = hexArgument(text, field, code);
        } catch (const wire::PastedHexError&) {
            if (const auto why = textInsteadOfHex(code, text)) {
                throw CommandError(ExitCode::DataErr, field + ": " + *why);
            }
            throw;
        }
        if (const auto mode = wrongMode(code, bytes)) {
            throw CommandError(ExitCode::DataErr, fmt::format("{}: {}; {}", field, mode->message, mode->fix));
        }
        std::optional<std::string> vendorClass;
        if (v.count("vendor-class") != 0) {
            vendorClass = v["vendor-class"].as<std::string>();
        }
        result = decodeOneOption(code, bytes, asJson, vendorClass);
    } else {
        if (parsed.positional.empty()) {
            throwUsage("--packet needs the DHCP message as HEX", "decode");
        }
        result = decodePacketHex(hexArgument(pastedText(parsed.positional), "--packet", std::nullopt), asJson);
    }
    out << result.text;
    return toInt(result.failed ? ExitCode::CheckFailed : ExitCode::Ok);
}

}  // namespace

}  // namespace dhcplite::util
