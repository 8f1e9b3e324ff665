#include "stats/stats_table.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <nlohmann/json.hpp>

#include "commands/cli_support.hpp"
#include "util/text.hpp"
#include "wire/hex.hpp"

namespace dhcplite::util {
namespace {

using nlohmann::json;

std::uint64_t number(const json& object, std::string_view key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_number_integer() || *it < 0) {
        throw CommandError(
            ExitCode::Software,
            fmt::format("unexpected stats answer: no number '{}' (a daemon of another version?)",
                        key));
    }
    return it->get<std::uint64_t>();
}

const json& member(const json& object, std::string_view key, bool array) {
    const auto it = object.find(key);
    if (it == object.end() || (array ? !it->is_array() : !it->is_object())) {
        throw CommandError(
            ExitCode::Software,
            fmt::format("unexpected stats answer: no {} '{}' (a daemon of another version?)",
                        array ? "list" : "object", key));
    }
    return *it;
}

std::string text(const json& object, std::string_view key) {
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? wire::escapeForDisplay(it->get<std::string>())
                                                 : std::string("?");
}

std::uint64_t dropsOf(const json& drops) {
    std::uint64_t sum = 0;
    for (const auto& [reason, n] : drops.items()) {
        sum += n.is_number_integer() && n >= 0 ? n.get<std::uint64_t>() : 0;
    }
    return sum;
}

// Counts that went down (a restart between two polls) give no rate rather than a negative one.
// `before` is kUnknown when the previous answer did not have the count.
constexpr std::uint64_t kUnknown = ~std::uint64_t{0};
std::string rate(std::uint64_t now, std::uint64_t before, const std::optional<StatsBaseline>& b) {
    if (!b || before == kUnknown || before > now || b->seconds <= 0) {
        return "-";
    }
    return fmt::format("{:.1f}", static_cast<double>(now - before) / b->seconds);
}

// The same site in the previous answer (sites come and go with reloads).
const json* previousSite(const std::optional<StatsBaseline>& b, const std::string& name) {
    if (!b || b->before == nullptr) {
        return nullptr;
    }
    const auto it = b->before->find("sites");
    if (it == b->before->end() || !it->is_array()) {
        return nullptr;
    }
    for (const auto& s : *it) {
        if (s.value("name", std::string()) == name) {
            return &s;
        }
    }
    return nullptr;
}

std::string nonzeroDrops(const json& drops) {
    std::vector<std::string> parts;
    for (const auto& [reason, n] : drops.items()) {
        if (n.is_number_integer() && n > 0) {
            parts.push_back(fmt::format("{} {}", reason, n.get<std::uint64_t>()));
        }
    }
    return parts.empty() ? std::string("-")
                         : joined(parts, ", ", [](const std::string& s) { return s; });
}

void header(std::string& out, const json& stats) {
    const json& config = member(stats, "config", false);
    std::vector<std::string> interfaces;
    for (const auto& i : member(stats, "interfaces", true)) {
        interfaces.push_back(i.is_string() ? wire::escapeForDisplay(i.get<std::string>()) : "?");
    }
    out += fmt::format("dhcplite {}, up {}, {} worker{}, interfaces {}\n", text(stats, "version"),
                       formatDuration(number(stats, "uptimeSeconds")), number(stats, "workers"),
                       number(stats, "workers") == 1 ? "" : "s",
                       interfaces.empty()
                           ? std::string("none")
                           : joined(interfaces, ",", [](const std::string& s) { return s; }));
    out += fmt::format("config {} generation {}\n\n", text(config, "file"),
                       number(config, "generation"));
}

void totals(std::string& out, const json& stats, const std::optional<StatsBaseline>& b) {
    const json& t = member(stats, "totals", false);
    const json* bt = b && b->before != nullptr && b->before->contains("totals")
                         ? &(*b->before)["totals"]
                         : nullptr;
    const auto before = [&](std::string_view key) {
        if (bt == nullptr || !bt->contains(key) || !(*bt)[std::string(key)].is_number_integer())
            return kUnknown;
        return (*bt)[std::string(key)].get<std::uint64_t>();
    };
    out += fmt::format("{:<18} {:>12} {:>10}\n", "total", "count", b ? "per second" : "");
    for (const auto key : {"received", "replied", "dropped", "sendErrors", "receiveErrors",
                           "otherInterface", "reloadsOk", "reloadsFailed"}) {
        const std::uint64_t n = number(t, key);
        out += fmt::format("{:<18} {:>12} {:>10}\n", key, n, b ? rate(n, before(key), b) : "");
    }
    out += fmt::format("\ndrops: {}\n\n", nonzeroDrops(member(stats, "drops", false)));
}

void sites(std::string& out, const json& stats, const std::optional<StatsBaseline>& b) {
    const json& list = member(stats, "sites", true);
    std::size_t width = 4;
    for (const auto& s : list) {
        width = std::max(width, text(s, "name").size());
    }
    width = std::min<std::size_t>(width, 40);
    if (b) {
        out += fmt::format("{:<{}} {:>10} {:>10} {:>10} {:>10}  {}\n", "site", width, "replies",
                           "/s", "dropped", "/s", "drops by reason");
    } else {
        out += fmt::format("{:<{}} {:>10} {:>10}  {}\n", "site", width, "replies", "dropped",
                           "drops by reason");
    }
    for (const auto& s : list) {
        const std::string name = s.value("name", std::string());
        const json& drops = member(s, "drops", false);
        const std::uint64_t replies = number(s, "replies");
        const std::uint64_t dropped = dropsOf(drops);
        if (b) {
            const json* p = previousSite(b, name);
            const std::uint64_t pr = p != nullptr ? p->value("replies", kUnknown) : kUnknown;
            const std::uint64_t pd =
                p != nullptr && p->contains("drops") ? dropsOf((*p)["drops"]) : kUnknown;
            out += fmt::format("{:<{}} {:>10} {:>10} {:>10} {:>10}  {}\n", text(s, "name"), width,
                               replies, rate(replies, pr, b), dropped, rate(dropped, pd, b),
                               nonzeroDrops(drops));
        } else {
            out += fmt::format("{:<{}} {:>10} {:>10}  {}\n", text(s, "name"), width, replies,
                               dropped, nonzeroDrops(drops));
        }
    }
}

void vendorClasses(std::string& out, const json& stats) {
    out += fmt::format("\n{:<24} {:>10}\n", "vendor class", "informs");
    for (const auto& c : member(stats, "vendorClasses", true)) {
        out += fmt::format("{:<24} {:>10}\n", text(c, "class"), number(c, "requests"));
    }
}

}  // namespace

std::string formatDuration(std::uint64_t seconds) {
    const std::uint64_t d = seconds / 86400, h = seconds / 3600 % 24, m = seconds / 60 % 60,
                        s = seconds % 60;
    if (d > 0) return fmt::format("{}d {}h {}m {}s", d, h, m, s);
    if (h > 0) return fmt::format("{}h {}m {}s", h, m, s);
    if (m > 0) return fmt::format("{}m {}s", m, s);
    return fmt::format("{}s", s);
}

std::string renderStatsTable(const json& stats, const std::optional<StatsBaseline>& baseline) {
    if (!stats.is_object()) {
        throw CommandError(ExitCode::Software, "unexpected stats answer: not a JSON object");
    }
    std::string out;
    header(out, stats);
    totals(out, stats, baseline);
    sites(out, stats, baseline);
    vendorClasses(out, stats);
    return out;
}

}  // namespace dhcplite::util
