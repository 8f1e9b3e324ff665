#include "util/json.hpp"

#include <cstddef>
#include <stdexcept>

#include <fmt/format.h>

namespace dhcplite::util {

namespace {

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

}  // namespace

std::string jsonQuote(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out.push_back('"');
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c < 0x80) {
            switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\b': out += "\\b"; break;
            case '\f': out += "\\f"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (c < 0x20 || c == 0x7F) {
                    out += fmt::format("\\u{:04x}", c);
                } else {
                    out.push_back(static_cast<char>(c));
                }
            }
            ++i;
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
    out.push_back('"');
    return out;
}

void JsonWriter::newline() {
    if (indent_ == 0) {
        return;
    }
    out_.push_back('\n');
    out_.append(stack_.size() * static_cast<std::size_t>(indent_), ' ');
}

void JsonWriter::beforeValue() {
    if (done_) {
        throw std::logic_error("JsonWriter: a second top-level value");
    }
    if (stack_.empty()) {
        return;
    }
    Level& top = stack_.back();
    if (top.kind == Kind::Object) {
        if (!afterKey_) {
            throw std::logic_error("JsonWriter: value in an object without a key");
        }
        afterKey_ = false;
        return;
    }
    if (!top.empty) {
        out_.push_back(',');
    }
    top.empty = false;
    newline();
}

JsonWriter& JsonWriter::key(std::string_view name) {
    if (stack_.empty() || stack_.back().kind != Kind::Object || afterKey_) {
        throw std::logic_error("JsonWriter: key outside an object");
    }
    Level& top = stack_.back();
    if (!top.empty) {
        out_.push_back(',');
    }
    top.empty = false;
    newline();
    out_ += jsonQuote(name);
    out_ += indent_ == 0 ? ":" : ": ";
    afterKey_ = true;
    return *this;
}

JsonWriter& JsonWriter::beginObject() {
    beforeValue();
    out_.push_back('{');
    stack_.push_back({Kind::Object});
    return *this;
}

JsonWriter& JsonWriter::beginArray() {
    beforeValue();
    out_.push_back('[');
    stack_.push_back({Kind::Array});
    return *this;
}

JsonWriter& JsonWriter::endObject() {
    if (stack_.empty() || stack_.back().kind != Kind::Object || afterKey_) {
        throw std::logic_error("JsonWriter: endObject without a matching beginObject");
    }
    const bool empty = stack_.back().empty;
    stack_.pop_back();
    if (!empty) {
        newline();
    }
    out_.push_back('}');
    done_ = stack_.empty();
    return *this;
}

JsonWriter& JsonWriter::endArray() {
    if (stack_.empty() || stack_.back().kind != Kind::Array) {
        throw std::logic_error("JsonWriter: endArray without a matching beginArray");
    }
    const bool empty = stack_.back().empty;
    stack_.pop_back();
    if (!empty) {
        newline();
    }
    out_.push_back(']');
    done_ = stack_.empty();
    return *this;
}

JsonWriter& JsonWriter::value(std::string_view text) {
    beforeValue();
    out_ += jsonQuote(text);
    done_ = stack_.empty();
    return *this;
}

JsonWriter& JsonWriter::value(bool b) {
    return number(b ? "true" : "false");
}

JsonWriter& JsonWriter::value(std::nullptr_t) {
    return number("null");
}

JsonWriter& JsonWriter::number(const std::string& digits) {
    beforeValue();
    out_ += digits;
    done_ = stack_.empty();
    return *this;
}

JsonWriter& JsonWriter::stringArray(std::string_view name, const std::vector<std::string>& items) {
    key(name);
    beginArray();
    for (const auto& item : items) {
        value(item);
    }
    return endArray();
}

std::string JsonWriter::finish() {
    if (!done_ || !stack_.empty()) {
        throw std::logic_error("JsonWriter: document is not complete");
    }
    return out_ + "\n";
}

}  // namespace dhcplite::util
