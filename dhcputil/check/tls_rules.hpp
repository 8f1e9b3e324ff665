#pragma once
// What a phone accepts from a TLS server (docs/design.md §11): the chain against the CA the
// phones get, the FQDN in the certificate's names, no wildcard (Lync Phone Edition rejects it:
// FAIL on the registrar, WARN on the web server), expiry, SHA-1 and short RSA keys. Pure: the
// OpenSSL adapter (tls_probe.cpp) fills TlsOutcome, these rules turn it into one check.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "check/check_model.hpp"

namespace dhcplite::util::check {

enum class Role { Web, Registrar };

struct TlsEndpoint {
    std::string fqdn;     // the name the phone uses (SNI and the name to find in the SAN)
    std::string address;  // one of the addresses it resolves to
    std::uint16_t port = 443;
    Role role = Role::Web;
    std::vector<std::string> alsoNames;  // names that should be there too (WARN): ucupdates-r2.<d>
};

struct CertFacts {
    std::string subject;  // one line, "CN=pool.example.test"
    std::string issuer;
    std::vector<std::string> dnsNames;  // subjectAltName dNSName entries
    std::string commonName;
    long long notBefore = 0, notAfter = 0;  // Unix seconds
    std::string signatureAlgorithm;         // of the leaf, "sha256WithRSAEncryption"
    std::string sha1Signed;                 // subject of a presented certificate signed with SHA-1
    std::string keyType;                    // "RSA", "EC", ...
    int keyBits = 0;
    bool chainTrusted = false;
    std::string chainError;  // OpenSSL's reason when not trusted
};

// Timeout: no TCP connection; Stalled: connected, but the TLS handshake never finished.
enum class ConnectError { None, Refused, Timeout, Stalled, Reset, NotTls, Other };

struct TlsOutcome {
    ConnectError error = ConnectError::None;
    std::string errorText;  // "connection refused", "handshake: unexpected message"...
    std::optional<CertFacts> cert;
    std::string protocol;  // "TLSv1.2"
    long long micros = 0;
};

struct TlsPolicy {
    long long now = 0;  // Unix seconds
    int warnDays = 30;
    std::string caLabel = "the system store";  // for messages: "--ca-file /x/ca.pem"
};

inline constexpr int kMinRsaBits = 2048;

// "pool.example.test:5061 @192.0.2.11"
std::string endpointTarget(const TlsEndpoint& e);

Check evaluateTls(const TlsEndpoint& endpoint, const TlsOutcome& outcome, const TlsPolicy& policy);

// "1 day", "12 days".
std::string dayCount(long long days);

// "2026-12-03" (UTC).
std::string isoDate(long long unixSeconds);

}  // namespace dhcplite::util::check
