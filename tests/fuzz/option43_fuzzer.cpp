// Fuzz target "option43": wire::decodeSubOptions (RFC 2132 §8.4 vendor sub-options) on any option
// value. Properties:
//   - decoding throws nothing but WireError, with an offset inside the value;
//   - every sub-option is where its offset says, in wire order, never code 0 or 255, and the
//     sub-options, PADs, END and what follows END account for every byte;
//   - encodeSubOptions gives the value back modulo PAD and END: exactly the sub-options' own
//     bytes, which decode again to the same sub-options with no PAD and no END;
//   - the MS-UC-Client view (names of codes 1..5, the certificate-provisioning URL) works on any
//     decoded value.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

#include "fuzz_check.hpp"
#include "wire/bytes.hpp"
#include "wire/errors.hpp"
#include "wire/option43.hpp"

namespace {

using namespace dhcplite;
using wire::Bytes;
using wire::ByteView;

std::string subText(const wire::SubOptions& subs, std::uint8_t code) {
    for (const wire::SubOption& s : subs.items) {
        if (s.code == code) return wire::toString(s.data);
    }
    return {};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView in(data, size);
    wire::SubOptions subs;
    try {
        subs = wire::decodeSubOptions(in);
    } catch (const wire::WireError& e) {
        FUZZ_CHECK(e.offset() <= size, "error offset {} past the value's {} bytes", e.offset(),
                   size);
        return 0;
    }

    Bytes expected;  // the value without PADs, END and what follows END
    std::size_t accounted = subs.padCount + (subs.trailingEnd ? 1 + subs.bytesAfterEnd : 0);
    std::size_t previousEnd = 0;
    for (const wire::SubOption& s : subs.items) {
        FUZZ_CHECK(s.code != 0 && s.code != 255, "sub-option code {}", s.code);
        FUZZ_CHECK(s.offset >= previousEnd, "sub-option {} at {} overlaps the previous one", s.code,
                   s.offset);
        FUZZ_CHECK(s.offset + 2 + s.data.size() <= size, "sub-option {} at {} runs past the value",
                   s.code, s.offset);
        FUZZ_CHECK(in[s.offset] == s.code && in[s.offset + 1] == s.data.size(),
                   "sub-option {} not at offset {}", s.code, s.offset);
        const ByteView wireData = in.subspan(s.offset + 2, s.data.size());
        FUZZ_CHECK(std::equal(wireData.begin(), wireData.end(), s.data.begin(), s.data.end()),
                   "sub-option {} data differs from the wire", s.code);
        expected.insert(expected.end(), in.begin() + static_cast<std::ptrdiff_t>(s.offset),
                        in.begin() + static_cast<std::ptrdiff_t>(s.offset + 2 + s.data.size()));
        previousEnd = s.offset + 2 + s.data.size();
        accounted += 2 + s.data.size();
    }
    FUZZ_CHECK(accounted == size, "{} of {} bytes accounted for", accounted, size);
    if (subs.trailingEnd) {
        FUZZ_CHECK(in[size - subs.bytesAfterEnd - 1] == 255, "END not where bytesAfterEnd says");
    }

    const Bytes again = wire::encodeSubOptions(subs.items);  // must not throw: each ≤ 255 bytes
    FUZZ_CHECK(again == expected, "re-encoded {} bytes, expected {}", again.size(),
               expected.size());
    const wire::SubOptions back = wire::decodeSubOptions(again);
    FUZZ_CHECK(back.items == subs.items, "sub-options do not round-trip");
    FUZZ_CHECK(back.padCount == 0 && !back.trailingEnd && back.bytesAfterEnd == 0,
               "encoding added PAD or END");

    for (const wire::SubOption& s : subs.items) {
        const bool named = wire::msuc::subOptionName(s.code).has_value();
        FUZZ_CHECK(named == (s.code >= 1 && s.code <= 5), "name of sub-option {}", s.code);
    }
    const std::string scheme = subText(subs, wire::msuc::UrlScheme);
    const std::string web = subText(subs, wire::msuc::WebServerFqdn);
    const std::string port = subText(subs, wire::msuc::WebServerPort);
    const std::string path = subText(subs, wire::msuc::CertProvRelPath);
    const std::string url = wire::certProvisioningUrl(scheme, web, port, path);
    // <scheme>://<web>:<port><path>, the parts verbatim (docs/design.md §2.4).
    FUZZ_CHECK(url == scheme + "://" + web + ":" + port + path, "URL '{}'", url);
    return 0;
}
