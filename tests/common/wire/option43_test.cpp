// Option 43 sub-options and the MS-UC-Client profile (wire/option43.hpp): golden vectors from
// tests/data, interop (Windows sub-option 220, dnsmasq trailing END), truncation, edges, encodeUc.
#include <doctest/doctest.h>

#include <string>

#include "support/expect.hpp"
#include "support/vectors.hpp"
#include "wire/hex.hpp"
#include "wire/option120.hpp"
#include "wire/option43.hpp"

using namespace dhcplite::wire;
using dhcplite::test::inputErrorOf;
using dhcplite::test::msUcClientVectors;
using dhcplite::test::wireErrorOf;

namespace {

constexpr const char* kLync = "lync.schertz.local";

Bytes hex(std::string_view text) { return parseHex(text); }

Bytes vec(const char* section, const char* key) { return msUcClientVectors().bytes(section, key); }

UcSettings lyncSettings() {
    UcSettings s;
    s.sipServers = {kLync};
    return s;
}

}  // namespace

TEST_CASE("option 43 golden vector, field by field from the sub-options") {
    // code, length, data for 1..5 (docs/design.md §2.4): 12 + 5 + 18 + 3 + 37 data bytes, 10 header
    // bytes.
    Bytes expected;
    for (std::uint8_t code = 1; code <= 5; ++code) {
        const Bytes data = vec(kLync, ("sub" + std::to_string(code)).c_str());
        expected.push_back(code);
        expected.push_back(static_cast<std::uint8_t>(data.size()));
        expected.insert(expected.end(), data.begin(), data.end());
    }
    CHECK(expected == vec(kLync, "option43"));
    CHECK(expected.size() == 67 + std::string(kLync).size());
    CHECK(toString(vec(kLync, "sub1")) == "MS-UC-Client");
    CHECK(toString(vec(kLync, "sub2")) == "https");
    CHECK(toString(vec(kLync, "sub4")) == "443");  // ASCII text, not a 16-bit integer

    std::vector<SubOption> subs;
    for (std::uint8_t code = 1; code <= 5; ++code) {
        subs.push_back(SubOption{code, vec(kLync, ("sub" + std::to_string(code)).c_str()), 0});
    }
    CHECK(encodeSubOptions(subs) == expected);
}

TEST_CASE("option 43 golden vector decodes into five sub-options with their offsets") {
    const SubOptions d = decodeSubOptions(vec(kLync, "option43"));
    REQUIRE(d.items.size() == 5);
    const std::size_t offsets[] = {0, 14, 21, 41, 46};
    for (std::size_t i = 0; i < 5; ++i) {
        CAPTURE(i);
        CHECK(d.items[i].code == i + 1);
        CHECK(d.items[i].data == vec(kLync, ("sub" + std::to_string(i + 1)).c_str()));
        CHECK(d.items[i].offset == offsets[i]);
    }
    CHECK(d.padCount == 0);
    CHECK_FALSE(d.trailingEnd);
    CHECK(d.bytesAfterEnd == 0);
}

TEST_CASE("Windows DHCP option 43 with the extra sub-option 220 \"NAP\"") {
    const Bytes windows = vec(kLync, "option43_windows_ack");
    CHECK(windows.size() == 90);
    const SubOptions d = decodeSubOptions(windows);
    REQUIRE(d.items.size() == 6);
    CHECK(d.items[5].code == 220);
    CHECK(toString(d.items[5].data) == "NAP");
    CHECK(d.items[5].offset == 85);
    CHECK_FALSE(msuc::subOptionName(220).has_value());
    CHECK(encodeSubOptions(d.items) == windows);  // unknown codes survive a round trip
}

