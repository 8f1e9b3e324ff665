// DNS names in label form (wire/dns_name.hpp): FQDN validation, encoding, decoding with
// compression, option 119.
#include <doctest/doctest.h>

#include <initializer_list>
#include <string>

#include "support/expect.hpp"
#include "support/vectors.hpp"
#include "wire/dns_name.hpp"
#include "wire/hex.hpp"

using namespace dhcplite::wire;
using dhcplite::test::inputErrorOf;
using dhcplite::test::msUcClientVectors;
using dhcplite::test::wireErrorOf;

namespace {

Bytes hex(std::string_view text) { return parseHex(text); }

// A name of `labels` labels, the first ones 63 octets, the last one `last` octets.
std::string longName(std::size_t full, std::size_t last) {
    std::string name;
    for (std::size_t i = 0; i < full; ++i) {
        name += std::string(63, static_cast<char>('a' + i));
        name += '.';
    }
    name += std::string(last, 'z');
    return name;
}

std::string decodeAt(const Bytes& message, std::size_t offset, std::size_t& next) {
    return decodeDnsName(message, offset, next);
}

}  // namespace

TEST_CASE("validateFqdn accepts LDH names up to the limits") {
    for (const std::string name : {"lync.schertz.local", "lync.schertz.local.", "a", "LYNC",
                                   "x-1.example.com", "1pool.example", "a.b.c.d.e.f.g"}) {
        CAPTURE(name);
        CHECK_NOTHROW(validateFqdn(name));
    }
    CHECK_NOTHROW(validateFqdn(std::string(63, 'a') + ".example"));
    const std::string max = longName(3, 61);  // 253 characters: 255 octets on the wire
    REQUIRE(max.size() == 253);
    CHECK_NOTHROW(validateFqdn(max));
    CHECK_NOTHROW(validateFqdn(max + "."));
}

TEST_CASE("validateFqdn names the reason and the position") {
    struct Case {
        std::string text;
        std::size_t position;
        std::string reason;
    };
    const std::string label64(64, 'a');
    const Case cases[] = {
        {"", 0, "empty host name"},
        {".", 0, "empty label"},
        {"a..b", 2, "empty label"},
        {".a", 0, "empty label"},
        {"a.b..", 4, "empty label"},
        {label64 + ".example", 0, "label 'aaaaaaaaaaaaaaaa...' is 64 octets (max 63)"},
        {"www." + label64, 4, "label 'aaaaaaaaaaaaaaaa...' is 64 octets (max 63)"},
        {"lync_pool.example", 4, "'_' is not allowed in a host name (letters, digits, '-')"},
        {"lync pool", 4, "' ' is not allowed in a host name (letters, digits, '-')"},
        {"lync.schertz.local\n", 18,
         "'\\x0A' is not allowed in a host name (letters, digits, '-')"},
        {"https://lync", 5, "':' is not allowed in a host name (letters, digits, '-')"},
        {"-lync.example", 0, "label '-lync' starts with '-'"},
        {"lync-.example", 4, "label 'lync-' ends with '-'"},
        {"a.-", 2, "label '-' starts with '-'"},
        {longName(3, 62), 253, "name is 256 octets on the wire (max 255)"},
        {longName(3, 62) + ".", 253, "name is 256 octets on the wire (max 255)"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.text);
        const auto e = inputErrorOf([&] { validateFqdn(c.text); });
        CHECK(e.position() == c.position);
        CHECK(e.reason() == c.reason);
        CHECK(e.value() == c.text);
    }
    CHECK(std::string(inputErrorOf([] { validateFqdn("lync..local"); }).what()) ==
          "'lync..local': empty label at character 6");
}

