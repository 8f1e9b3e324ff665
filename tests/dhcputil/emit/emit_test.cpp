// Configuration emitters (dhcputil/emit): golden files for every format, the vector bytes where
// each format carries them, the option rules (--scope, --cleanup), Cisco's 180-character limit,
// quoting, and the dhcplite YAML read back by the daemon's own loader. The real servers' checkers
// run on the same output in run_checker.sh (ctest label "checker").
//
// Golden files live in tests/data/emit/. After an intended change of output, regenerate them with
//   UPDATE_GOLDEN=1 ./emit_test
// (from the build directory, e.g. build/tests/dhcputil/emit/emit_test) and review the diff before
// committing: the test then rewrites each file instead of comparing.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "emit/emit.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"

namespace emit = dhcplite::util::emit;
namespace wire = dhcplite::wire;
using emit::EmitOptions;
using emit::Format;

namespace {

const std::string kDataDir = DHCPLITE_TEST_DATA;

// One section of tests/data/ms-uc-client.txt as key → value.
std::map<std::string, std::string> vectors(const std::string& section) {
    std::ifstream in(kDataDir + "/ms-uc-client.txt");
    REQUIRE_MESSAGE(in.good(), "cannot read tests/data/ms-uc-client.txt");
    std::map<std::string, std::string> out;
    std::string line;
    bool inSection = false;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        if (line[0] == '[') {
            inSection = line == "[" + section + "]";
            continue;
        }
        if (!inSection) continue;
        const auto eq = line.find('=');
        if (eq == std::string::npos) continue;
        auto trim = [](std::string s) {
            const auto b = s.find_first_not_of(' ');
            const auto e = s.find_last_not_of(' ');
            return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
        };
        out[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
    }
    REQUIRE_MESSAGE(!out.empty(), "no section [" << section << "] in ms-uc-client.txt");
    return out;
}

std::string colonHex(const std::string& hex) {
    std::string out;
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        if (i != 0) out += ':';
        out += hex.substr(i, 2);
    }
    return out;
}

std::string psBytes(const std::string& hex) {
    std::string out = "([byte[]](";
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        if (i != 0) out += ',';
        out += "0x" + hex.substr(i, 2);
    }
    return out + "))";
}

wire::UcSettings lync() {
    wire::UcSettings s;
    s.sipServers = {"lync.schertz.local"};
    return s;
}

EmitOptions withScope() {
    EmitOptions o;
    o.scope = wire::Cidr::parse("192.0.2.0/24");
    return o;
}

// The scope wherever the format takes one (MikroTik and FortiGate have no use for it).
EmitOptions withScopeIfAllowed(Format f) {
    return f == Format::MikroTik || f == Format::FortiGate ? EmitOptions{} : withScope();
}

EmitOptions cleanup() {
    EmitOptions o;
    o.cleanup = true;
    return o;
}

bool updating() {
    const char* v = std::getenv("UPDATE_GOLDEN");
    return v != nullptr && std::string_view(v) == "1";
}

void checkGolden(const std::string& name, const std::string& actual) {
    const std::string path = kDataDir + "/emit/" + name;
    if (updating()) {
        std::ofstream out(path, std::ios::binary | std::ios::trunc);
        REQUIRE_MESSAGE(out.good(), "cannot write " << path);
        out << actual;
        MESSAGE("rewrote " << path);
        return;
    }
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(),
                    "missing golden file " << path << " (run with UPDATE_GOLDEN=1 to create it)");
    std::ostringstream content;
    content << in.rdbuf();
    INFO("golden file: " << path << " (UPDATE_GOLDEN=1 rewrites it)");
    CHECK(actual == content.str());
}

bool contains(const std::string& text, std::string_view part) {
    return text.find(part) != std::string::npos;
}

std::vector<std::string> lines(const std::string& text) {
    std::vector<std::string> out;
    std::istringstream in(text);
    std::string line;
    while (std::getline(in, line)) out.push_back(line);
    return out;
}

std::size_t count(const std::string& text, std::string_view part) {
    std::size_t n = 0;
    for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
    return n;
}

}  // namespace

TEST_CASE("format names round trip, unknown names are rejected") {
    const auto names = emit::formatNames();
    REQUIRE(names.size() == 11);
    CHECK(names[0] == "netsh");
    CHECK(names[8] == "fortigate");
    CHECK(names[9] == "junos");
    CHECK(names[10] == "aruba");
    for (const auto name : names) {
        const auto f = emit::parseFormat(name);
        REQUIRE(f.has_value());
        CHECK(emit::formatName(*f) == name);
    }
    CHECK(emit::parseFormat("isc-dhcpd") == Format::IscDhcpd);
    CHECK(emit::parseFormat("cisco-ios") == Format::CiscoIos);
    CHECK_FALSE(emit::parseFormat("").has_value());
    CHECK_FALSE(emit::parseFormat("bind").has_value());
    CHECK_FALSE(emit::parseFormat("kea ").has_value());
}

TEST_CASE("golden files for lync.schertz.local") {
    const auto s = lync();
    checkGolden("netsh.cmd", emit::emitConfig(Format::Netsh, s, {}));
    checkGolden("netsh-cleanup.cmd", emit::emitConfig(Format::Netsh, s, cleanup()));
    checkGolden("netsh-scope.cmd", emit::emitConfig(Format::Netsh, s, withScope()));
    checkGolden("powershell.ps1", emit::emitConfig(Format::PowerShell, s, {}));
    checkGolden("powershell-cleanup.ps1", emit::emitConfig(Format::PowerShell, s, cleanup()));
    checkGolden("isc-dhcpd.conf", emit::emitConfig(Format::IscDhcpd, s, withScope()));
    checkGolden("kea-dhcp4.json", emit::emitConfig(Format::Kea, s, withScope()));
    checkGolden("dnsmasq.conf", emit::emitConfig(Format::Dnsmasq, s, withScope()));
    checkGolden("cisco-ios.txt", emit::emitConfig(Format::CiscoIos, s, withScope()));
    checkGolden("mikrotik.rsc", emit::emitConfig(Format::MikroTik, s, {}));
    checkGolden("dhcplite.yaml", emit::emitConfig(Format::Dhcplite, s, {}));
}

