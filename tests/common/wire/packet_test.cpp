// The DHCP packet model (wire/packet.hpp): a DHCPUtil-style INFORM written byte by byte, the
// leniency policy (pad, missing END, trailing bytes), overload, RFC 3396 join/split, truncation.
#include <doctest/doctest.h>

#include <algorithm>
#include <initializer_list>
#include <string>

#include "support/expect.hpp"
#include "support/vectors.hpp"
#include "wire/hex.hpp"
#include "wire/option120.hpp"
#include "wire/packet.hpp"

using namespace dhcplite::wire;
using dhcplite::test::inputErrorOf;
using dhcplite::test::msUcClientVectors;
using dhcplite::test::wireErrorOf;

namespace {

Bytes hex(std::string_view text) { return parseHex(text); }

void put(Bytes& out, std::initializer_list<std::uint8_t> bytes) { out.insert(out.end(), bytes); }
void put(Bytes& out, const Bytes& bytes) { out.insert(out.end(), bytes.begin(), bytes.end()); }
void putText(Bytes& out, std::string_view text) {
    for (char c : text) out.push_back(static_cast<std::uint8_t>(c));
}
// `bytes` then zeros up to `size`: a fixed-size header field.
void putField(Bytes& out, const Bytes& bytes, std::size_t size) {
    REQUIRE(bytes.size() <= size);
    put(out, bytes);
    out.insert(out.end(), size - bytes.size(), 0);
}

const Bytes kMac = {0x00, 0x15, 0x5D, 0x01, 0x02, 0x03};

// RFC 2131 §2 Figure 1, byte by byte: a BOOTREQUEST from kMac with ciaddr 192.0.2.50, then
// the magic cookie. `sname`/`file` are written into their fields (zero-filled).
Bytes requestHeader(const Bytes& sname = {}, const Bytes& file = {}) {
    Bytes out;
    put(out, {0x01, 0x01, 0x06, 0x00});  // op BOOTREQUEST, htype Ethernet, hlen 6, hops 0
    put(out, {0x5A, 0x17, 0xC0, 0xDE});  // xid
    put(out, {0x00, 0x00});              // secs
    put(out, {0x00, 0x00});              // flags
    put(out, {192, 0, 2, 50});           // ciaddr: the phone's own address (INFORM)
    put(out, {0, 0, 0, 0});              // yiaddr
    put(out, {0, 0, 0, 0});              // siaddr
    put(out, {0, 0, 0, 0});              // giaddr
    putField(out, kMac, kChaddrSize);
    putField(out, sname, kSnameSize);
    putField(out, file, kFileSize);
    REQUIRE(out.size() == kHeaderSize);
    put(out, {0x63, 0x82, 0x53, 0x63});  // magic cookie
    return out;
}

Bytes withOptions(const Bytes& options, const Bytes& sname = {}, const Bytes& file = {}) {
    Bytes out = requestHeader(sname, file);
    put(out, options);
    return out;
}

// The options of the INFORM DHCPUtil -EmulateClient sends (docs/design.md §10), in its order.
Bytes informOptions() {
    Bytes o;
    put(o, {53, 1, 8});     // DHCP message type: INFORM
    put(o, {54, 0});        // server identifier, empty
    put(o, {61, 7, 0x01});  // client id: type 1 (Ethernet) + MAC
    put(o, kMac);
    put(o, {120, 0});  // SIP servers, empty
    put(o, {12, 8});   // host name
    putText(o, "CX600-01");
    put(o, {60, 12});  // vendor class identifier
    putText(o, "MS-UC-Client");
    put(o, {55, 2, 120, 43});  // parameter request list
    put(o, {43, 0});           // vendor specific, empty
    return o;
}

// Offsets of each option's code byte in the INFORM datagram, then the END's.
constexpr std::size_t kInformStarts[] = {240, 243, 245, 254, 256, 266, 280, 284, 286};

Bytes informDatagram() {
    Bytes d = withOptions(informOptions());
    d.push_back(255);            // END
    d.resize(kBootpMinimum, 0);  // padded to 300
    return d;
}

Packet informPacket() {
    Packet p;
    p.op = 1;
    p.htype = 1;
    p.hlen = 6;
    p.xid = 0x5A17C0DE;
    p.ciaddr = Ipv4::parse("192.0.2.50");
    std::copy(kMac.begin(), kMac.end(), p.chaddr.begin());
    p.options.set(53, {8});
    p.options.set(54, {});
    Bytes clientId{0x01};
    put(clientId, kMac);
    p.options.set(61, clientId);
    p.options.set(120, {});
    p.options.set(12, toBytes("CX600-01"));
    p.options.set(60, toBytes("MS-UC-Client"));
    p.options.set(55, {120, 43});
    p.options.set(43, {});
    return p;
}

std::vector<std::uint8_t> codes(const Packet& p) {
    std::vector<std::uint8_t> out;
    for (const auto& o : p.options.all()) out.push_back(o.code);
    return out;
}

}  // namespace