TEST_CASE("encodeDnsName writes labels and the root, case kept") {
    const auto& v = msUcClientVectors();
    // Field by field: 04 "lync" 07 "schertz" 05 "local" 00.
    Bytes expected{4,   'l', 'y', 'n', 'c', 7,   's', 'c', 'h', 'e',
                   'r', 't', 'z', 5,   'l', 'o', 'c', 'a', 'l', 0};
    CHECK(encodeDnsName("lync.schertz.local") == expected);
    CHECK(encodeDnsName("lync.schertz.local.") == expected);
    const Bytes option120 = v.bytes("lync.schertz.local", "option120");
    CHECK(Bytes(option120.begin() + 1, option120.end()) == expected);
    CHECK(encodeDnsName("LYNC.Example") == hex("04 4C594E43 07 4578616D706C65 00"));
    CHECK(encodeDnsName("a") == hex("01 61 00"));
    const Bytes server = v.bytes("server.fqdn.company.com", "option120");
    CHECK(encodeDnsName("server.fqdn.company.com") == Bytes(server.begin() + 1, server.end()));
}

TEST_CASE("encodeDnsName at the length edges") {
    const Bytes label63 = encodeDnsName(std::string(63, 'x'));
    CHECK(label63.size() == 65);
    CHECK(label63.front() == 63);
    CHECK(label63.back() == 0);
    CHECK_THROWS_AS(encodeDnsName(std::string(64, 'x')), InputError);

    const Bytes max = encodeDnsName(longName(3, 61));
    CHECK(max.size() == kMaxNameWire);
    CHECK(max[0] == 63);
    CHECK(max[64] == 63);
    CHECK(max[192] == 61);
    CHECK(max[254] == 0);
    CHECK(inputErrorOf([] { encodeDnsName(longName(3, 62)); }).position() == 253);
    CHECK(inputErrorOf([] { encodeDnsName("bad_name"); }).position() == 3);
}

TEST_CASE("decodeDnsName reads plain names and reports where they end") {
    const Bytes two = hex("04 6C796E63 07 7363686572747A 05 6C6F63616C 00  03 776562 00");
    std::size_t next = 0;
    CHECK(decodeAt(two, 0, next) == "lync.schertz.local");
    CHECK(next == 20);
    CHECK(decodeAt(two, next, next) == "web");
    CHECK(next == two.size());
    CHECK(decodeAt(hex("00"), 0, next).empty());
    CHECK(next == 1);
    bool compressed = false;
    decodeDnsName(two, 0, next, 0, compressed);
    CHECK_FALSE(compressed);
}

TEST_CASE("decodeDnsName follows backward pointers") {
    // "lync.schertz.local" at 0, then "web" + pointer to "schertz.local" (offset 5).
    const Bytes message = hex("04 6C796E63 07 7363686572747A 05 6C6F63616C 00  03 776562 C005");
    std::size_t next = 0;
    bool compressed = false;
    CHECK(decodeDnsName(message, 20, next, 0, compressed) == "web.schertz.local");
    CHECK(next == message.size());  // just after the pointer, not after the target
    CHECK(compressed);
    // Pointer to a pointer: "pool" + pointer to the "web..." name at 20.
    const Bytes chained =
        hex("04 6C796E63 07 7363686572747A 05 6C6F63616C 00  03 776562 C005  04 706F6F6C C014");
    CHECK(decodeAt(chained, 26, next) == "pool.web.schertz.local");
    CHECK(next == chained.size());
    // A name that is only a pointer.
    CHECK(decodeAt(hex("01 61 00 C000"), 3, next) == "a");
    CHECK(next == 5);
}

