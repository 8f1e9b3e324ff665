// Option 120, SIP servers (RFC 3361): golden, interop (Kea, dnsmasq), round trip, truncation,
// edges.
#include <doctest/doctest.h>

#include <string>

#include "support/expect.hpp"
#include "support/vectors.hpp"
#include "wire/dns_name.hpp"
#include "wire/hex.hpp"
#include "wire/option120.hpp"
#include "wire/packet.hpp"

using namespace dhcplite::wire;
using dhcplite::test::inputErrorOf;
using dhcplite::test::msUcClientVectors;
using dhcplite::test::wireErrorOf;

namespace {

Bytes hex(std::string_view text) { return parseHex(text); }

void appendText(Bytes& out, std::string_view text) {
    for (char c : text) out.push_back(static_cast<std::uint8_t>(c));
}

// Every prefix of `value` either decodes to a prefix of `full` (same encoding, the first names or
// addresses) or throws WireError at an offset inside the prefix.
void checkTruncations(const Bytes& value, const SipServers& full) {
    for (std::size_t cut = 0; cut < value.size(); ++cut) {
        CAPTURE(cut);
        const ByteView prefix = ByteView(value).first(cut);
        try {
            const SipServers got = decodeSipServers(prefix);
            CHECK(got.encoding == full.encoding);
            REQUIRE(got.names.size() <= full.names.size());
            REQUIRE(got.addresses.size() <= full.addresses.size());
            CHECK((got.names.size() + got.addresses.size()) > 0);
            for (std::size_t i = 0; i < got.names.size(); ++i) CHECK(got.names[i] == full.names[i]);
            for (std::size_t i = 0; i < got.addresses.size(); ++i)
                CHECK(got.addresses[i] == full.addresses[i]);
        } catch (const WireError& e) {
            CHECK(e.offset() <= cut);
        }
    }
}

}  // namespace

TEST_CASE("option 120 golden vector for lync.schertz.local, field by field") {
    Bytes expected;
    expected.push_back(0x00);  // enc 0: names (RFC 3361 §3.1)
    expected.push_back(4);
    appendText(expected, "lync");
    expected.push_back(7);
    appendText(expected, "schertz");
    expected.push_back(5);
    appendText(expected, "local");
    expected.push_back(0);  // root
    const auto& v = msUcClientVectors();
    REQUIRE(v.bytes("lync.schertz.local", "option120") == expected);
    CHECK(expected.size() == 21);
    CHECK(encodeSipServerNames({"lync.schertz.local"}) == expected);
    CHECK(toHex(encodeSipServerNames({"lync.schertz.local"})) ==
          "00046C796E63077363686572747A056C6F63616C00");
    CHECK(encodeSipServerNames({"server.fqdn.company.com"}) ==
          v.bytes("server.fqdn.company.com", "option120"));

    const SipServers decoded = decodeSipServers(expected);
    CHECK(decoded.encoding == SipEncoding::Names);
    CHECK(decoded.names == std::vector<std::string>{"lync.schertz.local"});
    CHECK(decoded.addresses.empty());
    CHECK_FALSE(decoded.usedCompression);
    CHECK(decodeSipServers(v.bytes("server.fqdn.company.com", "option120")).names ==
          std::vector<std::string>{"server.fqdn.company.com"});
}

TEST_CASE("option 120 with several names and with addresses") {
    CHECK(encodeSipServerNames({"a.example", "b.example."}) ==
          hex("00 01 61 07 6578616D706C65 00  01 62 07 6578616D706C65 00"));
    const Bytes addresses =
        encodeSipServerAddresses({Ipv4::parse("192.0.2.1"), Ipv4::parse("198.51.100.2")});
    CHECK(addresses == hex("01 C0000201 C6336402"));
    const SipServers decoded = decodeSipServers(addresses);
    CHECK(decoded.encoding == SipEncoding::Addresses);
    CHECK(decoded.addresses ==
          std::vector<Ipv4>{Ipv4::parse("192.0.2.1"), Ipv4::parse("198.51.100.2")});
    CHECK(decoded.names.empty());
    CHECK(decodeSipServers(hex("01 0A000001")).addresses ==
          std::vector<Ipv4>{Ipv4::parse("10.0.0.1")});
}