TEST_CASE("a DHCPUtil-style DHCPINFORM, built byte by byte, decodes field by field") {
    const Bytes datagram = informDatagram();
    REQUIRE(datagram.size() == 300);
    REQUIRE(datagram[286] == 255);

    const DecodedPacket d = decodePacket(datagram);
    const Packet& p = d.packet;
    CHECK(p.op == 1);
    CHECK(p.htype == 1);
    CHECK(p.hlen == 6);
    CHECK(p.hops == 0);
    CHECK(p.xid == 0x5A17C0DEU);
    CHECK(p.secs == 0);
    CHECK(p.flags == 0);
    CHECK(p.ciaddr.toString() == "192.0.2.50");
    CHECK(p.yiaddr.isZero());
    CHECK(p.siaddr.isZero());
    CHECK(p.giaddr.isZero());
    CHECK(Bytes(p.chaddr.begin(), p.chaddr.begin() + 6) == kMac);
    CHECK(std::all_of(p.chaddr.begin() + 6, p.chaddr.end(), [](std::uint8_t b) { return b == 0; }));
    CHECK(p.messageType() == MessageType::Inform);
    CHECK(codes(p) == std::vector<std::uint8_t>{53, 54, 61, 120, 12, 60, 55, 43});
    CHECK(p.options.find(54)->data.empty());
    CHECK(p.options.find(61)->data == hex("01 00155D010203"));
    CHECK(p.options.find(120)->data.empty());
    CHECK(toString(p.options.find(12)->data) == "CX600-01");
    CHECK(toString(p.options.find(60)->data) == "MS-UC-Client");
    CHECK(p.options.find(55)->data == Bytes{120, 43});
    CHECK(p.options.find(43)->data.empty());

    CHECK_FALSE(d.report.missingEnd);
    CHECK(d.report.paddingBytes == 13);
    CHECK(d.report.trailingBytes == 0);
    CHECK(d.report.overload == 0);
    CHECK(d.report.joinedCodes.empty());

    CHECK(p == informPacket());
}

TEST_CASE("the INFORM built as a Packet encodes to the same bytes, and round-trips") {
    const Bytes datagram = informDatagram();
    CHECK(encodePacket(informPacket()) == datagram);
    CHECK(encodePacket(decodePacket(datagram).packet) == datagram);
    CHECK(decodePacket(encodePacket(informPacket())).packet == informPacket());
}

TEST_CASE("a Windows-style DHCPACK with 120 and 43 (sub-option 220) round-trips") {
    const auto& v = msUcClientVectors();
    Packet ack = informPacket();
    ack.op = 2;
    ack.options = OptionList{};
    ack.options.set(53, {5});
    ack.options.set(54, {192, 0, 2, 1});
    ack.options.set(120, v.bytes("lync.schertz.local", "option120"));
    ack.options.set(43, v.bytes("lync.schertz.local", "option43_windows_ack"));
    const Bytes bytes = encodePacket(ack);
    CHECK(bytes.size() == 240 + 3 + 6 + 23 + 92 + 1);  // 365: already over the 300 minimum
    CHECK(bytes[0] == 2);
    CHECK(Bytes(bytes.begin() + 240, bytes.begin() + 249) == hex("35 01 05 36 04 C0000201"));
    CHECK(bytes[249] == 120);
    CHECK(bytes[250] == 21);
    CHECK(bytes[272] == 43);
    CHECK(bytes[273] == 90);
    CHECK(bytes.back() == 255);
    const DecodedPacket d = decodePacket(bytes);
    CHECK(d.packet == ack);
    CHECK(d.packet.messageType() == MessageType::Ack);
    CHECK(decodeSipServers(d.packet.options.find(120)->data).names ==
          std::vector<std::string>{"lync.schertz.local"});
}

