// Fuzz target "packet": wire::decodePacket on any bytes, and the encode round trip of whatever
// decodes. Properties:
//   - decoding throws nothing but WireError, with an offset inside the datagram;
//   - the DecodeReport agrees with the bytes (trailing junk really starts with a non-zero byte,
//     overload and option 52 agree, PAD/END never appear as options, one entry per code);
//   - encodePacket with generous limits accepts every decoded packet, and decoding that gives the
//     same Packet back. What encode legitimately normalises: RFC 3396 joins come back as one
//     value (split again at 255 bytes), PADs and bytes after END vanish, an END is always
//     written; with overload the file/sname fields were options and come back as zeros while
//     option 52 stays in the list, so the re-decode parses all-zero (PAD-only) fields;
//   - the re-encoded message is canonical: encoding it again gives the same bytes, and its fixed
//     header is the input's (but for overloaded file/sname);
//   - with the default limits (300..548) encode either fits or throws WireError, never more.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>

#include "fuzz_check.hpp"
#include "wire/bytes.hpp"
#include "wire/dhcp_constants.hpp"
#include "wire/errors.hpp"
#include "wire/packet.hpp"

namespace {

using namespace dhcplite;
using wire::Bytes;
using wire::ByteView;

constexpr wire::EncodeLimits kGenerous{0, std::size_t{1} << 24};

// Bytes one option takes once split into ≤ 255-byte instances (RFC 3396 §5).
std::size_t tlvSize(std::size_t n) {
    return n == 0 ? 2 : n + 2 * ((n + wire::kMaxOptionData - 1) / wire::kMaxOptionData);
}

void checkReport(ByteView in, const wire::DecodedPacket& decoded) {
    const wire::DecodeReport& r = decoded.report;
    const wire::Packet& p = decoded.packet;
    if (r.trailingBytes != 0) {
        FUZZ_CHECK(r.trailingOffset + r.trailingBytes == in.size(), "trailing {}+{} != size {}",
                   r.trailingOffset, r.trailingBytes, in.size());
        FUZZ_CHECK(in[r.trailingOffset] != 0, "trailing junk at {} starts with a zero",
                   r.trailingOffset);
    }
    FUZZ_CHECK(!(r.missingEnd && (r.trailingBytes != 0 || r.paddingBytes != 0)),
               "no END, yet bytes after END");
    FUZZ_CHECK(r.paddingBytes <= in.size() - wire::kOptionsOffset, "padding {} > options field",
               r.paddingBytes);
    FUZZ_CHECK(r.overload <= wire::kOverloadBoth, "overload {}", r.overload);
    const wire::Option* overload = p.options.find(wire::opt::Overload);
    if (r.overload != 0) {
        FUZZ_CHECK(overload != nullptr && overload->data == Bytes{r.overload},
                   "overload {} without option 52 = it", r.overload);
    } else {
        FUZZ_CHECK(overload == nullptr, "option 52 decoded but not honoured");
    }
    std::set<std::uint8_t> codes;
    for (const wire::Option& o : p.options.all()) {
        FUZZ_CHECK(o.code != wire::opt::Pad && o.code != wire::opt::End, "option {} in the list",
                   o.code);
        FUZZ_CHECK(codes.insert(o.code).second, "option {} listed twice", o.code);
    }
    for (const std::uint8_t joined : r.joinedCodes) {
        FUZZ_CHECK(codes.contains(joined), "joined code {} not in the list", joined);
    }
    const auto type = p.messageType();
    const wire::Option* mt = p.options.find(wire::opt::MessageType);
    FUZZ_CHECK(type.has_value() == (mt != nullptr && mt->data.size() == 1),
               "messageType() disagrees with option 53");
}

void checkRoundTrip(ByteView in, const wire::DecodedPacket& first) {
    const wire::Packet& p = first.packet;
    const Bytes again =
        wire::encodePacket(p, kGenerous);  // must not throw: nothing here is too big

    std::size_t expectedSize = wire::kOptionsOffset + 1;  // header, cookie, END
    for (const wire::Option& o : p.options.all()) expectedSize += tlvSize(o.data.size());
    FUZZ_CHECK(again.size() == expectedSize, "encoded {} bytes, expected {}", again.size(),
               expectedSize);

    // The fixed header comes back byte for byte; overloaded file/sname were options, now zeros.
    const bool fileWasOptions = (first.report.overload & wire::kOverloadFile) != 0;
    const bool snameWasOptions = (first.report.overload & wire::kOverloadSname) != 0;
    for (std::size_t i = 0; i < wire::kOptionsOffset; ++i) {
        const bool inFile = i >= wire::kFileOffset && i < wire::kFileOffset + wire::kFileSize;
        const bool inSname = i >= wire::kSnameOffset && i < wire::kSnameOffset + wire::kSnameSize;
        const std::uint8_t expected =
            (inFile && fileWasOptions) || (inSname && snameWasOptions) ? 0 : in[i];
        FUZZ_CHECK(again[i] == expected, "header byte {} is {:#04x}, expected {:#04x}", i, again[i],
                   expected);
    }

    const wire::DecodedPacket second = wire::decodePacket(again);  // must not throw
    FUZZ_CHECK(second.packet == p, "re-decoded packet differs ({} vs {} options)",
               second.packet.options.size(), p.options.size());
    FUZZ_CHECK(!second.report.missingEnd, "re-encoded message has no END");
    FUZZ_CHECK(second.report.trailingBytes == 0 && second.report.paddingBytes == 0,
               "bytes after END: {} + {}", second.report.paddingBytes, second.report.trailingBytes);
    FUZZ_CHECK(second.report.overload == first.report.overload, "overload {} became {}",
               first.report.overload, second.report.overload);
    // Only values over 255 bytes are split, so only they are joined again.
    std::set<std::uint8_t> longCodes;
    for (const wire::Option& o : p.options.all()) {
        if (o.data.size() > wire::kMaxOptionData) longCodes.insert(o.code);
    }
    const std::set<std::uint8_t> joined(second.report.joinedCodes.begin(),
                                        second.report.joinedCodes.end());
    FUZZ_CHECK(joined == longCodes, "re-decode joined {} codes, {} values are over 255 bytes",
               joined.size(), longCodes.size());
    FUZZ_CHECK(wire::encodePacket(second.packet, kGenerous) == again, "encoding is not canonical");

    // The default limits: the BOOTP minimum to the 548 every client takes; too big is a WireError.
    try {
        const Bytes limited = wire::encodePacket(p);
        FUZZ_CHECK(
            limited.size() >= wire::kBootpMinimum && limited.size() <= wire::kMinClientMessage,
            "default-limit encode gave {} bytes", limited.size());
        FUZZ_CHECK(std::equal(again.begin(), again.end(), limited.begin()),
                   "default-limit encode differs");
        FUZZ_CHECK(std::all_of(limited.begin() + static_cast<std::ptrdiff_t>(again.size()),
                               limited.end(), [](std::uint8_t b) { return b == 0; }),
                   "padding is not zeros");
    } catch (const wire::WireError&) {
        FUZZ_CHECK(again.size() > wire::kMinClientMessage,
                   "{} bytes rejected by the default limits", again.size());
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const ByteView in(data, size);
    wire::DecodedPacket decoded;
    try {
        decoded = wire::decodePacket(in);
    } catch (const wire::WireError& e) {
        FUZZ_CHECK(e.offset() <= size, "error offset {} past the datagram's {} bytes", e.offset(),
                   size);
        return 0;
    }
    checkReport(in, decoded);
    checkRoundTrip(in, decoded);
    return 0;
}