TEST_CASE("dnsmasq-style option 43 with a trailing END, and pad bytes") {
    Bytes dnsmasq = vec(kLync, "option43");
    dnsmasq.push_back(0xFF);
    SubOptions d = decodeSubOptions(dnsmasq);
    CHECK(d.items.size() == 5);
    CHECK(d.trailingEnd);
    CHECK(d.bytesAfterEnd == 0);
    CHECK(encodeSubOptions(d.items) == vec(kLync, "option43"));  // we emit no END

    d = decodeSubOptions(hex("00 00 01 01 41 00 02 00 FF"));
    REQUIRE(d.items.size() == 2);
    CHECK(d.padCount == 3);
    CHECK(d.items[0] == SubOption{1, Bytes{0x41}, 0});
    CHECK(d.items[0].offset == 2);
    CHECK(d.items[1].code == 2);
    CHECK(d.items[1].data.empty());
    CHECK(d.items[1].offset == 6);
    CHECK(d.trailingEnd);

    // Bytes after END are counted, not parsed (even if they would overrun).
    d = decodeSubOptions(hex("01 01 41 FF 02 09 00"));
    CHECK(d.items.size() == 1);
    CHECK(d.trailingEnd);
    CHECK(d.bytesAfterEnd == 3);

    d = decodeSubOptions(Bytes{});  // DHCPUtil's INFORM carries 43 with length 0
    CHECK(d.items.empty());
    CHECK_FALSE(d.trailingEnd);
}

TEST_CASE("option 43 decode errors carry the offset") {
    auto e = wireErrorOf([] { decodeSubOptions(hex("01 01 41 03")); });
    CHECK(std::string(e.what()) == "sub-option 3 has no length byte at offset 4");
    e = wireErrorOf([] { decodeSubOptions(hex("01 05 41 42")); });
    CHECK(std::string(e.what()) ==
          "sub-option 1 length 5 overruns the value (2 bytes left) at offset 1");
    e = wireErrorOf([] { decodeSubOptions(hex("01 01 41 04 02 34")); });
    CHECK(e.reason() == "sub-option 4 length 2 overruns the value (1 byte left)");
    CHECK(e.offset() == 4);
    // The port sent as a 16-bit integer is well-formed TLV data: the describer hints, not the
    // decoder.
    CHECK(decodeSubOptions(hex("04 02 01BB")).items[0].data == Bytes{0x01, 0xBB});
}

TEST_CASE(
    "option 43: every truncation of the Windows vector decodes a prefix or names the offset") {
    const Bytes full = vec(kLync, "option43_windows_ack");
    const SubOptions all = decodeSubOptions(full);
    const std::size_t starts[] = {0, 14, 21, 41, 46, 85, 90};
    for (std::size_t cut = 0; cut < full.size(); ++cut) {
        CAPTURE(cut);
        std::size_t k = 0;  // sub-options complete within the cut
        while (starts[k + 1] <= cut) ++k;
        const ByteView prefix = ByteView(full).first(cut);
        if (cut == starts[k]) {
            const SubOptions d = decodeSubOptions(prefix);
            REQUIRE(d.items.size() == k);
            for (std::size_t i = 0; i < k; ++i) CHECK(d.items[i] == all.items[i]);
        } else {
            const auto e = wireErrorOf([&] { decodeSubOptions(prefix); });
            // Only the code byte left: the missing length byte is at the cut; else the length byte.
            CHECK(e.offset() == (cut == starts[k] + 1 ? cut : starts[k] + 1));
        }
    }
}

TEST_CASE("encodeSubOptions at the length edges") {
    const Bytes max(255, 'x');
    const Bytes out = encodeSubOptions({SubOption{5, max, 0}});
    CHECK(out.size() == 257);
    CHECK(out[0] == 5);
    CHECK(out[1] == 255);
    CHECK(decodeSubOptions(out).items[0].data == max);
    auto e = inputErrorOf([] { encodeSubOptions({SubOption{5, Bytes(256, 'x'), 0}}); });
    CHECK(std::string(e.what()) ==
          "sub-option '5': value is 256 octets (max 255 in one sub-option) at character 1");
    CHECK(inputErrorOf([] {
              encodeSubOptions({SubOption{0, Bytes{1}, 0}});
          }).reason() == "code 0 is reserved (pad) and cannot carry a value");
    CHECK(inputErrorOf([] {
              encodeSubOptions({SubOption{255, Bytes{}, 0}});
          }).reason() == "code 255 is reserved (end) and cannot carry a value");
    CHECK(encodeSubOptions({SubOption{1, Bytes{}, 0}}) == Bytes{1, 0});
    CHECK(encodeSubOptions({}).empty());
}

