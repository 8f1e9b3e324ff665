// Hex as admins paste it and as DHCPUtil prints it (wire/hex.hpp).
#include <doctest/doctest.h>

#include <cctype>
#include <string>

#include "support/expect.hpp"
#include "support/vectors.hpp"
#include "wire/hex.hpp"

using namespace dhcplite::wire;
using dhcplite::test::inputErrorOf;
using dhcplite::test::msUcClientVectors;

namespace {

Bytes allByteValues() {
    Bytes b;
    for (unsigned v = 0; v < 256; ++v) b.push_back(static_cast<std::uint8_t>(v));
    return b;
}

// Cisco IOS "option 43 hex" style: lower case, groups of four digits joined by '.'.
std::string ciscoDotted(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i < hex.size(); ++i) {
        if (i != 0 && i % 4 == 0) out.push_back('.');
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(hex[i]))));
    }
    return out;
}

}  // namespace

TEST_CASE("parseHex accepts the forms admins paste") {
    const Bytes expected{0x01, 0x0C, 0x4D, 0x53};
    for (const char* text :
         {"010C4D53", "010c4d53", "01 0c 4d 53", "01:0C:4D:53", "01-0c-4d-53", "0x010C4D53",
          "0X010c4d53", "010c.4d53", "0x01 0x0c 0x4d 0x53", "  010C4D53\n", "01\t0c\t4D\t53",
          "01 0C\r\n4D 53\r\n", "0x010c.4d53", "01:0c-4d.53"}) {
        CAPTURE(text);
        CHECK(parseHex(text) == expected);
    }
    CHECK(parseHex("00") == Bytes{0x00});
    CHECK(parseHex("0x00") == Bytes{0x00});
    CHECK(parseHex("FF") == Bytes{0xFF});
}

TEST_CASE("parseHex reads Cisco's dotted form of the real option 43") {
    const auto& v = msUcClientVectors();
    const std::string hex = v.text("lync.schertz.local", "option43");
    const std::string dotted = ciscoDotted(hex);
    CHECK(dotted.substr(0, 15) == "010c.4d53.2d55.");
    CHECK(parseHex(dotted) == v.bytes("lync.schertz.local", "option43"));
    CHECK(parseHex("010c.4d53.2d55") == Bytes{0x01, 0x0C, 0x4D, 0x53, 0x2D, 0x55});
    // Cisco's last group may be a single byte.
    CHECK(parseHex("0011.2233.44") == Bytes{0x00, 0x11, 0x22, 0x33, 0x44});
}

TEST_CASE("parseHex names the first bad character") {
    auto e = inputErrorOf([] { parseHex("01G2"); });
    CHECK(e.position() == 2);
    CHECK(e.reason() == "'G' is not a hex digit");
    CHECK(std::string(e.what()) == "'01G2': 'G' is not a hex digit at character 3");

    CHECK(inputErrorOf([] { parseHex("01zz"); }).position() == 2);
    CHECK(inputErrorOf([] { parseHex("0x0x01"); }).position() == 3);  // one prefix per group
    CHECK(inputErrorOf([] { parseHex("01,02"); }).position() == 2);
    CHECK(inputErrorOf([] { parseHex("lync.schertz.local"); }).position() == 0);
    e = inputErrorOf([] { parseHex("01'"); });
    CHECK(e.reason() == "a quote is not a hex digit");
    e = inputErrorOf([] { parseHex(std::string("01\x01", 3)); });
    CHECK(e.position() == 2);
    CHECK(e.reason() == "byte 0x01 is not a hex digit");
    CHECK(std::string(e.what()) == "'01\\x01': byte 0x01 is not a hex digit at character 3");
}

TEST_CASE("parseHex refuses a lone nibble and names where it is") {
    auto e = inputErrorOf([] { parseHex("010"); });
    CHECK(e.position() == 2);
    CHECK(e.reason() == "lone hex digit (every byte needs two digits)");
    CHECK(inputErrorOf([] { parseHex("0 1"); }).position() == 0);
    CHECK(inputErrorOf([] { parseHex("01 2 34"); }).position() == 3);
    CHECK(inputErrorOf([] { parseHex("010c.4d5"); }).position() == 7);
    CHECK(inputErrorOf([] { parseHex("010.c4d"); }).position() == 2);
    CHECK(inputErrorOf([] { parseHex("0x1"); }).position() == 2);
}