TEST_CASE("truncating the INFORM at every offset") {
    const Bytes full = informDatagram();
    const std::vector<std::uint8_t> allCodes{53, 54, 61, 120, 12, 60, 55, 43};
    for (std::size_t cut = 0; cut < full.size(); ++cut) {
        CAPTURE(cut);
        const ByteView prefix = ByteView(full).first(cut);
        if (cut < kOptionsOffset) {
            const auto e = wireErrorOf([&] { decodePacket(prefix); });
            CHECK(e.offset() == cut);
            CHECK(e.reason() == "datagram of " + std::to_string(cut) +
                                    " bytes is too short (a DHCP message has at least 240)");
            continue;
        }
        if (cut > 286) {  // END is in: the rest is padding
            const DecodedPacket d = decodePacket(prefix);
            CHECK_FALSE(d.report.missingEnd);
            CHECK(d.report.paddingBytes == cut - 287);
            CHECK(codes(d.packet) == allCodes);
            continue;
        }
        std::size_t k = 0;  // options complete within the cut
        while (k + 1 < std::size(kInformStarts) && kInformStarts[k + 1] <= cut) ++k;
        const std::size_t start = kInformStarts[k];
        if (cut == start) {
            const DecodedPacket d = decodePacket(prefix);
            CHECK(d.report.missingEnd);
            CHECK(codes(d.packet) ==
                  std::vector<std::uint8_t>(allCodes.begin(),
                                            allCodes.begin() + static_cast<std::ptrdiff_t>(k)));
        } else {
            const auto e = wireErrorOf([&] { decodePacket(prefix); });
            // Only the code byte left: the missing length byte is at the cut; else the length byte.
            CHECK(e.offset() == (cut == start + 1 ? cut : start + 1));
            CHECK(e.offset() <= cut);
        }
    }
}

TEST_CASE("leniency: PAD between options, missing END, zero padding, trailing bytes") {
    SUBCASE("PAD anywhere between options") {
        const DecodedPacket d =
            decodePacket(withOptions(hex("00 00 35 01 08 00 3C 02 4142 00 FF")));
        CHECK(codes(d.packet) == std::vector<std::uint8_t>{53, 60});
        CHECK(d.report.paddingBytes == 0);
        CHECK_FALSE(d.report.missingEnd);
    }
    SUBCASE("no END: options run to the end of the datagram") {
        const DecodedPacket d = decodePacket(withOptions(hex("35 01 08 3C 02 4142")));
        CHECK(d.report.missingEnd);
        CHECK(codes(d.packet) == std::vector<std::uint8_t>{53, 60});
        CHECK(decodePacket(withOptions({})).report.missingEnd);
        CHECK(decodePacket(withOptions({})).packet.options.empty());
    }
    SUBCASE("no END, zero padding after the options") {
        Bytes options = hex("35 01 08");
        options.resize(60, 0);
        const DecodedPacket d = decodePacket(withOptions(options));
        CHECK(d.report.missingEnd);
        CHECK(d.report.paddingBytes == 0);  // these zeros were PADs, not padding after END
        CHECK(codes(d.packet) == std::vector<std::uint8_t>{53});
    }
    SUBCASE("zeros after END are padding") {
        Bytes options = hex("35 01 08 FF");
        options.resize(100, 0);
        const DecodedPacket d = decodePacket(withOptions(options));
        CHECK(d.report.paddingBytes == 96);
        CHECK(d.report.trailingBytes == 0);
        CHECK(d.report.trailingOffset == 0);
    }
    SUBCASE("non-zero bytes after END are reported, never parsed") {
        // 35 01 08 at 240, END at 243, two zeros, then 41 42 00 from 246.
        const DecodedPacket d = decodePacket(withOptions(hex("35 01 08 FF 00 00 41 42 00")));
        CHECK(codes(d.packet) == std::vector<std::uint8_t>{53});
        CHECK(d.report.paddingBytes == 2);
        CHECK(d.report.trailingOffset == 246);
        CHECK(d.report.trailingBytes == 3);
        CHECK_FALSE(d.report.missingEnd);
        // Even an "option" that would overrun is not looked at after END.
        const DecodedPacket d2 = decodePacket(withOptions(hex("35 01 08 FF 0C 7F")));
        CHECK(d2.report.trailingOffset == 244);
        CHECK(d2.report.trailingBytes == 2);
    }
}

