#include "check/tls_probe.hpp"

#include <poll.h>

#include <cerrno>
#include <ctime>
#include <stdexcept>

#include <fmt/format.h>
#include <openssl/err.h>
#include <openssl/ssl.h>
#include <openssl/x509v3.h>

#include "check/names.hpp"
#include "check/tcp_connect.hpp"

namespace dhcplite::util::check {

struct TlsProber::Context {
    SSL_CTX* ctx = nullptr;
    ~Context() { SSL_CTX_free(ctx); }
};

namespace {

using SslPtr = std::unique_ptr<SSL, decltype(&SSL_free)>;
using X509Ptr = std::unique_ptr<X509, decltype(&X509_free)>;

std::string opensslError() {
    const unsigned long e = ERR_get_error();
    ERR_clear_error();
    if (e == 0) {
        return "unknown TLS error";
    }
    const char* reason = ERR_reason_error_string(e);
    return reason != nullptr ? reason : fmt::format("OpenSSL error {:x}", e);
}

std::string nameLine(const X509_NAME* name) {
    BIO* bio = BIO_new(BIO_s_mem());
    X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB);
    char* data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    std::string out(data, static_cast<std::size_t>(len));
    BIO_free(bio);
    return out;
}

std::string commonName(const X509_NAME* name) {
    const int i = X509_NAME_get_index_by_NID(name, NID_commonName, -1);
    if (i < 0) {
        return {};
    }
    const ASN1_STRING* s = X509_NAME_ENTRY_get_data(X509_NAME_get_entry(name, i));
    return std::string(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                       static_cast<std::size_t>(ASN1_STRING_length(s)));
}

std::vector<std::string> dnsNames(X509* cert) {
    std::vector<std::string> out;
    auto* names =
        static_cast<GENERAL_NAMES*>(X509_get_ext_d2i(cert, NID_subject_alt_name, nullptr, nullptr));
    if (names == nullptr) {
        return out;
    }
    for (int i = 0; i < sk_GENERAL_NAME_num(names); ++i) {
        const GENERAL_NAME* n = sk_GENERAL_NAME_value(names, i);
        if (n->type == GEN_DNS) {
            const ASN1_STRING* s = n->d.dNSName;
            out.emplace_back(reinterpret_cast<const char*>(ASN1_STRING_get0_data(s)),
                             static_cast<std::size_t>(ASN1_STRING_length(s)));
        }
    }
    GENERAL_NAMES_free(names);
    return out;
}

long long unixTime(const ASN1_TIME* t) {
    std::tm tm{};
    if (ASN1_TIME_to_tm(t, &tm) != 1) {
        return 0;
    }
    return static_cast<long long>(::timegm(&tm));
}

bool sha1Signed(X509* cert) {
    int md = 0, pk = 0;
    return OBJ_find_sigid_algs(X509_get_signature_nid(cert), &md, &pk) == 1 && md == NID_sha1;
}

CertFacts readFacts(SSL* ssl, X509* leaf) {
    CertFacts f;
    f.subject = nameLine(X509_get_subject_name(leaf));
    f.issuer = nameLine(X509_get_issuer_name(leaf));
    f.commonName = commonName(X509_get_subject_name(leaf));
    f.dnsNames = dnsNames(leaf);
    f.notBefore = unixTime(X509_get0_notBefore(leaf));
    f.notAfter = unixTime(X509_get0_notAfter(leaf));
    f.signatureAlgorithm = OBJ_nid2ln(X509_get_signature_nid(leaf));
    if (const EVP_PKEY* key = X509_get0_pubkey(leaf)) {
        f.keyBits = EVP_PKEY_get_bits(key);
        const int id = EVP_PKEY_get_base_id(key);
        f.keyType = id == EVP_PKEY_RSA ? "RSA" : id == EVP_PKEY_EC ? "EC" : OBJ_nid2sn(id);
    }
    // SHA-1 anywhere in what the server sent, except on a self-signed root (its own signature
    // is never checked).
    STACK_OF(X509)* chain = SSL_get_peer_cert_chain(ssl);
    for (int i = 0; chain != nullptr && i < sk_X509_num(chain) && f.sha1Signed.empty(); ++i) {
        X509* c = sk_X509_value(chain, i);
        if (sha1Signed(c) && X509_check_issued(c, c) != X509_V_OK) {
            f.sha1Signed = nameLine(X509_get_subject_name(c));
        }
    }
    const long verify = SSL_get_verify_result(ssl);
    f.chainTrusted = verify == X509_V_OK;
    f.chainError = f.chainTrusted ? "" : X509_verify_cert_error_string(verify);
    return f;
}

ConnectError classifySyscall(int err) {
    return err == ECONNRESET || err == EPIPE || err == 0 ? ConnectError::Reset
                                                         : ConnectError::Other;
}

}  // namespace