TEST_CASE("decodeDnsName rejects forward, self and looping pointers") {
    auto e = wireErrorOf([] {
        std::size_t next = 0;
        decodeDnsName(hex("C000"), 0, next);
    });
    CHECK(std::string(e.what()) == "compression pointer points to itself at offset 0");

    e = wireErrorOf([] {
        std::size_t next = 0;
        decodeDnsName(hex("01 61 C004 00 00"), 0, next);
    });
    CHECK(e.reason() == "compression pointer points forward (to offset 4)");
    CHECK(e.offset() == 2);

    // "a" "b" then a pointer back to "a": a.b.a.b... forever.
    const Bytes loop = hex("01 61 01 62 C000");
    e = wireErrorOf([&] {
        std::size_t next = 0;
        decodeDnsName(loop, 0, next);
    });
    CHECK(e.reason() == "compression pointer loop (to offset 0, inside the same name)");
    CHECK(e.offset() == 4);
    // Entered at "b": the first jump is fine, the second one lands where the jump came from.
    e = wireErrorOf([&] {
        std::size_t next = 0;
        decodeDnsName(loop, 2, next);
    });
    CHECK(e.offset() == 4);
    CHECK(e.reason() == "compression pointer loop (to offset 0, inside the same name)");

    // reportBase shifts every reported offset, and the offsets named in the reason.
    e = wireErrorOf([] {
        std::size_t next = 0;
        decodeDnsName(hex("01 61 C004 00 00"), 0, next, 1);
    });
    CHECK(std::string(e.what()) == "compression pointer points forward (to offset 5) at offset 3");
}

TEST_CASE("decodeDnsName enforces the hop limit") {
    // "a" at 0, then pointers, each to the one before it: decoding from the last follows them all.
    auto chain = [](int pointers) {
        Bytes m = hex("01 61 00");
        std::size_t previous = 0;
        for (int i = 0; i < pointers; ++i) {
            const std::size_t here = m.size();
            m.push_back(static_cast<std::uint8_t>(0xC0 | (previous >> 8)));
            m.push_back(static_cast<std::uint8_t>(previous & 0xFF));
            previous = here;
        }
        return std::pair{m, previous};
    };
    {
        const auto [m, start] = chain(kMaxCompressionHops);
        std::size_t next = 0;
        CHECK(decodeDnsName(m, start, next) == "a");
        CHECK(next == start + 2);
    }
    {
        const auto [m, start] = chain(kMaxCompressionHops + 1);
        const auto e = wireErrorOf([&] {
            std::size_t next = 0;
            decodeDnsName(m, start, next);
        });
        CHECK(e.reason() == "more than 16 compression pointers");
        CHECK(e.offset() == 3);  // the 17th pointer followed is the first one written
    }
}

TEST_CASE("decodeDnsName rejects bad label types and truncation with the offset") {
    struct Case {
        const char* hex;
        std::size_t offset;
        const char* reason;
    };
    const Case cases[] = {
        {"01 61 41", 2, "unsupported label type 0x40"},
        {"80", 0, "unsupported label type 0x80"},
        {"04 6C79", 0, "label of 4 octets runs past the end"},
        {"04 6C796E63", 5, "name runs past the end (no root label)"},
        {"01 61 C0", 2, "compression pointer cut short"},
        {"3F", 0, "label of 63 octets runs past the end"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.hex);
        const auto e = wireErrorOf([&] {
            std::size_t next = 0;
            decodeDnsName(hex(c.hex), 0, next);
        });
        CHECK(e.offset() == c.offset);
        CHECK(e.reason() == c.reason);
    }
    const auto e = wireErrorOf([] {
        std::size_t next = 0;
        decodeDnsName(Bytes{}, 0, next);
    });
    CHECK(e.offset() == 0);
}

