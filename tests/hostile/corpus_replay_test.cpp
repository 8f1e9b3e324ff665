// The hostile corpus replayed through respond() (no sockets), as the daemon's packet loop would
// see it: every packet in corpus/ reaches the verdict corpus/expected.tsv names, against
// corpus.yaml; what is answered is a DHCPACK for the packet that asked, to the phone. Runs under
// ASan+UBSan with the unit tests; corpus.sh sends the same files to the running daemon.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "config/config.hpp"
#include "dhcplite/compiled_config.hpp"
#include "dhcplite/responder.hpp"
#include "packet_batch.hpp"
#include "wire/dhcp_constants.hpp"
#include "wire/errors.hpp"
#include "wire/packet.hpp"

namespace dhcplite::test {
namespace {

namespace fs = std::filesystem;
using daemon::Outcome;
using daemon::Verdict;

const fs::path kHostile = fs::path(DHCPLITE_SOURCE_DIR) / "tests" / "hostile";
constexpr std::size_t kMinimumCorpus =
    50;  // fewer files than this: part of the corpus went missing
constexpr wire::Ipv4 kServer{0xC0000201U};  // 192.0.2.1
constexpr wire::Ipv4 kPhone{0xC000021EU};   // 192.0.2.30
constexpr std::uint32_t kXidBase = 0x4B000000U;

struct Entry {
    std::string name;
    std::string verdict;
    std::set<std::string> flags;
    std::string what;
};

std::vector<Entry> readTable() {
    std::ifstream in(kHostile / "corpus" / "expected.tsv");
    REQUIRE(in.good());
    std::vector<Entry> out;
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::vector<std::string> cols;
        std::stringstream fields(line);
        for (std::string col; std::getline(fields, col, '\t');) cols.push_back(col);
        REQUIRE_MESSAGE(cols.size() == 4, line);
        Entry e{cols[0], cols[1], {}, cols[3]};
        std::stringstream flags(cols[2]);
        for (std::string f; std::getline(flags, f, ',');) {
            if (f != "-") e.flags.insert(f);
        }
        out.push_back(std::move(e));
    }
    return out;
}

wire::Bytes readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), path.string());
    return wire::Bytes(std::istreambuf_iterator<char>(in), {});
}

std::uint32_t xidOf(wire::ByteView bytes) {
    return bytes.size() < 8 ? 0 : wire::ByteReader(bytes.subspan(4, 4)).u32();
}

}  // namespace

TEST_CASE("the corpus: at least 50 packets, each file in the table and each row a file") {
    const auto table = readTable();
    CHECK(table.size() >= kMinimumCorpus);
    std::set<std::string> rows;
    for (const auto& e : table) {
        CHECK_MESSAGE(rows.insert(e.name).second, "duplicate row " << e.name);
        CHECK_MESSAGE(fs::exists(kHostile / "corpus" / (e.name + ".bin")), e.name);
    }
    for (const auto& file : fs::directory_iterator(kHostile / "corpus")) {
        if (file.path().extension() == ".bin") {
            CHECK_MESSAGE(rows.count(file.path().stem().string()) == 1,
                          "not in the table: " << file.path());
        }
    }
    // Every verdict named is one the daemon has (the table cannot drift from the counters).
    std::set<std::string> names;
    for (std::size_t i = 0; i < daemon::kVerdictCount; ++i) {
        names.insert(std::string(daemon::verdictName(static_cast<Verdict>(i))));
    }
    for (const auto& e : table)
        CHECK_MESSAGE(names.count(e.verdict) == 1, e.name << ": " << e.verdict);
}

TEST_CASE("every corpus packet gets the verdict its row names; answers are ACKs to the phone") {
    const auto config = daemon::CompiledConfig::compile(
        config::loadConfigFile((kHostile / "corpus.yaml").string()));
    daemon::RequestMeta meta;
    meta.interfaceAddress = kServer;
    meta.ifindex = 2;
    meta.sourceAddress = kPhone;
    meta.sourcePort = wire::kClientPort;

    std::map<std::string, std::size_t> perVerdict;
    const auto table = readTable();
    for (std::size_t index = 0; index < table.size(); ++index) {
        const Entry& e = table[index];
        CAPTURE(e.name);
        CAPTURE(e.what);
        const wire::Bytes packet = readFile(kHostile / "corpus" / (e.name + ".bin"));
        if (packet.size() >= 8) {
            CHECK(xidOf(packet) == kXidBase + index);  // the row order is the xid order
        }
        // What the packet loop does before respond(): a datagram longer than the receive
        // buffer arrives cut (MSG_TRUNC) and is malformed without being looked at.
        const bool truncated = packet.size() > daemon::kReceiveBufferSize;
        CHECK(truncated == (e.flags.count("truncated") == 1));
        std::array<std::uint8_t, daemon::kReplyBufferSize> reply{};
        Outcome outcome;
        if (truncated) {
            outcome.verdict = Verdict::Malformed;
        } else {
            outcome = daemon::respond(packet, meta, *config, reply);
        }
        CHECK(std::string(daemon::verdictName(outcome.verdict)) == e.verdict);
        ++perVerdict[e.verdict];
        CHECK(outcome.relayInfoDropped == (e.flags.count("relay-info-dropped") == 1));
        if (outcome.verdict != Verdict::Reply) {
            continue;
        }
        CHECK(outcome.destination == daemon::Destination{kPhone, wire::kClientPort, false, 0});
        REQUIRE(outcome.replySize >= wire::kBootpMinimum);
        REQUIRE(outcome.replySize <= wire::kMinClientMessage);
        const wire::ByteView bytes(reply.data(), outcome.replySize);
        try {
            const wire::DecodedPacket decoded = wire::decodePacket(bytes);
            CHECK(decoded.packet.op == static_cast<std::uint8_t>(wire::Op::BootReply));
            CHECK(decoded.packet.xid == kXidBase + index);
            CHECK(decoded.packet.messageType() == wire::MessageType::Ack);
            CHECK(decoded.packet.options.has(wire::opt::SipServers));
            CHECK(decoded.packet.options.has(wire::opt::VendorSpecific));
            CHECK_FALSE(decoded.packet.options.has(wire::opt::LeaseTime));
            CHECK(decoded.report.trailingBytes == 0);
            CHECK(decoded.packet.options.has(wire::opt::RelayAgentInfo) ==
                  (e.name == "option82_empty"));  // echoed when it fits, never when it does not
        } catch (const wire::WireError& error) {
            FAIL("the reply does not decode: " << error.what());
        }
    }
    // The corpus covers every way of not answering, and answers too.
    for (const char* verdict : {"reply", "malformed", "not-bootrequest", "no-message-type",
                                "not-inform", "no-vendor-class", "other-vendor-class",
                                "nothing-requested", "no-profile", "bad-address"}) {
        CHECK_MESSAGE(perVerdict[verdict] > 0, verdict);
    }
}

}  // namespace dhcplite::test
