// Fuzz target "dns": check::parseDnsAnswer, how `dhcputil check` reads a DNS answer off the
// network (c-ares parses the message, dns_parse.cpp keeps addresses and names), then resolve()
// and the DNS step's verdict on it. The first byte's low bit picks the query: an A record of
// "pool.example.test" or the SRV record "_sipinternaltls._tcp.example.test"; the rest is the DNS
// message. Properties:
//   - nothing throws: a message that does not parse is DnsStatus::Error with its reason;
//   - status and content agree: Ok has addresses (A) or records (SRV) and no error text, NoData
//     and Error have none, Error has a reason;
//   - addresses are dotted quads; names are lower case without a trailing dot, non-empty and
//     within 255 octets on the wire (a name c-ares hands back from a compression chain longer than
//     that is an Error, not a name);
//   - parsing twice gives the same answer; evaluateDns gives one-line details for it.
#include <cctype>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "check/dns_parse.hpp"
#include "check/dns_rules.hpp"
#include "check/names.hpp"
#include "fuzz_check.hpp"
#include "wire/bytes.hpp"

namespace {

using namespace dhcplite;
using namespace dhcplite::util::check;

constexpr std::size_t kMaxName = 253;  // text form of a 255-octet wire name (RFC 1035 §2.3.4)

// The length of a name's wire form from c-ares' text form ("\." and "\DDD" are one octet each):
// labels' octets plus one length octet per label plus the root.
std::size_t wireLength(const std::string& text) {
    std::size_t octets = 0;
    for (std::size_t i = 0; i < text.size(); ++i, ++octets) {
        if (text[i] == '\\') {
            const bool decimal =
                i + 3 < text.size() && std::isdigit(static_cast<unsigned char>(text[i + 1]));
            i += decimal ? 3 : 1;
        }
    }
    return text.empty() ? 1 : octets + 2;  // the first label's length octet and the root
}

void checkName(const std::string& n, const char* what) {
    FUZZ_CHECK(!n.empty(), "{} is empty", what);
    FUZZ_CHECK(n == normalName(n), "{} '{}' is not lower case without a trailing dot", what, n);
    FUZZ_CHECK(wireLength(n) <= 255, "{} of {} octets on the wire ({} characters)", what,
               wireLength(n), n.size());
    (void)kMaxName;
}

bool same(const DnsAnswer& a, const DnsAnswer& b) {
    if (a.status != b.status || a.addresses != b.addresses || a.canonical != b.canonical ||
        a.error != b.error || a.srv.size() != b.srv.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.srv.size(); ++i) {
        const auto &x = a.srv[i], &y = b.srv[i];
        if (x.priority != y.priority || x.weight != y.weight || x.port != y.port ||
            x.target != y.target)
            return false;
    }
    return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    const bool srv = (data[0] & 1) != 0;
    const DnsQuery query{srv ? "_sipinternaltls._tcp.example.test" : "pool.example.test",
                         srv ? QType::Srv : QType::A};
    const wire::ByteView message(data + 1, size - 1);
    const DnsAnswer a = parseDnsAnswer(query.type, message, query.name);

    switch (a.status) {
    case DnsStatus::Ok:
        FUZZ_CHECK(
            srv ? !a.srv.empty() && a.addresses.empty() : !a.addresses.empty() && a.srv.empty(),
            "Ok with {} addresses, {} SRV records", a.addresses.size(), a.srv.size());
        FUZZ_CHECK(a.error.empty(), "Ok with an error: {}", a.error);
        break;
    case DnsStatus::NoData:
    case DnsStatus::Error:
        FUZZ_CHECK(a.addresses.empty() && a.srv.empty(), "a failure with records");
        FUZZ_CHECK(a.status != DnsStatus::Error || !a.error.empty(), "an error without a reason");
        break;
    default: FUZZ_CHECK(false, "status {} from a parse", static_cast<int>(a.status));
    }
    for (const std::string& address : a.addresses) {
        FUZZ_CHECK(isIpv4Literal(address), "address '{}' is not a dotted quad", address);
    }
    for (const SrvRecord& r : a.srv) {
        checkName(r.target, "SRV target");
    }
    if (!a.canonical.empty()) {
        checkName(a.canonical, "canonical name");
        FUZZ_CHECK(a.canonical != query.name, "canonical name is the name asked");
    }
    FUZZ_CHECK(same(a, parseDnsAnswer(query.type, message, query.name)), "parsing twice differs");

    // The DNS step on it (every other record timed out), as check prints it.
    Targets t;
    t.pool = "pool.example.test";
    t.web = "pool.example.test";
    t.domains = {"example.test"};
    DnsAnswers answers{{query, a}};
    for (const Check& c : evaluateDns(t, answers, "192.0.2.53", 2.0)) {
        FUZZ_CHECK(
            c.detail.find('\n') == std::string::npos && c.fix.find('\n') == std::string::npos,
            "check detail not one line: {}", c.detail);
    }
    (void)resolve(answers, query.name, 443, 2.0);
    (void)registrars(t, answers, 2.0);
    (void)secondRoundQueries(answers);
    return 0;
}