TEST_CASE("every output starts with a comment header naming the command") {
    const auto s = lync();
    const std::vector<std::pair<Format, std::string>> prefixes = {
        {Format::Netsh, "rem "},  {Format::PowerShell, "# "}, {Format::IscDhcpd, "# "},
        {Format::Kea, "// "},     {Format::Dnsmasq, "# "},    {Format::CiscoIos, "! "},
        {Format::MikroTik, "# "}, {Format::Dhcplite, "# "},   {Format::FortiGate, "# "},
        {Format::Junos, "# "},    {Format::Aruba, "# "},
    };
    for (const auto& [format, prefix] : prefixes) {
        CAPTURE(emit::formatName(format));
        const auto out = lines(emit::emitConfig(format, s, withScopeIfAllowed(format)));
        REQUIRE(out.size() > 4);
        // cmd.exe echoes comment lines unless "@echo off" comes first.
        const std::size_t first = format == Format::Netsh ? 1 : 0;
        if (format == Format::Netsh) CHECK(out[0] == "@echo off");
        CHECK(out[first].starts_with(prefix));
        CHECK(contains(out[first], "MS-UC-Client"));
        CHECK(out[first + 1].starts_with(prefix + "Generated by: dhcputil config --format " +
                                         std::string(emit::formatName(format))));
    }
}

TEST_CASE("netsh carries the vector bytes the way DHCPConfigScript.bat does") {
    const auto v = vectors("lync.schertz.local");
    const auto out = emit::emitConfig(Format::Netsh, lync(), {});
    CHECK(contains(
        out,
        "netsh dhcp server add optiondef 120 UCSipServer Binary 0 comment=\"Sip Server Fqdn\"\n"));
    CHECK(
        contains(out, "netsh dhcp server set optionvalue 120 Binary " + v.at("option120") + "\n"));
    CHECK(contains(out,
                   "netsh dhcp server set optionvalue 120 Binary "
                   "00046C796E63077363686572747A056C6F63616C00\n"));
    CHECK(contains(
        out, "netsh dhcp server add class MSUCClient \"UC Vendor Class Id\" \"MS-UC-Client\" 1\n"));
    const char* names[] = {"UCIdentifier", "URLScheme", "WebServerFqdn", "WebServerPort",
                           "CertProvRelPath"};
    for (int n = 1; n <= 5; ++n) {
        CAPTURE(n);
        CHECK(contains(out, "netsh dhcp server add optiondef " + std::to_string(n) + " " +
                                names[n - 1] + " Binary 0 Vendor=MSUCClient comment=\""));
        CHECK(contains(out, "netsh dhcp server set optionvalue " + std::to_string(n) +
                                " Binary vendor=MSUCClient " + v.at("sub" + std::to_string(n)) +
                                "\n"));
    }
    // The port is ASCII "443", not an integer.
    CHECK(contains(out, "set optionvalue 4 Binary vendor=MSUCClient 343433\n"));
}

TEST_CASE(
    "netsh Configure and Cleanup both start with the same three deletes; Cleanup stops there") {
    const std::vector<std::string> deletes = {
        "netsh dhcp server delete optionvalue 120",
        "netsh dhcp server delete optiondef 120",
        "netsh dhcp server delete class MSUCClient",
    };
    const auto commands = [](const std::string& text) {
        std::vector<std::string> out;
        for (const auto& l : lines(text)) {
            if (l.starts_with("netsh ")) out.push_back(l);
        }
        return out;
    };
    const auto configure = commands(emit::emitConfig(Format::Netsh, lync(), {}));
    REQUIRE(configure.size() == 3 + 3 + 10);
    CHECK(std::vector<std::string>(configure.begin(), configure.begin() + 3) == deletes);
    CHECK(configure[3].starts_with("netsh dhcp server add optiondef 120 "));
    CHECK(configure[4].starts_with("netsh dhcp server set optionvalue 120 "));
    CHECK(configure[5].starts_with("netsh dhcp server add class MSUCClient "));

    CHECK(commands(emit::emitConfig(Format::Netsh, lync(), cleanup())) == deletes);
    // Cleanup needs no values: it removes whatever Configure added.
    CHECK(commands(emit::emitConfig(Format::Netsh, wire::UcSettings{}, cleanup())) == deletes);
}

TEST_CASE("netsh with --scope sets the option values on that scope") {
    const auto v = vectors("lync.schertz.local");
    const auto out = emit::emitConfig(Format::Netsh, lync(), withScope());
    CHECK(contains(out, "netsh dhcp server scope 192.0.2.0 delete optionvalue 120\n"));
    CHECK(contains(out, "netsh dhcp server scope 192.0.2.0 set optionvalue 120 Binary " +
                            v.at("option120") + "\n"));
    CHECK(contains(out,
                   "netsh dhcp server scope 192.0.2.0 set optionvalue 3 Binary vendor=MSUCClient " +
                       v.at("sub3") + "\n"));
    // Definitions and the class are server-wide in Windows DHCP.
    CHECK(contains(out, "netsh dhcp server add optiondef 120 "));
    CHECK(contains(out, "netsh dhcp server add class MSUCClient "));
    CHECK_FALSE(contains(out, "\nnetsh dhcp server set optionvalue"));
}