TEST_CASE("MS-UC-Client sub-option names") {
    const std::pair<const char*, const char*> names[] = {
        {"UCIdentifier", "UC Identifier"},
        {"URLScheme", "URL Scheme"},
        {"WebServerFqdn", "Web Server FQDN"},
        {"WebServerPort", "Port"},
        {"CertProvRelPath", "Relative Path for Cert Prov"},
    };
    for (std::uint8_t code = 1; code <= 5; ++code) {
        const auto n = msuc::subOptionName(code);
        REQUIRE(n.has_value());
        CHECK(n->windowsName == names[code - 1].first);
        CHECK(n->label == names[code - 1].second);
    }
    CHECK_FALSE(msuc::subOptionName(0).has_value());
    CHECK_FALSE(msuc::subOptionName(6).has_value());
}

TEST_CASE("encodeUc with the defaults reproduces DHCPUtil's output for lync.schertz.local") {
    const auto& v = msUcClientVectors();
    const EncodedUc uc = encodeUc(lyncSettings());
    CHECK(uc.option120 == vec(kLync, "option120"));
    CHECK(uc.option43 == vec(kLync, "option43"));
    CHECK(toHex(uc.option43) == v.text(kLync, "option43"));
    for (std::size_t i = 0; i < 5; ++i) {
        CAPTURE(i);
        CHECK(uc.sub[i] == vec(kLync, ("sub" + std::to_string(i + 1)).c_str()));
    }
    CHECK(uc.webServer == v.text(kLync, "web_server"));
    CHECK(uc.url == v.text(kLync, "cert_prov_url"));
    CHECK(uc.url == "https://lync.schertz.local:443/CertProv/CertProvisioningService.svc");

    // Decoding what we encoded gives the same sub-options back.
    const SubOptions d = decodeSubOptions(uc.option43);
    REQUIRE(d.items.size() == 5);
    for (std::size_t i = 0; i < 5; ++i) CHECK(d.items[i].data == uc.sub[i]);
}

TEST_CASE("encodeUc for server.fqdn.company.com: 180 hex characters, the Cisco IOS limit") {
    const auto& v = msUcClientVectors();
    UcSettings s;
    s.sipServers = {"server.fqdn.company.com"};
    const EncodedUc uc = encodeUc(s);
    CHECK(uc.option120 == v.bytes("server.fqdn.company.com", "option120"));
    CHECK(uc.sub[2] == v.bytes("server.fqdn.company.com", "sub3"));
    CHECK(toHex(uc.option43).size() ==
          std::stoul(v.text("server.fqdn.company.com", "option43_hexlen")));
    CHECK(uc.option43.size() == 67 + 23);
}

TEST_CASE("encodeUc with every setting given") {
    UcSettings s;
    s.sipServers = {"pool1.example.com", "pool2.example.com"};
    s.webServer = "web.example.com.";  // trailing dot dropped in sub-option 3 and the URL
    s.port = 8443;
    s.scheme = "http";
    s.path = "/cp/x.svc";
    s.ucIdentifier = "MS-UC-Client";
    const EncodedUc uc = encodeUc(s);
    CHECK(uc.option120 == encodeSipServerNames({"pool1.example.com", "pool2.example.com"}));
    CHECK(uc.webServer == "web.example.com");
    CHECK(uc.sub[2] == toBytes("web.example.com"));
    CHECK(uc.sub[3] == hex("38343433"));  // "8443"
    CHECK(uc.url == "http://web.example.com:8443/cp/x.svc");
    CHECK(uc.option43 ==
          hex("01 0C 4D532D55432D436C69656E74  02 04 68747470  03 0F 7765622E6578616D706C652E636F6D"
              "  04 04 38343433  05 09 2F63702F782E737663"));

    UcSettings addresses;
    addresses.sipAddresses = {"192.0.2.10", "192.0.2.11"};
    addresses.webServer = "web.example.com";
    const EncodedUc a = encodeUc(addresses);
    CHECK(a.option120 == hex("01 C000020A C000020B"));
    CHECK(a.url == "https://web.example.com:443/CertProv/CertProvisioningService.svc");

    UcSettings dotted = lyncSettings();
    dotted.sipServers = {"lync.schertz.local."};
    CHECK(encodeUc(dotted).option43 ==
          vec(kLync, "option43"));  // web defaulted from it, dot dropped
}

