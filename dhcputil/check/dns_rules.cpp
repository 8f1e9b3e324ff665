#include "check/dns_rules.hpp"

#include <algorithm>
#include <array>

#include <fmt/format.h>

#include "check/names.hpp"

namespace dhcplite::util::check {

namespace {

// The SRV records a phone or client asks for, in its order (docs/design.md §11).
constexpr const char* kSipTls = "_sipinternaltls._tcp.";
constexpr const char* kSipTcp = "_sipinternal._tcp.";
constexpr const char* kSipExternal = "_sip._tls.";
constexpr const char* kNtpSrv = "_ntp._udp.";
constexpr const char* kDiscoverInternal = "lyncdiscoverinternal.";
constexpr const char* kDiscover = "lyncdiscover.";
constexpr const char* kUpdates = "ucupdates-r2.";
constexpr std::array kFallbacks{"sipinternal.", "sip.", "sipexternal."};

const DnsAnswer* find(const DnsAnswers& answers, const std::string& name, QType type) {
    const auto it = answers.find(DnsQuery{normalName(name), type});
    return it == answers.end() ? nullptr : &it->second;
}

bool found(const DnsAnswer* a) { return a != nullptr && a->status == DnsStatus::Ok; }

// No answer about the name itself: the server did not answer, or could not be asked.
bool timedOut(const DnsAnswer* a) {
    return a == nullptr || a->status == DnsStatus::Timeout || a->status == DnsStatus::Error;
}

std::string addressList(const DnsAnswer& a) {
    std::string out = joinNames(a.addresses, 8);
    if (!a.canonical.empty()) {
        out += fmt::format(" (CNAME {})", a.canonical);
    }
    return out;
}

std::string srvList(const std::vector<SrvRecord>& srv) {
    std::vector<std::string> items;
    for (const auto& r : srv) {
        items.push_back(
            fmt::format("{}:{} (priority {}, weight {})", r.target, r.port, r.priority, r.weight));
    }
    return joinNames(items, 8);
}

struct Ctx {
    const Targets& t;
    const DnsAnswers& answers;
    const std::string& servers;
    double timeout;
    std::vector<Check>& out;

