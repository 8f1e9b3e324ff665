// Fuzz target "option120": wire::decodeSipServers (RFC 3361) on any option value, RFC 1035
// compression included, and the round trip of what decodes. Properties:
//   - decoding throws nothing but WireError, with an offset inside the value;
//   - enc 1: 4 bytes per address, and encoding the addresses gives the value back exactly;
//   - enc 0: at least one name, none empty, none longer than a 255-octet wire name allows;
//     names that are valid host names encode (we never compress) and decode back to the same
//     names without compression; when the input used no compression (and no label can contain
//     a '.', which would split into two labels) the encoding is the input itself;
//   - escapeForDisplay makes every decoded name printable ASCII.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.hpp"
#include "wire/bytes.hpp"
#include "wire/dns_name.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"
#include "wire/option120.hpp"

namespace {

using namespace dhcplite;
using wire::Bytes;
using wire::ByteView;

void checkAddresses(ByteView in, const wire::SipServers& sip) {
    FUZZ_CHECK(sip.names.empty() && !sip.addresses.empty(), "enc 1 with {} names, {} addresses",
               sip.names.size(), sip.addresses.size());
    FUZZ_CHECK(sip.addresses.size() * 4 + 1 == in.size(), "{} addresses from {} bytes",
               sip.addresses.size(), in.size());
    const Bytes again = wire::encodeSipServers(sip);
    FUZZ_CHECK(std::equal(again.begin(), again.end(), in.begin(), in.end()),
               "enc 1 does not round-trip");
}

void checkNames(ByteView in, const wire::SipServers& sip) {
    FUZZ_CHECK(sip.addresses.empty() && !sip.names.empty(), "enc 0 with {} names, {} addresses",
               sip.names.size(), sip.addresses.size());
    for (const std::string& name : sip.names) {
        FUZZ_CHECK(!name.empty(), "an empty name was returned");
        // 255 wire octets = labels + their length bytes + root: at most 253 characters of text.
        FUZZ_CHECK(name.size() <= wire::kMaxNameWire - 2, "name of {} characters", name.size());
        const std::string shown = wire::escapeForDisplay(name);
        FUZZ_CHECK(
            std::all_of(shown.begin(), shown.end(), [](char c) { return c >= 0x20 && c < 0x7F; }),
            "escaped name is not printable");
    }
    Bytes again;
    try {
        again = wire::encodeSipServers(sip);
    } catch (const wire::InputError&) {
        return;  // a name with bytes a host name may not have: legal on the wire, not ours to send
    }
    const wire::SipServers back = wire::decodeSipServers(again);  // must not throw
    FUZZ_CHECK(back.names.size() == sip.names.size(), "{} names came back as {}", sip.names.size(),
               back.names.size());
    for (std::size_t i = 0; i < back.names.size(); ++i) {
        // A last label ending in '.' reads as a trailing dot, which a host name may have and its
        // encoding drops; any other '.' inside a label encodes as two labels, the same text.
        std::string_view name = sip.names[i];
        if (name.ends_with('.')) name.remove_suffix(1);
        FUZZ_CHECK(back.names[i] == name, "'{}' came back as '{}'",
                   wire::escapeForDisplay(sip.names[i]), wire::escapeForDisplay(back.names[i]));
    }
    FUZZ_CHECK(!back.usedCompression, "our encoding used compression");
    const bool dotInside = std::find(in.begin(), in.end(), std::uint8_t{'.'}) != in.end();
    if (!sip.usedCompression && !dotInside) {
        FUZZ_CHECK(std::equal(again.begin(), again.end(), in.begin(), in.end()),
                   "uncompressed value does not re-encode to itself ({} vs {} bytes)", again.size(),
                   in.size());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView in(data, size);
    wire::SipServers sip;
    try {
        sip = wire::decodeSipServers(in);
    } catch (const wire::WireError& e) {
        FUZZ_CHECK(e.offset() <= size, "error offset {} past the value's {} bytes", e.offset(),
                   size);
        return 0;
    }
    if (sip.encoding == wire::SipEncoding::Addresses) {
        FUZZ_CHECK(in[0] == 1, "enc byte {} decoded as addresses", in[0]);
        checkAddresses(in, sip);
    } else {
        FUZZ_CHECK(in[0] == 0, "enc byte {} decoded as names", in[0]);
        checkNames(in, sip);
    }
    return 0;
}
