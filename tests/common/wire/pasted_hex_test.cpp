// The forgiving pasted-hex reader (wire/pasted_hex.hpp): every form admins paste, the refusals
// with their short window, and the property that any value `encode` prints survives wrapping,
// indenting, lower-casing and comma-listing.
#include <doctest/doctest.h>

#include <cctype>
#include <string>

#include "support/vectors.hpp"
#include "wire/hex.hpp"
#include "wire/option43.hpp"
#include "wire/pasted_hex.hpp"

using namespace dhcplite::wire;
using dhcplite::test::msUcClientVectors;

namespace {

PastedHexError refusal(std::string_view text, const PasteContext& context = {}) {
    try {
        readPastedHex(text, context);
    } catch (const PastedHexError& e) {
        return e;
    }
    FAIL("expected a PastedHexError for '" << std::string(text) << "'");
    throw std::logic_error("unreachable");
}

Bytes read(std::string_view text, const PasteContext& context = {}) {
    return readPastedHex(text, context).bytes;
}

std::string wrapped(const std::string& hex, std::size_t column, const std::string& indent) {
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += column)
        out += indent + hex.substr(i, column) + "\r\n";
    return out;
}

std::string lowered(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

std::string commaListed(ByteView bytes, bool prefix, const char* sep) {
    std::string out;
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        if (i != 0) out += sep;
        out += (prefix ? "0x" : "") + toHex(bytes.subspan(i, 1));
    }
    return out;
}

}  // namespace

TEST_CASE("pasted hex: what parseHex takes, and line breaks anywhere") {
    CHECK(read("010C4D53") == parseHex("010C4D53"));
    CHECK(read("010c.4d53.2d55") == parseHex("010C4D532D55"));
    CHECK(read("  01 0C\n    4D 53\n") == parseHex("010C4D53"));
    CHECK(read("010C4D5\n32D55") == parseHex("010C4D532D55"));  // a byte split by the wrap
    CHECK(read("010C4D5\r\n   32D55\r\n") == parseHex("010C4D532D55"));
    CHECK(read("0x01\n0x0C") == parseHex("010C"));
    CHECK(read("\"010C4D53\";") == parseHex("010C4D53"));
}

TEST_CASE("pasted hex: byte lists, PowerShell's cast included") {
    CHECK(read("0x01,0x0C,0x4D,0x53") == parseHex("010C4D53"));
    CHECK(read("0x01, 0x0c, 0x4d, 0x53") == parseHex("010C4D53"));
    CHECK(read("[byte[]](0x0, 0x4, 0x6C)") == parseHex("00046C"));
    CHECK(read("@(0x00,0x04,\n  0x6c)") == parseHex("00046C"));
    CHECK(read("([BYTE[]](0x01,0x0C))") == parseHex("010C"));
    CHECK(readPastedHex("01, 0c").form == "byte list");
}

TEST_CASE("pasted hex: Cisco IOS lines, the code checked") {
    CHECK(read("option 43 hex 010c.4d53.2d55", {"--option 43", 43}) == parseHex("010C4D532D55"));
    const auto joined = readPastedHex(
        "ip dhcp pool MS-UC-Client\n network 192.0.2.0 255.255.255.0\n"
        " option ext 43 hex 010C4D53\n option ext 43 hex 2D55\n!",
        {"--option 43", 43});
    CHECK(joined.bytes == parseHex("010C4D532D55"));
    CHECK(joined.form == "Cisco IOS option");
    const auto e = refusal("option 120 hex 0004", {"--option 43", 43});
    CHECK(std::string(e.what()) ==
          "--option 43: the paste is option 120's value ('option 120 hex'), not option 43's: use "
          "--option 120 "
          "at character 8, near 'option 120 hex 00...'");
}

TEST_CASE("pasted hex: MikroTik's value=") {
    CHECK(read("/ip dhcp-server option add code=43 name=ms-uc value=0x010C4D53", {"", 43}) ==
          parseHex("010C4D53"));
    CHECK(read("value='0x010c4d53'") == parseHex("010C4D53"));
    CHECK(refusal("add code=120 name=x value=0x00", {"--option 43", 43}).position() == 9);
}