TlsProber::TlsProber(const std::string& caFile) : context_(std::make_unique<Context>()) {
    context_->ctx = SSL_CTX_new(TLS_client_method());
    if (context_->ctx == nullptr) {
        throw std::runtime_error("cannot create a TLS context: " + opensslError());
    }
    SSL_CTX* ctx = context_->ctx;
    // See what the server presents, whatever it is: verification is read, not enforced, and
    // security level 0 lets SHA-1 and 1024-bit keys through so they can be reported.
    SSL_CTX_set_verify(ctx, SSL_VERIFY_NONE, nullptr);
    SSL_CTX_set_security_level(ctx, 0);
    SSL_CTX_set_min_proto_version(ctx, TLS1_VERSION);
    // Expiry is judged by tls_rules.cpp in days; the chain verdict is about who signed.
    X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(ctx), X509_V_FLAG_NO_CHECK_TIME);
    const int loaded = caFile.empty() ? SSL_CTX_set_default_verify_paths(ctx)
                                      : SSL_CTX_load_verify_locations(ctx, caFile.c_str(), nullptr);
    if (loaded != 1) {
        throw std::runtime_error(fmt::format(
            "--ca-file '{}': no PEM certificate could be loaded ({})", caFile, opensslError()));
    }
}

TlsProber::~TlsProber() = default;

TlsOutcome TlsProber::probe(const std::string& address, std::uint16_t port,
                            const std::string& serverName,
                            std::chrono::milliseconds timeout) const {
    const auto start = Clock::now();
    const auto deadline = start + timeout;
    TlsOutcome o;
    const auto done = [&]() -> TlsOutcome {
        o.micros =
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - start).count();
        return o;
    };
    TcpResult tcp = tcpConnect(address, port, deadline);
    if (!tcp.fd) {
        o.error = tcp.error;
        o.errorText = tcp.errorText;
        return done();
    }
    SslPtr ssl(SSL_new(context_->ctx), SSL_free);
    SSL_set_fd(ssl.get(), tcp.fd.get());
    if (!serverName.empty() && !isIpv4Literal(serverName)) {
        // SSL_set_tlsext_host_name, without the macro's C cast.
        SSL_ctrl(ssl.get(), SSL_CTRL_SET_TLSEXT_HOSTNAME, TLSEXT_NAMETYPE_host_name,
                 const_cast<char*>(serverName.c_str()));
    }
    ERR_clear_error();
    for (;;) {
        const int rc = SSL_connect(ssl.get());
        if (rc == 1) {
            break;
        }
        const int e = SSL_get_error(ssl.get(), rc);
        if (e == SSL_ERROR_WANT_READ || e == SSL_ERROR_WANT_WRITE) {
            if (!waitFor(tcp.fd.get(), e == SSL_ERROR_WANT_READ ? POLLIN : POLLOUT, deadline)) {
                o.error = ConnectError::Stalled;
                o.errorText = fmt::format(
                    "TLS handshake did not finish within {} ms (server stalls)", timeout.count());
                return done();
            }
            continue;
        }
        if (e == SSL_ERROR_SYSCALL) {
            const int err = errno;
            o.error = classifySyscall(ERR_peek_error() == 0 ? err : -1);
            o.errorText = err == 0 || err == EPIPE ? "connection closed during the TLS handshake"
                          : err == ECONNRESET      ? "connection reset during the TLS handshake"
                                              : fmt::format("TLS handshake: {}", opensslError());
            ERR_clear_error();
            return done();
        }
        o.error = ConnectError::NotTls;
        o.errorText = fmt::format("TLS handshake failed: {}", opensslError());
        return done();
    }
    X509Ptr leaf(SSL_get1_peer_certificate(ssl.get()), X509_free);
    if (!leaf) {
        o.error = ConnectError::NotTls;
        o.errorText = "the server sent no certificate";
        return done();
    }
    o.protocol = SSL_get_version(ssl.get());
    o.cert = readFacts(ssl.get(), leaf.get());
    return done();
}

}  // namespace dhcplite::util::check
