// The bench's requests (golden bytes, decoded by the wire library's independent decoder), the
// client and xid mapping, and the reply check: a good ACK counts; every way of being wrong does
// not; truncations never throw. Finally the real responder's answer to a bench request counts.
#include <doctest/doctest.h>

#include <array>
#include <set>
#include <span>

#include "bench/bench_traffic.hpp"
#include "commands/cli_support.hpp"
#include "config/config.hpp"
#include "dhcplite/compiled_config.hpp"
#include "dhcplite/responder.hpp"
#include "wire/hex.hpp"
#include "wire/packet.hpp"

using namespace dhcplite;
using util::bench::checkReply;
using util::bench::ReplyCheck;
using util::bench::replyXid;
using util::bench::RequestFactory;
using util::bench::TrafficPlan;
using util::bench::XidCodec;

namespace {

TrafficPlan plan(std::uint32_t clients = 1000, std::string_view subnet = "198.51.100.0/24") {
    TrafficPlan p;
    p.subnet = wire::Cidr::parse(subnet);
    p.clients = clients;
    p.salt = 0x01020304;
    return p;
}

std::uint32_t be32(const wire::Bytes& b, std::size_t at) {
    return (std::uint32_t{b[at]} << 24) | (std::uint32_t{b[at + 1]} << 16) |
           (std::uint32_t{b[at + 2]} << 8) | b[at + 3];
}

void putBe32(wire::Bytes& b, std::size_t at, std::uint32_t v) {
    b[at] = static_cast<std::uint8_t>(v >> 24);
    b[at + 1] = static_cast<std::uint8_t>(v >> 16);
    b[at + 2] = static_cast<std::uint8_t>(v >> 8);
    b[at + 3] = static_cast<std::uint8_t>(v);
}

wire::Bytes request(const RequestFactory& f, std::uint32_t seq) {
    wire::Bytes out(f.size());
    CHECK(f.write(seq, out) == f.size());
    return out;
}

// A DHCPACK to request `seq`, written field by field: 53, 54, then `options` as TLVs, END.
wire::Bytes ack(const RequestFactory& f, std::uint32_t seq, const wire::Bytes& options,
                bool serverId = true) {
    const auto id = f.client(seq);
    wire::Bytes b(236, 0);
    b[0] = 2;
    b[1] = 1;
    b[2] = 6;
    putBe32(b, 4, f.xidOf(seq));
    putBe32(b, 12, id.ciaddr.value);
    std::copy(id.mac.begin(), id.mac.end(), b.begin() + 28);
    const auto tail = wire::parseHex(serverId ? "63825363 350105 3604C0000201" : "63825363 350105");
    b.insert(b.end(), tail.begin(), tail.end());
    b.insert(b.end(), options.begin(), options.end());
    b.push_back(255);
    b.resize(std::max<std::size_t>(b.size(), 300), 0);
    return b;
}

const wire::Bytes kUcOptions = wire::parseHex(
    "7815 00046C796E63077363686572747A056C6F63616C00"  // 120
    "2B05 010347484A");                                // 43 (content not judged)

}  // namespace

TEST_CASE("xid codec: a bijection of the sequence number, salted") {
    const XidCodec a(0), b(12345);
    std::set<std::uint32_t> seen;
    for (std::uint32_t seq : {0U, 1U, 2U, 63U, 64U, 1000U, 0x7FFFFFFFU, 0xFFFFFFFEU, 0xFFFFFFFFU}) {
        CHECK(a.seqOf(a.xidOf(seq)) == seq);
        CHECK(b.seqOf(b.xidOf(seq)) == seq);
        CHECK(a.xidOf(seq) != b.xidOf(seq));
        seen.insert(a.xidOf(seq));
    }
    CHECK(seen.size() == 9);
    for (std::uint32_t seq = 0; seq < 100'000; ++seq) {
        REQUIRE(b.seqOf(b.xidOf(seq)) == seq);
    }
    CHECK(a.xidOf(0) == 0);
    CHECK(a.xidOf(1) == 0x9E3779B1U);  // consecutive requests do not get consecutive xids
}