TEST_CASE("pasted hex: Wireshark, xxd and tcpdump -X dumps lose their offset and ASCII columns") {
    const Bytes expected = parseHex("010C4D532D55432D436C69656E7402056874747073");
    const std::string wireshark =
        "0000   01 0c 4d 53 2d 55 43 2d 43 6c 69 65 6e 74 02 05   ..MS-UC-Client..\n"
        "0010   68 74 74 70 73                                    https\n";
    CHECK(read(wireshark) == expected);
    CHECK(readPastedHex(wireshark).form == "hex dump");
    const std::string wiresharkOld =
        "0000  01 0c 4d 53 2d 55 43 2d  43 6c 69 65 6e 74 02 05   ..MS-UC- Client..\n"
        "0010  68 74 74 70 73                                     https\n";
    CHECK(read(wiresharkOld) == expected);
    const std::string xxd =
        "00000000: 010c 4d53 2d55 432d 436c 6965 6e74 0205  ..MS-UC-Client..\n"
        "00000010: 6874 7470 73                             https\n";
    CHECK(read(xxd) == expected);
    const std::string tcpdump =
        "12:00:00.000000 IP 192.0.2.1.67 > 192.0.2.50.68: BOOTP/DHCP, Reply, length 21\n"
        "\t0x0000:  010c 4d53 2d55 432d 436c 6965 6e74 0205  ..MS-UC-Client..\n"
        "\t0x0010:  6874 7470 73                             https\n";
    CHECK(read(tcpdump) == expected);
    // A one-line dump whose ASCII column is hex-looking text ("cafe") is still split right.
    CHECK(read("0000   63 61 66 65   cafe") == parseHex("63616665"));
    // Plain hex in groups of four is not mistaken for a dump: the "offsets" do not follow on.
    CHECK(read("0104 6869\n0205 7777") == parseHex("010468690205 7777"));
}

TEST_CASE("pasted hex: a refusal says why first, where, and only a short window") {
    auto e = refusal("01G2", {"--option 43", 43});
    CHECK(std::string(e.what()) ==
          "--option 43: 'G' is not a hex digit at character 3, near '01G2'");
    CHECK(e.position() == 2);
    const std::string longValue = std::string(60, 'A') + "Z" + std::string(60, 'B');
    e = refusal(longValue);
    CHECK(std::string(e.what()) ==
          "'Z' is not a hex digit at character 61, near '...AAAAAAAAAAZBBBBBBBBB...'");
    CHECK(std::string(e.what()).size() < 80);
    e = refusal("010C\n4D5", {"--option 43", 43});
    CHECK(std::string(e.what()) ==
          "--option 43: lone hex digit (every byte needs two digits) at character 8 (line 2, "
          "column 3), "
          "near '010C\\x0A4D5'");
    CHECK(e.line() == 2);
    CHECK(std::string(refusal("   ").what()) == "no hex digits at character 1, near '   '");
    CHECK(std::string(refusal("").what()) == "empty hex value");
}

TEST_CASE("property: every value encode prints survives wrapping, indenting, lower case, lists") {
    for (const char* fqdn :
         {"lync.schertz.local", "a.b", "sip.pool01.emea.corp.contoso-internal.example"}) {
        UcSettings s;
        s.sipServers = {fqdn};
        const auto encoded = encodeUc(s);
        for (const Bytes& value : {encoded.option120, encoded.option43, encoded.sub[4]}) {
            const std::string hex = toHex(value);
            CAPTURE(hex);
            for (std::size_t column = 1; column <= hex.size(); ++column) {
                for (const std::string indent : {"", "  ", "\t"}) {
                    CHECK(read(wrapped(hex, column, indent)) == value);
                    CHECK(read(lowered(wrapped(hex, column, indent))) == value);
                }
            }
            CHECK(read(commaListed(value, true, ",")) == value);
            CHECK(read(commaListed(value, true, ", ")) == value);
            CHECK(read(lowered(commaListed(value, false, ","))) == value);
            CHECK(read("[byte[]](" + commaListed(value, true, ", ") + ")") == value);
            CHECK(read(toHex(value, ' ')) == value);
        }
    }
}

TEST_CASE("pasted hex: the real option 43 in Cisco's dotted form, wrapped") {
    const auto& v = msUcClientVectors();
    const Bytes expected = v.bytes("lync.schertz.local", "option43");
    std::string dotted;
    const std::string hex = lowered(toHex(expected));
    for (std::size_t i = 0; i < hex.size(); i += 4) dotted += (i ? "." : "") + hex.substr(i, 4);
    CHECK(read(wrapped(dotted, 37, "  ")) == expected);
}
