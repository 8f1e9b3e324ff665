// Fuzz target "pasted": the readers of pasted text (docs/design.md §12): wire::readPastedHex, the
// forgiving hex reader behind every `decode`/`diagnose` value and `--option`, and
// util::readPastedBlock, which finds the values in a pasted DHCPUtil block or DHCPConfigScript.bat
// line. The first byte picks what runs: bits 0-1 the option code the paste must name (none, 43,
// 120, 43), bit 2 the block reader instead of the hex reader; the rest is the text. Properties:
//   - a refusal is a PastedHexError (an InputError) and nothing else: one line, starting with the
//     field, a 1-based line and column inside the text, a short window (never the whole paste);
//   - accepted hex is non-empty, its form one of the documented ones, and the bytes come back
//     the same when pasted again in the plain, spaced, byte-list and (with a code) Cisco IOS
//     forms;
//   - a block's values are options 120 or 43 (sub-options only of 43), each at a line of the
//     text, with a known layout; each value's bytes re-read as plain hex.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <typeinfo>

#include <fmt/format.h>

#include "fuzz_check.hpp"
#include "inspect/pasted_block.hpp"
#include "wire/bytes.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"
#include "wire/pasted_hex.hpp"

namespace {

using namespace dhcplite;

constexpr std::size_t kMaxWindow =
    4 * 32 + 6;  // ~20 characters, each escaped to ≤ 4, and "..." twice

std::size_t lineCount(std::string_view text) {
    return 1 + static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

void checkRefusal(const wire::PastedHexError& e, std::string_view text, const std::string& field) {
    const std::string what = e.what();
    FUZZ_CHECK(what.find('\n') == std::string::npos && what.find('\r') == std::string::npos,
               "message is not one line: {}", what);
    FUZZ_CHECK(field.empty() || what.starts_with(field + ": "),
               "message does not start with '{}': {}", field, what);
    FUZZ_CHECK(e.line() >= 1 && e.line() <= lineCount(text) && e.column() >= 1,
               "line {} column {} of {} lines", e.line(), e.column(), lineCount(text));
    FUZZ_CHECK(e.window().size() <= kMaxWindow, "window of {} characters", e.window().size());
}

// Runs `f`, true if it returned; a PastedHexError is checked, anything else is a finding.
template <typename F>
bool onlyPastedHexError(std::string_view text, const std::string& field, F&& f) {
    try {
        f();
        return true;
    } catch (const wire::PastedHexError& e) {
        checkRefusal(e, text, field);
    } catch (const std::exception& e) {
        FUZZ_CHECK(false, "threw {} (not PastedHexError): {}", typeid(e).name(), e.what());
    }
    return false;
}

wire::Bytes reread(const std::string& text, const wire::PasteContext& context, const char* form) {
    try {
        return wire::readPastedHex(text, context).bytes;
    } catch (const wire::InputError& e) {
        FUZZ_CHECK(false, "the {} form of accepted bytes is refused: {}", form, e.what());
    }
    return {};
}

std::string byteList(wire::ByteView bytes) {
    std::string out;
    for (const std::uint8_t b : bytes) out += fmt::format("{}0x{:02X}", out.empty() ? "" : ", ", b);
    return out;
}

// "option 43 hex 010c.4d53.2d" as Cisco IOS shows it: groups of two bytes joined by dots.
std::string ciscoLine(unsigned code, wire::ByteView bytes) {
    std::string hex = wire::toHex(bytes), dotted;
    for (std::size_t i = 0; i < hex.size(); i += 4)
        dotted += (i == 0 ? "" : ".") + hex.substr(i, 4);
    return fmt::format("option {} hex {}", code, dotted);
}

void checkHex(std::string_view text, const wire::PasteContext& context) {
    static const std::set<std::string> kForms{"hex", "byte list", "hex dump", "Cisco IOS option",
                                              "MikroTik value"};
    wire::PastedHex got;
    if (!onlyPastedHexError(text, context.field, [&] { got = wire::readPastedHex(text, context); }))
        return;
    FUZZ_CHECK(!got.bytes.empty(), "accepted as no bytes");
    FUZZ_CHECK(kForms.contains(got.form), "unknown form '{}'", got.form);
    const wire::Bytes& b = got.bytes;
    FUZZ_CHECK(reread(wire::toHex(b), context, "plain") == b, "plain hex reads back differently");
    FUZZ_CHECK(reread(wire::toHex(b, ' '), context, "spaced") == b,
               "spaced hex reads back differently");
    FUZZ_CHECK(reread(byteList(b), context, "byte list") == b,
               "the byte list reads back differently");
    if (context.optionCode) {
        FUZZ_CHECK(reread(ciscoLine(*context.optionCode, b), context, "Cisco IOS") == b,
                   "the Cisco IOS line reads back differently");
    }
}

void checkBlock(std::string_view text) {
    std::optional<util::PastedBlock> block;
    if (!onlyPastedHexError(text, "", [&] { block = util::readPastedBlock(text); })) return;
    if (!block) return;
    static const std::set<std::string> kLayouts{
        "Lync 2010 DHCPUtil output", "SfB 2015 DHCPUtil output", "DHCPConfigScript.bat line"};
    FUZZ_CHECK(kLayouts.contains(block->layout), "unknown layout '{}'", block->layout);
    for (const util::PastedValue& v : block->values) {
        FUZZ_CHECK(v.option == 120 || v.option == 43, "value for option {}", v.option);
        FUZZ_CHECK(!v.subOption || v.option == 43, "a sub-option of option {}", v.option);
        FUZZ_CHECK(v.line >= 1 && v.line <= lineCount(text), "value at line {} of {}", v.line,
                   lineCount(text));
        if (!v.bytes.empty()) {
            FUZZ_CHECK(reread(wire::toHex(v.bytes), {}, "plain") == v.bytes,
                       "value at line {} reads back differently", v.line);
        }
    }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) {
        return 0;
    }
    const std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
    if ((data[0] & 4) != 0) {
        checkBlock(text);
        return 0;
    }
    wire::PasteContext context;
    switch (data[0] & 3) {
    case 0: break;
    case 2: context = {"--option 120", 120}; break;
    default: context = {"--option 43", 43}; break;
    }
    checkHex(text, context);
    return 0;
}
