// Fuzz target "text": the parsers for what admins type (wire/hex.hpp, dns_name.hpp, address.hpp),
// each run on the same text. They feed the config loader and every dhcputil command line, so
// the same contract holds: a bad value is an InputError (one line, a position inside the value),
// never anything else; a good value survives its own formatter:
//   - parseHex: non-empty, at most one byte per two characters; toHex (with and without
//     separators) parses back to the same bytes;
//   - validateFqdn / encodeDnsName: ≤ 255 octets on the wire, and decodeDnsName reads the
//     encoding back as the name without its trailing dot;
//   - Ipv4, Cidr, MacAddress: parse(toString(x)) == x;
//   - escapeForDisplay: printable ASCII only, at most 4 characters per byte;
//   - readPastedHex (wire/pasted_hex.hpp): a PastedHexError whose one line shows at most a short
//     window of the input, or bytes that parse back from toHex.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <string>
#include <string_view>
#include <typeinfo>

#include "fuzz_check.hpp"
#include "wire/address.hpp"
#include "wire/bytes.hpp"
#include "wire/dns_name.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"
#include "wire/pasted_hex.hpp"

namespace {

using namespace dhcplite;

// Runs `f`; true if it returned, false for an InputError (checked), a finding for anything else.
template <typename F>
bool onlyInputError(const char* what, std::string_view text, F&& f) {
    try {
        f();
        return true;
    } catch (const wire::InputError& e) {
        const std::string message = e.what();
        FUZZ_CHECK(message.find('\n') == std::string::npos, "{}: message is not one line: {}", what,
                   message);
        FUZZ_CHECK(e.position() <= e.value().size(),
                   "{}: position {} outside the {}-character value", what, e.position(),
                   e.value().size());
        FUZZ_CHECK(e.value().size() <= text.size(), "{}: value longer than the input", what);
        return false;
    } catch (const std::exception& e) {
        FUZZ_CHECK(false, "{} threw {} (not InputError): {}", what, typeid(e).name(), e.what());
    }
    return false;
}

bool printable(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= 0x20 && c < 0x7F; });
}

void checkHex(std::string_view text) {
    wire::Bytes bytes;
    if (!onlyInputError("parseHex", text, [&] { bytes = wire::parseHex(text); })) return;
    FUZZ_CHECK(!bytes.empty(), "parseHex accepted '{}' as no bytes", wire::escapeForDisplay(text));
    FUZZ_CHECK(bytes.size() <= text.size() / 2, "{} bytes from {} characters", bytes.size(),
               text.size());
    const std::string plain = wire::toHex(bytes);
    FUZZ_CHECK(plain.size() == 2 * bytes.size() && printable(plain), "toHex gave '{}'", plain);
    FUZZ_CHECK(wire::parseHex(plain) == bytes, "toHex does not parse back");
    FUZZ_CHECK(wire::parseHex(wire::toHex(bytes, ':')) == bytes,
               "toHex with ':' does not parse back");
}

void checkPastedHex(std::string_view text) {
    wire::PastedHex pasted;
    if (!onlyInputError("readPastedHex", text, [&] {
            pasted = wire::readPastedHex(text, {"--option 43", 43});
        })) {
        try {
            wire::readPastedHex(text);
        } catch (const wire::PastedHexError& e) {
            FUZZ_CHECK(e.window().size() <= 4 * 20 + 6, "window of {} characters",
                       e.window().size());
        } catch (const wire::InputError&) {}
        return;
    }
    FUZZ_CHECK(!pasted.bytes.empty(), "readPastedHex accepted '{}' as no bytes",
               wire::escapeForDisplay(text));
    FUZZ_CHECK(pasted.bytes.size() <= text.size() / 2, "{} bytes from {} characters",
               pasted.bytes.size(), text.size());
    FUZZ_CHECK(wire::readPastedHex(wire::toHex(pasted.bytes)).bytes == pasted.bytes,
               "toHex does not read back");
}

void checkFqdn(std::string_view text) {
    if (!onlyInputError("validateFqdn", text, [&] { wire::validateFqdn(text); })) return;
    const wire::Bytes encoded = wire::encodeDnsName(text);  // must not throw: validated above
    FUZZ_CHECK(encoded.size() <= wire::kMaxNameWire, "{} octets on the wire", encoded.size());
    std::size_t next = 0;
    const std::string back = wire::decodeDnsName(encoded, 0, next);
    std::string_view expected = text;
    if (expected.ends_with('.')) expected.remove_suffix(1);
    FUZZ_CHECK(back == expected && next == encoded.size(), "'{}' decodes as '{}'",
               wire::escapeForDisplay(text), wire::escapeForDisplay(back));
}

template <typename T>
void checkAddress(const char* what, std::string_view text) {
    T value;
    if (!onlyInputError(what, text, [&] { value = T::parse(text); })) return;
    const std::string shown = value.toString();
    T again;
    if (!onlyInputError(what, shown, [&] { again = T::parse(shown); })) {
        FUZZ_CHECK(false, "{}: '{}' does not parse back", what, shown);
    }
    FUZZ_CHECK(again == value, "{}: '{}' parses back as '{}'", what, shown, again.toString());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    checkHex(text);
    checkPastedHex(text);
    checkFqdn(text);
    checkAddress<wire::Ipv4>("Ipv4::parse", text);
    checkAddress<wire::Cidr>("Cidr::parse", text);
    checkAddress<wire::MacAddress>("MacAddress::parse", text);
    const std::string shown = wire::escapeForDisplay(text);
    FUZZ_CHECK(printable(shown) && shown.size() <= 4 * size,
               "escapeForDisplay gave {} characters for {} bytes", shown.size(), size);
    return 0;
}
