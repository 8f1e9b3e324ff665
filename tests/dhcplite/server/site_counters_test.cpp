// Counters by site and vendor class: counted by index into the adopted config, carried over by
// name when another config is adopted, summed across layouts by name.
#include <doctest/doctest.h>

#include "../test_support.hpp"
#include "site_counters.hpp"
#include "support/allocation_count.hpp"

using namespace dhcplite::daemon;
using dhcplite::test::allocationCount;
using dhcplite::test::compileYaml;

namespace {

constexpr std::string_view kTwoSites = R"(
vendor-classes:
  - match: MS-UC-Client
  - match: CPE-
    mode: prefix
default:
  sip-servers: [lync.example.com]
sites:
  - name: berlin
    subnets: [198.51.100.0/24]
    sip-servers: [berlin.example.com]
  - name: paris
    subnets: [203.0.113.0/24]
    sip-servers: [paris.example.com]
)";

// Paris gone, a new site before berlin, the prefix class gone.
constexpr std::string_view kReloaded = R"(
default:
  sip-servers: [lync.example.com]
sites:
  - name: rome
    subnets: [192.0.2.0/25]
    sip-servers: [rome.example.com]
  - name: berlin
    subnets: [198.51.100.0/24]
    sip-servers: [berlin.example.com]
)";

Outcome outcomeFor(const CompiledConfig& config, std::size_t profile, Verdict verdict,
                   VendorSeen seen, std::size_t vendorClass = 0) {
    Outcome o;
    o.verdict = verdict;
    o.profile = &config.profiles()[profile];
    o.vendorSeen = seen;
    if (seen == VendorSeen::Configured) {
        o.vendorClass = &config.vendorClasses()[vendorClass];
    }
    return o;
}

}  // namespace

TEST_CASE("vendor class slots are named by their match, then other and none") {
    const auto config = compileYaml(kTwoSites);
    CHECK(vendorSlotName(*config, 0) == "MS-UC-Client");
    CHECK(vendorSlotName(*config, 1) == "CPE-*");
    CHECK(vendorSlotName(*config, 2) == "other");
    CHECK(vendorSlotName(*config, 3) == "none");
}

TEST_CASE("each outcome lands in its profile's row under its verdict, and in its class") {
    const auto config = compileYaml(kTwoSites);
    SiteCounters counters;
    counters.adopt(config);
    counters.count(outcomeFor(*config, 0, Verdict::Reply, VendorSeen::Configured, 0));
    counters.count(outcomeFor(*config, 0, Verdict::Reply, VendorSeen::Configured, 0));
    counters.count(outcomeFor(*config, 1, Verdict::RateLimited, VendorSeen::Configured, 1));
    counters.count(outcomeFor(*config, 2, Verdict::NothingRequested, VendorSeen::Configured, 0));
    Outcome noSite;
    noSite.verdict = Verdict::OtherVendorClass;
    noSite.vendorSeen = VendorSeen::Other;
    counters.count(noSite);
    noSite.verdict = Verdict::NoVendorClass;
    noSite.vendorSeen = VendorSeen::None;
    counters.count(noSite);
    noSite.verdict = Verdict::Malformed;
    noSite.vendorSeen = VendorSeen::NotCounted;
    counters.count(noSite);

    const SiteTotals t = counters.snapshot();
    REQUIRE(t.profiles.size() == 3);  // berlin, paris, default
    CHECK(t.profiles[0][static_cast<std::size_t>(Verdict::Reply)] == 2);
    CHECK(t.profiles[1][static_cast<std::size_t>(Verdict::RateLimited)] == 1);
    CHECK(t.profiles[2][static_cast<std::size_t>(Verdict::NothingRequested)] == 1);
    std::uint64_t sum = 0;
    for (const auto& row : t.profiles) {
        for (const auto n : row) sum += n;
    }
    CHECK(sum == 4);  // the three without a profile are in no row
    CHECK(t.vendorClasses == std::vector<std::uint64_t>{3, 1, 1, 1});
}

