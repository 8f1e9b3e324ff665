#pragma once
// The forgiving reader for hex as admins paste it (docs/design.md §12): whatever a blog post, a
// vendor manual, a router's config or a packet tool shows, read down to the bytes, with
// wire::parseHex doing the digits. Pure: text in, bytes (or one PastedHexError) out.
//
// Accepted, in any mix of case:
//  - everything parseHex takes (spaces, ':', '-', Cisco's dotted "010c.4d53", "0x" per group);
//  - line breaks and indentation anywhere, also inside a byte (a value wrapped at any column);
//  - byte lists: "0x00,0x04,0x6C", "00, 04, 6c", PowerShell's "[byte[]](0x0, 0x4, …)" / "@(…)",
//  also
//    inside a whole "Set-DhcpServerv4OptionValue … -Value ([byte[]](…))" command;
//  - surrounding quotes and a trailing ';' (ISC dhcpd's "option … 01:0c:…;");
//  - Cisco IOS lines "option 43 hex …" / "option ext 43 hex …" (several are joined, other config
//    lines of a pasted pool are skipped), the code checked against the expected one;
//  - MikroTik's "value=0x…" (with "code=N" checked when present);
//  - hex dumps from Wireshark, xxd and `tcpdump -X`: the offset column and the ASCII column are
//    dropped (a line is taken as a dump line only when its offsets follow on from the line before,
//    or its ASCII column matches its bytes).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "wire/bytes.hpp"
#include "wire/errors.hpp"

namespace dhcplite::wire {

struct PasteContext {
    std::string field;                   // "--option 43": starts every error message
    std::optional<unsigned> optionCode;  // the code a leading "option N hex" must name
};

struct PastedHex {
    Bytes bytes;
    std::string form;  // "hex", "byte list", "hex dump", "Cisco IOS option", "MikroTik value"
};

// A refusal of pasted text. what() puts the reason first, then where, then a short window of the
// input (never the whole paste): "--option 43: 'G' is not a hex digit at character 3 (line 1,
// column 3), near '01G2'". position() is 0-based into the whole pasted text.
class PastedHexError : public InputError {
public:
    PastedHexError(std::string reason, std::string_view text, std::size_t position,
                   std::string field);
    const char* what() const noexcept override { return message_.c_str(); }
    std::size_t line() const noexcept { return line_; }             // 1-based
    std::size_t column() const noexcept { return column_; }         // 1-based
    const std::string& window() const noexcept { return window_; }  // escaped, with "..." when cut

private:
    std::size_t line_ = 1;
    std::size_t column_ = 1;
    std::string window_;
    std::string message_;
};

// Throws PastedHexError for text that holds no bytes in any accepted form.
PastedHex readPastedHex(std::string_view text, const PasteContext& context = {});

// At most ~20 characters of `text` around `position`, escaped for a terminal.
std::string windowAround(std::string_view text, std::size_t position);

}  // namespace dhcplite::wire