TEST_CASE("malformed datagrams are rejected with the offset") {
    SUBCASE("bad magic cookie") {
        Bytes d = informDatagram();
        d[239] = 0x64;
        const auto e = wireErrorOf([&] { decodePacket(d); });
        CHECK(std::string(e.what()) ==
              "bad magic cookie 0x63825364 (expected 0x63825363) at offset 236");
        d[236] = 0;
        CHECK(wireErrorOf([&] { decodePacket(d); }).offset() == 236);
    }
    SUBCASE("short datagrams") {
        CHECK(wireErrorOf([] { decodePacket(Bytes{}); }).offset() == 0);
        const Bytes d = informDatagram();
        const auto e = wireErrorOf([&] { decodePacket(ByteView(d).first(239)); });
        CHECK(std::string(e.what()) ==
              "datagram of 239 bytes is too short (a DHCP message has at least 240) at offset 239");
        CHECK(
            decodePacket(ByteView(d).first(240)).report.missingEnd);  // exactly the header + cookie
    }
    SUBCASE("an option overruns the options field") {
        auto e = wireErrorOf([] { decodePacket(withOptions(hex("35 01 08 0C 10 4142"))); });
        CHECK(std::string(e.what()) ==
              "option 12 length 16 runs past the end of the options (2 bytes left) at offset 244");
        e = wireErrorOf([] { decodePacket(withOptions(hex("35 01 08 0C"))); });
        CHECK(std::string(e.what()) == "option 12 has no length byte at offset 244");
        e = wireErrorOf([] { decodePacket(withOptions(hex("0C FF"))); });
        CHECK(e.offset() == 241);
        CHECK(e.reason() == "option 12 length 255 runs past the end of the options (0 bytes left)");
    }
}

TEST_CASE("repeated options are joined in order (RFC 3396 §7)") {
    const DecodedPacket d = decodePacket(
        withOptions(hex("35 01 08 2B 02 0102 0C 01 41 2B 01 03 0C 01 42 2B 00 3C 01 58 FF")));
    CHECK(codes(d.packet) == std::vector<std::uint8_t>{53, 43, 12, 60});
    CHECK(d.packet.options.find(43)->data == hex("010203"));
    CHECK(toString(d.packet.options.find(12)->data) == "AB");
    CHECK(d.report.joinedCodes == std::vector<std::uint8_t>{43, 12});
    // A repeated 53 is joined too, and then no longer a valid message type.
    const DecodedPacket twice = decodePacket(withOptions(hex("35 01 08 35 01 08 FF")));
    CHECK(twice.packet.options.find(53)->data == hex("0808"));
    CHECK_FALSE(twice.packet.messageType().has_value());
}