TEST_CASE("an outcome pointing outside the adopted config is not counted") {
    const auto config = compileYaml(kTwoSites);
    const auto other = compileYaml(kTwoSites);
    SiteCounters counters;
    counters.count(
        outcomeFor(*config, 0, Verdict::Reply, VendorSeen::Configured));  // nothing adopted
    counters.adopt(config);
    counters.count(outcomeFor(*other, 0, Verdict::Reply, VendorSeen::Configured));
    const SiteTotals t = counters.snapshot();
    CHECK(t.profiles[0][0] == 0);
    CHECK(t.vendorClasses[0] == 0);
}

TEST_CASE("a reload carries counts over by site name and class; what is gone is dropped") {
    const auto before = compileYaml(kTwoSites);
    const auto after = compileYaml(kReloaded);
    SiteCounters counters;
    counters.adopt(before);
    counters.count(outcomeFor(*before, 0, Verdict::Reply, VendorSeen::Configured, 0));  // berlin
    counters.count(outcomeFor(*before, 1, Verdict::Reply, VendorSeen::Configured, 1));  // paris
    counters.count(
        outcomeFor(*before, 2, Verdict::BadAddress, VendorSeen::Configured, 0));  // default
    Outcome none;
    none.verdict = Verdict::NoVendorClass;
    none.vendorSeen = VendorSeen::None;
    counters.count(none);
    counters.adopt(after);
    counters.count(
        outcomeFor(*after, 1, Verdict::Reply, VendorSeen::Configured, 0));  // berlin again

    const SiteTotals t = counters.snapshot();
    REQUIRE(t.layout == after);
    REQUIRE(t.profiles.size() == 3);  // rome, berlin, default
    CHECK(t.profiles[0][0] == 0);
    CHECK(t.profiles[1][0] == 2);
    CHECK(t.profiles[2][static_cast<std::size_t>(Verdict::BadAddress)] == 1);
    CHECK(t.vendorClasses == std::vector<std::uint64_t>{3, 0, 1});  // MS-UC-Client, other, none
}

TEST_CASE("totals of two layouts add by name, of one layout by index") {
    const auto before = compileYaml(kTwoSites);
    const auto after = compileYaml(kReloaded);
    SiteCounters worker;
    worker.adopt(before);  // a worker that has not woken since the reload
    worker.count(outcomeFor(*before, 0, Verdict::Reply, VendorSeen::Configured, 0));
    SiteCounters main;
    main.adopt(after);
    main.count(outcomeFor(*after, 1, Verdict::Reply, VendorSeen::Configured, 0));
    SiteTotals sum = main.snapshot();
    addTotals(sum, worker.snapshot());
    CHECK(sum.profiles[1][0] == 2);
    addTotals(sum, main.snapshot());
    CHECK(sum.profiles[1][0] == 3);
    CHECK(sum.vendorClasses[0] == 3);
    SiteTotals empty;
    addTotals(sum, empty);  // a worker with nothing adopted yet
    CHECK(sum.profiles[1][0] == 3);
}

TEST_CASE("counting allocates nothing") {
    const auto config = compileYaml(kTwoSites);
    SiteCounters counters;
    counters.adopt(config);
    const Outcome a = outcomeFor(*config, 0, Verdict::Reply, VendorSeen::Configured, 1);
    const Outcome b = outcomeFor(*config, 2, Verdict::RateLimited, VendorSeen::Configured, 0);
    Outcome c;
    c.vendorSeen = VendorSeen::None;
    {  // the counter sees allocations at all (else the check below could not fail)
        const std::size_t before = allocationCount();
        const auto probe = std::make_unique<int>(1);
        CHECK(allocationCount() == before + 1);
    }
    const std::size_t before = allocationCount();
    for (int i = 0; i < 1000; ++i) {
        counters.count(a);
        counters.count(b);
        counters.count(c);
    }
    CHECK(allocationCount() == before);
    CHECK(counters.snapshot().vendorClasses == std::vector<std::uint64_t>{1000, 1000, 0, 1000});
}