TEST_CASE("encodeSipServers dispatches on the encoding and round-trips") {
    SipServers names;
    names.names = {"lync.schertz.local", "pool2.schertz.local", "x"};
    const Bytes n = encodeSipServers(names);
    CHECK(n == encodeSipServerNames(names.names));
    CHECK(decodeSipServers(n) == names);

    SipServers addrs;
    addrs.encoding = SipEncoding::Addresses;
    addrs.addresses = {Ipv4::parse("192.0.2.10"), Ipv4::parse("0.0.0.0"),
                       Ipv4::parse("255.255.255.255")};
    const Bytes a = encodeSipServers(addrs);
    CHECK(a.size() == 13);
    CHECK(decodeSipServers(a) == addrs);
}

TEST_CASE("option 120 encoding refuses bad input") {
    CHECK(inputErrorOf([] { encodeSipServerNames({}); }).reason() == "no SIP server name given");
    CHECK(inputErrorOf([] { encodeSipServerAddresses({}); }).reason() ==
          "no SIP server address given");
    auto e = inputErrorOf([] { encodeSipServerNames({"ok.example", "lync_pool.example"}); });
    CHECK(e.value() == "lync_pool.example");
    CHECK(e.position() == 4);
    CHECK(inputErrorOf([] { encodeSipServerNames({std::string(64, 'a')}); }).reason() ==
          "label 'aaaaaaaaaaaaaaaa...' is 64 octets (max 63)");
    SipServers emptyAddresses;
    emptyAddresses.encoding = SipEncoding::Addresses;
    emptyAddresses.names = {"lync.schertz.local"};  // names are not looked at for enc 1
    CHECK_THROWS_AS(encodeSipServers(emptyAddresses), InputError);
}

TEST_CASE("Kea-style option 120: plain labels, several names, no compression") {
    // Kea with a custom definition (record: uint8 enc, fqdn array) and data
    // "0, sip1.example.com, sip2.example.com" writes each name in full.
    const Bytes kea =
        hex("00 04 73697031 07 6578616D706C65 03 636F6D 00"
            "   04 73697032 07 6578616D706C65 03 636F6D 00");
    const SipServers decoded = decodeSipServers(kea);
    CHECK(decoded.names == std::vector<std::string>{"sip1.example.com", "sip2.example.com"});
    CHECK_FALSE(decoded.usedCompression);
    CHECK(encodeSipServerNames(decoded.names) == kea);
    checkTruncations(kea, decoded);
}

TEST_CASE("dnsmasq-style compressed option 120: pointers count from the byte after enc") {
    // dhcp-option=120,lync.schertz.local,pool.schertz.local: the second name is "pool" plus a
    // pointer to "schertz" at offset 5 of the names (offset 6 of the value, counting enc).
    const Bytes dnsmasq =
        hex("00  04 6C796E63 07 7363686572747A 05 6C6F63616C 00  04 706F6F6C C005");
    const SipServers decoded = decodeSipServers(dnsmasq);
    CHECK(decoded.encoding == SipEncoding::Names);
    CHECK(decoded.names == std::vector<std::string>{"lync.schertz.local", "pool.schertz.local"});
    CHECK(decoded.usedCompression);
    // We never emit compression: re-encoding writes both names in full.
    const Bytes plain = encodeSipServerNames(decoded.names);
    CHECK(plain.size() ==
          dnsmasq.size() + 13);  // "schertz.local" (15 octets) replaces the 2-byte pointer
    SipServers reDecoded = decodeSipServers(plain);
    CHECK(reDecoded.names == decoded.names);
    CHECK_FALSE(reDecoded.usedCompression);

    // The same pointer computed from the enc byte (C006) lands on 's' (0x73), not a label.
    const Bytes wrongBase =
        hex("00  04 6C796E63 07 7363686572747A 05 6C6F63616C 00  04 706F6F6C C006");
    const auto e = wireErrorOf([&] { decodeSipServers(wrongBase); });
    CHECK(std::string(e.what()) == "unsupported label type 0x40 at offset 7");

    // A whole name as a pointer to an earlier one, and a pointer to the first name's start.
    const Bytes whole =
        hex("00  04 6C796E63 07 7363686572747A 05 6C6F63616C 00  C000  03 776562 C005");
    CHECK(decodeSipServers(whole).names == std::vector<std::string>{"lync.schertz.local",
                                                                    "lync.schertz.local",
                                                                    "web.schertz.local"});
    checkTruncations(dnsmasq, decoded);
    checkTruncations(whole, decodeSipServers(whole));
}

