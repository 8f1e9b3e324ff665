// Name rules: case and the root dot, the SIP domain from a pool FQDN, strict DNS naming, and how
// a certificate's names cover an FQDN (RFC 6125 §6.4.3 wildcards).
#include <doctest/doctest.h>

#include "check/names.hpp"

using namespace dhcplite::util::check;

TEST_CASE("normalName lowers case and drops the root dot") {
    CHECK(normalName("Pool.Example.TEST.") == "pool.example.test");
    CHECK(normalName("pool.example.test") == "pool.example.test");
    CHECK(normalName("") == "");
}

TEST_CASE("parentDomain: the SIP domain derived from a pool FQDN") {
    CHECK(parentDomain("pool.example.test") == "example.test");
    CHECK(parentDomain("POOL01.Corp.Example.Test.") == "corp.example.test");
    CHECK(parentDomain("localhost") == "");
}

TEST_CASE("inDomain: an SRV target must be the domain or below it") {
    CHECK(inDomain("pool.example.test", "example.test"));
    CHECK(inDomain("a.b.example.test", "example.test"));
    CHECK(inDomain("Example.Test.", "example.test"));
    CHECK_FALSE(inDomain("pool.other.test", "example.test"));
    CHECK_FALSE(
        inDomain("pool.badexample.test", "example.test"));  // suffix, but not a label boundary
    CHECK_FALSE(inDomain("pool.example.test", ""));
}

TEST_CASE("wildcards match exactly one leftmost label") {
    CHECK(isWildcard("*.example.test"));
    CHECK_FALSE(isWildcard("pool.example.test"));
    CHECK(wildcardMatches("*.example.test", "pool.example.test"));
    CHECK(wildcardMatches("*.Example.test", "POOL.example.test."));
    CHECK_FALSE(wildcardMatches("*.example.test", "example.test"));
    CHECK_FALSE(wildcardMatches("*.example.test", "a.pool.example.test"));
    CHECK_FALSE(
        wildcardMatches("po*.example.test", "pool.example.test"));  // partial labels: not accepted
    CHECK_FALSE(wildcardMatches("*.*.test", "a.b.test"));
}

TEST_CASE("matchName prefers an exact entry over a wildcard") {
    CHECK(matchName("pool.example.test", {"*.example.test", "POOL.example.test"}) ==
          NameMatch::Exact);
    CHECK(matchName("pool.example.test", {"*.example.test"}) == NameMatch::Wildcard);
    CHECK(matchName("pool.example.test", {"web.example.test", "*.other.test"}) == NameMatch::None);
    CHECK(matchName("pool.example.test", {}) == NameMatch::None);
}

TEST_CASE("joinNames lists a few names and counts the rest") {
    CHECK(joinNames({}) == "none");
    CHECK(joinNames({"a", "b"}) == "a, b");
    CHECK(joinNames({"a", "b", "c", "d"}, 2) == "a, b (+2 more)");
}

TEST_CASE("isIpv4Literal") {
    CHECK(isIpv4Literal("192.0.2.1"));
    CHECK_FALSE(isIpv4Literal("192.0.2"));
    CHECK_FALSE(isIpv4Literal("pool.example.test"));
    CHECK_FALSE(isIpv4Literal("192.0.2.256"));
}