TEST_CASE("PowerShell passes byte arrays, with a cleanup variant") {
    const auto v = vectors("lync.schertz.local");
    const auto out = emit::emitConfig(Format::PowerShell, lync(), {});
    CHECK(contains(
        out,
        "Add-DhcpServerv4OptionDefinition -OptionId 120 -Name 'UCSipServer' -Type BinaryData"));
    CHECK(contains(out, "Set-DhcpServerv4OptionValue -OptionId 120 -Value " +
                            psBytes(v.at("option120")) + "\n"));
    CHECK(contains(out, "([byte[]](0x00,0x04,0x6C,0x79,0x6E,0x63,0x07,"));
    CHECK(contains(out,
                   "Add-DhcpServerv4Class -Name 'MSUCClient' -Type Vendor -Data 'MS-UC-Client'"));
    for (int n = 1; n <= 5; ++n) {
        CAPTURE(n);
        const std::string id = std::to_string(n);
        CHECK(contains(out, "Add-DhcpServerv4OptionDefinition -OptionId " + id + " -Name '"));
        CHECK(contains(out, "Set-DhcpServerv4OptionValue -OptionId " + id +
                                " -VendorClass 'MSUCClient' -Value " + psBytes(v.at("sub" + id)) +
                                "\n"));
    }
    CHECK(contains(out, "-Value ([byte[]](0x34,0x34,0x33))\n"));  // port "443" as ASCII
    CHECK_FALSE(contains(out, v.at("option120")));                // never a hex string
    CHECK(count(out, "-VendorClass 'MSUCClient'") == 10);

    const auto clean = emit::emitConfig(Format::PowerShell, wire::UcSettings{}, cleanup());
    CHECK(contains(clean, "Remove-DhcpServerv4OptionValue -OptionId 120"));
    CHECK(contains(clean, "Remove-DhcpServerv4OptionDefinition -OptionId 120"));
    CHECK(contains(clean, "Remove-DhcpServerv4Class -Name 'MSUCClient' -Type Vendor"));
    CHECK_FALSE(contains(clean, "Add-"));
    CHECK_FALSE(contains(clean, "Set-DhcpServerv4OptionValue"));

    const auto scoped = emit::emitConfig(Format::PowerShell, lync(), withScope());
    CHECK(count(scoped, "Set-DhcpServerv4OptionValue -ScopeId 192.0.2.0 ") == 6);
}

TEST_CASE("ISC dhcpd: text sub-options, raw option 120, exact class, authoritative subnet") {
    const auto v = vectors("lync.schertz.local");
    const auto out = emit::emitConfig(Format::IscDhcpd, lync(), withScope());
    CHECK(contains(out, "option space MSUCClient;\n"));
    CHECK(contains(out, "option MSUCClient.WebServerPort code 4 = text;\n"));
    CHECK(contains(out, "option ms-uc-sip-server code 120 = string;\n"));
    CHECK(contains(out, "match if option vendor-class-identifier = \"MS-UC-Client\";\n"));
    CHECK(contains(out, "vendor-option-space MSUCClient;\n"));
    CHECK(contains(out, "option MSUCClient.UCIdentifier \"MS-UC-Client\";\n"));
    CHECK(contains(out, "option MSUCClient.WebServerFqdn \"lync.schertz.local\";\n"));
    CHECK(contains(out, "option MSUCClient.WebServerPort \"443\";\n"));
    CHECK(contains(
        out, "option MSUCClient.CertProvRelPath \"/CertProv/CertProvisioningService.svc\";\n"));
    CHECK(contains(out, "option ms-uc-sip-server " + colonHex(v.at("option120")) + ";\n"));
    CHECK(contains(out, "subnet 192.0.2.0 netmask 255.255.255.0 {\n  authoritative;\n}\n"));

    EmitOptions half;
    half.scope = wire::Cidr::parse("198.51.100.128/25");
    CHECK(contains(emit::emitConfig(Format::IscDhcpd, lync(), half),
                   "subnet 198.51.100.128 netmask 255.255.255.128 {\n  authoritative;\n}\n"));
}

TEST_CASE(
    "Kea: option 120 defined binary, option 43 binary in a class matching option 60 exactly") {
    const auto v = vectors("lync.schertz.local");
    const auto out = emit::emitConfig(Format::Kea, lync(), withScope());
    CHECK(contains(out, "\"code\": 120, \"space\": \"dhcp4\", \"type\": \"binary\""));
    CHECK(contains(out, "\"test\": \"option[60].text == 'MS-UC-Client'\""));
    CHECK(contains(
        out, "{ \"name\": \"vendor-encapsulated-options\", \"code\": 43, \"type\": \"binary\" }"));
    CHECK(contains(out, "\"csv-format\": false, \"data\": \"" + v.at("option120") + "\""));
    CHECK(contains(out, "\"csv-format\": false, \"data\": \"" + v.at("option43") + "\""));
    CHECK(contains(out, "\"subnet\": \"192.0.2.0/24\""));
    CHECK(contains(out, "\"interfaces\": [ \"*\" ]"));

    EmitOptions eth = withScope();
    eth.interface = "eth1";
    CHECK(contains(emit::emitConfig(Format::Kea, lync(), eth), "\"interfaces\": [ \"eth1\" ]"));
}

TEST_CASE("dnsmasq: quoted text sub-options, raw hex option 120, substring warning") {
    const auto v = vectors("lync.schertz.local");
    const auto out = emit::emitConfig(Format::Dnsmasq, lync(), withScope());
    CHECK(contains(out, "dhcp-vendorclass=set:msuc,MS-UC-Client\n"));
    CHECK(contains(out, "SUBSTRING"));
    CHECK(contains(out, "dhcp-option=tag:msuc,120," + colonHex(v.at("option120")) + "\n"));
    CHECK(contains(out, "dhcp-option=tag:msuc,120,00:04:6C:79:6E:63:07:73:"));
    CHECK(contains(out, "dhcp-option=tag:msuc,vendor:MS-UC-Client,4,\"443\"\n"));
    CHECK(contains(out, "dhcp-option=tag:msuc,vendor:MS-UC-Client,1,\"MS-UC-Client\"\n"));
    CHECK(contains(out, "dhcp-option=tag:msuc,vendor:MS-UC-Client,3,\"lync.schertz.local\"\n"));
    CHECK(contains(out, "dhcp-range=192.0.2.0,static,255.255.255.0\n"));
    // dnsmasq sends the last configured sub-option first: listed 5..1 they go out as 1..5.
    const auto first = out.find("vendor:MS-UC-Client,5,");
    const auto last = out.find("vendor:MS-UC-Client,1,");
    REQUIRE(first != std::string::npos);
    REQUIRE(last != std::string::npos);
    CHECK(first < out.find("vendor:MS-UC-Client,4,"));
    CHECK(out.find("vendor:MS-UC-Client,2,") < last);

    // No scope: allowed, and no dhcp-range line (only the hint in a comment).
    const auto noScope = emit::emitConfig(Format::Dnsmasq, lync(), {});
    CHECK_FALSE(contains(noScope, "\ndhcp-range="));
    CHECK(contains(noScope, "#   dhcp-range="));
}

