#pragma once
// JSON output (RFC 8259) for the tools' --json, on nlohmann-json: a streaming facade that builds an
// ordered document (keys stay in the order written) and dumps it at the end. Every string is made
// valid UTF-8 first, so untrusted bytes from packets (quotes, control characters, invalid UTF-8)
// always give valid JSON (docs/design.md §6).
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace dhcplite::util {

// `text` as valid UTF-8: valid sequences pass through, each byte that is not part of one (RFC
// 3629 §4: no overlong forms, no surrogates, nothing above U+10FFFF) becomes U+FFFD.
std::string validUtf8(std::string_view text);

// `text` as a JSON string literal, quotes included. '"', '\\' and control characters (and DEL)
// are escaped (RFC 8259 §7); invalid UTF-8 is replaced as validUtf8 does.
std::string jsonQuote(std::string_view text);

class JsonWriter {
public:
    // indent 0: compact, one line. Otherwise pretty-printed with that many spaces per level.
    explicit JsonWriter(int indent = 2);
    ~JsonWriter();
    JsonWriter(JsonWriter&&) noexcept;
    JsonWriter& operator=(JsonWriter&&) noexcept;

    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    // Inside an object: the next value's key (each key once per object).
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
    JsonWriter& value(bool b);
    JsonWriter& value(std::nullptr_t);
    template <std::integral T>
    requires(!std::same_as<T, bool> && !std::same_as<T, char>) JsonWriter& value(T n) {
        if constexpr (std::is_signed_v<T>) {
            return integer(static_cast<long long>(n));
        } else {
            return unsignedInteger(static_cast<unsigned long long>(n));
        }
    }

    // key + value in one call.
    template <typename T>
    JsonWriter& field(std::string_view name, const T& v) {
        key(name);
        return value(v);
    }
    JsonWriter& field(std::string_view name, const char* v) {
        key(name);
        return value(v);
    }
    // An array of strings.
    JsonWriter& stringArray(std::string_view name, const std::vector<std::string>& items);

    // The document so far, as text. Complete once every begin has its end (throws
    // std::logic_error from finish() otherwise); finish() adds a final newline.
    std::string str() const;
    std::string finish();
    // The document itself (complete or not), e.g. to embed it or to parse it back.
    const nlohmann::ordered_json& document() const noexcept { return *root_; }

private:
    JsonWriter& integer(long long n);
    JsonWriter& unsignedInteger(unsigned long long n);
    JsonWriter& add(nlohmann::ordered_json v);  // places a value where the writer stands

    std::unique_ptr<nlohmann::ordered_json> root_;
    std::vector<nlohmann::ordered_json*> stack_;  // the open containers, innermost last
    std::optional<std::string> key_;  // inside an object: the key given for the next value
    int indent_ = 2;
    bool started_ = false;  // a top-level value has been begun
};

}  // namespace dhcplite::util
