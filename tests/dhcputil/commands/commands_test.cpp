// The subcommands in-process: exact DHCPUtil output for lync.schertz.local, the legacy switches,
// JSON, decode of options/packets/captures, config, help, and the one-line errors with their exit
// codes (and nothing on stdout when there is an error).
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "commands/commands.hpp"
#include "emit/emit.hpp"
#include "support/vectors.hpp"
#include "wire/hex.hpp"
#include "wire/packet.hpp"

using namespace dhcplite;

namespace {

struct Run {
    int rc = 0;
    std::string out;
    std::string err;
};

Run run(const std::vector<std::string>& args) {
    std::ostringstream out;
    std::ostringstream err;
    Run r;
    r.rc = util::runDhcputil(args, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

const test::VectorFile& vectors() { return test::msUcClientVectors(); }

std::string v(std::string_view key) { return vectors().text("lync.schertz.local", key); }

const std::string kDataDir = std::string(DHCPLITE_TEST_DATA) + "/dhcputil/";

// The whole DHCPUtil-style output for lync.schertz.local, built from the vector file's values.
std::string expectedLyncText() {
    return "SIP Server FQDN : lync.schertz.local\n"
           "Certificate Provisioning Service URL : " +
           v("cert_prov_url") +
           "\n"
           "\n"
           "Option 120: " +
           v("option120") +
           "\n"
           "\n"
           "Vendor Class Identifier: MS-UC-Client\n"
           "Option 43 (for vendor=MS-UC-Client):\n"
           "\tsub-option 1 <UC Identifier>: " +
           v("sub1") +
           "\n"
           "\tsub-option 2 <URL Scheme>: " +
           v("sub2") +
           "\n"
           "\tsub-option 3 <Web Server FQDN>: " +
           v("sub3") +
           "\n"
           "\tsub-option 4 <Port>: " +
           v("sub4") +
           "\n"
           "\tsub-option 5 <Relative Path for Cert Prov>: " +
           v("sub5") +
           "\n"
           "\n"
           "Option 43: " +
           v("option43") +
           "\n"
           "\n"
           "On the Windows DHCP server, in the folder of DHCPConfigScript.bat (it ships with Lync "
           "and\n"
           "Skype for Business Server), run:\n"
           "DHCPConfigScript.bat Configure MS-UC-Client " +
           v("option120") + " " + v("sub1") + " " + v("sub2") + " " + v("sub3") + " " + v("sub4") +
           " " + v("sub5") +
           "\n"
           "For other DHCP servers: dhcputil config --format "
           "netsh|powershell|isc-dhcpd|kea|dnsmasq|cisco-ios|mikrotik|dhcplite|fortigate|junos|"
           "aruba [same options]\n";
}

// The literal hex, so the test does not only compare the tool with itself.
const std::string kLiteralScriptLine =
    "DHCPConfigScript.bat Configure MS-UC-Client 00046C796E63077363686572747A056C6F63616C00 "
    "4D532D55432D436C69656E74 6874747073 6C796E632E7363686572747A2E6C6F63616C 343433 "
    "2F4365727450726F762F4365727450726F766973696F6E696E67536572766963652E737663";

std::filesystem::path tempDir(const std::string& name) {
    auto dir = std::filesystem::temp_directory_path() / ("dhcputil-commands-test-" + name);
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    return dir;
}

std::string slurp(const std::filesystem::path& path) {
    std::string data(std::filesystem::file_size(path), '\0');
    std::ifstream f(path, std::ios::binary);
    f.read(data.data(), static_cast<std::streamsize>(data.size()));
    REQUIRE(f);
    return data;
}

// One line on stderr, nothing on stdout, the exit code.
void checkError(const std::vector<std::string>& args, int rc, const std::string& message) {
    CAPTURE(args);
    const auto r = run(args);
    CHECK(r.rc == rc);
    CHECK(r.out.empty());
    CHECK(r.err == "dhcputil: " + message + "\n");
}

}  // namespace

TEST_CASE("DHCPUtil -SipServer output for lync.schertz.local, to the byte") {
    const auto r = run({"-SipServer", "lync.schertz.local"});
    CHECK(r.rc == 0);
    CHECK(r.err.empty());
    CHECK(r.out == expectedLyncText());
    CHECK(r.out.find(kLiteralScriptLine + "\n") != std::string::npos);
}

TEST_CASE("the legacy switches are case-insensitive and take -WebServer") {
    const auto expected = run({"-SipServer", "lync.schertz.local"}).out;
    for (const auto& sw : {"-sipserver", "-SIPSERVER", "-sIpSeRvEr", "--SipServer"}) {
        CAPTURE(sw);
        const auto r = run({sw, "lync.schertz.local"});
        CHECK(r.rc == 0);
        CHECK(r.out == expected);
    }
    CHECK(run({"-SipServer", "lync.schertz.local", "-WebServer", "lync.schertz.local"}).out ==
          expected);
    CHECK(run({"-SipServer=lync.schertz.local"}).out == expected);
    const auto web = run({"-webserver", "web.schertz.local", "-sipserver", "lync.schertz.local"});
    CHECK(web.rc == 0);
    CHECK(web.out.find(
              "Certificate Provisioning Service URL : https://web.schertz.local:443/CertProv/") !=
          std::string::npos);
    CHECK(web.out.find("\tsub-option 3 <Web Server FQDN>: 7765622E7363686572747A2E6C6F63616C\n") !=
          std::string::npos);
}

TEST_CASE("encode prints the same as the legacy switches") {
    const auto r = run({"encode", "--sip-server", "lync.schertz.local"});
    CHECK(r.rc == 0);
    CHECK(r.out == expectedLyncText());
}

// Golden files of both DHCPUtil layouts (tests/data/dhcputil/encode-<layout>-<sip server>.txt).
// The SfB 2015 one for server.fqdn.company.com is DHCPUtil's published output for that name up to
// the advice on applying it, which is ours in both layouts.
TEST_CASE("encode --layout: Lync 2010 (default) and Skype for Business 2015, to the byte") {
    for (const std::string sip : {"lync.schertz.local", "server.fqdn.company.com"}) {
        CAPTURE(sip);
        const auto lync = run({"encode", "--sip-server", sip, "--layout", "lync2010"});
        CHECK(lync.rc == 0);
        if (sip == "lync.schertz.local") {
            CHECK(lync.out == slurp(kDataDir + "encode-lync2010-" + sip + ".txt"));
            CHECK(lync.out == expectedLyncText());
        }
        CHECK(run({"encode", "--sip-server", sip}).out == lync.out);

        const auto sfb = run({"encode", "--sip-server", sip, "--layout", "sfb2015"});
        CHECK(sfb.rc == 0);
        CHECK(sfb.err.empty());
        CHECK(sfb.out == slurp(kDataDir + "encode-sfb2015-" + sip + ".txt"));
        // The legacy switches print the same; names and values in any letter case.
        CHECK(run({"-SipServer", sip, "-Layout", "SfB2015"}).out == sfb.out);
        CHECK(run({"-sipserver", sip, "-layout=SFB2015"}).out == sfb.out);
        CHECK(run({"-SipServer", sip, "-Layout", "Lync2010"}).out == lync.out);
    }
    // N in "(Length: N)" counts hex digits; the value breaks after 75 of them, the rest on one
    // line.
    const auto sfb =
        run({"encode", "--sip-server", "server.fqdn.company.com", "--layout", "sfb2015"}).out;
    CHECK(sfb.find("\tFull Option 43 value (Length: 180) : \n"
                   "\t010C4D532D55432D436C69656E740205687474707303177365727665722E6671646E2E636F6\n"
                   "\tD70616E792E636F6D04") != std::string::npos);
    CHECK(sfb.find("Option 120:\n0006736572766572046671646E07636F6D70616E7903636F6D00\n") !=
          std::string::npos);
    CHECK(sfb.find("\nOption 43: ") == std::string::npos);

    checkError({"encode", "--sip-server", "a.example", "--layout", "ocs2007"}, 64,
               "--layout 'ocs2007' is not one of lync2010|sfb2015 (see 'dhcputil encode --help')");
    checkError({"encode", "--sip-server", "a.example", "--layout", "sfb2015", "--json"}, 64,
               "--layout chooses DHCPUtil's text; --json prints none: give one of them (see "
               "'dhcputil encode "
               "--help')");
    checkError({"-SipServer", "a.example", "-Layout", "2013"}, 64,
               "-Layout '2013' is not one of Lync2010|SfB2015 (see 'dhcputil --help')");
}

TEST_CASE("encode with every value option") {
    const auto r =
        run({"encode", "--sip-server", "pool.example.com", "--web-server", "web.example.com",
             "--port", "4443", "--scheme", "http", "--path", "/cp", "--vendor-class", "My Phones"});
    REQUIRE(r.rc == 0);
    CHECK(r.out.find("Certificate Provisioning Service URL : http://web.example.com:4443/cp\n") !=
          std::string::npos);
    CHECK(r.out.find("\tsub-option 4 <Port>: 34343433\n") != std::string::npos);
    CHECK(r.out.find("Option 43 (for vendor=My Phones):\n") != std::string::npos);
    CHECK(r.out.find("DHCPConfigScript.bat Configure \"My Phones\" ") != std::string::npos);

    const auto addr = run({"encode", "--sip-address", "192.0.2.10", "--sip-address", "192.0.2.11",
                           "--web-server", "web.example.com"});
    REQUIRE(addr.rc == 0);
    CHECK(addr.out.starts_with("SIP Server Address : 192.0.2.10, 192.0.2.11\n"));
    CHECK(addr.out.find("Option 120: 01C000020AC000020B\n") != std::string::npos);

    const auto two =
        run({"encode", "--sip-server", "a.example.com", "--sip-server", "b.example.com"});
    CHECK(two.rc == 0);
    CHECK(two.out.starts_with("SIP Server FQDN : a.example.com, b.example.com\n"));
    // Both names, each with its root label, no compression (docs/design.md §2.3).
    CHECK(two.out.find(
              "Option 120: 000161076578616D706C6503636F6D000162076578616D706C6503636F6D00\n") !=
          std::string::npos);
}

TEST_CASE("encode --json: one object with every value") {
    const auto r = run({"encode", "--sip-server", "lync.schertz.local", "--json"});
    REQUIRE(r.rc == 0);
    CHECK(r.err.empty());
    CHECK(r.out.starts_with("{\n"));
    CHECK(r.out.ends_with("}\n"));
    for (const std::string& field :
         {"\"option120\": \"" + v("option120") + "\"", "\"option43\": \"" + v("option43") + "\"",
          "\"url\": \"" + v("cert_prov_url") + "\"",
          std::string("\"vendorClass\": \"MS-UC-Client\""),
          std::string("\"webServer\": \"lync.schertz.local\""), std::string("\"warnings\": []"),
          "\"configScriptLine\": \"" + kLiteralScriptLine + "\"",
          std::string("\"label\": \"Relative Path for Cert Prov\""),
          std::string("\"name\": \"CertProvRelPath\""), std::string("\"text\": \"443\"")}) {
        CAPTURE(field);
        CHECK(r.out.find(field) != std::string::npos);
    }
}

TEST_CASE("the Cisco IOS 180-character warning") {
    // server.fqdn.company.com gives exactly 180 hex characters: no warning.
    const auto at =
        run({"encode", "--sip-server", vectors().text("server.fqdn.company.com", "sip_server")});
    CHECK(at.rc == 0);
    CHECK(at.err.empty());
    const auto over = run({"encode", "--sip-server", "lync.schertz.local", "--web-server",
                           "webservices.pool1.schertz.local"});
    CHECK(over.rc == 0);
    CHECK(over.err ==
          "dhcputil: warning: option 43 is 196 hex characters; Cisco IOS 'option 43 hex' silently "
          "keeps only the "
          "first 180 (use 'dhcputil config --format cisco-ios', which splits it into 'option ext "
          "43 hex' parts)\n");
    const auto json = run({"encode", "--sip-server", "lync.schertz.local", "--web-server",
                           "webservices.pool1.schertz.local", "--json"});
    CHECK(json.out.find("\"warnings\": [\n    \"option 43 is 196 hex characters;") !=
          std::string::npos);
}

TEST_CASE("-RunConfigScript writes the netsh script and says why") {
    const auto dir = tempDir("runconfig");
    const auto file = dir / "configure.cmd";
    const auto r =
        run({"-SipServer", "lync.schertz.local", "-RunConfigScript", "-OutFile", file.string()});
    REQUIRE(r.rc == 0);
    CHECK(r.err ==
          "dhcputil: -RunConfigScript: netsh cannot run on this system (it configures a Windows "
          "DHCP server); the "
          "equivalent netsh script was written instead\n");
    CHECK(r.out.starts_with(expectedLyncText()));
    CHECK(r.out.find("Wrote the netsh commands of 'DHCPConfigScript.bat Configure' to " +
                     file.string() + "\n") != std::string::npos);
    wire::UcSettings s;
    s.sipServers = {"lync.schertz.local"};
    CHECK(slurp(file) == util::emit::emitConfig(util::emit::Format::Netsh, s, {}));
    std::filesystem::remove_all(dir);
}

TEST_CASE("decode --option 43: the Windows ACK with sub-option 220") {
    const auto r = run({"decode", "--option", "43", v("option43_windows_ack")});
    CHECK(r.rc == 0);
    CHECK(r.err.empty());
    CHECK(r.out ==
          "DHCP: Vendor Specific Information(43) = (Length: 90) 6 sub-options (" +
              v("option43_windows_ack") +
              ")\n"
              "        UC Identifier(1) = (Length: 12) MS-UC-Client (4D532D55432D436C69656E74)\n"
              "        URL Scheme(2) = (Length: 5) https (6874747073)\n"
              "        Web Server FQDN(3) = (Length: 18) lync.schertz.local "
              "(6C796E632E7363686572747A2E6C6F63616C)\n"
              "        Port(4) = (Length: 3) 443 (343433)\n"
              "        Relative Path for Cert Prov(5) = (Length: 37) "
              "/CertProv/CertProvisioningService.svc (" +
              v("sub5") +
              ")\n"
              "        Unknown(220) = (Length: 3) \"NAP\" (4E4150)\n"
              "Certificate Provisioning Service URL : " +
              v("cert_prov_url") +
              "\n"
              "note: option 43 sub-option 220 is not an MS-UC-Client sub-option (Windows DHCP adds "
              "220 \"NAP\"); phones ignore it\n");
}

TEST_CASE("decode --option accepts hex as admins paste it") {
    const auto a = run({"decode", "--option", "120",
                        "00:04:6c:79:6e:63:07:73:63:68:65:72:74:7a:05:6c:6f:63:61:6c:00"});
    const auto b = run({"decode", "--option", "120", "0x00", "04", "6C796E63", "07",
                        "7363686572747A", "05", "6C6F63616C", "00"});
    CHECK(a.rc == 0);
    CHECK(a.out == "DHCP: SIP Servers(120) = (Length: 21) lync.schertz.local (" + v("option120") +
                       ")\n"
                       "SIP Server FQDN : lync.schertz.local\n");
    CHECK(b.out == a.out);
}

TEST_CASE("decode explains the classic mistakes and exits 1") {
    const auto plain = run({"decode", "--option", "120", "6C796E632E7363686572747A2E6C6F63616C"});
    CHECK(plain.rc == 1);
    CHECK(plain.out.find("hint: option 120 holds the plain text \"lync.schertz.local\"") !=
          std::string::npos);
    CHECK(plain.out.find("      fix: send " + v("option120") + "\n") != std::string::npos);

    const auto port =
        run({"decode", "--option", "43", "040201BB", "--vendor-class", "MS-UC-Client"});
    CHECK(port.rc == 1);
    CHECK(port.out.find("hint: sub-option 4 (Port) holds the 2-byte integer 443 (01BB)") !=
          std::string::npos);

    const auto compressed = run(
        {"decode", "--option", "120", "000473697031077363686572747A056C6F63616C000473697032C005"});
    CHECK(compressed.rc == 0);
    CHECK(compressed.out ==
          "DHCP: SIP Servers(120) = (Length: 28) sip1.schertz.local, sip2.schertz.local [name "
          "compression used] "
          "(000473697031077363686572747A056C6F63616C000473697032C005)\n"
          "SIP Server FQDN : sip1.schertz.local, sip2.schertz.local\n"
          "note: option 120 uses RFC 1035 name compression (as dnsmasq writes it); RFC 3361 "
          "clients must accept it\n");

    const auto json =
        run({"decode", "--option", "120", "046C796E63077363686572747A056C6F63616C00", "--json"});
    CHECK(json.rc == 1);
    CHECK(json.out.find("\"id\": \"option120-missing-enc\"") != std::string::npos);
    CHECK(json.out.find("\"url\": null") != std::string::npos);
}

TEST_CASE("decode --packet: the header, every option, the phone's view") {
    wire::Packet p;
    p.op = 2;
    p.xid = 0x3903F326;
    p.ciaddr = wire::Ipv4::parse("192.168.1.50");
    p.chaddr[0] = 0x00;
    p.chaddr[1] = 0x04;
    p.options.set(53, {5});
    p.options.set(54, wire::parseHex("C0A8010A"));
    p.options.set(120, vectors().bytes("lync.schertz.local", "option120"));
    p.options.set(43, vectors().bytes("lync.schertz.local", "option43_windows_ack"));
    const auto bytes = wire::encodePacket(p);
    const auto r = run({"decode", "--packet", wire::toHex(bytes)});
    CHECK(r.rc == 0);
    CHECK(
        r.out.starts_with("DHCP message, 365 bytes, DHCPACK\n"
                          "op     : BOOTREPLY (2)\n"
                          "htype  : 1 (Ethernet), hlen 6, hops 0\n"
                          "xid    : 0x3903F326\n"));
    CHECK(r.out.find("ciaddr : 192.168.1.50\n") != std::string::npos);
    CHECK(r.out.find("DHCP: DHCP Message Type(53) = (Length: 1) DHCPACK (05)\n"
                     "DHCP: Server Identifier(54) = (Length: 4) 192.168.1.10 (C0A8010A)\n"
                     "DHCP: SIP Servers(120) = (Length: 21) lync.schertz.local (" +
                     v("option120") + ")\n") != std::string::npos);
    CHECK(r.out.find("SIP Server FQDN : lync.schertz.local\n"
                     "Certificate Provisioning Service URL : " +
                     v("cert_prov_url") + "\n") != std::string::npos);

    const auto json = run({"decode", "--packet", wire::toHex(bytes), "--json"});
    CHECK(json.rc == 0);
    CHECK(json.out.find("\"messageType\": \"DHCPACK\"") != std::string::npos);
    CHECK(json.out.find("\"xid\": \"0x3903F326\"") != std::string::npos);
}

// A BOOTREPLY header, the magic cookie and `optionsHex` exactly as given (no END added).
wire::Bytes rawReply(const std::string& optionsHex) {
    wire::Bytes b(236, 0);
    b[0] = 2;
    b[1] = 1;
    b[2] = 6;
    for (const auto& part : {wire::parseHex("63825363"), wire::parseHex(optionsHex)}) {
        b.insert(b.end(), part.begin(), part.end());
    }
    return b;
}

TEST_CASE("decode --packet reports what the decoder tolerated") {
    const std::string o43 = v("option43");
    // Option 43 in two instances (RFC 3396), and no END.
    const auto split =
        run({"decode", "--packet",
             wire::toHex(rawReply("350105 2B28" + o43.substr(0, 80) + " 2B2D" + o43.substr(80)))});
    CHECK(split.rc == 0);  // tolerated: warnings and notes, no errors
    CHECK(split.out.find("DHCP: Vendor Specific Information(43) = (Length: 85) 5 sub-options (" +
                         o43 + ")\n") != std::string::npos);
    CHECK(split.out.ends_with(
        "Certificate Provisioning Service URL : " + v("cert_prov_url") +
        "\n"
        "hint: the options field has no END (255) option; tolerated, but RFC 2131 §4.1 requires "
        "one\n"
        "note: option 43 came in several instances and was joined (RFC 3396)\n"));
    const auto trailing = run({"decode", "--packet", wire::toHex(rawReply("350105 FF 0000 4142"))});
    CHECK(trailing.rc == 0);
    CHECK(
        trailing.out.ends_with("DHCP: DHCP Message Type(53) = (Length: 1) DHCPACK (05)\n"
                               "hint: 2 non-zero bytes after END at offset 246 (not parsed)\n"));
    // An option running past the end of the message is not tolerated.
    const auto overrun = run({"decode", "--packet", wire::toHex(rawReply("350105 2B09 0102"))});
    CHECK(overrun.rc == 65);
    CHECK(overrun.out.empty());
    CHECK(overrun.err.starts_with(
        "dhcputil: --packet (247 bytes): option 43 length 9 runs past the end"));
}

TEST_CASE("decode --pcap: every DHCP message, skipped and malformed frames counted") {
    const auto r = run({"decode", "--pcap", kDataDir + "msuc-exchange.pcap"});
    CHECK(r.rc == 1);  // frame 5 is malformed
    CHECK(r.err.empty());
    CHECK(r.out.find(
              "\nFrame 1, 2023-11-14 22:13:20.000000 UTC, 192.168.1.50:68 -> 255.255.255.255:67\n"
              "DHCP message, 300 bytes, DHCPINFORM\n") != std::string::npos);
    CHECK(r.out.find("\nFrame 4, 2023-11-14 22:13:23.003000 UTC, 192.168.1.10:67 -> "
                     "192.168.1.50:68, VLAN 20\n") != std::string::npos);
    CHECK(r.out.find("        Unknown(220) = (Length: 3) \"NAP\" (4E4150)\n") != std::string::npos);
    CHECK(r.out.find("\nFrame 5: malformed DHCP message: option 43 length 200 runs past the end of "
                     "the options (20 "
                     "bytes left) at offset 250 (frame offset 292)\n") != std::string::npos);
    CHECK(r.out.find("[name compression used]") != std::string::npos);
    CHECK(r.out.ends_with(
        "\nSummary: 6 frames: 3 DHCP messages decoded, 1 malformed, 2 other packets skipped\n"));
    // Frames are reported in capture order.
    CHECK(r.out.find("\nFrame 4,") < r.out.find("\nFrame 5:"));
    CHECK(r.out.find("\nFrame 5:") < r.out.find("\nFrame 6,"));

    for (const auto* name : {"msuc-ack-sll.pcap", "msuc-ack-sll2.pcap", "msuc-ack-raw.pcap"}) {
        CAPTURE(name);
        const auto one = run({"decode", "--pcap", kDataDir + name});
        CHECK(one.rc == 0);
        CHECK(one.out.find("Certificate Provisioning Service URL : " + v("cert_prov_url") + "\n") !=
              std::string::npos);
        CHECK(one.out.ends_with(
            "Summary: 1 frame: 1 DHCP message decoded, 0 malformed, 0 other packets skipped\n"));
    }

    const auto json = run({"decode", "--pcap", kDataDir + "msuc-exchange.pcap", "--json"});
    CHECK(json.rc == 1);
    CHECK(json.out.find("\"errors\": [\n    {\n      \"frame\": 5,\n      \"offset\": 250,\n      "
                        "\"frameOffset\": 292,") != std::string::npos);
    CHECK(json.out.find("\"skipped\": 2") != std::string::npos);
}

TEST_CASE("config hands over to the emitters") {
    wire::UcSettings s;
    s.sipServers = {"lync.schertz.local"};
    const auto r = run({"config", "--format", "netsh", "--sip-server", "lync.schertz.local"});
    CHECK(r.rc == 0);
    CHECK(r.out == util::emit::emitConfig(util::emit::Format::Netsh, s, {}));

    util::emit::EmitOptions scoped;
    scoped.scope = wire::Cidr::parse("192.0.2.0/24");
    const auto kea = run({"config", "--format", "kea", "--scope", "192.0.2.0/24", "--sip-server",
                          "lync.schertz.local"});
    CHECK(kea.rc == 0);
    CHECK(kea.out == util::emit::emitConfig(util::emit::Format::Kea, s, scoped));

    util::emit::EmitOptions cleanup;
    cleanup.cleanup = true;
    const auto clean = run({"config", "--format", "netsh", "--cleanup"});
    CHECK(clean.rc == 0);
    CHECK(clean.out == util::emit::emitConfig(util::emit::Format::Netsh, {}, cleanup));

    const auto dir = tempDir("config");
    const auto file = dir / "dhcpd.conf";
    const auto out = run({"config", "--format", "isc-dhcpd", "--scope", "192.0.2.0/24",
                          "--sip-server", "lync.schertz.local", "--output", file.string()});
    CHECK(out.rc == 0);
    CHECK(out.out.empty());
    CHECK(slurp(file) == util::emit::emitConfig(util::emit::Format::IscDhcpd, s, scoped));
    std::filesystem::remove_all(dir);
}

TEST_CASE(
    "config --ntp-server, --domain-search, --vlan: handed over, and checked with one-line errors") {
    wire::UcSettings s;
    s.sipServers = {"lync.schertz.local"};
    util::emit::EmitOptions o;
    o.scope = wire::Cidr::parse("192.0.2.0/24");
    o.phone.ntpServers = {wire::Ipv4::parse("192.0.2.123"), wire::Ipv4::parse("198.51.100.123")};
    o.phone.domainSearch = {"schertz.local", "corp.schertz.local"};
    o.phone.vlan = 100;
    const std::vector<std::string> phone = {"--ntp-server",    "192.0.2.123",
                                            "--ntp-server",    "198.51.100.123",
                                            "--domain-search", "schertz.local",
                                            "--domain-search", "corp.schertz.local",
                                            "--vlan",          "100"};
    for (const auto f :
         {util::emit::Format::Kea, util::emit::Format::Netsh, util::emit::Format::Junos}) {
        const std::string name(util::emit::formatName(f));
        CAPTURE(name);
        std::vector<std::string> args = {
            "config",       "--format",          name, "--scope", "192.0.2.0/24",
            "--sip-server", "lync.schertz.local"};
        args.insert(args.end(), phone.begin(), phone.end());
        const auto r = run(args);
        CHECK(r.rc == 0);
        CHECK(r.err.empty());
        CHECK(r.out == util::emit::emitConfig(f, s, o));
    }
    const std::vector<std::string> base = {"config", "--format", "netsh", "--sip-server",
                                           "a.example"};
    const auto with = [&](std::vector<std::string> extra) {
        std::vector<std::string> args = base;
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
    };
    checkError(
        with({"--vlan", "0"}), 65,
        "--vlan '0': VLAN ID out of range (1..4094; 0 and 4095 are reserved) at character 1");
    checkError(
        with({"--vlan", "4095"}), 65,
        "--vlan '4095': VLAN ID out of range (1..4094; 0 and 4095 are reserved) at character 1");
    checkError(with({"--vlan", "99999999999999999999"}), 65,
               "--vlan '99999999999999999999': VLAN ID out of range (1..4094; 0 and 4095 are "
               "reserved) at character 1");
    checkError(with({"--vlan", "1O0"}), 65,
               "--vlan '1O0': 'O' is not a digit (a VLAN ID is 1..4094) at character 2");
    checkError(with({"--vlan", ""}), 65, "--vlan: empty value (a VLAN ID is 1..4094)");
    checkError(with({"--vlan", "1", "--vlan", "2"}), 64,
               "option '--vlan' cannot be specified more than once (see 'dhcputil config --help')");
    const auto badNtp = run(with({"--ntp-server", "192.0.2.300"}));
    CHECK(badNtp.rc == 65);
    CHECK(badNtp.out.empty());
    CHECK(badNtp.err.starts_with("dhcputil: --ntp-server '192.0.2.300': "));
    CHECK(std::count(badNtp.err.begin(), badNtp.err.end(), '\n') == 1);
    checkError(with({"--domain-search", "corp..example"}), 65,
               "--domain-search 'corp..example': empty label at character 6");
    checkError(with({"--domain-search", "corp_x.example"}), 65,
               "--domain-search 'corp_x.example': '_' is not allowed in a host name (letters, "
               "digits, '-') at "
               "character 5");
    // A value the format cannot carry: 65 with what to shorten.
    const auto tooLong = run({"config", "--format", "aruba", "--sip-server", "pool.example.com",
                              "--web-server", std::string(50, 'w') + ".example.com"});
    CHECK(tooLong.rc == 65);
    CHECK(tooLong.out.empty());
    CHECK(tooLong.err.starts_with(
        "dhcputil: --format aruba: option 43 is 258 hex digits; Comware's `option N hex` "
        "takes at most 256"));
}

TEST_CASE("help and version") {
    for (const auto& args :
         std::vector<std::vector<std::string>>{{"--help"}, {"help"}, {"-h"}, {"-?"}, {"-Help"}}) {
        CAPTURE(args);
        const auto r = run(args);
        CHECK(r.rc == 0);
        CHECK(r.out.find("dhcputil encode --sip-server FQDN") != std::string::npos);
        CHECK(r.out.find("-SipServer FQDN [-WebServer FQDN] [-RunConfigScript") !=
              std::string::npos);
    }
    const std::vector<std::pair<std::string, std::vector<std::string>>> perCommand{
        {"encode",
         {"--sip-server", "--sip-address", "--web-server", "--port", "--scheme", "--path",
          "--vendor-class", "--json", "--layout", "sfb2015"}},
        {"decode", {"--option", "--packet", "--pcap", "--json"}},
        {"config",
         {"--format", "--cleanup", "--scope", "--interface", "--output", "--sip-server", "--port",
          "--ntp-server", "--domain-search", "--vlan", "fortigate|junos|aruba"}},
    };
    for (const auto& [command, options] : perCommand) {
        const auto a = run({command, "--help"});
        const auto b = run({"help", command});
        CHECK(a.rc == 0);
        CHECK(a.out == b.out);
        for (const auto& option : options) {
            CAPTURE(option);
            CHECK(a.out.find(option) != std::string::npos);
        }
    }
    const auto version = run({"--version"});
    CHECK(version.rc == 0);
    CHECK(version.out.starts_with("dhcputil (dhcplite) "));
}

TEST_CASE("usage errors: one line, a pointer to --help, exit 64") {
    checkError({}, 64,
               "no command given: encode, decode, config, or DHCPUtil's -SipServer FQDN (see "
               "'dhcputil --help')");
    checkError({"frobnicate"}, 64, "unknown command 'frobnicate' (see 'dhcputil --help')");
    checkError({"encode", "--bogus"}, 64,
               "unknown option '--bogus' (see 'dhcputil encode --help')");
    checkError(
        {"encode"}, 64,
        "--sip-server FQDN (or --sip-address IP) is required (see 'dhcputil encode --help')");
    checkError({"encode", "--sip-server"}, 64,
               "the required argument for option '--sip-server' is missing (see 'dhcputil encode "
               "--help')");
    checkError({"encode", "--sip-server", "a.example", "--port", "1", "--port", "2"}, 64,
               "option '--port' cannot be specified more than once (see 'dhcputil encode --help')");
    checkError({"encode", "--sip-server", "a.example", "stray"}, 64,
               "unexpected argument 'stray' for encode (see 'dhcputil encode --help')");
    // -EmulateClient itself would send a real INFORM on this host: only its usage error is tried
    // here (the exchange is tested in namespaces, tests/dhcputil/emulate/).
    checkError({"-EmulateClient", "-Bogus"}, 64,
               "unknown switch '-Bogus' for -EmulateClient (see 'dhcputil --help')");
    checkError({"-Frobnicate"}, 64, "unknown switch '-Frobnicate' (see 'dhcputil --help')");
    checkError({"-SipServer"}, 64,
               "the required argument for option '-SipServer' is missing (see 'dhcputil --help')");
    checkError({"-WebServer", "a.example"}, 64,
               "-SipServer FQDN is required (see 'dhcputil --help')");
    checkError({"decode"}, 64,
               "decode needs exactly one of --option CODE HEX, --packet HEX or --pcap FILE (see "
               "'dhcputil decode --help')");
    checkError({"decode", "--option", "256", "00"}, 64,
               "--option '256': an option code is 1..254, e.g. --option 120 or --option 43 (see "
               "'dhcputil decode --help')");
    checkError({"decode", "--option", "43"}, 64,
               "--option 43 needs the option's value as HEX (see 'dhcputil decode --help')");
    checkError({"config", "--sip-server", "a.example"}, 64,
               "--format is required "
               "(netsh|powershell|isc-dhcpd|kea|dnsmasq|cisco-ios|mikrotik|dhcplite|fortigate|"
               "junos|aruba) (see "
               "'dhcputil config --help')");
    checkError({"help", "nothing"}, 64, "no help for 'nothing' (see 'dhcputil --help')");
    // An emitter's std::invalid_argument is a usage error carrying its message.
    const auto kea = run({"config", "--format", "kea", "--sip-server", "a.example"});
    CHECK(kea.rc == 64);
    CHECK(kea.out.empty());
    CHECK(kea.err.starts_with("dhcputil: --scope is required for kea"));
    CHECK(kea.err.ends_with("(see 'dhcputil config --help')\n"));
}

TEST_CASE("bad values: one line naming the value and the position, exit 65") {
    checkError({"encode", "--sip-server", "lync..local"}, 65,
               "--sip-server 'lync..local': empty label at character 6");
    checkError({"encode", "--sip-server", std::string(64, 'a') + ".com"}, 65,
               "--sip-server '" + std::string(64, 'a') +
                   ".com': label 'aaaaaaaaaaaaaaaa...' is 64 octets (max 63) at character 1");
    checkError({"encode", "--sip-server", "lync_pool.local"}, 65,
               "--sip-server 'lync_pool.local': '_' is not allowed in a host name (letters, "
               "digits, '-') at character 5");
    checkError({"encode", "--sip-server", "a.example", "--port", "0"}, 65,
               "--port '0': port 0 is not a usable port (1..65535) at character 1");
    checkError({"encode", "--sip-server", "a.example", "--port", "70000"}, 65,
               "--port '70000': port out of range (1..65535) at character 1");
    checkError({"encode", "--sip-server", "a.example", "--port", "44x"}, 65,
               "--port '44x': 'x' is not a digit (a port is 1..65535) at character 3");
    checkError({"encode", "--sip-server", "a.example", "--path", "CertProv"}, 65,
               "--path 'CertProv': the path must start with '/' at character 1");
    checkError({"encode", "--sip-server", "a.example", "--web-server", "web..example"}, 65,
               "--web-server 'web..example': empty label at character 5");
    checkError({"-SipServer", "a.example", "-WebServer", "bad_web.example"}, 65,
               "-WebServer 'bad_web.example': '_' is not allowed in a host name (letters, digits, "
               "'-') at character 4");
    checkError(
        {"decode", "--option", "43", "010"}, 65,
        "--option 43: lone hex digit (every byte needs two digits) at character 3, near '010'");
    checkError({"decode", "--option", "43", "01XZ"}, 65,
               "--option 43: 'X' is not a hex digit at character 3, near '01XZ'");
    checkError({"decode", "--packet", "0101"}, 65,
               "--packet (2 bytes): datagram of 2 bytes is too short (a DHCP message has at least "
               "240) at offset 2");
    checkError(
        {"config", "--format", "kea", "--scope", "192.0.2.1/24", "--sip-server", "a.example"}, 65,
        "--scope '192.0.2.1/24': host bits are set (the network is 192.0.2.0/24) at character 1");
}

TEST_CASE("files: missing or garbage capture 66, unwritable output 73") {
    checkError(
        {"decode", "--pcap", "/nonexistent/capture.pcap"}, 66,
        "--pcap '/nonexistent/capture.pcap': cannot read capture file: No such file or directory");
    checkError({"config", "--format", "netsh", "--sip-server", "a.example", "--output",
                "/nonexistent/dir/x.cmd"},
               73, "--output '/nonexistent/dir/x.cmd': cannot write: No such file or directory");
    checkError(
        {"-SipServer", "a.example", "-RunConfigScript", "-OutFile", "/nonexistent/dir/x.cmd"}, 73,
        "-OutFile '/nonexistent/dir/x.cmd': cannot write: No such file or directory");
}