TEST_CASE("option 120 decode errors name the offset from the enc byte") {
    struct Case {
        const char* hex;
        std::size_t offset;
        const char* reason;
    };
    const Case cases[] = {
        {"02 0A000001", 0, "option 120 encoding byte is 2 (0 = names, 1 = addresses)"},
        // The classic mistakes: a plain ASCII FQDN ('l' = 0x6C), labels without enc (04 ...).
        {"6C796E632E7363686572747A2E6C6F63616C", 0,
         "option 120 encoding byte is 108 (0 = names, 1 = addresses)"},
        {"046C796E63077363686572747A056C6F63616C00", 0,
         "option 120 encoding byte is 4 (0 = names, 1 = addresses)"},
        {"00", 1, "option 120 enc 0 has no names"},
        {"01", 1, "option 120 enc 1 has no addresses"},
        {"01 0A0000", 1, "option 120 enc 1 has 3 address bytes, not a multiple of 4"},
        {"01 0A000001 0A", 5, "option 120 enc 1 has 5 address bytes, not a multiple of 4"},
        {"00 00", 1, "empty name (root label only) in option 120"},
        {"00 01 61 00 00", 4, "empty name (root label only) in option 120"},
        {"00 C000", 1, "compression pointer points to itself"},
        {"00 01 61 C004 00", 3, "compression pointer points forward (to offset 5)"},
        {"00 01 61 01 62 C000", 5, "compression pointer loop (to offset 1, inside the same name)"},
        {"00 01 61 80", 3, "unsupported label type 0x80"},
        {"00 05 6162", 1, "label of 5 octets runs past the end"},
        {"00 01 61", 3, "name runs past the end (no root label)"},
        {"00 01 61 00 01", 4, "label of 1 octets runs past the end"},
        {"00 01 61 00 C0", 4, "compression pointer cut short"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.hex);
        const auto e = wireErrorOf([&] { decodeSipServers(hex(c.hex)); });
        CHECK(e.offset() == c.offset);
        CHECK(e.reason() == c.reason);
    }
    const auto e = wireErrorOf([] { decodeSipServers(Bytes{}); });
    CHECK(std::string(e.what()) == "empty option 120 (no encoding byte) at offset 0");
}

TEST_CASE(
    "option 120 golden vector: every truncation decodes consistently or names an offset inside "
    "it") {
    const Bytes golden = msUcClientVectors().bytes("lync.schertz.local", "option120");
    for (std::size_t cut = 0; cut < golden.size(); ++cut) {
        CAPTURE(cut);
        const auto e = wireErrorOf([&] { decodeSipServers(ByteView(golden).first(cut)); });
        // 0: no enc; 1: no names; inside a label: its length byte; on a boundary: the cut.
        const std::size_t expected = cut <= 1   ? cut
                                     : cut < 6  ? 1
                                     : cut < 14 ? 6
                                     : cut < 20 ? 14
                                                : 20;
        CHECK(e.offset() == expected);
    }
    SipServers two;
    two.names = {"lync.schertz.local", "pool.schertz.local"};
    checkTruncations(encodeSipServers(two), two);
    SipServers addrs;
    addrs.encoding = SipEncoding::Addresses;
    addrs.addresses = {Ipv4::parse("192.0.2.1"), Ipv4::parse("192.0.2.2"),
                       Ipv4::parse("192.0.2.3")};
    checkTruncations(encodeSipServers(addrs), addrs);
}

