#pragma once
// The TLS adapter (OpenSSL): one handshake to one address with the SNI the phone sends, the
// peer's chain verified against --ca-file (or the system store) and read into CertFacts. The
// handshake completes whatever the chain is (verification is reported, not enforced) and at the
// lowest security level, so weak keys and SHA-1 are seen and reported instead of refused.
#include <chrono>
#include <memory>
#include <string>

#include "check/tls_rules.hpp"

namespace dhcplite::util::check {

class TlsProber {
public:
    // `caFile` empty: the system store. Throws std::runtime_error when the file holds no
    // certificate OpenSSL can load.
    explicit TlsProber(const std::string& caFile);
    ~TlsProber();
    TlsProber(const TlsProber&) = delete;
    TlsProber& operator=(const TlsProber&) = delete;

    // Thread-safe: each call has its own connection; the context is shared read-only.
    TlsOutcome probe(const std::string& address, std::uint16_t port, const std::string& serverName,
                     std::chrono::milliseconds timeout) const;

private:
    struct Context;
    std::unique_ptr<Context> context_;
};

}  // namespace dhcplite::util::check
