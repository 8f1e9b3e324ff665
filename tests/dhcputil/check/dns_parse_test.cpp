// Reading DNS answers off the wire (dns_parse.cpp, c-ares underneath): A records with a CNAME,
// SRV records, and what is not an answer. Messages hand-built after RFC 1035 §4.1 / RFC 2782.
#include <doctest/doctest.h>

#include <cstdint>
#include <initializer_list>
#include <string>
#include <vector>

#include "check/dns_parse.hpp"

using namespace dhcplite;
using namespace dhcplite::util::check;

namespace {

using Bytes = std::vector<std::uint8_t>;

Bytes operator+(Bytes a, const Bytes& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

Bytes name(std::initializer_list<std::string> labels) {
    Bytes out;
    for (const auto& l : labels) {
        out.push_back(static_cast<std::uint8_t>(l.size()));
        out.insert(out.end(), l.begin(), l.end());
    }
    out.push_back(0);
    return out;
}

void u16(Bytes& b, unsigned v) {
    b.push_back(static_cast<std::uint8_t>(v >> 8));
    b.push_back(static_cast<std::uint8_t>(v & 0xFF));
}

// A response to one question, `answers` already encoded; the question's name is at offset 12.
Bytes message(const Bytes& qname, unsigned qtype, unsigned count, const Bytes& answers,
              unsigned rcode = 0) {
    Bytes b;
    for (const unsigned v : {0x1234u, 0x8180u | rcode, 1u, count, 0u, 0u}) u16(b, v);
    b.insert(b.end(), qname.begin(), qname.end());
    u16(b, qtype);
    u16(b, 1);
    b.insert(b.end(), answers.begin(), answers.end());
    return b;
}

// A record for the question's name (a pointer to offset 12).
Bytes record(unsigned type, const Bytes& rdata) {
    Bytes b{0xC0, 0x0C};
    for (const unsigned v : {type, 1u, 0u, 300u}) u16(b, v);
    u16(b, static_cast<unsigned>(rdata.size()));
    b.insert(b.end(), rdata.begin(), rdata.end());
    return b;
}

Bytes srvData(unsigned priority, unsigned port, const Bytes& target) {
    Bytes b;
    u16(b, priority);
    u16(b, 0);
    u16(b, port);
    b.insert(b.end(), target.begin(), target.end());
    return b;
}

const Bytes kPool = name({"pool", "example", "test"});
const Bytes kSrvName = name({"_sipinternaltls", "_tcp", "example", "test"});

}  // namespace

TEST_CASE("A records: the addresses in the server's order") {
    const Bytes m = message(kPool, 1, 2, record(1, {192, 0, 2, 11}) + record(1, {192, 0, 2, 12}));
    const DnsAnswer a = parseDnsAnswer(QType::A, m, "pool.example.test");
    CHECK(a.status == DnsStatus::Ok);
    CHECK(a.addresses == std::vector<std::string>{"192.0.2.11", "192.0.2.12"});
    CHECK(a.canonical.empty());
}

TEST_CASE("SRV records: lower case targets without the root dot; target \".\" is no host") {
    const Bytes m = message(kSrvName, 33, 2,
                            record(33, srvData(0, 5061, name({"Pool", "Example", "Test"}))) +
                                record(33, srvData(10, 0, Bytes{0})));
    const DnsAnswer a = parseDnsAnswer(QType::Srv, m, "_sipinternaltls._tcp.example.test");
    CHECK(a.status == DnsStatus::Ok);
    REQUIRE(a.srv.size() == 1);
    CHECK(a.srv[0].target == "pool.example.test");
    CHECK(a.srv[0].port == 5061);

    // RFC 2782: only "." means the service is decidedly not offered: no records at all.
    const Bytes none = message(kSrvName, 33, 1, record(33, srvData(0, 0, Bytes{0})));
    const DnsAnswer b = parseDnsAnswer(QType::Srv, none, "_sipinternaltls._tcp.example.test");
    CHECK(b.status == DnsStatus::NoData);
    CHECK(b.srv.empty());
}

TEST_CASE("what is not an answer: an error with c-ares' reason, never a throw") {
    const DnsAnswer empty = parseDnsAnswer(QType::A, {}, "pool.example.test");
    CHECK(empty.status == DnsStatus::Error);
    CHECK_FALSE(empty.error.empty());
    Bytes cut = message(kPool, 1, 1, record(1, {192, 0, 2, 11}));
    cut.resize(cut.size() - 2);
    CHECK(parseDnsAnswer(QType::A, cut, "pool.example.test").status == DnsStatus::Error);
    CHECK(parseDnsAnswer(QType::A, message(kPool, 1, 0, {}), "pool.example.test").status ==
          DnsStatus::NoData);
}