TEST_CASE(
    "option 120 length edges: 63/64-octet labels, 255/256-octet names, values over 255 bytes") {
    const std::string label63(63, 'a');
    CHECK(decodeSipServers(encodeSipServerNames({label63 + ".example"})).names[0] ==
          label63 + ".example");
    CHECK_THROWS_AS(encodeSipServerNames({label63 + "a.example"}), InputError);
    // A 64-octet label on the wire has the top bits 01: a reserved label type.
    Bytes label64{0x00, 64};
    label64.insert(label64.end(), 64, 'a');
    label64.push_back(0);
    CHECK(wireErrorOf([&] { decodeSipServers(label64); }).reason() ==
          "unsupported label type 0x40");

    // 253 characters = 255 octets on the wire; with enc the option value is 256 bytes, which
    // only fits a packet through an RFC 3396 split.
    const std::string name = label63 + "." + label63 + "." + label63 + "." + std::string(61, 'd');
    const Bytes value = encodeSipServerNames({name});
    CHECK(value.size() == 256);
    CHECK(decodeSipServers(value).names == std::vector<std::string>{name});
    Bytes tlvs;
    appendOptionTlvs(tlvs, 120, value);
    REQUIRE(tlvs.size() == 260);
    CHECK(tlvs[0] == 120);
    CHECK(tlvs[1] == 255);
    CHECK(tlvs[257] == 120);
    CHECK(tlvs[258] == 1);
    CHECK(tlvs[259] == 0);  // the root label travels in the second instance
    CHECK_THROWS_AS(encodeSipServerNames({name + "d"}), InputError);

    // 256 octets on the wire: rejected on decode.
    Bytes over{0x00};
    for (std::size_t len : {63U, 63U, 63U, 62U}) {
        over.push_back(static_cast<std::uint8_t>(len));
        over.insert(over.end(), len, 'q');
    }
    over.push_back(0);
    const auto e = wireErrorOf([&] { decodeSipServers(over); });
    CHECK(e.reason() == "name longer than 255 octets");
    CHECK(e.offset() == 193);

    // Several names may add up to far more than 255 bytes.
    std::vector<std::string> many(5, name);
    const Bytes big = encodeSipServerNames(many);
    CHECK(big.size() == 1 + 5 * 255);
    CHECK(decodeSipServers(big).names == many);
}

TEST_CASE(
    "option 120: every single-byte mutation of the interop vectors decodes or names an offset "
    "within it") {
    // Deterministic and exhaustive over one byte: each position takes every value.
    const Bytes vectors[] = {
        msUcClientVectors().bytes("lync.schertz.local", "option120"),
        hex("00  04 6C796E63 07 7363686572747A 05 6C6F63616C 00  04 706F6F6C C005"),
        hex("01 C0000201 C6336402"),
    };
    std::size_t decoded = 0;
    std::size_t rejected = 0;
    for (const Bytes& original : vectors) {
        for (std::size_t at = 0; at < original.size(); ++at) {
            for (unsigned value = 0; value < 256; ++value) {
                Bytes m = original;
                m[at] = static_cast<std::uint8_t>(value);
                try {
                    const SipServers s = decodeSipServers(m);
                    CHECK((s.names.size() + s.addresses.size()) > 0);
                    for (const auto& n : s.names) CHECK(n.size() <= 253);
                    ++decoded;
                } catch (const WireError& e) {
                    if (e.offset() > m.size())
                        FAIL_CHECK("offset " << e.offset() << " past " << m.size());
                    ++rejected;
                }
            }
        }
    }
    CHECK(decoded > 0);
    CHECK(rejected > 0);
}
