// The JSON facade over nlohmann::ordered_json (json.hpp).
#include "util/json.hpp"

#include <cstddef>
#include <stdexcept>
#include <utility>

#include <nlohmann/json.hpp>

namespace dhcplite::util {

namespace {

using Json = nlohmann::ordered_json;

constexpr std::string_view kReplacement = "\xEF\xBF\xBD";  // U+FFFD, UTF-8

// Length of the valid UTF-8 sequence starting at text[i], or 0 if the bytes there are not one
// (RFC 3629 §4: no overlong forms, no surrogates, nothing above U+10FFFF).
std::size_t utf8SequenceLength(std::string_view text, std::size_t i) {
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(text[k]); };
    const unsigned char b0 = byte(i);
    std::size_t need = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    if (b0 >= 0xC2 && b0 <= 0xDF) {
        need = 1;
    } else if (b0 == 0xE0) {
        need = 2;
        lo = 0xA0;
    } else if (b0 >= 0xE1 && b0 <= 0xEC) {
        need = 2;
    } else if (b0 == 0xED) {
        need = 2;
        hi = 0x9F;  // no UTF-16 surrogates
    } else if (b0 >= 0xEE && b0 <= 0xEF) {
        need = 2;
    } else if (b0 == 0xF0) {
        need = 3;
        lo = 0x90;
    } else if (b0 >= 0xF1 && b0 <= 0xF3) {
        need = 3;
    } else if (b0 == 0xF4) {
        need = 3;
        hi = 0x8F;  // ≤ U+10FFFF
    } else {
        return 0;
    }
    if (text.size() - i - 1 < need) {
        return 0;
    }
    for (std::size_t k = 1; k <= need; ++k) {
        const unsigned char b = byte(i + k);
        const unsigned char min = k == 1 ? lo : 0x80;
        const unsigned char max = k == 1 ? hi : 0xBF;
        if (b < min || b > max) {
            return 0;
        }
    }
    return need + 1;
}

// nlohmann escapes the C0 controls but leaves DEL as it is; we escape it too, so a terminal
// showing the JSON never sees one. DEL occurs in dumped JSON only inside strings.
std::string dumped(const Json& json, int indent) {
    std::string out =
        json.dump(indent == 0 ? -1 : indent, ' ', false, Json::error_handler_t::replace);
    for (std::size_t at = out.find('\x7F'); at != std::string::npos; at = out.find('\x7F', at)) {
        out.replace(at, 1, "\\u007f");
    }
    return out;
}

}  // namespace

std::string validUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size());
    for (std::size_t i = 0; i < text.size();) {
        if (static_cast<unsigned char>(text[i]) < 0x80) {
            out.push_back(text[i++]);
            continue;
        }
        const std::size_t n = utf8SequenceLength(text, i);
        if (n == 0) {
            out += kReplacement;
            ++i;
        } else {
            out.append(text.substr(i, n));
            i += n;
        }
    }
    return out;
}

std::string jsonQuote(std::string_view text) { return dumped(Json(validUtf8(text)), 0); }

JsonWriter::JsonWriter(int indent)
    : root_(std::make_unique<Json>()), indent_(indent < 0 ? 0 : indent) {}
JsonWriter::~JsonWriter() = default;
JsonWriter::JsonWriter(JsonWriter&&) noexcept = default;
JsonWriter& JsonWriter::operator=(JsonWriter&&) noexcept = default;

JsonWriter& JsonWriter::add(Json v) {
    Json* placed = nullptr;
    if (stack_.empty()) {
        if (started_) {
            throw std::logic_error("JsonWriter: a second top-level value");
        }
        started_ = true;
        *root_ = std::move(v);
        placed = root_.get();
    } else if (stack_.back()->is_object()) {
        if (!key_) {
            throw std::logic_error("JsonWriter: value in an object without a key");
        }
        placed = &((*stack_.back())[*key_] = std::move(v));
        key_.reset();
    } else {
        stack_.back()->push_back(std::move(v));
        placed = &stack_.back()->back();
    }
    if (placed->is_structured()) {
        stack_.push_back(placed);
    }
    return *this;
}

JsonWriter& JsonWriter::key(std::string_view name) {
    if (stack_.empty() || !stack_.back()->is_object() || key_) {
        throw std::logic_error("JsonWriter: key outside an object");
    }
    std::string k = validUtf8(name);
    if (stack_.back()->contains(k)) {
        throw std::logic_error("JsonWriter: a key written twice in one object");
    }
    key_ = std::move(k);
    return *this;
}

JsonWriter& JsonWriter::beginObject() { return add(Json::object()); }
JsonWriter& JsonWriter::beginArray() { return add(Json::array()); }

JsonWriter& JsonWriter::endObject() {
    if (stack_.empty() || !stack_.back()->is_object() || key_) {
        throw std::logic_error("JsonWriter: endObject without a matching beginObject");
    }
    stack_.pop_back();
    return *this;
}

JsonWriter& JsonWriter::endArray() {
    if (stack_.empty() || !stack_.back()->is_array()) {
        throw std::logic_error("JsonWriter: endArray without a matching beginArray");
    }
    stack_.pop_back();
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) { return add(Json(validUtf8(text))); }
JsonWriter& JsonWriter::value(bool b) { return add(Json(b)); }
JsonWriter& JsonWriter::value(std::nullptr_t) { return add(Json(nullptr)); }
JsonWriter& JsonWriter::integer(long long n) { return add(Json(n)); }
JsonWriter& JsonWriter::unsignedInteger(unsigned long long n) { return add(Json(n)); }

JsonWriter& JsonWriter::stringArray(std::string_view name, const std::vector<std::string>& items) {
    key(name);
    beginArray();
    for (const auto& item : items) {
        value(item);
    }
    return endArray();
}

std::string JsonWriter::str() const { return started_ ? dumped(*root_, indent_) : std::string(); }

std::string JsonWriter::finish() {
    if (!started_ || !stack_.empty()) {
        throw std::logic_error("JsonWriter: document is not complete");
    }
    return dumped(*root_, indent_) + "\n";
}

}  // namespace dhcplite::util