TEST_CASE("parseHex refuses empty input") {
    auto e = inputErrorOf([] { parseHex(""); });
    CHECK(e.reason() == "empty hex value");
    CHECK(e.position() == 0);
    e = inputErrorOf([] { parseHex("  :: "); });
    CHECK(e.reason() == "no hex digits");
    CHECK(e.position() == 0);
    CHECK(inputErrorOf([] { parseHex("0x"); }).reason() == "no hex digits");
}

TEST_CASE("parseHex: every truncation parses to a prefix or names a position inside it") {
    const std::string text = "0x01:0c.4D53 2d-55";
    const Bytes full{0x01, 0x0C, 0x4D, 0x53, 0x2D, 0x55};
    for (std::size_t cut = 0; cut <= text.size(); ++cut) {
        CAPTURE(cut);
        const std::string prefix = text.substr(0, cut);
        try {
            const Bytes got = parseHex(prefix);
            REQUIRE(got.size() <= full.size());
            CHECK(Bytes(full.begin(), full.begin() + static_cast<std::ptrdiff_t>(got.size())) ==
                  got);
        } catch (const InputError& e) {
            CHECK(e.position() <= cut);
            CHECK(e.value() == prefix);
        }
    }
    CHECK(parseHex(text) == full);
}

TEST_CASE("toHex prints upper case like DHCPUtil") {
    CHECK(toHex(Bytes{0x01, 0xAB, 0xff, 0x00}) == "01ABFF00");
    CHECK(toHex(Bytes{}).empty());
    CHECK(toHex(Bytes{0x01, 0xab, 0xff}, ':') == "01:AB:FF");
    CHECK(toHex(Bytes{0x7f}, ' ') == "7F");
    CHECK(toHex(Bytes{}, ' ').empty());
    const auto& v = msUcClientVectors();
    CHECK(toHex(v.bytes("lync.schertz.local", "option120")) ==
          v.text("lync.schertz.local", "option120"));
}

TEST_CASE("hex round trip over all byte values") {
    const Bytes all = allByteValues();
    const std::string hex = toHex(all);
    CHECK(hex.size() == 512);
    CHECK(hex.substr(0, 8) == "00010203");
    CHECK(hex.substr(504) == "FCFDFEFF");
    CHECK(parseHex(hex) == all);
    CHECK(parseHex(toHex(all, ':')) == all);
    CHECK(parseHex(toHex(all, ' ')) == all);
    std::string lower = hex;
    for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    CHECK(parseHex(lower) == all);
}

TEST_CASE("escapeForDisplay keeps printable ASCII and escapes the rest") {
    CHECK(escapeForDisplay(std::string_view("MS-UC-Client")) == "MS-UC-Client");
    CHECK(escapeForDisplay(std::string_view("a\"b\\c")) == "a\\\"b\\\\c");
    CHECK(escapeForDisplay(Bytes{0x00, 0x1F, 0x20, 0x7E, 0x7F, 0x80, 0xFF}) ==
          "\\x00\\x1F ~\\x7F\\x80\\xFF");
    CHECK(escapeForDisplay(std::string_view("\x1b[31mred\n")) == "\\x1B[31mred\\x0A");
    CHECK(escapeForDisplay(ByteView{}).empty());

    const Bytes all = allByteValues();
    const std::string escaped = escapeForDisplay(all);
    CHECK(escaped.size() <= 4 * all.size());
    for (char c : escaped) {
        const auto b = static_cast<unsigned char>(c);
        CHECK((b >= 0x20 && b < 0x7F));
    }
    CHECK(escapeForDisplay(toString(all)) == escaped);
    // 95 printable characters, two of them escaped as two characters, 161 as \xNN.
    CHECK(escaped.size() == 93 + 2 * 2 + 161 * 4);
}
