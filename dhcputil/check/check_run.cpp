#include "check/check_run.hpp"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <future>

#include <fmt/format.h>

#include "check/dns_client.hpp"
#include "check/http_client.hpp"
#include "check/names.hpp"
#include "check/sntp_client.hpp"
#include "check/tls_probe.hpp"

namespace dhcplite::util::check {

namespace {

using Clock = std::chrono::steady_clock;

long long microsSince(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
}

std::chrono::milliseconds millis(double seconds) {
    return std::chrono::milliseconds(static_cast<long long>(seconds * 1000));
}

struct Plan {
    std::vector<TlsEndpoint> tls;
    std::vector<Check> unresolved;  // names with no address: a TLS line each
    std::vector<HttpTarget> http;
    std::vector<std::pair<std::string, Resolved>> ntp;  // target label, server
};

void addUnresolved(Plan& p, const Resolved& r, Step step, bool dnsShown) {
    const std::string target = fmt::format("{}:{}", r.fqdn, r.port);
    if (dnsShown) {
        p.unresolved.push_back(
            problem(step, target, Status::Skip, fmt::format("no address ({})", r.why), ""));
    } else {
        p.unresolved.push_back(problem(step, target, Status::Fail,
                                       fmt::format("does not resolve: {}", r.why),
                                       fmt::format("add an A record for {}", r.fqdn)));
    }
}

// ucupdates-r2.<d> names that point at the web server: its certificate must hold them too.
std::vector<std::string> updateNames(const Targets& t, const DnsAnswers& answers,
                                     const Resolved& web, double timeout) {
    std::vector<std::string> out;
    for (const auto& d : t.domains) {
        const Resolved u = resolve(answers, "ucupdates-r2." + d, 0, timeout);
        const bool same =
            std::any_of(u.addresses.begin(), u.addresses.end(), [&](const std::string& a) {
                return std::find(web.addresses.begin(), web.addresses.end(), a) !=
                       web.addresses.end();
            });
        if (same) {
            out.push_back(u.fqdn);
        }
    }
    return out;
}

Plan makePlan(const CheckSettings& s, const Targets& t, const DnsAnswers& answers) {
    Plan p;
    const bool dnsShown = s.runs(Step::Dns);
    const Resolved web = resolve(answers, t.web, t.webPort, s.timeout);
    if (s.runs(Step::Tls)) {
        if (web.addresses.empty()) {
            addUnresolved(p, web, Step::Tls, dnsShown);
        }
        const auto also = updateNames(t, answers, web, s.timeout);
        for (const auto& a : web.addresses) {
            p.tls.push_back(TlsEndpoint{web.fqdn, a, t.webPort, Role::Web, also});
        }
        for (const auto& r : registrars(t, answers, s.timeout)) {
            if (r.addresses.empty()) {
                addUnresolved(p, r, Step::Tls, dnsShown);
            }
            for (const auto& a : r.addresses) {
                p.tls.push_back(TlsEndpoint{r.fqdn, a, r.port, Role::Registrar, {}});
            }
        }
    }
    if (s.runs(Step::Http)) {
        if (web.addresses.empty()) {
            addUnresolved(p, Resolved{web.fqdn, kHttpPort, {}, web.why}, Step::Http, dnsShown);
        }
        for (const auto& a : web.addresses) {
            DownloadTargets d = downloadTargets(web.fqdn, a, t.scheme, t.webPort, t.path);
            p.http.insert(p.http.end(), d.targets.begin(), d.targets.end());
            if (!d.unusable.empty()) {
                p.unresolved.push_back(
                    problem(Step::Http, fmt::format("{}:{} @{}", web.fqdn, t.webPort, a),
                            Status::Fail, d.unusable, "set option 43 sub-option 2 to https"));
            }
        }
    }
    if (s.runs(Step::Ntp)) {
        for (const auto& r : ntpServers(t, answers, s.timeout)) {
            for (const auto& a : r.addresses) {
                const std::string label = r.fqdn == a ? fmt::format("{}:{}", a, r.port)
                                                      : fmt::format("{}:{} @{}", r.fqdn, r.port, a);
                p.ntp.emplace_back(label, Resolved{r.fqdn, r.port, {a}, {}});
            }
        }
    }
    return p;
}

template <typename T>
std::vector<T> collect(std::vector<std::future<T>>& futures) {
    std::vector<T> out;
    for (auto& f : futures) {
        out.push_back(f.get());
    }
    return out;
}

std::string sipDomainNote(const CheckSettings& s, std::string& domain) {
    if (!s.sipDomain.empty()) {
        domain = s.sipDomain;
        return fmt::format("{} (--sip-domain)", domain);
    }
    domain = parentDomain(s.targets.pool);
    if (domain.empty()) {
        return fmt::format("none (the pool FQDN {} has a single label; --sip-domain to give one)",
                           s.targets.pool);
    }
    return fmt::format("{} (derived from the pool FQDN {}; --sip-domain to change)", domain,
                       s.targets.pool);
}

std::string dnsNote(const CheckSettings& s, const DnsClient& dns) {
    return s.dnsServers.empty()
               ? fmt::format("{} (the host's resolver, /etc/resolv.conf)", dns.servers())
               : fmt::format("{} (--dns-server)", dns.servers());
}

std::string caNote(const CheckSettings& s) {
    return s.caFile.empty() ? "the system store (--ca-file to name the phones' CA)"
                            : fmt::format("{} (--ca-file)", s.caFile);
}

// All TLS probes at once; each has its own timeout.
std::vector<Check> runTls(const CheckSettings& s, const TlsProber& prober,
                          const std::vector<TlsEndpoint>& endpoints) {
    const TlsPolicy policy{static_cast<long long>(std::time(nullptr)), s.warnDays,
                           s.caFile.empty() ? "the system store" : "--ca-file " + s.caFile};
    std::vector<std::future<Check>> futures;
    for (const auto& e : endpoints) {
        futures.push_back(std::async(std::launch::async, [&, e] {
            return evaluateTls(e, prober.probe(e.address, e.port, e.fqdn, millis(s.timeout)),
                               policy);
        }));
    }
    return collect(futures);
}

Report certsOnly(const CheckSettings& s) {
    Report report;
    const auto start = Clock::now();
    TlsProber prober(s.caFile);
    DnsClient dns(s.dnsServers);
    std::vector<DnsQuery> queries;
    for (const auto& e : s.certsOnly) {
        if (!isIpv4Literal(e.host)) {
            queries.push_back(DnsQuery{e.host, QType::A});
        }
    }
    DnsAnswers answers;
    if (!queries.empty()) {
        report.notes.push_back({"dns_servers", "DNS servers", dnsNote(s, dns)});
        dns.lookup(queries, Clock::now() + millis(s.timeout), answers);
    }
    report.notes.push_back({"ca", "CA", caNote(s)});
    report.timings.push_back({"dns", microsSince(start)});
    Plan p;
    for (const auto& e : s.certsOnly) {
        const Resolved r = resolve(answers, e.host, e.port, s.timeout);
        if (r.addresses.empty()) {
            addUnresolved(p, r, Step::Tls, false);
        }
        for (const auto& a : r.addresses) {
            p.tls.push_back(TlsEndpoint{
                r.fqdn, a, e.port, e.port == kSipTlsPort ? Role::Registrar : Role::Web, {}});
        }
    }
    const auto tlsStart = Clock::now();
    report.checks = p.unresolved;
    for (auto& c : runTls(s, prober, p.tls)) {
        report.checks.push_back(std::move(c));
    }
    report.timings.push_back({"tls", microsSince(tlsStart)});
    report.timings.push_back({"total", microsSince(start)});
    return report;
}

}  // namespace

Report runChecks(const CheckSettings& s, std::vector<Check> dhcpChecks) {
    if (!s.certsOnly.empty()) {
        return certsOnly(s);
    }
    Report report;
    const auto start = Clock::now();
    initHttp();
    TlsProber prober(s.caFile);  // before any network work: a bad --ca-file stops here
    DnsClient dns(s.dnsServers);

    Targets t = s.targets;
    std::string domain;
    report.notes.push_back({"sip_domain", "SIP domain", sipDomainNote(s, domain)});
    if (!domain.empty()) {
        t.domains = {domain};
    }
    if (!domain.empty() && !s.dhcpDomain.empty() && normalName(s.dhcpDomain) != domain) {
        t.domains.push_back(s.dhcpDomain);
        report.notes.push_back({"dhcp_domain", "DHCP domain", s.dhcpDomain + " (option 15)"});
    }
    report.notes.push_back({"dns_servers", "DNS servers", dnsNote(s, dns)});
    report.notes.push_back({"ca", "CA", caNote(s)});
    report.checks = std::move(dhcpChecks);
    if (domain.empty()) {
        // A one-label pool name gives no domain to look the records up in.
        report.checks.push_back(problem(Step::Dns, "SIP domain", Status::Skip,
                                        "no domain to look the records up in", ""));
    }

    // DNS: two rounds (the SRV targets' addresses need the SRV answers), one deadline.
    const auto dnsStart = Clock::now();
    const auto deadline = dnsStart + millis(s.timeout);
    DnsAnswers answers;
    dns.lookup(firstRoundQueries(t), deadline, answers);
    const auto second = secondRoundQueries(answers);
    if (!second.empty()) {
        dns.lookup(second, deadline, answers);
    }
    report.timings.push_back({"dns", microsSince(dnsStart)});
    if (s.runs(Step::Dns)) {
        for (auto& c : evaluateDns(t, answers, dns.servers(), s.timeout)) {
            report.checks.push_back(std::move(c));
        }
    }

    // HTTP, TLS and NTP do not depend on each other: all at once.
    const Plan plan = makePlan(s, t, answers);
    const auto probeStart = Clock::now();
    std::vector<std::future<Check>> http;
    for (const auto& h : plan.http) {
        http.push_back(std::async(
            std::launch::async, [&, h] { return evaluateHttp(h, httpGet(h, millis(s.timeout))); }));
    }
    std::vector<std::future<Check>> ntp;
    for (const auto& [label, r] : plan.ntp) {
        ntp.push_back(std::async(std::launch::async, [&, label = label, r = r] {
            return evaluateNtp(label, querySntp(r.addresses.front(), r.port, millis(s.timeout)));
        }));
    }
    auto tls = runTls(s, prober, plan.tls);
    auto httpChecks = collect(http);
    auto ntpChecks = collect(ntp);
    report.timings.push_back({"probes", microsSince(probeStart)});

    const auto append = [&](std::vector<Check>& from, Step step) {
        for (const auto& c : plan.unresolved) {
            if (c.step == step) {
                report.checks.push_back(c);
            }
        }
        for (auto& c : from) {
            report.checks.push_back(std::move(c));
        }
    };
    append(httpChecks, Step::Http);
    append(tls, Step::Tls);
    if (s.runs(Step::Ntp)) {
        const bool anyAnswered =
            std::any_of(ntpChecks.begin(), ntpChecks.end(), [](const Check& c) {
                return std::any_of(c.measures.begin(), c.measures.end(),
                                   [](const Measure& m) { return m.name == "offset_ms"; });
            });
        append(ntpChecks, Step::Ntp);
        if (!anyAnswered) {
            report.checks.push_back(noNtpServer(!plan.ntp.empty()));
        }
    }
    report.timings.push_back({"total", microsSince(start)});
    return report;
}

}  // namespace dhcplite::util::check