TEST_CASE("encodeUc validation names the field, the value and the position") {
    struct Case {
        const char* name;
        UcSettings settings;
        const char* field;
        std::string value;
        std::size_t position;
        const char* reason;
    };
    auto with = [](auto change) {
        UcSettings s = lyncSettings();
        change(s);
        return s;
    };
    const Case cases[] = {
        {"no SIP server", with([](UcSettings& s) { s.sipServers.clear(); }), "SIP server FQDN", "",
         0, "no SIP server given (a FQDN, or an IPv4 address)"},
        {"bad SIP FQDN", with([](UcSettings& s) { s.sipServers = {"lync..local"}; }),
         "SIP server FQDN", "lync..local", 5, "empty label"},
        {"second SIP FQDN bad", with([](UcSettings& s) { s.sipServers.push_back("pool_2.x"); }),
         "SIP server FQDN", "pool_2.x", 4,
         "'_' is not allowed in a host name (letters, digits, '-')"},
        {"mixed", with([](UcSettings& s) { s.sipAddresses = {"192.0.2.1"}; }), "SIP server address",
         "192.0.2.1", 0,
         "SIP server names and addresses cannot be mixed (option 120 carries either, RFC 3361 §3)"},
        {"bad address", with([](UcSettings& s) {
             s.sipServers.clear();
             s.sipAddresses = {"192.0.2.300"};
             s.webServer = "web.example";
         }),
         "SIP server address", "192.0.2.300", 8, "'300' is more than 255"},
        {"addresses without web", with([](UcSettings& s) {
             s.sipServers.clear();
             s.sipAddresses = {"192.0.2.1"};
         }),
         "web server FQDN", "", 0,
         "no web server FQDN given (needed when the SIP servers are addresses)"},
        {"bad web", with([](UcSettings& s) { s.webServer = "web server"; }), "web server FQDN",
         "web server", 3, "' ' is not allowed in a host name (letters, digits, '-')"},
        {"web label 64",
         with([](UcSettings& s) { s.webServer = std::string(64, 'w') + ".example"; }),
         "web server FQDN", std::string(64, 'w') + ".example", 0,
         "label 'wwwwwwwwwwwwwwww...' is 64 octets (max 63)"},
        {"port 0", with([](UcSettings& s) { s.port = 0; }), "port", "0", 0,
         "port 0 is not a usable port (1..65535)"},
        {"empty scheme", with([](UcSettings& s) { s.scheme.clear(); }), "URL scheme", "", 0,
         "empty URL scheme"},
        {"upper-case scheme", with([](UcSettings& s) { s.scheme = "HTTPS"; }), "URL scheme",
         "HTTPS", 0, "a URL scheme starts with a lower-case letter (like https)"},
        {"scheme with a colon", with([](UcSettings& s) { s.scheme = "https:"; }), "URL scheme",
         "https:", 5, "':' is not allowed in a URL scheme (a-z, 0-9, '+', '-', '.')"},
        {"path without slash", with([](UcSettings& s) { s.path = "CertProv/x.svc"; }), "path",
         "CertProv/x.svc", 0, "the path must start with '/'"},
        {"empty path", with([](UcSettings& s) { s.path.clear(); }), "path", "", 0,
         "empty path (the default is /CertProv/CertProvisioningService.svc)"},
        {"path with space", with([](UcSettings& s) { s.path = "/Cert Prov"; }), "path",
         "/Cert Prov", 5, "a space is not allowed in the path (write it as %20)"},
        {"path with tab", with([](UcSettings& s) { s.path = "/a\tb"; }), "path", "/a\tb", 2,
         "a control character is not allowed in the path"},
        {"path non-ASCII", with([](UcSettings& s) { s.path = "/caf\xc3\xa9"; }), "path",
         "/caf\xc3\xa9", 4, "a non-ASCII character is not allowed in the path (percent-encode it)"},
        {"path 256", with([](UcSettings& s) { s.path = "/" + std::string(255, 'p'); }), "path",
         "/" + std::string(255, 'p'), 255, "is 256 octets (max 255 in one option 43 sub-option)"},
        {"empty vendor class", with([](UcSettings& s) { s.vendorClass.clear(); }), "vendor class",
         "", 0, "empty value"},
        {"vendor class with newline", with([](UcSettings& s) { s.vendorClass = "MS-UC-Client\n"; }),
         "vendor class", "MS-UC-Client\n", 12, "only printable ASCII characters are allowed"},
        {"UC identifier 256", with([](UcSettings& s) { s.ucIdentifier = std::string(256, 'u'); }),
         "UC identifier", std::string(256, 'u'), 255,
         "is 256 octets (max 255 in one option 43 sub-option)"},
    };
    for (const auto& c : cases) {
        CAPTURE(c.name);
        const auto e = inputErrorOf([&] { encodeUc(c.settings); });
        CHECK(e.field() == c.field);
        CHECK(e.value() == c.value);
        CHECK(e.position() == c.position);
        CHECK(e.reason() == c.reason);
    }
    CHECK(std::string(inputErrorOf([] {
                          UcSettings s = lyncSettings();
                          s.webServer = "web..example";
                          encodeUc(s);
                      }).what()) == "web server FQDN 'web..example': empty label at character 5");
}

