#include "check/names.hpp"

#include <algorithm>

#include <arpa/inet.h>

#include <fmt/format.h>

namespace dhcplite::util::check {

std::string normalName(std::string_view name) {
    std::string out(name);
    if (!out.empty() && out.back() == '.') {
        out.pop_back();
    }
    std::transform(out.begin(), out.end(), out.begin(), [](char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    });
    return out;
}

std::string parentDomain(std::string_view fqdn) {
    const std::string n = normalName(fqdn);
    const auto dot = n.find('.');
    return dot == std::string::npos ? std::string() : n.substr(dot + 1);
}

bool inDomain(std::string_view name, std::string_view domain) {
    const std::string n = normalName(name);
    const std::string d = normalName(domain);
    if (d.empty()) {
        return false;
    }
    return n == d || (n.size() > d.size() && n.ends_with(d) && n[n.size() - d.size() - 1] == '.');
}

bool isWildcard(std::string_view certName) { return certName.find('*') != std::string_view::npos; }

bool wildcardMatches(std::string_view pattern, std::string_view fqdn) {
    const std::string p = normalName(pattern);
    const std::string f = normalName(fqdn);
    if (!p.starts_with("*.") || p.find('*', 1) != std::string::npos) {
        return false;
    }
    const auto dot = f.find('.');
    return dot != std::string::npos && dot > 0 && f.substr(dot) == p.substr(1);
}

NameMatch matchName(std::string_view fqdn, const std::vector<std::string>& certNames) {
    const std::string f = normalName(fqdn);
    bool wildcard = false;
    for (const auto& name : certNames) {
        if (normalName(name) == f) {
            return NameMatch::Exact;
        }
        wildcard = wildcard || wildcardMatches(name, f);
    }
    return wildcard ? NameMatch::Wildcard : NameMatch::None;
}

std::string joinNames(const std::vector<std::string>& names, std::size_t limit) {
    std::string out;
    for (std::size_t i = 0; i < names.size() && i < limit; ++i) {
        out += (i == 0 ? "" : ", ") + names[i];
    }
    if (names.size() > limit) {
        out += fmt::format(" (+{} more)", names.size() - limit);
    }
    return out.empty() ? "none" : out;
}

bool isIpv4Literal(std::string_view text) {
    in_addr a{};
    return ::inet_pton(AF_INET, std::string(text).c_str(), &a) == 1;
}

}  // namespace dhcplite::util::check