TEST_CASE("option overload (option 52) is honoured: options, then file, then sname") {
    SUBCASE("1: file carries options") {
        const Bytes d = withOptions(hex("35 01 08 34 01 01 0C 02 4142 FF"), toBytes("srv"),
                                    hex("0C 02 4344 0F 07 6578616D706C65 FF"));
        const DecodedPacket r = decodePacket(d);
        CHECK(r.report.overload == kOverloadFile);
        CHECK(codes(r.packet) == std::vector<std::uint8_t>{53, 52, 12, 15});
        CHECK(toString(r.packet.options.find(12)->data) == "ABCD");
        CHECK(toString(r.packet.options.find(15)->data) == "example");
        CHECK(r.report.joinedCodes == std::vector<std::uint8_t>{12});
        CHECK(std::all_of(r.packet.file.begin(), r.packet.file.end(),
                          [](std::uint8_t b) { return b == 0; }));
        CHECK(toString(ByteView(r.packet.sname).first(3)) == "srv");  // not overloaded: copied
    }
    SUBCASE("2: sname carries options") {
        const Bytes d =
            withOptions(hex("35 01 08 34 01 02 FF"), hex("3C 02 5859 FF"), toBytes("boot.img"));
        const DecodedPacket r = decodePacket(d);
        CHECK(r.report.overload == kOverloadSname);
        CHECK(toString(r.packet.options.find(60)->data) == "XY");
        CHECK(std::all_of(r.packet.sname.begin(), r.packet.sname.end(),
                          [](std::uint8_t b) { return b == 0; }));
        CHECK(toString(ByteView(r.packet.file).first(8)) == "boot.img");
    }
    SUBCASE(
        "3: both; the join order is options, file, sname though sname comes first on the wire") {
        const Bytes d =
            withOptions(hex("34 01 03 0C 02 4142 FF"), hex("0C 02 4546 FF"), hex("0C 02 4344 FF"));
        const DecodedPacket r = decodePacket(d);
        CHECK(r.report.overload == kOverloadBoth);
        CHECK(toString(r.packet.options.find(12)->data) == "ABCDEF");
        CHECK(r.report.joinedCodes == std::vector<std::uint8_t>{12});
    }
    SUBCASE("a 52 inside file is ignored; without END the field ends at its size") {
        // sname holds something that would overrun if it were parsed: it must not be.
        const Bytes d = withOptions(hex("34 01 01 FF"), hex("0C 7F"), hex("34 01 02 0C 01 41"));
        const DecodedPacket r = decodePacket(d);
        CHECK(r.report.overload == kOverloadFile);
        CHECK(r.packet.options.find(52)->data == Bytes{1});
        CHECK(toString(r.packet.options.find(12)->data) == "A");
        CHECK(Bytes(r.packet.sname.begin(), r.packet.sname.begin() + 2) == hex("0C 7F"));
    }
    SUBCASE("an overrun inside the file field names its datagram offset") {
        const auto e = wireErrorOf(
            [] { decodePacket(withOptions(hex("34 01 01 FF"), {}, hex("00 00 0C FF 41"))); });
        CHECK(e.offset() == kFileOffset + 3);
        // An option code at the last byte of file: the field ends there (its length byte is not
        // taken from what follows), so the length byte is missing at the field's end.
        Bytes file(kFileSize, 0);
        file.back() = 0x0C;
        const auto e2 =
            wireErrorOf([&] { decodePacket(withOptions(hex("34 01 01 FF"), {}, file)); });
        CHECK(std::string(e2.what()) == "option 12 has no length byte at offset 236");
    }
    SUBCASE("bad overload values") {
        auto e = wireErrorOf([] { decodePacket(withOptions(hex("35 01 08 34 01 04 FF"))); });
        CHECK(std::string(e.what()) ==
              "option 52 (overload) value 4 is not 1, 2 or 3 at offset 245");
        e = wireErrorOf([] { decodePacket(withOptions(hex("35 01 08 34 01 00 FF"))); });
        CHECK(e.offset() == 245);
        e = wireErrorOf([] { decodePacket(withOptions(hex("35 01 08 34 02 0100 FF"))); });
        CHECK(std::string(e.what()) ==
              "option 52 (overload) has length 2 (must be 1) at offset 244");
        e = wireErrorOf([] { decodePacket(withOptions(hex("34 01 01 34 01 01 FF"))); });
        CHECK(e.offset() == 244);  // the second instance's length byte
        e = wireErrorOf([] { decodePacket(withOptions(hex("34 00 FF"))); });
        CHECK(e.reason() == "option 52 (overload) has length 0 (must be 1)");
    }
}