TEST_CASE("Cisco IOS: option 43 hex up to 180 characters, option ext parts past that") {
    SUBCASE("lync.schertz.local") {
        const auto v = vectors("lync.schertz.local");
        const auto out = emit::emitConfig(Format::CiscoIos, lync(), withScope());
        CHECK(contains(out, "ip dhcp pool MS-UC-Client\n network 192.0.2.0 255.255.255.0\n"));
        CHECK(contains(out, " option 120 hex " + v.at("option120") + "\n"));
        CHECK(contains(out, " option 43 hex " + v.at("option43") + "\n"));
        CHECK_FALSE(contains(out, "\n option ext "));
    }
    SUBCASE("exactly 180 hex characters stays on option 43 hex") {
        const auto v = vectors("server.fqdn.company.com");
        REQUIRE(v.at("option43_hexlen") == "180");
        wire::UcSettings s;
        s.sipServers = {"server.fqdn.company.com"};
        const auto out = emit::emitConfig(Format::CiscoIos, s, {});
        CHECK_FALSE(contains(out, "\n option ext "));
        std::string hex43;
        for (const auto& l : lines(out)) {
            if (l.starts_with(" option 43 hex ")) hex43 = l.substr(15);
        }
        CHECK(hex43.size() == 180);
        CHECK(contains(hex43, v.at("sub3")));
        CHECK(contains(out, " option 120 hex " + v.at("option120") + "\n"));
    }
    SUBCASE("one more character switches to option ext 43 hex parts") {
        wire::UcSettings s;
        s.sipServers = {"server1.fqdn.company.com"};  // 24 characters: 91 bytes, 182 hex
        const auto out = emit::emitConfig(Format::CiscoIos, s, {});
        CHECK_FALSE(contains(out, " option 43 hex "));
        std::string joined;
        std::size_t parts = 0;
        for (const auto& l : lines(out)) {
            if (l.starts_with(" option ext 43 hex ")) {
                const auto part = l.substr(19);
                CHECK(part.size() <= 180);
                joined += part;
                ++parts;
            }
        }
        CHECK(parts == 2);
        CHECK(joined.size() == 182);
        // The parts are the whole option 43, in order.
        const auto kea = emit::emitConfig(Format::Kea, s, withScope());
        CHECK(contains(kea, "\"data\": \"" + joined + "\""));
    }
    SUBCASE("a long web server name: three parts") {
        wire::UcSettings s;
        s.sipServers = {"pool.example.com"};
        s.webServer = std::string(63, 'w') + "." + std::string(63, 'x') + ".example.com";
        const auto out = emit::emitConfig(Format::CiscoIos, s, {});
        // 67 + 139 = 206 bytes = 412 hex characters: parts of 180, 180 and 52.
        CHECK(count(out, " option ext 43 hex ") == 3);
        CHECK_FALSE(contains(out, " option 43 hex "));
    }
}

TEST_CASE("MikroTik: raw hex options, an option set and a matcher on option 60") {
    const auto v = vectors("lync.schertz.local");
    const auto out = emit::emitConfig(Format::MikroTik, lync(), {});
    CHECK(contains(out, "/ip dhcp-server option\n"));
    CHECK(contains(out, "add name=msuc-sip-server code=120 value=0x" + v.at("option120") + "\n"));
    CHECK(contains(out, "add name=msuc-vendor-info code=43 value=0x" + v.at("option43") + "\n"));
    CHECK(contains(out,
                   "/ip dhcp-server option sets\nadd name=msuc-options "
                   "options=msuc-sip-server,msuc-vendor-info\n"));
    CHECK(contains(out, "/ip dhcp-server matcher\n"));
    CHECK(contains(out, "code=60 value=\"MS-UC-Client\" option-set=msuc-options\n"));
    CHECK(contains(out, "7.4"));
}

TEST_CASE("dhcplite: the YAML loads back with the daemon's own loader") {
    const auto s = lync();
    const auto v = vectors("lync.schertz.local");
    const auto yaml = emit::emitConfig(Format::Dhcplite, s, {});
    const auto cfg = dhcplite::config::loadConfigText(yaml, "emitted");
    REQUIRE(cfg.defaultProfile.has_value());
    CHECK(cfg.defaultProfile->uc.sipServers == s.sipServers);
    CHECK(cfg.defaultProfile->uc.port == 443);
    REQUIRE(cfg.vendorClasses.size() == 1);
    CHECK(cfg.vendorClasses[0].match == "MS-UC-Client");
    CHECK(cfg.vendorClasses[0].mode == dhcplite::config::MatchMode::Exact);
    CHECK(cfg.sites.empty());

    // What the daemon will send from it is the vector bytes.
    const auto encoded = wire::encodeUc(cfg.defaultProfile->uc);
    CHECK(encoded.option120 == wire::encodeUc(s).option120);
    CHECK(encoded.option43 == wire::encodeUc(s).option43);
    CHECK(encoded.url == v.at("cert_prov_url"));

    SUBCASE("with a scope the settings become a site for that subnet, with an interface") {
        EmitOptions o = withScope();
        o.interface = "eth0";
        const auto scoped =
            dhcplite::config::loadConfigText(emit::emitConfig(Format::Dhcplite, s, o), "emitted");
        CHECK_FALSE(scoped.defaultProfile.has_value());
        REQUIRE(scoped.sites.size() == 1);
        REQUIRE(scoped.sites[0].subnets.size() == 1);
        CHECK(scoped.sites[0].subnets[0] == wire::Cidr::parse("192.0.2.0/24"));
        CHECK(scoped.sites[0].uc.sipServers == s.sipServers);
        CHECK(scoped.interfaces == std::vector<std::string>{"eth0"});
    }
}

TEST_CASE("formats that need a subnet say so when --scope is missing") {
    for (const auto f : {Format::Kea, Format::IscDhcpd}) {
        CAPTURE(emit::formatName(f));
        try {
            (void)emit::emitConfig(f, lync(), {});
            FAIL("no exception");
        } catch (const std::invalid_argument& e) {
            const std::string msg = e.what();
            CHECK(msg.starts_with("--scope is required for " + std::string(emit::formatName(f)) +
                                  ": "));
            CHECK(msg.find('\n') == std::string::npos);
        }
    }
    // The option check comes before the values are looked at...
    CHECK_THROWS_AS((void)emit::emitConfig(Format::Kea, wire::UcSettings{}, {}),
                    std::invalid_argument);
    // ... and the format functions make it too.
    CHECK_THROWS_AS((void)emit::emitKea(lync(), wire::EncodedUc{}, {}), std::invalid_argument);
    CHECK_THROWS_WITH_AS(
        (void)emit::emitConfig(Format::Kea, lync(), {}),
        doctest::Contains("Kea answers DHCPINFORM only for clients in a configured subnet"),
        std::invalid_argument);
}

