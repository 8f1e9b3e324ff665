// ByteReader / ByteWriter and the two error types (wire/bytes.hpp, wire/errors.hpp).
#include <doctest/doctest.h>

#include <array>
#include <cstdint>

#include "support/expect.hpp"
#include "wire/bytes.hpp"

using namespace dhcplite::wire;
using dhcplite::test::inputErrorOf;
using dhcplite::test::wireErrorOf;

TEST_CASE("WireError and InputError say what and where") {
    const WireError w("bad label", 7);
    CHECK(std::string(w.what()) == "bad label at offset 7");
    CHECK(w.reason() == "bad label");
    CHECK(w.offset() == 7);

    const InputError plain("empty label", "a..b", 2);
    CHECK(std::string(plain.what()) == "'a..b': empty label at character 3");
    CHECK(plain.field().empty());

    const InputError named = plain.withField("web server FQDN");
    CHECK(std::string(named.what()) == "web server FQDN 'a..b': empty label at character 3");
    CHECK(named.reason() == "empty label");
    CHECK(named.value() == "a..b");
    CHECK(named.position() == 2);
    CHECK(named.field() == "web server FQDN");

    // The value is escaped: it came from a person or a file.
    const InputError nasty("bad", std::string("a\x1b[2J\"\\", 7), 1, "port");
    CHECK(std::string(nasty.what()) == "port 'a\\x1B[2J\\\"\\\\': bad at character 2");

    // An empty value has no character to point at.
    CHECK(std::string(InputError("no SIP server given", "", 0, "SIP server FQDN").what()) ==
          "SIP server FQDN: no SIP server given");
    CHECK(std::string(InputError("empty", "", 0).what()) == "empty");
}

TEST_CASE("toBytes / toString are verbatim, NUL and high bytes included") {
    const std::string text("A\0\xff", 3);
    const Bytes b = toBytes(text);
    CHECK(b == Bytes{0x41, 0x00, 0xFF});
    CHECK(toString(b) == text);
    CHECK(toBytes("").empty());
}

TEST_CASE("ByteReader reads network byte order and keeps the offset") {
    const Bytes data{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A};
    ByteReader r(data, 100);
    CHECK(r.peek() == 0x01);
    CHECK(r.u8() == 0x01);
    CHECK(r.u16() == 0x0203);
    CHECK(r.u32() == 0x04050607U);
    CHECK(r.offset() == 107);
    CHECK(r.position() == 7);
    CHECK(r.remaining() == 3);
    CHECK(r.rest().size() == 3);
    CHECK(r.rest()[0] == 0x08);
    const ByteView two = r.bytes(2);
    CHECK(two.size() == 2);
    CHECK(two[0] == 0x08);
    CHECK(two[1] == 0x09);
    r.skip(1);
    CHECK(r.empty());
    CHECK(r.offset() == 110);
    r.skip(0);
    CHECK(r.bytes(0).empty());
}

TEST_CASE("ByteReader throws with the absolute offset and does not move") {
    const Bytes data{0xAA, 0xBB, 0xCC};
    ByteReader r(data, 40);
    r.u8();
    auto e = wireErrorOf([&] { r.u32(); });
    CHECK(e.offset() == 41);
    CHECK(std::string(e.what()) ==
          "truncated: needed 4 bytes for a 32-bit value, 2 left at offset 41");
    CHECK(r.position() == 1);  // nothing consumed by the failed read

    e = wireErrorOf([&] { r.bytes(3); });
    CHECK(e.offset() == 41);
    CHECK(e.reason() == "truncated: needed 3 bytes for data, 2 left");
    e = wireErrorOf([&] { r.skip(5); });
    CHECK(e.offset() == 41);
    CHECK(r.u16() == 0xBBCC);
    e = wireErrorOf([&] { r.u8(); });
    CHECK(e.offset() == 43);
    CHECK(e.reason() == "truncated: needed 1 byte for a byte, 0 left");
    e = wireErrorOf([&] { (void)r.peek(); });
    CHECK(e.offset() == 43);
    e = wireErrorOf([&] { r.u16(); });
    CHECK(e.offset() == 43);
    e = wireErrorOf([&] { r.fail("custom reason"); });
    CHECK(std::string(e.what()) == "custom reason at offset 43");

    ByteReader empty(ByteView{});
    CHECK(empty.empty());
    CHECK(wireErrorOf([&] { empty.u8(); }).offset() == 0);
}

TEST_CASE("ByteReader: a record read from every truncation throws at or before the cut") {
    // u8, u16, u32, 3 bytes: 10 bytes in all.
    const Bytes full{0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0A};
    for (std::size_t cut = 0; cut <= full.size(); ++cut) {
        CAPTURE(cut);
        ByteReader r(ByteView(full).first(cut));
        auto read = [&] {
            r.u8();
            r.u16();
            r.u32();
            r.bytes(3);
        };
        if (cut == full.size()) {
            read();
            CHECK(r.empty());
            continue;
        }
        const auto e = wireErrorOf(read);
        // The failing read starts at the last field boundary at or before the cut.
        const std::size_t expected = cut < 1 ? 0 : cut < 3 ? 1 : cut < 7 ? 3 : 7;
        CHECK(e.offset() == expected);
        CHECK(e.offset() <= cut);
    }
}

TEST_CASE("ByteWriter writes network byte order into a fixed buffer") {
    std::array<std::uint8_t, 12> buf{};
    ByteWriter w(buf);
    w.u8(0x01);
    w.u16(0x0203);
    w.u32(0x04050607);
    w.bytes(Bytes{0x08, 0x09});
    w.fill(0xEE, 2);
    CHECK(w.size() == 11);
    CHECK(w.remaining() == 1);
    w.patch(0, 0xFF);
    const auto written = w.written();
    CHECK(Bytes(written.begin(), written.end()) ==
          Bytes{0xFF, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0xEE, 0xEE});

    auto e = wireErrorOf([&] { w.u16(0x1111); });
    CHECK(std::string(e.what()) == "output buffer full at offset 11");
    CHECK(w.size() == 11);  // a refused write leaves nothing behind
    CHECK(buf[11] == 0x00);
    CHECK(wireErrorOf([&] { w.u32(1); }).offset() == 11);
    CHECK(wireErrorOf([&] { w.bytes(Bytes{1, 2}); }).offset() == 11);
    CHECK(wireErrorOf([&] { w.fill(0, 2); }).offset() == 11);
    CHECK(wireErrorOf([&] { w.patch(11, 0); }).offset() == 11);
    w.u8(0x0C);
    CHECK(w.remaining() == 0);
    CHECK(buf[11] == 0x0C);
    CHECK(wireErrorOf([&] { w.u8(0); }).offset() == 12);
}

TEST_CASE("ByteWriter over an empty buffer refuses everything but empty writes") {
    ByteWriter w(std::span<std::uint8_t>{});
    w.bytes(ByteView{});
    w.fill(0, 0);
    CHECK(w.size() == 0);
    CHECK(wireErrorOf([&] { w.u8(1); }).offset() == 0);
}