TEST_CASE("the request, field by field, and as the wire decoder reads it") {
    const RequestFactory f(plan());
    const wire::Bytes r = request(f, 1);
    REQUIRE(r.size() == 300);
    CHECK(r[0] == 1);  // BOOTREQUEST
    CHECK(r[1] == 1);
    CHECK(r[2] == 6);
    CHECK(r[3] == 0);
    CHECK(be32(r, 4) == f.xidOf(1));
    CHECK(be32(r, 8) == 0);            // secs, flags: a unicast answer
    CHECK(be32(r, 12) == 0xC6336402);  // ciaddr 198.51.100.2 (client 1)
    CHECK(be32(r, 16) == 0);           // yiaddr
    CHECK(be32(r, 24) == 0);           // giaddr
    CHECK(wire::toHex(wire::ByteView(r).subspan(28, 16)) == "02440000000100000000000000000000");
    CHECK(be32(r, 236) == 0x63825363);
    // 53=INFORM, 61 = 01 + MAC, 12 "bench-00000001", 60 MS-UC-Client, 55 = [120, 43], END.
    CHECK(wire::toHex(wire::ByteView(r).subspan(240, 47)) ==
          "350108"
          "3D0701024400000001"
          "0C0E62656E63682D3030303030303031"
          "3C0C4D532D55432D436C69656E74"
          "3702782B"
          "FF");
    for (std::size_t i = 240 + 47; i < r.size(); ++i) {
        REQUIRE(r[i] == 0);
    }

    const auto decoded = wire::decodePacket(r);
    const auto& o = decoded.packet.options;
    REQUIRE(o.find(53));
    CHECK(o.find(53)->data == wire::Bytes{8});
    REQUIRE(o.find(60));
    CHECK(wire::toString(o.find(60)->data) == "MS-UC-Client");
    CHECK(o.find(55)->data == wire::Bytes{120, 43});
    CHECK(wire::toString(o.find(12)->data) == "bench-00000001");
}

TEST_CASE("clients: distinct MACs, ciaddrs from the subnet's hosts, wrapping") {
    const RequestFactory f(plan(1000));
    CHECK(f.hostCount() == 254);
    CHECK(f.client(0).ciaddr.toString() == "198.51.100.1");
    CHECK(f.client(253).ciaddr.toString() == "198.51.100.254");
    CHECK(f.client(254).ciaddr.toString() == "198.51.100.1");  // the subnet is used up
    CHECK(f.client(1000).mac == f.client(0).mac);              // 1000 clients, then again
    CHECK(f.client(999).mac != f.client(0).mac);
    std::set<std::array<std::uint8_t, 6>> macs;
    for (std::uint32_t s = 0; s < 1000; ++s) {
        macs.insert(f.client(s).mac);
        REQUIRE((f.client(s).mac[0] & 0x03) == 0x02);  // locally administered, unicast
    }
    CHECK(macs.size() == 1000);

    CHECK(RequestFactory(plan(10, "192.0.2.7/32")).client(3).ciaddr.toString() == "192.0.2.7");
    const RequestFactory pair(plan(10, "192.0.2.6/31"));
    CHECK(pair.hostCount() == 2);
    CHECK(pair.client(1).ciaddr.toString() == "192.0.2.7");
    CHECK_THROWS_AS(RequestFactory{plan(0)}, util::bench::PlanError);
    auto noClass = plan();
    noClass.vendorClass.clear();
    CHECK_THROWS_AS(RequestFactory{noClass}, util::bench::PlanError);
}

TEST_CASE("patch rewrites exactly what write would") {
    const RequestFactory f(plan(77));
    wire::Bytes buffer = request(f, 5);
    for (std::uint32_t seq : {6U, 76U, 77U, 123456U}) {
        f.patch(seq, buffer);
        REQUIRE(buffer == request(f, seq));
    }
}