TEST_CASE("--cleanup exists for netsh and powershell only") {
    for (const auto f :
         {Format::IscDhcpd, Format::Kea, Format::Dnsmasq, Format::CiscoIos, Format::MikroTik,
          Format::Dhcplite, Format::FortiGate, Format::Junos, Format::Aruba}) {
        CAPTURE(emit::formatName(f));
        EmitOptions o = withScopeIfAllowed(f);
        o.cleanup = true;
        CHECK_THROWS_WITH_AS(
            (void)emit::emitConfig(f, lync(), o),
            doctest::Contains("--cleanup is only available for netsh and powershell"),
            std::invalid_argument);
    }
    CHECK_NOTHROW((void)emit::emitConfig(Format::Netsh, lync(), cleanup()));
    CHECK_NOTHROW((void)emit::emitConfig(Format::PowerShell, lync(), cleanup()));
}

TEST_CASE("MikroTik refuses a scope it would ignore") {
    CHECK_THROWS_WITH_AS((void)emit::emitConfig(Format::MikroTik, lync(), withScope()),
                         doctest::Contains("--scope is not used by mikrotik"),
                         std::invalid_argument);
}

TEST_CASE("bad settings and interface names are input errors") {
    wire::UcSettings bad;
    bad.sipServers = {"lync..schertz.local"};  // empty label
    CHECK_THROWS_AS((void)emit::emitConfig(Format::Netsh, bad, {}), wire::InputError);
    CHECK_THROWS_AS((void)emit::emitConfig(Format::Kea, wire::UcSettings{}, withScope()),
                    wire::InputError);

    EmitOptions o = withScope();
    for (const std::string name :
         {"eth0 x", "eth0\nx", "eth0,x", "\"eth0\"", "averyveryverylongif"}) {
        CAPTURE(name);
        o.interface = name;
        try {
            (void)emit::emitConfig(Format::Dnsmasq, lync(), o);
            FAIL("no exception");
        } catch (const wire::InputError& e) {
            CHECK(e.field() == "interface");
        }
    }
    o.interface = "vlan.100";
    CHECK(contains(emit::emitConfig(Format::Dnsmasq, lync(), o), "\ninterface=vlan.100\n"));
}

TEST_CASE("an unusual vendor class is quoted for each language or refused") {
    wire::UcSettings s = lync();
    s.vendorClass = "MS UC,Client#'1'";
    std::string out;
    try {
        out = emit::emitConfig(Format::Dnsmasq, s, withScope());
    } catch (const wire::InputError& e) {
        // encodeUc may refuse such a vendor class outright; then there is nothing to quote.
        CHECK(e.field() == "vendor class");
        return;
    }
    CHECK(contains(out, "dhcp-vendorclass=set:msuc,\"MS UC,Client#'1'\"\n"));
    CHECK(contains(out, "dhcp-option=tag:msuc,vendor:\"MS UC,Client#'1'\",1,\"MS-UC-Client\"\n"));
    // Kea's expression strings have no escape for a quote: the class compares hex instead.
    CHECK(contains(emit::emitConfig(Format::Kea, s, withScope()),
                   "\"test\": \"option[60].hex == 0x4D532055432C436C69656E7423273127\""));
    CHECK(contains(emit::emitConfig(Format::PowerShell, s, {}), "-Data 'MS UC,Client#''1'''"));
    CHECK(contains(emit::emitConfig(Format::MikroTik, s, {}), "value=\"MS UC,Client#'1'\""));
    CHECK(contains(emit::emitConfig(Format::IscDhcpd, s, withScope()),
                   "vendor-class-identifier = \"MS UC,Client#'1'\";"));

    // A double quote cannot be written inside a quoted cmd.exe argument.
    s.vendorClass = "MS\"UC";
    try {
        (void)emit::emitConfig(Format::Netsh, s, {});
        FAIL("no exception");
    } catch (const wire::InputError& e) {
        CHECK(e.field() == "vendor class");
    }
}

// ---- the rest of the phone setup: --ntp-server, --domain-search, --vlan ----

namespace {

// Two time servers, a two-name search list and Lync Phone Edition's voice VLAN 100.
EmitOptions phoneSetup(Format f) {
    EmitOptions o = withScopeIfAllowed(f);
    o.phone.ntpServers = {wire::Ipv4::parse("192.0.2.123"), wire::Ipv4::parse("198.51.100.123")};
    o.phone.domainSearch = {"schertz.local", "corp.schertz.local"};
    o.phone.vlan = 100;
    return o;
}

// RFC 3397 §2 for schertz.local, corp.schertz.local, uncompressed, written label by label.
const std::string kSearchHex =
    "07"
    "7363686572747A"
    "05"
    "6C6F63616C"
    "00"
    "04"
    "636F7270"
    "07"
    "7363686572747A"
    "05"
    "6C6F63616C"
    "00";

}  // namespace

TEST_CASE("phone setup: the bytes of options 42/4, 119 and the CPE-OCPHONE VLAN") {
    const auto bytes = emit::encodePhoneSetup(phoneSetup(Format::Netsh).phone);
    CHECK(wire::toHex(bytes.addresses) == "C000027BC633647B");
    CHECK(wire::toHex(bytes.domainSearch) == kSearchHex);
    CHECK(wire::toHex(bytes.vlanWord) == "0064");
    CHECK(wire::toHex(bytes.vlanOption43) == "0A020064");
    emit::PhoneSetup top;
    top.vlan = 4094;
    CHECK(wire::toHex(emit::encodePhoneSetup(top).vlanOption43) == "0A020FFE");
    CHECK(emit::encodePhoneSetup(emit::PhoneSetup{}).addresses.empty());
}