TEST_CASE("encodeUc edges: 255-byte path fits, port 65535, one-character web label") {
    UcSettings s = lyncSettings();
    s.path = "/" + std::string(254, 'p');
    s.port = 65535;
    s.webServer = "w";
    const EncodedUc uc = encodeUc(s);
    CHECK(uc.sub[4].size() == 255);
    CHECK(uc.sub[3] == toBytes("65535"));
    CHECK(uc.option43.size() ==
          14 + 7 + 3 + 7 + 257);  // longer than 255: RFC 3396 split in the packet
    CHECK(uc.url == "https://w:65535/" + std::string(254, 'p'));
    const SubOptions d = decodeSubOptions(uc.option43);
    REQUIRE(d.items.size() == 5);
    CHECK(d.items[4].data == uc.sub[4]);
}

TEST_CASE("certProvisioningUrl builds what the phone builds") {
    CHECK(certProvisioningUrl("https", "lync.schertz.local", "443",
                              "/CertProv/CertProvisioningService.svc") ==
          msUcClientVectors().text(kLync, "cert_prov_url"));
    CHECK(certProvisioningUrl("http", "w", "80", "/") == "http://w:80/");
}

TEST_CASE(
    "option 43: every single-byte mutation of the Windows vector decodes or names an offset within "
    "it") {
    const Bytes original = vec(kLync, "option43_windows_ack");
    std::size_t rejected = 0;
    for (std::size_t at = 0; at < original.size(); ++at) {
        for (unsigned value = 0; value < 256; ++value) {
            Bytes m = original;
            m[at] = static_cast<std::uint8_t>(value);
            try {
                const SubOptions d = decodeSubOptions(m);
                std::size_t covered = d.padCount + (d.trailingEnd ? 1 + d.bytesAfterEnd : 0);
                for (const auto& item : d.items) covered += 2 + item.data.size();
                if (covered != m.size())
                    FAIL_CHECK("decoded " << covered << " of " << m.size() << " bytes");
            } catch (const WireError& e) {
                if (e.offset() > m.size())
                    FAIL_CHECK("offset " << e.offset() << " past " << m.size());
                ++rejected;
            }
        }
    }
    CHECK(rejected > 0);
}
