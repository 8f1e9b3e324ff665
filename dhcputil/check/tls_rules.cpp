#include "check/tls_rules.hpp"

#include <ctime>

#include <fmt/format.h>

#include "check/names.hpp"

namespace dhcplite::util::check {

namespace {

constexpr long long kDay = 86400;

struct Finding {
    Status status;
    std::string text;
    std::string fix;
};

std::string roleName(Role r) { return r == Role::Registrar ? "registrar" : "web server"; }

std::string connectFix(const TlsEndpoint& e, ConnectError error) {
    switch (error) {
    case ConnectError::Refused:
        return fmt::format(
            "start the TLS listener on {}:{} or take {} out of the DNS records for {}", e.address,
            e.port, e.address, e.fqdn);
    case ConnectError::Timeout:
        return fmt::format(
            "check that {}:{} is up and that no firewall drops TCP {} from the phones' subnet",
            e.address, e.port, e.port);
    case ConnectError::Stalled:
        return fmt::format(
            "{}:{} accepts TCP but does not answer TLS: check the service listening there",
            e.address, e.port);
    case ConnectError::Reset:
    case ConnectError::NotTls:
        return fmt::format(
            "check the TLS service on {}:{} (its certificate binding and TLS versions)", e.address,
            e.port);
    case ConnectError::Other:
    case ConnectError::None: break;
    }
    return fmt::format("check the {} at {}:{}", roleName(e.role), e.address, e.port);
}

std::vector<Finding> certFindings(const TlsEndpoint& e, const CertFacts& c, const TlsPolicy& p) {
    std::vector<Finding> out;
    const std::string where = fmt::format("{} ({}:{})", e.address, e.fqdn, e.port);
    if (c.notAfter < p.now) {
        const long long ago = (p.now - c.notAfter) / kDay;
        out.push_back({Status::Fail,
                       ago == 0
                           ? fmt::format("expired today ({})", isoDate(c.notAfter))
                           : fmt::format("expired {} ago ({})", dayCount(ago), isoDate(c.notAfter)),
                       fmt::format("renew the certificate on {}", where)});
    } else if (c.notBefore > p.now) {
        out.push_back(
            {Status::Fail, fmt::format("not valid before {}", isoDate(c.notBefore)),
             fmt::format("check the clock of this host, or install a certificate valid now on {}",
                         where)});
    } else if ((c.notAfter - p.now) / kDay < p.warnDays) {
        out.push_back(
            {Status::Warn,
             fmt::format("expires in {} ({}), under --warn-days {}",
                         dayCount((c.notAfter - p.now) / kDay), isoDate(c.notAfter), p.warnDays),
             fmt::format("renew the certificate on {} before {}", where, isoDate(c.notAfter))});
    }
    const bool ipOnly = isIpv4Literal(e.fqdn);
    const std::vector<std::string> names = c.dnsNames.empty() && !c.commonName.empty()
                                               ? std::vector<std::string>{c.commonName}
                                               : c.dnsNames;
    const NameMatch match = ipOnly ? NameMatch::Exact : matchName(e.fqdn, names);
    if (match == NameMatch::None) {
        out.push_back(
            {Status::Fail,
             fmt::format("{} is not among the certificate's names ({})", e.fqdn, joinNames(names)),
             fmt::format("issue a certificate for {} whose SAN holds {}", e.address, e.fqdn)});
    }
    std::vector<std::string> wildcards;
    for (const auto& n : names) {
        if (isWildcard(n)) {
            wildcards.push_back(n);
        }
    }
    if (!wildcards.empty()) {
        const bool registrar = e.role == Role::Registrar;
        out.push_back(
            {registrar ? Status::Fail : Status::Warn,
             fmt::format("wildcard certificate ({}): Lync Phone Edition rejects it",
                         joinNames(wildcards)),
             fmt::format("issue a certificate naming {} explicitly in its SAN, without a wildcard",
                         e.fqdn)});
    }
    for (const auto& also : e.alsoNames) {
        if (matchName(also, names) != NameMatch::Exact) {
            out.push_back(
                {Status::Warn,
                 fmt::format("{} is not among the certificate's names (phone updates)", also),
                 fmt::format("add {} to the SAN of the web server's certificate", also)});
        }
    }
    if (!c.chainTrusted) {
        out.push_back(
            {Status::Fail,
             fmt::format("chain not trusted by {}: {} (issuer {})", p.caLabel, c.chainError,
                         c.issuer),
             fmt::format(
                 "install a certificate issued by the phones' CA on {}, or name that CA with "
                 "--ca-file",
                 where)});
    }
    if (!c.sha1Signed.empty()) {
        out.push_back({Status::Warn, fmt::format("SHA-1 signature on {}", c.sha1Signed),
                       "reissue the certificate with a SHA-256 signature"});
    }
    if (c.keyType == "RSA" && c.keyBits < kMinRsaBits) {
        out.push_back(
            {Status::Warn, fmt::format("RSA key of {} bits (under {})", c.keyBits, kMinRsaBits),
             fmt::format("reissue the certificate with a key of at least {} bits", kMinRsaBits)});
    }
    return out;
}

std::string certSummary(const CertFacts& c, const TlsPolicy& p) {
    const long long left = (c.notAfter - p.now) / kDay;
    return fmt::format(
        "{}; names {}; {} left (until {}); issuer {}; {} {}, {}", c.subject,
        joinNames(c.dnsNames.empty() ? std::vector<std::string>{c.commonName} : c.dnsNames),
        dayCount(left), isoDate(c.notAfter), c.issuer, c.keyType, c.keyBits, c.signatureAlgorithm);
}

}  // namespace

std::string dayCount(long long days) { return fmt::format("{} day{}", days, days == 1 ? "" : "s"); }

std::string isoDate(long long unixSeconds) {
    const std::time_t t = static_cast<std::time_t>(unixSeconds);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    return fmt::format("{:04}-{:02}-{:02}", tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

std::string endpointTarget(const TlsEndpoint& e) {
    if (e.fqdn == e.address) {
        return fmt::format("{}:{}", e.address, e.port);
    }
    return fmt::format("{}:{} @{}", e.fqdn, e.port, e.address);
}

Check evaluateTls(const TlsEndpoint& e, const TlsOutcome& o, const TlsPolicy& p) {
    Check check = okCheck(Step::Tls, endpointTarget(e), "");
    check.measures.push_back({"time_us", o.micros});
    if (o.error != ConnectError::None || !o.cert) {
        check.status = Status::Fail;
        check.detail = fmt::format("{}: {}", roleName(e.role),
                                   o.errorText.empty() ? "no certificate" : o.errorText);
        check.fix = connectFix(e, o.error);
        return check;
    }
    const CertFacts& c = *o.cert;
    check.measures.push_back({"days_left", (c.notAfter - p.now) / kDay});
    const auto findings = certFindings(e, c, p);
    if (findings.empty()) {
        check.detail = fmt::format("{} {}: {}", roleName(e.role), o.protocol, certSummary(c, p));
        return check;
    }
    // The line says every problem; the fix is the first of the worst ones (FAIL before WARN).
    std::string problems;
    const Finding* first = nullptr;
    for (const auto& f : findings) {
        problems += (problems.empty() ? "" : "; ") + f.text;
        if (first == nullptr || (f.status == Status::Fail && first->status != Status::Fail)) {
            first = &f;
        }
        if (f.status == Status::Fail) {
            check.status = Status::Fail;
        } else if (check.status != Status::Fail) {
            check.status = Status::Warn;
        }
    }
    check.detail = fmt::format("{}: {} [{}]", roleName(e.role), problems, c.subject);
    check.fix = first->fix;
    return check;
}

}  // namespace dhcplite::util::check
