#include "check/render.hpp"

#include <algorithm>
#include <cctype>

#include <fmt/format.h>

#include "util/json.hpp"

namespace dhcplite::util::check {

namespace {

std::string upper(std::string_view s) {
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(),
                   [](char c) { return static_cast<char>(std::toupper(c)); });
    return out;
}

std::size_t count(const Report& r, Status s) {
    return static_cast<std::size_t>(std::count_if(r.checks.begin(), r.checks.end(),
                                                  [s](const Check& c) { return c.status == s; }));
}

}  // namespace

std::string renderText(const Report& r) {
    std::string out;
    std::size_t width = 0;
    for (const auto& n : r.notes) {
        width = std::max(width, n.label.size());
    }
    for (const auto& n : r.notes) {
        out += fmt::format("{:<{}} : {}\n", n.label, width, n.value);
    }
    if (!r.notes.empty()) {
        out += "\n";
    }
    for (const auto& c : r.checks) {
        out += fmt::format("{:<4}  {:<4}  {}: {}\n", upper(statusName(c.status)), stepName(c.step),
                           c.target, c.detail);
        if (!c.fix.empty()) {
            out += fmt::format("{:12}fix: {}\n", "", c.fix);
        }
    }
    const Status v = verdict(r.checks);
    out += fmt::format("\nResult: {} ({} ok, {} warning{}, {} failed, {} skipped); exit {}\n",
                       upper(statusName(v)), count(r, Status::Ok), count(r, Status::Warn),
                       count(r, Status::Warn) == 1 ? "" : "s", count(r, Status::Fail),
                       count(r, Status::Skip), exitCodeFor(v));
    return out;
}

std::string renderJson(const Report& r) {
    JsonWriter w;
    const Status v = verdict(r.checks);
    w.beginObject();
    w.field("result", statusName(v));
    w.field("exit_code", exitCodeFor(v));
    for (const auto& n : r.notes) {
        w.field(n.key, n.value);
    }
    w.key("checks").beginArray();
    for (const auto& c : r.checks) {
        w.beginObject();
        w.field("step", stepName(c.step));
        w.field("target", c.target);
        w.field("status", statusName(c.status));
        w.field("detail", c.detail);
        w.field("fix", c.fix);
        for (const auto& m : c.measures) {
            w.field(m.name, m.value);
        }
        w.endObject();
    }
    w.endArray();
    w.key("timings_us").beginObject();
    for (const auto& t : r.timings) {
        w.field(t.name, t.value);
    }
    w.endObject();
    w.endObject();
    return w.finish();
}

}  // namespace dhcplite::util::check
