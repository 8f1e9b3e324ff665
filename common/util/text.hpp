#pragma once
// Small text helpers both programs share, so that each exists once.
#include <string>
#include <string_view>
#include <vector>

namespace dhcplite::util {

// ASCII only: 'A'..'Z' become 'a'..'z', every other byte stays (no locale, so a UTF-8 name or a
// packet byte is never changed).
constexpr char asciiLower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

inline std::string asciiLower(std::string_view text) {
    std::string out(text);
    for (char& c : out) c = asciiLower(c);
    return out;
}

// The items with `separator` between them; `spell` turns each into text first (e.g. escaping).
// Empty items at the start add no separator (the output so far is empty).
template <class Items, class Spell>
std::string joined(const Items& items, std::string_view separator, Spell spell) {
    std::string out;
    for (const auto& item : items) {
        if (!out.empty()) out += separator;
        out += spell(item);
    }
    return out;
}

template <class Items>
std::string joined(const Items& items, std::string_view separator = ", ") {
    return joined(
        items, separator, [](const auto& item) -> const auto& { return item; });
}

}  // namespace dhcplite::util