TEST_CASE("appendOptionTlvs splits long values (RFC 3396) at 255/256/510/511") {
    auto value = [](std::size_t n) {
        Bytes b(n);
        for (std::size_t i = 0; i < n; ++i) b[i] = static_cast<std::uint8_t>(i * 7 + 1);
        return b;
    };
    Bytes out;
    appendOptionTlvs(out, 43, {});
    CHECK(out == Bytes{43, 0});

    out.clear();
    appendOptionTlvs(out, 43, Bytes{0xAA});
    CHECK(out == Bytes{43, 1, 0xAA});

    struct Case {
        std::size_t size;
        std::vector<std::size_t> chunks;
    };
    const Case cases[] = {{255, {255}}, {256, {255, 1}}, {510, {255, 255}}, {511, {255, 255, 1}}};
    for (const auto& c : cases) {
        CAPTURE(c.size);
        const Bytes v = value(c.size);
        out.assign({0x11});  // appends, keeping what is there
        appendOptionTlvs(out, 120, v);
        REQUIRE(out.size() == 1 + c.size + 2 * c.chunks.size());
        CHECK(out[0] == 0x11);
        std::size_t at = 1;
        std::size_t done = 0;
        for (std::size_t chunk : c.chunks) {
            CHECK(out[at] == 120);
            CHECK(out[at + 1] == chunk);
            CHECK(Bytes(out.begin() + static_cast<std::ptrdiff_t>(at + 2),
                        out.begin() + static_cast<std::ptrdiff_t>(at + 2 + chunk)) ==
                  Bytes(v.begin() + static_cast<std::ptrdiff_t>(done),
                        v.begin() + static_cast<std::ptrdiff_t>(done + chunk)));
            at += 2 + chunk;
            done += chunk;
        }
    }
    auto e = inputErrorOf([] {
        Bytes o;
        appendOptionTlvs(o, 0, Bytes{1});
    });
    CHECK(e.reason() == "option code 0 is PAD and cannot carry a value");
    CHECK(e.field() == "option code");
    CHECK_THROWS_AS(([] {
                        Bytes o;
                        appendOptionTlvs(o, 255, {});
                    }()),
                    InputError);
}

TEST_CASE("RFC 3396 through a whole packet: split on encode, joined on decode") {
    for (std::size_t size : {254U, 255U, 256U, 510U, 511U}) {
        CAPTURE(size);
        Packet p = informPacket();
        Bytes big(size);
        for (std::size_t i = 0; i < size; ++i) big[i] = static_cast<std::uint8_t>(i);
        p.options.set(43, big);
        const Bytes bytes = encodePacket(p, EncodeLimits{kBootpMinimum, 1500});
        const DecodedPacket d = decodePacket(bytes);
        CHECK(d.packet == p);
        CHECK(d.packet.options.find(43)->data.size() == size);
        if (size > 255) {
            CHECK(d.report.joinedCodes == std::vector<std::uint8_t>{43});
        } else {
            CHECK(d.report.joinedCodes.empty());
        }
    }
}

TEST_CASE("encodePacket limits: padding to 300, the 548-byte ceiling (a 576-byte datagram)") {
    Packet p;
    p.options.set(53, {8});
    const Bytes small = encodePacket(p);
    CHECK(small.size() == kBootpMinimum);
    CHECK(Bytes(small.begin() + 240, small.begin() + 244) == hex("35 01 08 FF"));
    CHECK(std::all_of(small.begin() + 244, small.end(), [](std::uint8_t b) { return b == 0; }));
    CHECK(encodePacket(p, EncodeLimits{0, kMinClientMessage}).size() == 244);

    // 240 + 3 + (2 + 255) + (2 + 45) + 1 END = 548 exactly: fits; one byte more does not.
    CHECK(kMinClientMessage == 548);
    Packet fits = p;
    fits.options.set(43, Bytes(255 + 45 - 2, 0x41));
    CHECK(encodePacket(fits).size() == 548 - 2);
    fits.options.set(43, Bytes(255 + 45, 0x41));
    CHECK(encodePacket(fits).size() == 548);
    fits.options.set(43, Bytes(255 + 46, 0x41));
    const auto e = wireErrorOf([&] { encodePacket(fits); });
    CHECK(std::string(e.what()) == "message exceeds 548 bytes (549 needed) at offset 548");
    CHECK(encodePacket(fits, EncodeLimits{kBootpMinimum, 1500}).size() == 549);
    // A minimum above the maximum never pads past the maximum.
    CHECK(encodePacket(p, EncodeLimits{1000, 400}).size() == 400);
}