TEST_CASE("a well-formed ACK to the right client counts; anything else does not") {
    const RequestFactory f(plan());
    const std::uint32_t seq = 42;
    const wire::Bytes good = ack(f, seq, kUcOptions);
    CHECK(replyXid(good) == f.xidOf(seq));
    CHECK(checkReply(good, seq, f) == ReplyCheck::Good);

    // The request it answers decides: the same bytes are wrong for another request's client.
    CHECK(checkReply(good, seq + 1, f) == ReplyCheck::WrongClient);

    auto bad = good;
    bad[0] = 1;
    CHECK(checkReply(bad, seq, f) == ReplyCheck::NotReply);
    bad = good;
    bad[33] ^= 1;  // chaddr
    CHECK(checkReply(bad, seq, f) == ReplyCheck::WrongClient);
    bad = good;
    bad[15] ^= 1;  // ciaddr
    CHECK(checkReply(bad, seq, f) == ReplyCheck::WrongClient);
    bad = good;
    bad[2] = 16;  // hlen
    CHECK(checkReply(bad, seq, f) == ReplyCheck::WrongClient);
    bad = good;
    bad[239] = 0;  // cookie
    CHECK(checkReply(bad, seq, f) == ReplyCheck::BadCookie);
    bad = good;
    bad[242] = 6;  // NAK
    CHECK(checkReply(bad, seq, f) == ReplyCheck::NotAck);
    bad = good;
    bad[244] = 3;  // option 54 of 3 bytes
    bad[248] = 0;  // (its fourth byte now a PAD)
    CHECK(checkReply(bad, seq, f) == ReplyCheck::NoServerId);
    CHECK(checkReply(ack(f, seq, kUcOptions, false), seq, f) == ReplyCheck::NoServerId);
    CHECK(checkReply(ack(f, seq, wire::parseHex("7815 00046C796E63077363686572747A056C6F63616C00")),
                     seq, f) == ReplyCheck::MissingOption);  // no 43
    CHECK(checkReply(ack(f, seq, wire::parseHex("7800 2B05010347484A")), seq, f) ==
          ReplyCheck::MissingOption);  // empty 120
    CHECK(checkReply(ack(f, seq, wire::parseHex("2B7F 01")), seq, f) == ReplyCheck::BadOptions);

    // Every truncation: never throws, never counts.
    for (std::size_t n = 0; n < 240 + 3 + 6 + kUcOptions.size(); ++n) {
        CAPTURE(n);
        REQUIRE(checkReply(wire::ByteView(good).first(n), seq, f) != ReplyCheck::Good);
    }
    CHECK_FALSE(replyXid(wire::ByteView(good).first(7)));
}

TEST_CASE("dhcplite's own answer to a bench request is a good answer") {
    const auto config = daemon::CompiledConfig::compile(config::loadConfigText(
        "default:\n  sip-servers: [lync.schertz.local]\n", "bench-test.yaml"));
    const RequestFactory f(plan());
    for (std::uint32_t seq : {0U, 1U, 999U, 70'000U}) {
        const wire::Bytes r = request(f, seq);
        daemon::RequestMeta meta;
        meta.interfaceAddress = wire::Ipv4::parse("192.0.2.1");
        meta.sourceAddress = wire::Ipv4::parse("192.0.2.2");
        meta.sourcePort = 68;
        meta.ifindex = 2;
        std::array<std::uint8_t, daemon::kReplyBufferSize> reply{};
        const auto outcome = daemon::respond(r, meta, *config, std::span(reply));
        REQUIRE(outcome.verdict == daemon::Verdict::Reply);
        CHECK(outcome.destination.address == f.client(seq).ciaddr);  // unicast to ciaddr:68
        CHECK(outcome.destination.port == 68);
        const wire::ByteView answer(reply.data(), outcome.replySize);
        CHECK(replyXid(answer) == f.xidOf(seq));
        CHECK(checkReply(answer, seq, f) == ReplyCheck::Good);
        CHECK(checkReply(answer, seq + 1, f) == ReplyCheck::WrongClient);
    }
}