TEST_CASE("phone setup: golden files for every format") {
    const auto s = lync();
    checkGolden("phone/netsh.cmd", emit::emitConfig(Format::Netsh, s, phoneSetup(Format::Netsh)));
    EmitOptions clean = phoneSetup(Format::Netsh);
    clean.cleanup = true;
    clean.scope.reset();
    checkGolden("phone/netsh-cleanup.cmd", emit::emitConfig(Format::Netsh, s, clean));
    checkGolden("phone/powershell.ps1",
                emit::emitConfig(Format::PowerShell, s, phoneSetup(Format::PowerShell)));
    checkGolden("phone/isc-dhcpd.conf",
                emit::emitConfig(Format::IscDhcpd, s, phoneSetup(Format::IscDhcpd)));
    checkGolden("phone/kea-dhcp4.json", emit::emitConfig(Format::Kea, s, phoneSetup(Format::Kea)));
    checkGolden("phone/dnsmasq.conf",
                emit::emitConfig(Format::Dnsmasq, s, phoneSetup(Format::Dnsmasq)));
    checkGolden("phone/cisco-ios.txt",
                emit::emitConfig(Format::CiscoIos, s, phoneSetup(Format::CiscoIos)));
    checkGolden("phone/mikrotik.rsc",
                emit::emitConfig(Format::MikroTik, s, phoneSetup(Format::MikroTik)));
    checkGolden("phone/dhcplite.yaml",
                emit::emitConfig(Format::Dhcplite, s, phoneSetup(Format::Dhcplite)));
}

TEST_CASE("phone setup: without it every output is what it was") {
    for (const auto f : {Format::Netsh, Format::PowerShell, Format::IscDhcpd, Format::Kea,
                         Format::Dnsmasq, Format::CiscoIos, Format::MikroTik, Format::Dhcplite,
                         Format::FortiGate, Format::Junos, Format::Aruba}) {
        CAPTURE(emit::formatName(f));
        const auto out = emit::emitConfig(f, lync(), withScopeIfAllowed(f));
        CHECK_FALSE(contains(out, "CPE"));
        CHECK_FALSE(contains(out, " 42"));
        CHECK_FALSE(contains(out, "119"));
    }
}

TEST_CASE("phone setup: netsh follows Microsoft's CPE-OCPHONE steps, values as typed options") {
    const auto out = emit::emitConfig(Format::Netsh, lync(), phoneSetup(Format::Netsh));
    CHECK(contains(out,
                   "\nnetsh dhcp server scope 192.0.2.0 set optionvalue 42 IPADDRESS 192.0.2.123 "
                   "198.51.100.123\n"));
    CHECK(contains(out,
                   "\nnetsh dhcp server scope 192.0.2.0 set optionvalue 4 IPADDRESS 192.0.2.123 "
                   "198.51.100.123\n"));
    CHECK(contains(out, "\nnetsh dhcp server add optiondef 119 DomainSearchList Binary 0 "));
    CHECK(contains(out, "\nnetsh dhcp server scope 192.0.2.0 set optionvalue 119 Binary " +
                            kSearchHex + "\n"));
    CHECK(contains(out,
                   "\nnetsh dhcp server add class CPEOCPHONE \"CPE-OCPHONE\" \"CPE-OCPHONE\" 1\n"));
    CHECK(contains(out, "\nnetsh dhcp server add optiondef 10 VLANID Word 0 vendor=CPEOCPHONE"));
    CHECK(contains(
        out,
        "\nnetsh dhcp server scope 192.0.2.0 set optionvalue 10 Word vendor=CPEOCPHONE 100\n"));
    // Deleted first, so Configure runs again; the class goes before it is added.
    CHECK(out.find("delete class CPEOCPHONE") < out.find("add class CPEOCPHONE"));
    CHECK(out.find("delete optiondef 119") < out.find("add optiondef 119"));
}

TEST_CASE("phone setup: each format carries the values its own way") {
    const auto s = lync();
    const auto ps = emit::emitConfig(Format::PowerShell, s, phoneSetup(Format::PowerShell));
    CHECK(contains(ps, "-OptionId 42 -Value '192.0.2.123','198.51.100.123'\n"));
    CHECK(contains(ps, "-OptionId 119 -Value " + psBytes(kSearchHex) + "\n"));
    CHECK(contains(ps, "-OptionId 10 -Name 'VLANID' -Type Word -VendorClass 'CPEOCPHONE'"));
    CHECK(contains(ps, "-OptionId 10 -VendorClass 'CPEOCPHONE' -Value 100\n"));

    const auto isc = emit::emitConfig(Format::IscDhcpd, s, phoneSetup(Format::IscDhcpd));
    CHECK(contains(isc, "  option ntp-servers 192.0.2.123, 198.51.100.123;\n"));
    CHECK(contains(isc, "  option time-servers 192.0.2.123, 198.51.100.123;\n"));
    CHECK(contains(isc, "  option domain-search \"schertz.local\", \"corp.schertz.local\";\n"));
    CHECK(contains(isc, "option CPEOCPHONE.VLANID code 10 = unsigned integer 16;\n"));
    CHECK(contains(isc, "match if option vendor-class-identifier = \"CPE-OCPHONE\";\n"));
    CHECK(contains(isc, "  option CPEOCPHONE.VLANID 100;\n"));

    const auto kea = emit::emitConfig(Format::Kea, s, phoneSetup(Format::Kea));
    CHECK(
        contains(kea, "{ \"name\": \"ntp-servers\", \"data\": \"192.0.2.123, 198.51.100.123\" }"));
    CHECK(contains(
        kea, "{ \"name\": \"domain-search\", \"data\": \"schertz.local, corp.schertz.local\" }"));
    CHECK(contains(kea, "\"test\": \"option[60].text == 'CPE-OCPHONE'\""));
    CHECK(contains(kea, "\"csv-format\": false, \"data\": \"0A020064\" }"));

    const auto dnsmasq = emit::emitConfig(Format::Dnsmasq, s, phoneSetup(Format::Dnsmasq));
    CHECK(contains(dnsmasq, "\ndhcp-option=option:ntp-server,192.0.2.123,198.51.100.123\n"));
    CHECK(contains(dnsmasq, "\ndhcp-option=4,192.0.2.123,198.51.100.123\n"));
    CHECK(
        contains(dnsmasq, "\ndhcp-option=option:domain-search,schertz.local,corp.schertz.local\n"));
    CHECK(contains(dnsmasq, "\ndhcp-vendorclass=set:cpeocphone,CPE-OCPHONE\n"));
    CHECK(contains(dnsmasq, "\ndhcp-option=tag:cpeocphone,vendor:CPE-OCPHONE,10,00:64\n"));

    const auto ios = emit::emitConfig(Format::CiscoIos, s, phoneSetup(Format::CiscoIos));
    CHECK(contains(ios, "\n option 42 ip 192.0.2.123 198.51.100.123\n"));
    CHECK(contains(ios, "\n option 119 hex " + kSearchHex + "\n"));
    CHECK(contains(ios, "voice VLAN 100: NOT configured"));
    CHECK_FALSE(contains(ios, "0A020064"));

    const auto mt = emit::emitConfig(Format::MikroTik, s, phoneSetup(Format::MikroTik));
    CHECK(contains(mt, "add name=msuc-ntp-servers code=42 value=0xC000027BC633647B\n"));
    CHECK(contains(mt, "add name=msuc-domain-search code=119 value=0x" + kSearchHex + "\n"));
    CHECK(contains(mt, "add name=cpe-ocphone-vlan code=43 value=0x0A020064\n"));
    CHECK(contains(mt,
                   "options=msuc-sip-server,msuc-vendor-info,msuc-ntp-servers,msuc-time-servers,"
                   "msuc-domain-search\n"));
    CHECK(contains(mt, "code=60 value=\"CPE-OCPHONE\" option-set=cpe-ocphone-options\n"));
}