TEST_CASE("decodeDnsName: names up to 255 octets, also when assembled through pointers") {
    std::size_t next = 0;
    const Bytes max = encodeDnsName(longName(3, 61));
    CHECK(decodeAt(max, 0, next) == longName(3, 61));
    CHECK(next == 255);

    // 256 octets: 63, 63, 63, 62 plus the root.
    Bytes over;
    for (std::size_t len : {63U, 63U, 63U, 62U}) {
        over.push_back(static_cast<std::uint8_t>(len));
        over.insert(over.end(), len, 'q');
    }
    over.push_back(0);
    REQUIRE(over.size() == 256);
    auto e = wireErrorOf([&] { decodeAt(over, 0, next); });
    CHECK(e.reason() == "name longer than 255 octets");
    CHECK(e.offset() == 192);  // the label that makes it too long

    // The same through compression: a tail of labels at 0 and a 63-octet label pointing at it.
    auto compressed = [](std::initializer_list<std::size_t> tailLabels) {
        Bytes m;
        for (std::size_t len : tailLabels) {
            m.push_back(static_cast<std::uint8_t>(len));
            m.insert(m.end(), len, 't');
        }
        m.push_back(0);
        const std::size_t head = m.size();
        m.push_back(63);
        m.insert(m.end(), 63, 'h');
        m.push_back(0xC0);
        m.push_back(0x00);
        return std::pair{m, head};
    };
    {
        const auto [m, head] = compressed({63, 63, 61});  // 64 + 191 = 255 octets: fits
        bool used = false;
        const std::string name = decodeDnsName(m, head, next, 0, used);
        CHECK(name.size() == 253);
        CHECK(name.substr(0, 64) == std::string(63, 'h') + ".");
        CHECK(used);
        CHECK(next == m.size());
    }
    {
        const auto [m, head] = compressed({63, 63, 62});  // 64 + 192 = 256 octets
        e = wireErrorOf([&] { decodeAt(m, head, next); });
        CHECK(e.reason() == "name longer than 255 octets");
        CHECK(e.offset() == 128);  // the last tail label, reached through the pointer
    }
}

TEST_CASE("decodeDnsName: every truncation of an encoded name throws at or before the cut") {
    const Bytes message = hex("04 6C796E63 07 7363686572747A 05 6C6F63616C 00  03 776562 C005");
    for (std::size_t cut = 20; cut < message.size(); ++cut) {
        CAPTURE(cut);
        const Bytes prefix(message.begin(), message.begin() + static_cast<std::ptrdiff_t>(cut));
        const auto e = wireErrorOf([&] {
            std::size_t next = 0;
            decodeDnsName(prefix, 20, next);
        });
        // 03 "web" at 20, the pointer at 24: a cut pointer is reported where it starts.
        CHECK(e.offset() == (cut < 24 ? 20U : 24U));
        CHECK(e.offset() <= cut);
    }
    for (std::size_t cut = 0; cut < 20; ++cut) {
        CAPTURE(cut);
        const Bytes prefix(message.begin(), message.begin() + static_cast<std::ptrdiff_t>(cut));
        const auto e = wireErrorOf([&] {
            std::size_t next = 0;
            decodeDnsName(prefix, 0, next);
        });
        // Cut inside a label: that label's length byte; cut on a label boundary: the cut itself.
        const std::size_t expected = cut < 5 ? 0 : cut < 13 ? 5 : cut < 19 ? 13 : 19;
        CHECK(e.offset() == expected);
    }
}

TEST_CASE("encodeDomainSearch writes RFC 3397 option 119 uncompressed") {
    CHECK(encodeDomainSearch({"example.com", "corp.example.com"}) ==
          hex("07 6578616D706C65 03 636F6D 00  04 636F7270 07 6578616D706C65 03 636F6D 00"));
    CHECK(encodeDomainSearch({"lync.schertz.local."}) == encodeDnsName("lync.schertz.local"));
    // RFC 3397 §2: longer than 255 bytes is fine; RFC 3396 splits it in the packet.
    const Bytes big = encodeDomainSearch({longName(3, 61), "example.com"});
    CHECK(big.size() == 255 + 13);
    auto e = inputErrorOf([] { encodeDomainSearch({}); });
    CHECK(e.reason() == "no domain names given");
    e = inputErrorOf([] { encodeDomainSearch({"ok.example", "bad..example"}); });
    CHECK(e.value() == "bad..example");
    CHECK(e.position() == 4);
}
