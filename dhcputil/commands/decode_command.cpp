// `dhcputil decode`: an option value, a whole DHCP message or every DHCP message of a capture
// file, shown in DHCPUtil's -EmulateClient style with hints for the classic mistakes. This file
// reads the command line and picks the decoder (decode_message.cpp, decode_pcap.cpp, or
// inspect/decode_block.cpp for a pasted DHCPUtil block).
#include <algorithm>
#include <iostream>
#include <ostream>
#include <sstream>

#include <fmt/format.h>

#include "commands/cli_support.hpp"
#include "commands/commands.hpp"
#include "commands/decode_output.hpp"
#include "inspect/decode_block.hpp"
#include "inspect/describe.hpp"
#include "inspect/diagnose.hpp"
#include "inspect/diagnose_mistakes.hpp"
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
    d.add_options()("option", po::value<std::string>()->value_name("CODE"),
                    "decode one option value given as HEX (120, 43 or any other code)")(
        "packet",
        "decode a whole DHCP message given as HEX (an Ethernet or IPv4 frame is unwrapped)")(
        "pcap", po::value<std::string>()->value_name("FILE"),
        "decode every DHCP message in a capture file (Ethernet, Linux SLL/SLL2, raw IP)")(
        "vendor-class", po::value<std::string>()->value_name("V"),
        "read option 43 as this vendor's (MS-UC-Client: its five sub-options are checked); without "
        "it, "
        "option 43 is MS-UC-Client's only when its sub-option 1 says so")(
        "json", "print one JSON object")("help,h", "show this help");
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
        throwUsage(
            fmt::format("--option '{}': an option code is 1..254, e.g. --option 120 or --option 43",
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
wire::Bytes hexArgument(const std::string& text, const std::string& field,
                        std::optional<unsigned> code) {
    return wire::readPastedHex(text, wire::PasteContext{field, code}).bytes;
}

}  // namespace

std::string decodeHelp() {
    return renderHelp(
        "dhcputil decode --option CODE HEX|- [--vendor-class V] [--json]\n"
        "       dhcputil decode --packet HEX|- [--json]\n"
        "       dhcputil decode --pcap FILE [--json]\n"
        "       dhcputil decode TEXT|- [--json]       (a DHCPUtil output block or "
        "DHCPConfigScript.bat line)",
        "Shows DHCP options the way DHCPUtil -EmulateClient prints them (names, lengths, values, "
        "hex),\n"
        "names every option IANA has assigned (124/125 split by enterprise number) and the "
        "MS-UC-Client\n"
        "sub-options of option 43, decodes option 120, prints the URL the phone will build, and "
        "explains\n"
        "the classic mistakes with a hint. Another vendor's option 43 is shown as plain "
        "sub-options.\n"
        "\n"
        "HEX is read as admins paste it ('-' reads it from standard input): any case; spaces, ':', "
        "'-',\n"
        "line breaks and indentation anywhere (also inside a byte); 0x per byte; byte lists\n"
        "(0x00,0x04,... or PowerShell's [byte[]](0x00, 0x04, ...)); Cisco's dotted form and whole\n"
        "'option [ext] N hex ...' lines; MikroTik's value=0x...; Wireshark, xxd and tcpdump -X "
        "dumps.\n"
        "Without --option or --packet, TEXT is a whole block of DHCPUtil output (Lync 2010 or "
        "Skype for\n"
        "Business 2015 layout) or a 'DHCPConfigScript.bat Configure ...' line: every value in it "
        "is\n"
        "decoded and checked against the others.\n"
        "\n"
        "Exit status: 0 clean, 1 decoded with errors found, 64 usage, 65 undecodable input (one "
        "line:\n"
        "the reason, the position and a short window of the input; with --json also a JSON error\n"
        "object on stdout), 66 unreadable capture file.",
        decodeOptions());
}

namespace {

// With --json, a refusal is also a JSON object on stdout, so a script that parses stdout sees
// why (the one line still goes to stderr, from runDhcputil).
std::string errorJson(ExitCode code, const std::string& message,
                      const wire::PastedHexError* paste) {
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
        throwUsage("decode needs exactly one of --option CODE HEX, --packet HEX or --pcap FILE",
                   "decode");
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
            throwUsage(
                "decode without --option, --packet or --pcap reads a pasted DHCPUtil output block "
                "or a "
                "DHCPConfigScript.bat line, and this is neither",
                "decode");
        }
        parsed.positional = {text};
    }
    decoding::DecodeOutput result;
    if (v.count("pcap") != 0) {
        if (!parsed.positional.empty()) {
            throwUsage(fmt::format("unexpected argument '{}' after --pcap FILE",
                                   wire::escapeForDisplay(parsed.positional.front())),
                       "decode");
        }
        result = decoding::decodePcap(v["pcap"].as<std::string>(), asJson);
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
            throw CommandError(ExitCode::DataErr,
                               fmt::format("{}: {}; {}", field, mode->message, mode->fix));
        }
        std::optional<std::string> vendorClass;
        if (v.count("vendor-class") != 0) {
            vendorClass = v["vendor-class"].as<std::string>();
        }
        result = decoding::decodeOneOption(code, bytes, asJson, vendorClass);
    } else {
        if (parsed.positional.empty()) {
            throwUsage("--packet needs the DHCP message as HEX", "decode");
        }
        result = decoding::decodePacketHex(
            hexArgument(pastedText(parsed.positional), "--packet", std::nullopt), asJson);
    }
    out << result.text;
    return toInt(result.failed ? ExitCode::CheckFailed : ExitCode::Ok);
}

}  // namespace

}  // namespace dhcplite::util
