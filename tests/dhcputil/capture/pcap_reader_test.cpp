// Reading capture files through libpcap: the checked-in fixtures (tests/data/dhcputil, built by
// make_fixtures.py), damaged files and files we cannot read.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "capture/pcap_reader.hpp"
#include "commands/cli_support.hpp"

using namespace dhcplite;

namespace {

const std::string kDir = std::string(DHCPLITE_TEST_DATA) + "/dhcputil/";

std::vector<util::PcapRecord> readAll(const std::string& path, util::PcapSummary& summary,
                                      std::vector<std::vector<std::uint8_t>>& bytes) {
    std::vector<util::PcapRecord> records;
    summary = util::readPcapFile(path, "--pcap", [&](const util::PcapRecord& r) {
        records.push_back(r);
        bytes.emplace_back(r.data.begin(), r.data.end());
    });
    return records;
}

std::string slurp(const std::string& path) {
    std::string data(std::filesystem::file_size(path), '\0');
    std::ifstream f(path, std::ios::binary);
    f.read(data.data(), static_cast<std::streamsize>(data.size()));
    REQUIRE(f);
    return data;
}

std::string tempFile(const std::string& name, const std::string& content) {
    const auto path = std::filesystem::temp_directory_path() / ("dhcputil-pcap-test-" + name);
    std::ofstream(path, std::ios::binary) << content;
    return path.string();
}

}  // namespace

TEST_CASE("the Ethernet fixture: six records with their times and lengths") {
    util::PcapSummary s;
    std::vector<std::vector<std::uint8_t>> bytes;
    const auto records = readAll(kDir + "msuc-exchange.pcap", s, bytes);
    CHECK(s.dlt == 1);
    CHECK(s.linkType == util::LinkType::Ethernet);
    CHECK(s.records == 6);
    CHECK(s.readError.empty());
    REQUIRE(records.size() == 6);
    for (std::size_t i = 0; i < records.size(); ++i) {
        CHECK(records[i].number == i + 1);
        CHECK(records[i].seconds == 1700000000 + static_cast<std::int64_t>(i));
        CHECK(records[i].microseconds == 1000 * static_cast<std::int64_t>(i));
        CHECK(records[i].originalLength == bytes[i].size());
    }
    CHECK(bytes[0].size() == 14 + 20 + 8 + 300);  // the INFORM, padded to the BOOTP minimum
}

TEST_CASE("link types of the other fixtures") {
    const std::vector<std::pair<std::string, util::LinkType>> files{
        {"msuc-ack-sll.pcap", util::LinkType::LinuxSll},
        {"msuc-ack-sll2.pcap", util::LinkType::LinuxSll2},
        {"msuc-ack-raw.pcap", util::LinkType::RawIpv4},
    };
    for (const auto& [name, link] : files) {
        util::PcapSummary s;
        std::vector<std::vector<std::uint8_t>> bytes;
        const auto records = readAll(kDir + name, s, bytes);
        CHECK(s.linkType == link);
        CHECK(records.size() == 1);
        CHECK(records[0].linkType == link);
    }
    CHECK(util::linkTypeFromDlt(105) == std::nullopt);  // IEEE 802.11
}

TEST_CASE("missing and garbage files are 'no input' with libpcap's reason") {
    try {
        util::readPcapFile("/nonexistent/x.pcap", "--pcap", [](const util::PcapRecord&) {});
        FAIL("no error");
    } catch (const util::PcapFileError& e) {
        CHECK(e.kind() == util::PcapFileError::Kind::Unreadable);
        CHECK(std::string(e.what()) ==
              "--pcap '/nonexistent/x.pcap': cannot read capture file: No such file or directory");
    }
    const auto garbage = tempFile("garbage.pcap", "this is not a capture file at all\n");
    try {
        util::readPcapFile(garbage, "--pcap", [](const util::PcapRecord&) {});
        FAIL("no error");
    } catch (const util::PcapFileError& e) {
        CHECK(e.kind() == util::PcapFileError::Kind::Unreadable);
        CHECK(std::string(e.what()).ends_with("cannot read capture file: unknown file format"));
    }
    std::filesystem::remove(garbage);
}

TEST_CASE("a link type we do not read is bad data") {
    // The fixture's global header with link type 105 (IEEE 802.11) and no records.
    std::string header = slurp(kDir + "msuc-ack-raw.pcap").substr(0, 24);
    header[20] = 105;
    header[21] = 0;
    const auto path = tempFile("wifi.pcap", header);
    try {
        util::readPcapFile(path, "--pcap", [](const util::PcapRecord&) {});
        FAIL("no error");
    } catch (const util::PcapFileError& e) {
        CHECK(e.kind() == util::PcapFileError::Kind::UnsupportedLink);
        CHECK(std::string(e.what()).find("link type 105 (IEEE802_11) is not supported") !=
              std::string::npos);
    }
    std::filesystem::remove(path);
}

TEST_CASE("a file cut off inside a record: the records before it, then readError") {
    const std::string full = slurp(kDir + "msuc-exchange.pcap");
    const auto path = tempFile("cut.pcap", full.substr(0, full.size() - 10));
    util::PcapSummary s;
    std::vector<std::vector<std::uint8_t>> bytes;
    const auto records = readAll(path, s, bytes);
    CHECK(records.size() == 5);
    CHECK(s.readError.starts_with("reading stopped after frame 5: "));
    std::filesystem::remove(path);
}