    void noAnswer(const std::string& target, const DnsAnswer* a, QType type) const {
        out.push_back(problem(
            Step::Dns, target, Status::Fail,
            fmt::format("{} from {}", describeFailure(a ? *a : DnsAnswer{}, type, timeout),
                        servers),
            fmt::format("check that {} answers for this name from the phones' subnet", servers)));
    }
};

// An A/CNAME record: OK with its addresses, `missing` (with its fix) when absent.
void addressRecord(const Ctx& c, const std::string& name, Status missing, const std::string& why,
                   const std::string& fix) {
    const std::string target = name + " A";
    const DnsAnswer* a = find(c.answers, name, QType::A);
    if (found(a)) {
        c.out.push_back(okCheck(Step::Dns, target, addressList(*a)));
    } else if (a != nullptr && timedOut(a)) {
        c.noAnswer(target, a, QType::A);
    } else {
        c.out.push_back(problem(
            Step::Dns, target, missing,
            fmt::format("{}: {}", describeFailure(a ? *a : DnsAnswer{}, QType::A, c.timeout), why),
            missing == Status::Ok ? "" : fix));
    }
}

// Each SRV target: strict naming (in the record's domain) and that it resolves.
void srvTargets(const Ctx& c, const std::string& record, const std::string& domain,
                const DnsAnswer& a) {
    for (const auto& r : a.srv) {
        const std::string target = fmt::format("{} (SRV {})", r.target, record);
        if (!inDomain(r.target, domain)) {
            c.out.push_back(problem(
                Step::Dns, target, Status::Warn,
                fmt::format("target {} is outside {} (strict DNS naming)", r.target, domain),
                fmt::format("point {} at a host name in {}, or relax strict DNS naming by group "
                            "policy",
                            record, domain)));
        }
        if (normalName(r.target) == normalName(c.t.pool) ||
            normalName(r.target) == normalName(c.t.web)) {
            continue;  // its own line below
        }
        const DnsAnswer* ta = find(c.answers, r.target, QType::A);
        if (found(ta)) {
            c.out.push_back(
                okCheck(Step::Dns, target, fmt::format("resolves to {}", addressList(*ta))));
        } else {
            c.out.push_back(
                problem(Step::Dns, target, Status::Fail,
                        fmt::format("target does not resolve: {}",
                                    describeFailure(ta ? *ta : DnsAnswer{}, QType::A, c.timeout)),
                        fmt::format("add an A record for {}, or point {} at a host that has one",
                                    r.target, record)));
        }
    }
}

// One SRV record: OK with its targets, or `missing` with the record to add.
bool srvRecord(const Ctx& c, const std::string& prefix, const std::string& domain, Status missing,
               const std::string& why, const std::string& fix) {
    const std::string record = prefix + domain;
    const std::string target = record + " SRV";
    const DnsAnswer* a = find(c.answers, record, QType::Srv);
    if (found(a)) {
        c.out.push_back(okCheck(Step::Dns, target, srvList(a->srv)));
        srvTargets(c, record, domain, *a);
        return true;
    }
    if (timedOut(a)) {
        c.noAnswer(target, a, QType::Srv);
        return false;
    }
    c.out.push_back(problem(Step::Dns, target, missing,
                            fmt::format("{}: {}", describeFailure(*a, QType::Srv, c.timeout), why),
                            missing == Status::Ok ? "" : fix));
    return false;
}

void fallbacks(const Ctx& c, const std::string& d, bool haveSrv) {
    std::vector<std::string> present, absent;
    for (const char* prefix : kFallbacks) {
        const std::string name = prefix + d;
        const DnsAnswer* a = find(c.answers, name, QType::A);
        if (found(a)) {
            present.push_back(fmt::format("{} → {}", name, addressList(*a)));
        } else {
            absent.push_back(name);
        }
    }
    const std::string target = fmt::format("sipinternal/sip/sipexternal.{} A", d);
    std::string detail = present.empty() ? "none" : joinNames(present);
    if (!absent.empty() && !present.empty()) {
        detail += fmt::format("; not found: {}", joinNames(absent));
    }
    if (present.empty() && !haveSrv && c.t.pool.empty()) {
        c.out.push_back(
            problem(Step::Dns, target, Status::Fail,
                    "no SRV record and no A fallback: clients cannot find a registrar",
                    fmt::format("add _sipinternaltls._tcp.{}. SRV 0 0 5061 <pool FQDN>.", d)));
        return;
    }
    c.out.push_back(
        okCheck(Step::Dns, target, present.empty() ? "none (the SRV records are used)" : detail));
}

void sipDomain(const Ctx& c, const std::string& d) {
    const DnsAnswer* internal = find(c.answers, kDiscoverInternal + d, QType::A);
    const DnsAnswer* external = find(c.answers, kDiscover + d, QType::A);
    addressRecord(c, kDiscoverInternal + d, found(external) ? Status::Ok : Status::Warn,
                  "Lync 2013 / Skype for Business clients find their pool by it",
                  fmt::format("add {}{} (A or CNAME) pointing at the pool's internal web services",
                              kDiscoverInternal, d));
    addressRecord(c, kDiscover + d, Status::Ok,
                  found(internal) ? "lyncdiscoverinternal is used inside" : "", "");

    const std::string pool = c.t.pool.empty() ? "<pool FQDN>" : c.t.pool;
    const bool tls =
        srvRecord(c, kSipTls, d, c.t.pool.empty() ? Status::Fail : Status::Warn,
                  c.t.pool.empty() ? "phones find no registrar"
                                   : fmt::format("phones fall back to option 120 ({})", pool),
                  fmt::format("add {}{}. SRV 0 0 5061 {}.", kSipTls, d, pool));
    const bool tcp = srvRecord(c, kSipTcp, d, Status::Ok, "TCP is not offered", "");
    srvRecord(c, kSipExternal, d, Status::Ok, "no external sign-in published", "");
    fallbacks(c, d, tls || tcp);
    srvRecord(
        c, kNtpSrv, d, c.t.ntpAddresses.empty() ? Status::Warn : Status::Ok,
        c.t.ntpAddresses.empty() ? "phones fall back to time.windows.com" : "options 42/4 are used",
        fmt::format("add {}{}. SRV 0 0 123 <NTP server>.", kNtpSrv, d));

    // Option 120 and the SRV record should send everyone to the same pool.
    const DnsAnswer* srv = find(c.answers, kSipTls + d, QType::Srv);
    if (tls && !c.t.pool.empty()) {
        const bool same = std::any_of(srv->srv.begin(), srv->srv.end(), [&](const SrvRecord& r) {
            return normalName(r.target) == normalName(c.t.pool);
        });
        if (!same) {
            c.out.push_back(problem(
                Step::Dns, fmt::format("{} vs {}{}", c.t.pool, kSipTls, d), Status::Warn,
                fmt::format("option 120 names {}, the SRV record {}", c.t.pool, srvList(srv->srv)),
                fmt::format("make option 120 and {}{} name the same pool", kSipTls, d)));
        }
    }
}

void updatesRecord(const Ctx& c, const std::string& d) {
    addressRecord(c, kUpdates + d, Status::Warn, "phones look for firmware updates there",
                  fmt::format("add {}{} (A or CNAME) pointing at the web server", kUpdates, d));
}

void nameMustResolve(const Ctx& c, const std::string& name, const std::string& what) {
    if (name.empty() || isIpv4Literal(name)) {
        return;
    }
    const DnsAnswer* a = find(c.answers, name, QType::A);
    const std::string target = name + " A";
    if (found(a)) {
        c.out.push_back(okCheck(Step::Dns, target, fmt::format("{}: {}", what, addressList(*a))));
    } else if (timedOut(a)) {
        c.noAnswer(target, a, QType::A);
    } else {
        c.out.push_back(problem(
            Step::Dns, target, Status::Fail,
            fmt::format("{} does not resolve: {}", what, describeFailure(*a, QType::A, c.timeout)),
            fmt::format("add an A record for {} (one per front end of a pool)", name)));
    }
}

void addQuery(std::vector<DnsQuery>& qs, const std::string& name, QType type) {
    DnsQuery q{normalName(name), type};
    if (!q.name.empty() && !isIpv4Literal(q.name) &&
        std::find(qs.begin(), qs.end(), q) == qs.end()) {
        qs.push_back(std::move(q));
    }
}

}  // namespace

std::vector<DnsQuery> firstRoundQueries(const Targets& t) {
    std::vector<DnsQuery> qs;
    for (std::size_t i = 0; i < t.domains.size(); ++i) {
        const std::string& d = t.domains[i];
        if (i == 0) {
            addQuery(qs, kDiscoverInternal + d, QType::A);
            addQuery(qs, kDiscover + d, QType::A);
            addQuery(qs, kSipTls + d, QType::Srv);
            addQuery(qs, kSipTcp + d, QType::Srv);
            addQuery(qs, kSipExternal + d, QType::Srv);
            for (const char* prefix : kFallbacks) {
                addQuery(qs, prefix + d, QType::A);
            }
            addQuery(qs, kNtpSrv + d, QType::Srv);
        }
        addQuery(qs, kUpdates + d, QType::A);
    }
    addQuery(qs, t.pool, QType::A);
    addQuery(qs, t.web, QType::A);
    return qs;
}

std::vector<DnsQuery> secondRoundQueries(const DnsAnswers& answers) {
    std::vector<DnsQuery> qs;
    for (const auto& [q, a] : answers) {
        if (q.type != QType::Srv || a.status != DnsStatus::Ok) {
            continue;
        }
        for (const auto& r : a.srv) {
            if (answers.find(DnsQuery{normalName(r.target), QType::A}) == answers.end()) {
                addQuery(qs, r.target, QType::A);
            }
        }
    }
    return qs;
}

std::string describeFailure(const DnsAnswer& a, QType type, double timeoutSeconds) {
    switch (a.status) {
    case DnsStatus::Ok: return "found";
    case DnsStatus::NxDomain: return "NXDOMAIN";
    case DnsStatus::NoData: return type == QType::Srv ? "no SRV record" : "no A record";
    case DnsStatus::Timeout: return fmt::format("no answer within {:g} s", timeoutSeconds);
    case DnsStatus::Error: return a.error.empty() ? "lookup failed" : a.error;
    }
    return "lookup failed";
}

std::vector<Check> evaluateDns(const Targets& t, const DnsAnswers& answers,
                               const std::string& servers, double timeoutSeconds) {
    std::vector<Check> out;
    const bool noneAnswered =
        !answers.empty() && std::all_of(answers.begin(), answers.end(),
                                        [](const auto& qa) { return timedOut(&qa.second); });
    if (noneAnswered) {
        const auto error = std::find_if(answers.begin(), answers.end(), [](const auto& qa) {
            return qa.second.status == DnsStatus::Error;
        });
        const std::string why =
            error == answers.end()
                ? fmt::format("no answer from {} within {:g} s", servers, timeoutSeconds)
                : fmt::format("no answer from {}: {}", servers,
                              describeFailure(error->second, error->first.type, timeoutSeconds));
        out.push_back(problem(
            Step::Dns, servers, Status::Fail,
            fmt::format("{} ({} quer{})", why, answers.size(), answers.size() == 1 ? "y" : "ies"),
            "check that the DNS server runs and answers on UDP/TCP 53 from the phones' subnet, or "
            "name the right one with --dns-server"));
        return out;
    }
    const Ctx c{t, answers, servers, timeoutSeconds, out};
    for (std::size_t i = 0; i < t.domains.size(); ++i) {
        if (i == 0) {
            sipDomain(c, t.domains[i]);
        }
        updatesRecord(c, t.domains[i]);
    }
    nameMustResolve(c, t.pool, "pool FQDN (option 120)");
    if (normalName(t.web) != normalName(t.pool)) {
        nameMustResolve(c, t.web, "web server FQDN (option 43)");
    }
    return out;
}

Resolved resolve(const DnsAnswers& answers, const std::string& name, std::uint16_t port,
                 double timeoutSeconds) {
    Resolved r{normalName(name), port, {}, {}};
    if (isIpv4Literal(name)) {
        r.addresses.push_back(name);
        return r;
    }
    const DnsAnswer* a = find(answers, name, QType::A);
    if (found(a) && !a->addresses.empty()) {
        r.addresses = a->addresses;
    } else {
        r.why = a == nullptr ? "not looked up" : describeFailure(*a, QType::A, timeoutSeconds);
    }
    return r;
}

namespace {
void addResolved(std::vector<Resolved>& out, const DnsAnswers& answers, const std::string& name,
                 std::uint16_t port, double timeout) {
    const std::string n = normalName(name);
    if (n.empty() || std::any_of(out.begin(), out.end(), [&](const Resolved& r) {
            return r.fqdn == n && r.port == port;
        })) {
        return;
    }
    out.push_back(resolve(answers, n, port, timeout));
}
}  // namespace

std::vector<Resolved> registrars(const Targets& t, const DnsAnswers& answers,
                                 double timeoutSeconds) {
    std::vector<Resolved> out;
    addResolved(out, answers, t.pool, kSipTlsPort, timeoutSeconds);
    if (!t.domains.empty()) {
        for (const char* prefix : {kSipTls, kSipExternal}) {
            const DnsAnswer* a = find(answers, prefix + t.domains.front(), QType::Srv);
            if (found(a)) {
                for (const auto& r : a->srv) {
                    addResolved(out, answers, r.target, r.port, timeoutSeconds);
                }
            }
        }
    }
    return out;
}

std::vector<Resolved> ntpServers(const Targets& t, const DnsAnswers& answers,
                                 double timeoutSeconds) {
    std::vector<Resolved> out;
    if (!t.domains.empty()) {
        const DnsAnswer* a = find(answers, kNtpSrv + t.domains.front(), QType::Srv);
        if (found(a)) {
            for (const auto& r : a->srv) {
                addResolved(out, answers, r.target, r.port == 0 ? kNtpPort : r.port,
                            timeoutSeconds);
            }
        }
    }
    for (const auto& address : t.ntpAddresses) {
        addResolved(out, answers, address, kNtpPort, timeoutSeconds);
    }
    return out;
}

}  // namespace dhcplite::util::check
