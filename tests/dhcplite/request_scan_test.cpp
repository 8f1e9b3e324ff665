// The request scan on its own: the header fields a reply copies, the options the responder reads
// (found in one pass, views into the datagram), where a malformed datagram fails, when the cold
// path is needed, and option 82's sub-options (RFC 3046 §2.0).
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "dhcplite/request_scan.hpp"
#include "test_support.hpp"
#include "wire/hex.hpp"
#include "wire/packet.hpp"

namespace dhcplite::test {
namespace {

using daemon::RequestScan;
using daemon::ScanError;

std::string hexOf(wire::ByteView b) { return wire::toHex(b); }

RequestFields inform() {
    RequestFields r;
    r.htype = 6;
    r.hlen = 6;
    r.xid = 0x11223344;
    r.flags = 0x8000;
    r.ciaddr = ip(192, 0, 2, 50);
    r.yiaddr = ip(192, 0, 2, 99);  // not read
    r.siaddr = ip(192, 0, 2, 98);  // not read
    r.giaddr = ip(198, 51, 100, 1);
    r.options = {tlv(53, Bytes{8}), tlv(60, "MS-UC-Client"), tlv(55, Bytes{120, 43}),
                 tlv(57, Bytes{0x05, 0xDC}), tlv(82, tlv(1, "ab"))};
    return r;
}

}  // namespace

TEST_CASE("request scan: header fields, as RFC 2131 §2 Figure 1 places them") {
    const Bytes bytes = inform().bytes();
    RequestScan scan;
    ScanError error;
    REQUIRE(daemon::scanHeader(bytes, scan, error));
    CHECK(scan.op == 1);
    CHECK(scan.htype == 6);
    CHECK(scan.hlen == 6);
    CHECK(scan.xid == 0x11223344);
    CHECK(scan.flags == 0x8000);
    CHECK(scan.ciaddr == wire::Ipv4{ip(192, 0, 2, 50)});
    CHECK(scan.giaddr == wire::Ipv4{ip(198, 51, 100, 1)});
    REQUIRE(scan.chaddr.size() == 16);
    CHECK(scan.chaddr.data() == bytes.data() + 28);  // a view, not a copy
    CHECK(hexOf(scan.chaddr) == hexOf(Bytes(bytes.begin() + 28, bytes.begin() + 44)));
}

TEST_CASE("request scan: the options read, as views into the datagram") {
    const Bytes bytes = inform().bytes();
    RequestScan scan;
    ScanError error;
    REQUIRE(daemon::scanHeader(bytes, scan, error));
    REQUIRE(daemon::scanOptions(bytes, scan, error));
    CHECK(hexOf(scan.messageType.data) == "08");
    CHECK(wire::toString(scan.vendorClass.data) == "MS-UC-Client");
    CHECK(hexOf(scan.parameterList.data) == "782B");
    CHECK(hexOf(scan.maxMessageSize.data) == "05DC");
    CHECK(hexOf(scan.relayInfo.data) == "01026162");
    // 53 (3) + 60 (14) + 55 (4) + 57 (4) from 240: option 82's code at 265, its data from 267.
    CHECK(scan.relayInfoOffset == 267);
    CHECK(scan.relayInfoSize == 4);
    CHECK(scan.relayInfo.data.data() == bytes.data() + 267);
    CHECK_FALSE(scan.needsFullDecode);
    CHECK(daemon::checkRelayInfo(scan, error));
}

TEST_CASE("request scan: PAD skipped, END stops it, no END is fine, empty options are present") {
    RequestFields r;
    r.options = {Bytes{0, 0}, tlv(53, Bytes{8}), Bytes{0}, tlv(60, Bytes{})};
    r.end = false;
    RequestScan scan;
    ScanError error;
    const Bytes noEnd = r.bytes();
    REQUIRE(daemon::scanHeader(noEnd, scan, error));
    REQUIRE(daemon::scanOptions(noEnd, scan, error));
    CHECK(scan.messageType.present);
    CHECK(scan.vendorClass.present);
    CHECK(scan.vendorClass.data.empty());
    CHECK_FALSE(scan.parameterList.present);

    r.options = {tlv(53, Bytes{8}), Bytes{255}, tlv(60, "after END")};
    const Bytes afterEnd = r.bytes();
    RequestScan second;
    REQUIRE(daemon::scanHeader(afterEnd, second, error));
    REQUIRE(daemon::scanOptions(afterEnd, second, error));
    CHECK_FALSE(second.vendorClass.present);  // bytes after END are not looked at
}

TEST_CASE("request scan: where a malformed datagram fails") {
    const Bytes good = inform().bytes();
    struct Case {
        const char* name;
        Bytes bytes;
        bool headerFails;
        std::size_t offset;
    };
    RequestFields badCookie = inform();
    badCookie.cookie = 0x63825364;
    RequestFields overrun = inform();
    overrun.options = {tlv(53, Bytes{8}), Bytes{55, 40, 1, 3}};
    overrun.end = false;
    RequestFields noLength = inform();
    noLength.options = {tlv(53, Bytes{8}), Bytes{60}};
    noLength.end = false;
    const std::vector<Case> cases = {
        {"short header", Bytes(good.begin(), good.begin() + 100), true, 100},
        {"239 bytes: the cookie cut", Bytes(good.begin(), good.begin() + 239), true, 239},
        {"a wrong cookie", badCookie.bytes(), false, 236},
        {"an option running past the end: its length byte", overrun.bytes(), false, 244},
        {"an option without its length byte", noLength.bytes(), false, 244},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        RequestScan scan;
        ScanError error;
        const bool header = daemon::scanHeader(c.bytes, scan, error);
        CHECK(header == !c.headerFails);
        if (header) {
            CHECK_FALSE(daemon::scanOptions(c.bytes, scan, error));
        }
        CHECK(error.offset == c.offset);
    }
}

TEST_CASE("request scan: a repeated option or option 52 needs the full decode") {
    for (const auto& options : std::vector<std::vector<Bytes>>{
             {tlv(53, Bytes{8}), tlv(60, "MS-UC-"), tlv(60, "Client")},
             {tlv(53, Bytes{8}), tlv(82, tlv(1, "a")), tlv(82, tlv(2, "b"))},
             {tlv(53, Bytes{8}), tlv(52, Bytes{1})}}) {
        RequestFields r;
        r.options = options;
        const Bytes bytes = r.bytes();
        RequestScan scan;
        ScanError error;
        REQUIRE(daemon::scanHeader(bytes, scan, error));
        REQUIRE(daemon::scanOptions(bytes, scan, error));
        CAPTURE(hexOf(bytes));
        CHECK(scan.needsFullDecode);
        // The cold path's values come from the decoded packet, RFC 3396 joined.
        const wire::DecodedPacket decoded = wire::decodePacket(bytes);
        daemon::scanFromPacket(decoded.packet, scan);
        CHECK_FALSE(scan.needsFullDecode);
    }
    RequestFields joined;
    joined.options = {tlv(53, Bytes{8}), tlv(60, "MS-UC-"), tlv(82, tlv(1, "a")),
                      tlv(60, "Client")};
    const Bytes bytes = joined.bytes();
    RequestScan scan;
    ScanError error;
    REQUIRE(daemon::scanHeader(bytes, scan, error));
    REQUIRE(daemon::scanOptions(bytes, scan, error));
    const wire::DecodedPacket decoded = wire::decodePacket(bytes);
    daemon::scanFromPacket(decoded.packet, scan);
    CHECK(wire::toString(scan.vendorClass.data) == "MS-UC-Client");
    CHECK(hexOf(scan.relayInfo.data) == "010161");
    CHECK(scan.relayInfoOffset == 240 + 3 + 8 + 2);  // kept from the scan
}

TEST_CASE("request scan: option 82's sub-options must end with it (RFC 3046 §2.0)") {
    struct Case {
        const char* name;
        Bytes data;
        bool ok;
        std::size_t offset;  // with the option's data at 300 in a datagram
    };
    const std::vector<Case> cases = {
        {"none at all (length 0)", {}, true, 0},
        {"one, exactly", {1, 2, 'a', 'b'}, true, 0},
        {"two, the second empty", {1, 1, 'a', 2, 0}, true, 0},
        {"the first claims one byte too many", {1, 3, 'a', 'b'}, false, 301},
        {"the second claims 255", {1, 0, 2, 255, 'x'}, false, 303},
        {"a code without a length", {1, 0, 9}, false, 299},
    };
    for (const Case& c : cases) {
        CAPTURE(c.name);
        RequestScan scan;
        scan.relayInfo = {c.data, true};
        scan.relayInfoOffset = 300;
        scan.relayInfoSize = c.data.size();
        ScanError error;
        CHECK(daemon::checkRelayInfo(scan, error) == c.ok);
        if (!c.ok) {
            CHECK(error.offset == c.offset);
        }
    }
    RequestScan absent;
    ScanError error;
    CHECK(daemon::checkRelayInfo(absent, error));
}

}  // namespace dhcplite::test
