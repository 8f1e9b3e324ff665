#include "stats_report.hpp"

#include "util/json.hpp"

namespace dhcplite::daemon {
namespace {

using util::JsonWriter;

std::string line(JsonWriter& json) {
    return json.finish();  // ends in '\n': one line per answer
}

void writeTotals(JsonWriter& json, const Stats& s) {
    json.key("totals").beginObject();
    json.field("received", s.received);
    json.field("replied", s.replied);
    json.field("dropped", droppedTotal(s));
    json.field("sendErrors", s.sendErrors);
    json.field("receiveErrors", s.receiveErrors);
    json.field("truncated", s.truncated);
    json.field("otherInterface", s.otherInterface);
    json.field("relayInfoDropped", s.relayInfoDropped);
    json.field("reloadsOk", s.reloadsOk);
    json.field("reloadsFailed", s.reloadsFailed);
    json.endObject();
}

// Every drop reason by its verdictName(), zeros included, in enum order.
template <typename Row>
void writeDrops(JsonWriter& json, const Row& verdicts) {
    json.key("drops").beginObject();
    for (std::size_t v = 1; v < kVerdictCount; ++v) {
        json.field(verdictName(static_cast<Verdict>(v)), verdicts[v]);
    }
    json.endObject();
}

void writeSites(JsonWriter& json, const SiteTotals& sites) {
    json.key("sites").beginArray();
    for (std::size_t p = 0; sites.layout && p < sites.profiles.size(); ++p) {
        const auto& row = sites.profiles[p];
        json.beginObject();
        json.field("name", sites.layout->profiles()[p].name);
        json.field("replies", row[static_cast<std::size_t>(Verdict::Reply)]);
        writeDrops(json, row);
        json.endObject();
    }
    json.endArray();
    json.key("vendorClasses").beginArray();
    for (std::size_t s = 0; sites.layout && s < sites.vendorClasses.size(); ++s) {
        json.beginObject();
        json.field("class", vendorSlotName(*sites.layout, s));
        json.field("requests", sites.vendorClasses[s]);
        json.endObject();
    }
    json.endArray();
}

void writeConfig(JsonWriter& json, const ServerState& state) {
    json.field("file", state.configPath);
    json.field("generation", state.configGeneration);
    json.field("loadedAt", state.configLoadedAt);
}

void writeFailure(JsonWriter& json, const ReloadFailure& f) {
    json.field("error", f.message);
    json.key("location").beginObject();
    json.field("file", f.file);
    json.field("line", f.line);
    json.field("column", f.column);
    json.endObject();
}

}  // namespace

std::uint64_t droppedTotal(const Stats& stats) {
    std::uint64_t dropped = 0;
    for (std::size_t v = 1; v < kVerdictCount; ++v) {
        dropped += stats.verdicts[v];
    }
    return dropped;
}

std::string statsJson(const Stats& stats, const SiteTotals& sites, const ServerState& state) {
    JsonWriter json(0);
    json.beginObject();
    json.field("ok", true);
    json.field("version", state.version);
    json.field("uptimeSeconds", state.uptimeSeconds);
    json.field("startedAt", state.startedAt);
    json.key("config").beginObject();
    writeConfig(json, state);
    json.endObject();
    json.stringArray("interfaces", state.interfaces);
    json.field("workers", state.workers);
    writeTotals(json, stats);
    writeDrops(json, stats.verdicts);
    writeSites(json, sites);
    json.endObject();
    return line(json);
}

std::string configJson(const ServerState& state) {
    JsonWriter json(0);
    json.beginObject();
    json.field("ok", true);
    writeConfig(json, state);
    json.key("lastReload");
    if (!state.lastReloadAt) {
        json.value(nullptr);
    } else {
        json.beginObject();
        json.field("at", *state.lastReloadAt);
        json.field("ok", !state.lastReloadFailure.has_value());
        if (state.lastReloadFailure) {
            writeFailure(json, *state.lastReloadFailure);
        }
        json.endObject();
    }
    json.endObject();
    return line(json);
}

std::string reloadJson(const ServerState& state, bool ok) {
    JsonWriter json(0);
    json.beginObject();
    json.field("ok", ok);
    if (!ok && state.lastReloadFailure) {
        writeFailure(json, *state.lastReloadFailure);
    }
    writeConfig(json, state);
    json.endObject();
    return line(json);
}

std::string errorJson(std::string_view error) {
    JsonWriter json(0);
    json.beginObject();
    json.field("ok", false);
    json.field("error", error);
    json.endObject();
    return line(json);
}

}  // namespace dhcplite::daemon
