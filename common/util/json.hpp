#pragma once
// A small streaming JSON writer (RFC 8259) for the tools' --json output. Every string goes through
// one escaper, so untrusted bytes from packets (quotes, control characters, invalid UTF-8) always
// give valid JSON.
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

namespace dhcplite::util {

// `text` as a JSON string literal, quotes included. '"', '\\' and control characters are escaped
// (RFC 8259 §7); valid UTF-8 sequences pass through; each byte that is not part of a valid UTF-8
// sequence becomes U+FFFD, so the output is always valid UTF-8.
std::string jsonQuote(std::string_view text);

class JsonWriter {
public:
    // indent 0: compact, one line. Otherwise pretty-printed with that many spaces per level.
    explicit JsonWriter(int indent = 2) : indent_(indent < 0 ? 0 : indent) {}

    JsonWriter& beginObject();
    JsonWriter& endObject();
    JsonWriter& beginArray();
    JsonWriter& endArray();
    // Inside an object: the next value's key.
    JsonWriter& key(std::string_view name);

    JsonWriter& value(std::string_view text);
    JsonWriter& value(const char* text) { return value(std::string_view(text)); }
    JsonWriter& value(const std::string& text) { return value(std::string_view(text)); }
    JsonWriter& value(bool b);
    JsonWriter& value(std::nullptr_t);
    template <std::integral T>
        requires(!std::same_as<T, bool> && !std::same_as<T, char>)
    JsonWriter& value(T n) {
        if constexpr (std::is_signed_v<T>) {
            return number(std::to_string(static_cast<long long>(n)));
        } else {
            return number(std::to_string(static_cast<unsigned long long>(n)));
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

    // The document so far. Complete once every begin has its end (throws std::logic_error from
    // finish() otherwise); finish() adds a final newline.
    const std::string& str() const noexcept { return out_; }
    std::string finish();

private:
    enum class Kind { Object, Array };
    struct Level {
        Kind kind;
        bool empty = true;
    };

    JsonWriter& number(const std::string& digits);
    void beforeValue();
    void newline();

    std::string out_;
    std::vector<Level> stack_;
    int indent_ = 2;
    bool afterKey_ = false;
    bool done_ = false;  // a top-level value has been completed
};

}  // namespace dhcplite::util