TEST_CASE("phone setup: the dhcplite YAML loads back and sends these bytes") {
    const auto yaml = emit::emitConfig(Format::Dhcplite, lync(), phoneSetup(Format::Dhcplite));
    const auto cfg = dhcplite::config::loadConfigText(yaml, "emitted");
    REQUIRE(cfg.vendorClasses.size() == 2);
    CHECK(cfg.vendorClasses[0].match == "MS-UC-Client");
    CHECK_FALSE(cfg.vendorClasses[0].subOptions.has_value());
    CHECK(cfg.vendorClasses[1].match == "CPE-OCPHONE");
    CHECK(wire::toHex(dhcplite::config::vendorClassOption43(cfg.vendorClasses[1])) == "0A020064");
    REQUIRE(cfg.sites.size() == 1);  // with --scope: a site for the phones' subnet
    const auto sent = dhcplite::config::profileOptions(cfg.sites[0]);
    for (const int code : {42, 4, 119}) {
        CAPTURE(code);
        const auto* option = sent.find(static_cast<std::uint8_t>(code));
        REQUIRE(option != nullptr);
        CHECK(wire::toHex(option->data) == (code == 119 ? kSearchHex : "C000027BC633647B"));
    }
}

TEST_CASE("phone setup: bad values are input errors naming the value") {
    emit::PhoneSetup p;
    for (const std::uint16_t vlan : {std::uint16_t{0}, std::uint16_t{4095}, std::uint16_t{65535}}) {
        CAPTURE(vlan);
        p.vlan = vlan;
        CHECK_THROWS_WITH_AS((void)emit::encodePhoneSetup(p), doctest::Contains("VLAN ID"),
                             wire::InputError);
        CHECK_THROWS_AS(
            (void)emit::emitConfig(Format::Netsh, lync(), EmitOptions{false, {}, {}, p}),
            wire::InputError);
    }
    p.vlan.reset();
    p.domainSearch = {"corp..example"};
    try {
        (void)emit::encodePhoneSetup(p);
        FAIL("no exception");
    } catch (const wire::InputError& e) {
        CHECK(e.field() == "domain search");
        CHECK(std::string(e.what()) == "domain search 'corp..example': empty label at character 6");
    }
    p.domainSearch = {std::string(63, 'a') + ".example", std::string(63, 'b') + ".example",
                      std::string(63, 'c') + ".example", std::string(63, 'd') + ".example"};
    CHECK_THROWS_WITH_AS((void)emit::encodePhoneSetup(p),
                         doctest::Contains("more than the 255 one option holds"), wire::InputError);
    // 63 addresses fill one option (252 bytes); 64 do not.
    emit::PhoneSetup many;
    many.ntpServers.assign(63, wire::Ipv4::parse("192.0.2.123"));
    CHECK(emit::encodePhoneSetup(many).addresses.size() == 252);
    many.ntpServers.push_back(wire::Ipv4::parse("192.0.2.124"));
    try {
        (void)emit::encodePhoneSetup(many);
        FAIL("no exception");
    } catch (const wire::InputError& e) {
        CHECK(e.field() == "NTP server");
        CHECK(std::string(e.what()) ==
              "NTP server: 64 addresses do not fit one option (at most 63)");
    }
}

// ---- FortiGate, Junos, HPE Comware ----

TEST_CASE("FortiGate, Junos, Comware: golden files, with and without the phone setup") {
    const auto s = lync();
    checkGolden("fortigate.txt", emit::emitConfig(Format::FortiGate, s, {}));
    checkGolden("junos.txt", emit::emitConfig(Format::Junos, s, withScope()));
    checkGolden("aruba.txt", emit::emitConfig(Format::Aruba, s, withScope()));
    checkGolden("phone/fortigate.txt",
                emit::emitConfig(Format::FortiGate, s, phoneSetup(Format::FortiGate)));
    checkGolden("phone/junos.txt", emit::emitConfig(Format::Junos, s, phoneSetup(Format::Junos)));
    checkGolden("phone/aruba.txt", emit::emitConfig(Format::Aruba, s, phoneSetup(Format::Aruba)));
}

