// How the writer spells values in YAML (yaml_text.hpp).
#include "config/yaml_text.hpp"

#include <fmt/format.h>

namespace dhcplite::config::detail {

std::string quote(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out.push_back('"');
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (ch == '"' || ch == '\\') {
            out.push_back('\\');
            out.push_back(ch);
        } else if (c < 0x20 || c == 0x7F) {
            out += fmt::format("\\x{:02X}", c);
        } else {
            out.push_back(ch);
        }
    }
    out.push_back('"');
    return out;
}

std::string quotedList(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i != 0) out += ", ";
        out += quote(items[i]);
    }
    return out + "]";
}

std::string plainList(const std::vector<std::string>& items) {
    std::string out = "[";
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i != 0) out += ", ";
        const bool plain =
            !items[i].empty() && items[i].find_first_not_of("0123456789./") == std::string::npos;
        out += plain ? items[i] : quote(items[i]);
    }
    return out + "]";
}

std::string addressList(const std::vector<wire::Ipv4>& addresses) {
    std::vector<std::string> text;
    text.reserve(addresses.size());
    for (const auto& a : addresses) text.push_back(a.toString());
    return plainList(text);
}

}  // namespace dhcplite::config::detail