TEST_CASE("header fields are written and read in network byte order") {
    Packet p;
    p.op = 2;
    p.htype = 6;
    p.hlen = 16;
    p.hops = 3;
    p.xid = 0x01020304;
    p.secs = 0x0506;
    p.flags = kBroadcastFlag;
    p.ciaddr = Ipv4::parse("10.0.0.1");
    p.yiaddr = Ipv4::parse("10.0.0.2");
    p.siaddr = Ipv4::parse("10.0.0.3");
    p.giaddr = Ipv4::parse("10.0.0.4");
    for (std::size_t i = 0; i < kChaddrSize; ++i) p.chaddr[i] = static_cast<std::uint8_t>(0xA0 + i);
    p.sname[0] = 's';
    p.file[kFileSize - 1] = 'f';
    const Bytes b = encodePacket(p, EncodeLimits{0, kMinClientMessage});
    CHECK(Bytes(b.begin(), b.begin() + 28) ==
          hex("02 06 10 03 01020304 0506 8000 0A000001 0A000002 0A000003 0A000004"));
    CHECK(b[28] == 0xA0);
    CHECK(b[43] == 0xAF);
    CHECK(b[kSnameOffset] == 's');
    CHECK(b[kFileOffset + kFileSize - 1] == 'f');
    CHECK(Bytes(b.begin() + 236, b.end()) == hex("63825363 FF"));
    CHECK(decodePacket(b).packet == p);
}

TEST_CASE("Packet::messageType and OptionList") {
    Packet p;
    CHECK_FALSE(p.messageType().has_value());
    p.options.set(53, {8, 8});
    CHECK_FALSE(p.messageType().has_value());
    p.options.set(53, {5});
    CHECK(p.messageType() == MessageType::Ack);

    OptionList list;
    CHECK(list.empty());
    list.set(60, toBytes("A"));
    list.set(55, {1});
    list.append(43, Bytes{1});
    list.append(43, Bytes{2, 3});
    list.set(60, toBytes("B"));  // replaced in place, order kept
    REQUIRE(list.size() == 3);
    CHECK(list.all()[0] == Option{60, toBytes("B")});
    CHECK(list.all()[1].code == 55);
    CHECK(list.all()[2] == Option{43, Bytes{1, 2, 3}});
    CHECK(list.has(55));
    list.remove(55);
    CHECK_FALSE(list.has(55));
    CHECK(list.find(55) == nullptr);
    list.remove(99);  // absent: nothing happens
    CHECK(list.size() == 2);
    list.find(43)->data.push_back(4);
    CHECK(list.find(43)->data == Bytes{1, 2, 3, 4});
    OptionList other;
    other.set(60, toBytes("B"));
    other.set(43, Bytes{1, 2, 3, 4});
    CHECK(list == other);
}

TEST_CASE(
    "every single-byte mutation of the INFORM's options decodes or names an offset within it") {
    Bytes original = informDatagram();
    std::size_t rejected = 0;
    for (std::size_t at = kOptionsOffset; at < 290; ++at) {
        for (unsigned value = 0; value < 256; ++value) {
            Bytes m = original;
            m[at] = static_cast<std::uint8_t>(value);
            try {
                const DecodedPacket d = decodePacket(m);
                CHECK(d.report.trailingOffset + d.report.trailingBytes <= m.size());
            } catch (const WireError& e) {
                if (e.offset() > m.size())
                    FAIL_CHECK("offset " << e.offset() << " past " << m.size());
                ++rejected;
            }
        }
    }
    CHECK(rejected > 0);
}