TEST_CASE("FortiGate: hex options, option 43 only for the vendor class") {
    const auto v = vectors("lync.schertz.local");
    const auto out = emit::emitConfig(Format::FortiGate, lync(), {});
    CHECK(contains(out, "config system dhcp server\n    edit 1\n        config options\n"));
    CHECK(contains(
        out,
        "            edit 120\n                set code 120\n                set type hex\n"
        "                set value \"" +
            v.at("option120") + "\"\n            next\n"));
    CHECK(
        contains(out,
                 "            edit 43\n                set code 43\n                set type hex\n"
                 "                set value \"" +
                     v.at("option43") +
                     "\"\n"
                     "                set vci-match enable\n                set vci-string "
                     "\"MS-UC-Client\"\n"));
    CHECK(count(out, "set vci-match enable") == 1);
    CHECK(contains(out, "        end\n    next\nend\n"));
    const auto phone = emit::emitConfig(Format::FortiGate, lync(), phoneSetup(Format::FortiGate));
    CHECK(contains(
        phone,
        "            edit 4310\n                set code 43\n                set type hex\n"
        "                set value \"0A020064\"\n                set vci-match enable\n"
        "                set vci-string \"CPE-OCPHONE\"\n"));
    CHECK(contains(phone,
                   "set code 42\n                set type hex\n                set value "
                   "\"C000027BC633647B\""));
    CHECK(
        contains(phone, "set code 119\n                set type hex\n                set value \"" +
                            kSearchHex + "\""));
    CHECK_THROWS_WITH_AS((void)emit::emitConfig(Format::FortiGate, lync(), withScope()),
                         doctest::Contains("--scope is not used by fortigate"),
                         std::invalid_argument);
}

TEST_CASE("Junos: a pool for the subnet with hex-string options") {
    const auto v = vectors("lync.schertz.local");
    const std::string pool = "set access address-assignment pool MS-UC-Client family inet ";
    EmitOptions o = withScope();
    o.interface = "ge-0/0/1.0";  // Junos interface names have slashes
    const auto out = emit::emitConfig(Format::Junos, lync(), o);
    CHECK(contains(out, "\n" + pool + "network 192.0.2.0/24\n"));
    CHECK(contains(
        out, "\n" + pool + "dhcp-attributes option 120 hex-string " + v.at("option120") + "\n"));
    CHECK(contains(
        out, "\n" + pool + "dhcp-attributes option 43 hex-string " + v.at("option43") + "\n"));
    CHECK(contains(
        out, "\nset system services dhcp-local-server group MS-UC-Client interface ge-0/0/1.0\n"));
    CHECK_THROWS_WITH_AS((void)emit::emitConfig(Format::Junos, lync(), {}),
                         doctest::Contains("--scope is required for junos"), std::invalid_argument);
    const auto phone = emit::emitConfig(Format::Junos, lync(), phoneSetup(Format::Junos));
    CHECK(contains(phone, "dhcp-attributes option 42 hex-string C000027BC633647B\n"));
    CHECK(contains(phone, "dhcp-attributes option 119 hex-string " + kSearchHex + "\n"));
    CHECK(contains(phone, "# voice VLAN 100: NOT configured."));
    CHECK_FALSE(contains(phone, "0A020064"));
    // Elsewhere a slash stays refused: it has a meaning in those config languages.
    EmitOptions slash = withScope();
    slash.interface = "ge-0/0/1.0";
    CHECK_THROWS_AS((void)emit::emitConfig(Format::Kea, lync(), slash), wire::InputError);
}

TEST_CASE("Comware: option N hex up to 256 digits; past that a refusal that says what to shorten") {
    const auto v = vectors("lync.schertz.local");
    const auto out = emit::emitConfig(Format::Aruba, lync(), withScope());
    CHECK(contains(out,
                   "\ndhcp server ip-pool MS-UC-Client\n network 192.0.2.0 mask 255.255.255.0\n"));
    CHECK(contains(out, "\n option 120 hex " + v.at("option120") + "\n"));
    CHECK(contains(out, "\n option 43 hex " + v.at("option43") + "\n"));
    const auto phone = emit::emitConfig(Format::Aruba, lync(), phoneSetup(Format::Aruba));
    CHECK(contains(phone, "\n option 42 ip-address 192.0.2.123 198.51.100.123\n"));
    CHECK(contains(phone, "\n option 4 ip-address 192.0.2.123 198.51.100.123\n"));
    CHECK(contains(phone, "\n option 119 hex " + kSearchHex + "\n"));
    CHECK(contains(phone, "# voice VLAN 100: NOT configured."));
    // `ip-address` takes eight addresses; nine go as hex.
    EmitOptions nine = withScope();
    nine.phone.ntpServers.assign(9, wire::Ipv4::parse("192.0.2.123"));
    const auto hex = emit::emitConfig(Format::Aruba, lync(), nine);
    std::string nineHex;
    for (int i = 0; i < 9; ++i) nineHex += "C000027B";
    CHECK(contains(hex, "\n option 42 hex " + nineHex + "\n"));
    CHECK(contains(hex, "\n option 4 hex " + nineHex + "\n"));
    CHECK_FALSE(contains(hex, "ip-address"));

    // 67 + 61 = 128 bytes: 256 digits, the most Comware takes.
    wire::UcSettings edge;
    edge.sipServers = {"pool.example.com"};
    edge.webServer = std::string(49, 'w') + ".example.com";
    REQUIRE(wire::encodeUc(edge).option43.size() == 128);
    CHECK(contains(emit::emitConfig(Format::Aruba, edge, {}), " option 43 hex "));
    edge.webServer = std::string(50, 'w') + ".example.com";
    try {
        (void)emit::emitConfig(Format::Aruba, edge, {});
        FAIL("no exception");
    } catch (const emit::CannotExpress& e) {
        CHECK(std::string(e.what()) ==
              "option 43 is 258 hex digits; Comware's `option N hex` takes at most 256 in one "
              "option (128 bytes): "
              "shorten the web server FQDN (--web-server) or the path (--path), or serve the "
              "phones from a server "
              "that splits long options (dhcplite, Kea, ISC dhcpd)");
    }
    // Cisco IOS splits the same value instead.
    CHECK(contains(emit::emitConfig(Format::CiscoIos, edge, {}), " option ext 43 hex "));
}

TEST_CASE("FortiGate and Junos refuse an option past 255 bytes") {
    wire::UcSettings s;
    s.sipServers = {"pool.example.com"};
    s.webServer = std::string(63, 'w') + "." + std::string(63, 'x') + "." + std::string(63, 'y') +
                  ".example.com";
    s.path = "/" + std::string(60, 'p');
    REQUIRE(wire::encodeUc(s).option43.size() > 255);
    CHECK_THROWS_WITH_AS((void)emit::emitConfig(Format::FortiGate, s, {}),
                         doctest::Contains("takes at most 510 in one option (255 bytes)"),
                         emit::CannotExpress);
    CHECK_THROWS_AS((void)emit::emitConfig(Format::Junos, s, withScope()), emit::CannotExpress);
}
