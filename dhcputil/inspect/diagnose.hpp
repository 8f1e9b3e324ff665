#pragma once
// Recognising the classic admin mistakes in options 120 and 43 (docs/design.md §12) and the decode
// report's findings, each with what is wrong, where, and the fix. Shared by `decode` and
// `emulate-client`, which adds its own findings about whole exchanges.
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "util/json.hpp"
#include "wire/bytes.hpp"
#include "wire/packet.hpp"

namespace dhcplite::util {

enum class Severity {
    Note,     // worth knowing, harmless (compression used, a trailing END...)
    Warning,  // suspicious; some phones or servers may trip on it
    Error,    // a phone will not get a working value from this
};

struct Finding {
    Severity severity = Severity::Note;
    std::string id;       // stable identifier for scripts and tests, e.g. "option120-plain-text"
    std::string message;  // one line: what is wrong and where
    std::string fix;      // one line: what to send instead (often the correct hex); may be empty
};

// Option 120's value (enc byte first). An empty value yields nothing (a request's placeholder).
std::vector<Finding> diagnoseOption120(wire::ByteView value);
// Option 43's value; `msUc` says it is for MS-UC-Client (sub-options 1..5 are checked).
std::vector<Finding> diagnoseOption43(wire::ByteView value, bool msUc = true);
// Both options in a message, as the describer interprets them (contextFor()).
std::vector<Finding> diagnoseOptions(const wire::OptionList& options);
// What the packet decoder tolerated: missing END, trailing bytes, joined options, overload.
std::vector<Finding> diagnoseReport(const wire::DecodeReport& report);
std::vector<Finding> diagnosePacket(const wire::DecodedPacket& decoded);

bool hasErrors(const std::vector<Finding>& findings);
std::string_view severityName(Severity s);  // "note", "warning", "error"

// "hint: <message>; <fix>" for warnings and errors, "note: <message>" for notes; one per line.
std::string renderFindings(const std::vector<Finding>& findings);
// An array of {severity, id, message, fix} under `key`.
void writeFindingsJson(JsonWriter& json, std::string_view key,
                       const std::vector<Finding>& findings);

}  // namespace dhcplite::util
