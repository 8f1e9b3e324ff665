// The diagnoser: every classic mistake gets its finding, with the exact message and fix; the
// known-good vectors get none.
#include <doctest/doctest.h>

#include <string>

#include <fmt/format.h>

#include "inspect/diagnose.hpp"
#include "inspect/diagnose_mistakes.hpp"
#include "support/vectors.hpp"
#include "util/json.hpp"
#include "wire/hex.hpp"
#include "wire/option43.hpp"
#include "wire/packet.hpp"

using namespace dhcplite;
using util::Finding;
using util::Severity;

namespace {

const test::VectorFile& vectors() { return test::msUcClientVectors(); }
wire::Bytes hex(std::string_view text) { return wire::parseHex(text); }

const std::string kOption120 = "00046C796E63077363686572747A056C6F63616C00";
const std::string kSub1 = "010C4D532D55432D436C69656E74";
const std::string kSub2 = "02056874747073";
const std::string kSub3 = "03126C796E632E7363686572747A2E6C6F63616C";
const std::string kSub4 = "0403343433";
const std::string kSub5 =
    "05252F4365727450726F762F4365727450726F766973696F6E696E67536572766963652E737663";

// The only finding, which must have this id.
Finding only(const std::vector<Finding>& fs, std::string_view id) {
    REQUIRE(fs.size() == 1);
    CHECK(fs[0].id == id);
    return fs[0];
}

std::vector<std::string> ids(const std::vector<Finding>& fs) {
    std::vector<std::string> out;
    for (const auto& f : fs) {
        out.push_back(f.id);
    }
    return out;
}

}  // namespace

TEST_CASE("the known-good vectors raise nothing") {
    CHECK(util::diagnoseOption120(vectors().bytes("lync.schertz.local", "option120")).empty());
    CHECK(util::diagnoseOption120(vectors().bytes("server.fqdn.company.com", "option120")).empty());
    CHECK(util::diagnoseOption43(vectors().bytes("lync.schertz.local", "option43")).empty());
    CHECK(util::diagnoseOption120({}).empty());  // the empty placeholder of a request
    CHECK(util::diagnoseOption43({}).empty());
}

TEST_CASE("Windows' extra sub-option 220 is a note, not a problem") {
    const auto f =
        only(util::diagnoseOption43(vectors().bytes("lync.schertz.local", "option43_windows_ack")),
             "suboption-unknown");
    CHECK(f.severity == Severity::Note);
    CHECK(f.message ==
          "option 43 sub-option 220 is not an MS-UC-Client sub-option (Windows DHCP adds 220 "
          "\"NAP\"); phones ignore it");
}

TEST_CASE("option 120 holding the plain ASCII FQDN") {
    const auto f =
        only(util::diagnoseOption120(wire::toBytes("lync.schertz.local")), "option120-plain-text");
    CHECK(f.severity == Severity::Error);
    CHECK(f.message ==
          "option 120 holds the plain text \"lync.schertz.local\": no encoding byte and no label "
          "lengths "
          "(RFC 3361 §3.1 wants enc 0, then each label with its length, then a 0)");
    CHECK(f.fix == "send " + kOption120);
    // A Windows "String" option adds a NUL: the same mistake.
    CHECK(only(util::diagnoseOption120(hex("6C796E632E7363686572747A2E6C6F63616C00")),
               "option120-plain-text")
              .fix == "send " + kOption120);
}

TEST_CASE("option 120 with the enc byte, then plain text") {
    const auto f = only(util::diagnoseOption120(hex("00 6C796E632E7363686572747A2E6C6F63616C")),
                        "option120-text-after-enc");
    CHECK(
        f.message ==
        "option 120 has the encoding byte 0, then the plain text \"lync.schertz.local\" instead of "
        "length-prefixed labels");
    CHECK(f.fix == "send " + kOption120);
}

TEST_CASE("option 120 missing its enc byte") {
    const auto f = only(util::diagnoseOption120(hex("046C796E63077363686572747A056C6F63616C00")),
                        "option120-missing-enc");
    CHECK(f.message ==
          "option 120 starts with a label length (4) instead of the encoding byte (RFC 3361 §3: 0 "
          "= names, "
          "1 = addresses)");
    CHECK(f.fix == "prefix the encoding byte 00: send " + kOption120);
}

TEST_CASE("option 120 that could be enc 1 or names without enc") {
    // 01 61 01 62 00: enc 1 + the address 97.1.98.0, or "a.b" with its enc byte forgotten.
    const auto f = only(util::diagnoseOption120(hex("0161016200")), "option120-ambiguous-enc");
    CHECK(f.severity == Severity::Warning);
    CHECK(f.fix == "if names were meant, send 000161016200");
}

TEST_CASE("other malformed option 120") {
    const auto f =
        only(util::diagnoseOption120(hex("0004 6C796E63 07 7363")), "option120-malformed");
    CHECK(f.message.starts_with("option 120 is malformed: "));
    CHECK(f.message.find("at offset") != std::string::npos);
}

TEST_CASE("compressed option 120 is a note") {
    const auto f = only(util::diagnoseOption120(
                            hex("00 0473697031 07736368657274 7A 056C6F63616C 00 0473697032 C005")),
                        "option120-compressed");
    CHECK(f.severity == Severity::Note);
}

TEST_CASE("option 43 holding the hex digits as text") {
    const std::string text = vectors().text("lync.schertz.local", "option43");
    const auto f = only(util::diagnoseOption43(wire::toBytes(text)), "hex-as-text");
    CHECK(f.severity == Severity::Error);
    CHECK(f.message ==
          "option 43 holds the text \"010C4D532D55432D436C6965...\" (170 characters of ASCII hex "
          "digits), not "
          "the 85 bytes they spell; the hex was typed into a text field");
    CHECK(f.fix ==
          "configure the value as binary/hex so the bytes " + text +
              " are sent; decoded once more it would be: UC Identifier(1)=MS-UC-Client, URL "
              "Scheme(2)=https, "
              "Web Server FQDN(3)=lync.schertz.local, Port(4)=443, Relative Path for Cert Prov(5)="
              "/CertProv/CertProvisioningService.svc -> "
              "https://lync.schertz.local:443/CertProv/CertProvisioningService.svc");
}

TEST_CASE("option 120 holding the hex digits as text") {
    const auto f = only(util::diagnoseOption120(wire::toBytes(kOption120)), "hex-as-text");
    CHECK(f.fix == "configure the value as binary/hex so the bytes " + kOption120 +
                       " are sent; decoded once more it would be: lync.schertz.local");
}

TEST_CASE("a value that still carries the option's code and length") {
    const auto o43 = vectors().text("lync.schertz.local", "option43");
    const auto f = only(util::diagnoseOption43(hex("2B55" + o43)), "includes-option-header");
    CHECK(f.message ==
          "option 43's value starts with its own code 43 (2B) and length 85 (55): they were copied "
          "from a dump of "
          "the whole option");
    CHECK(f.fix == "leave the first two bytes out: send " + o43);
    CHECK(only(util::diagnoseOption120(hex("7815" + kOption120)), "includes-option-header").fix ==
          "leave the first two bytes out: send " + kOption120);
}

TEST_CASE("the port sent as a 16-bit integer") {
    const auto value = hex(kSub1 + kSub2 + kSub3 + "040201BB" + kSub5);
    const auto f = only(util::diagnoseOption43(value), "port-as-integer");
    CHECK(f.severity == Severity::Error);
    CHECK(f.message ==
          "sub-option 4 (Port) holds the 2-byte integer 443 (01BB) at offset 43, but phones read "
          "the port as "
          "ASCII text");
    CHECK(f.fix == "send 343433 (the text \"443\"); as a sub-option: 0403343433");
}

TEST_CASE("ports that are text but not a port") {
    CHECK(
        only(util::diagnoseOption43(hex(kSub1 + kSub2 + kSub3 + "040130" + kSub5)), "port-invalid")
            .message == "sub-option 4 (Port) \"0\" is not a port number (1..65535)");
    CHECK(only(util::diagnoseOption43(hex(kSub1 + kSub2 + kSub3 + "04053939393939" + kSub5)),
               "port-invalid")
              .message == "sub-option 4 (Port) \"99999\" is not a port number (1..65535)");
    CHECK(only(util::diagnoseOption43(hex(kSub1 + kSub2 + kSub3 + "04053434332F78" + kSub5)),
               "port-invalid")
              .message == "sub-option 4 (Port) \"443/x\" is not a port number");
}

TEST_CASE("a value cut short: the missing bytes are named, never a shorter length suggested") {
    const auto f = only(util::diagnoseOption43(hex(kSub1 + "0209687474707303")), "value-cut-short");
    CHECK(f.message ==
          "option 43 ends early: sub-option 2 (URL Scheme) at offset 14 claims 9 bytes but only 6 "
          "are there; the "
          "last 3 bytes are missing (the value was cut when it was copied or configured)");
    CHECK(f.fix == "copy the whole value again; 'dhcputil encode --sip-server FQDN' prints it");
    const auto g = only(util::diagnoseOption43(hex(kSub1 + "05")), "value-cut-short");
    CHECK(g.message ==
          "option 43 ends early: sub-option 5 (Relative Path for Cert Prov) at offset 14 has no "
          "length byte; the "
          "rest of the value is missing (the value was cut when it was copied or configured)");
    // The usual path, cut: the bytes that are missing are known, and so is the whole value.
    const std::string o43 = vectors().text("lync.schertz.local", "option43");
    const auto h =
        only(util::diagnoseOption43(hex(o43.substr(0, o43.size() - 8))), "value-cut-short");
    CHECK(h.message ==
          "option 43 ends early: sub-option 5 (Relative Path for Cert Prov) at offset 46 claims 37 "
          "bytes but only "
          "33 are there; the last 4 bytes are missing (\".svc\", 2E737663) (the value was cut when "
          "it was copied "
          "or configured)");
    CHECK(h.fix == "send the whole value: " + o43);
}

TEST_CASE("the Cisco IOS 180-digit cut: the option ext 43 hex fix") {
    // A 27-character web server makes option 43 94 bytes; IOS keeps 90 of them.
    wire::UcSettings s;
    s.sipServers = {"sip.pool01.emea.contoso.com"};
    const auto full = wire::toHex(wire::encodeUc(s).option43);
    REQUIRE(full.size() == 188);
    const auto f = only(util::diagnoseOption43(hex(full.substr(0, 180))), "cisco-180-cut");
    CHECK(f.message ==
          "option 43 is exactly 90 bytes (180 hex digits, all that Cisco IOS 'option 43 hex' "
          "keeps) and sub-option "
          "5 (Relative Path for Cert Prov) at offset 55 claims 37 bytes but only 33 are there: the "
          "last 4 bytes are "
          "missing (\".svc\", 2E737663); IOS cut the value");
    CHECK(f.fix == "configure it in parts: 'option ext 43 hex " + full.substr(0, 180) +
                       "' then 'option ext 43 hex " + full.substr(180) +
                       "' (as 'dhcputil config --format cisco-ios' writes it)");
    CHECK(f.fix.find("length") == std::string::npos);
    // A non-default path: the missing bytes cannot be known, the fix still says how.
    s.path = "/CertProv/CertProvisioningService.svc/x";
    const auto other = wire::toHex(wire::encodeUc(s).option43);
    CHECK(only(util::diagnoseOption43(hex(other.substr(0, 180))), "cisco-180-cut").fix ==
          "configure it as 'option ext 43 hex' parts of at most 180 digits, as 'dhcputil config "
          "--format cisco-ios "
          "--sip-server FQDN' writes them");
}

TEST_CASE(
    "property: a value cut anywhere inside a sub-option is never told to shrink a length byte") {
    for (std::size_t n = 1; n <= 120; n += 3) {
        std::string fqdn;
        for (std::size_t i = 0; i < n; ++i) fqdn += (i % 20 == 19) ? '.' : 'a';
        if (fqdn.back() == '.') fqdn.pop_back();
        wire::UcSettings s;
        s.sipServers = {fqdn + ".example.com"};
        const auto full = wire::encodeUc(s).option43;
        for (std::size_t cut = 1; cut < full.size(); ++cut) {
            const auto fs = util::diagnoseOption43(wire::ByteView(full).first(cut));
            CAPTURE(n);
            CAPTURE(cut);
            REQUIRE_FALSE(fs.empty());
            CHECK(fs[0].id != "suboption-length-wrong");
            CHECK(fs[0].fix.find("length byte") == std::string::npos);
            if (cut == 90 && fs[0].id != "suboption-missing") CHECK(fs[0].id == "cisco-180-cut");
        }
    }
}

TEST_CASE("a length byte that is wrong, when what follows lines up with another length") {
    // Sub-option 2 says 7 where "https" is 5: sub-options 3..5 line up after 5 bytes.
    const std::string bad = kSub1 + "02076874747073" + kSub3 + kSub4 + kSub5;
    const auto f = only(util::diagnoseOption43(hex(bad)), "suboption-length-wrong");
    CHECK(f.message ==
          "option 43: sub-option 2 at offset 14 says length 7, but the sub-options after it only "
          "line up if it is 5");
    CHECK(f.fix == "set the length byte at offset 15 to 05 (5)");
}

TEST_CASE("sub-option values without their code and length bytes") {
    const auto f =
        only(util::diagnoseOption43(hex("4D532D55432D436C69656E74")), "suboption-headers-missing");
    CHECK(f.message ==
          "option 43 holds only the text \"MS-UC-Client\": the value of sub-option 1 (UC "
          "Identifier) without its "
          "code and length bytes");
    CHECK(f.fix == "as a sub-option it is " + kSub1 +
                       "; option 43 needs all five sub-options: 'dhcputil encode --sip-server "
                       "FQDN' prints them");
    // DHCPUtil's five sub-option values, concatenated.
    const auto& v = vectors();
    std::string joined;
    for (int i = 1; i <= 5; ++i) joined += v.text("lync.schertz.local", fmt::format("sub{}", i));
    const auto g = only(util::diagnoseOption43(hex(joined)), "suboption-headers-missing");
    CHECK(g.message ==
          "option 43 is the five MS-UC-Client sub-option values run together "
          "(\"MS-UC-Clienthttpslync.sc...\"), "
          "without the code and length byte in front of each");
    CHECK(g.fix == "send " + v.text("lync.schertz.local", "option43") + " (" +
                       v.text("lync.schertz.local", "cert_prov_url") + ")");
}

TEST_CASE("a leading option code: 2B LL for 43, 78 LL for 120, also with the next option copied") {
    const auto o43 = vectors().text("lync.schertz.local", "option43");
    const auto f = only(util::diagnoseOption43(hex("2B55" + o43 + "FF")), "includes-option-header");
    CHECK(f.message ==
          "option 43's value starts with its own code 43 (2B) and length 85 (55): they were copied "
          "from a dump of "
          "the whole option, and 1 byte after it");
    CHECK(f.fix == "leave the first two bytes out: send " + o43);
    const auto g = only(util::diagnoseOption120(hex("7815" + kOption120.substr(0, 10))),
                        "includes-option-header");
    CHECK(g.message ==
          "option 120's value starts with its own code 120 (78) and length 21 (15), copied from a "
          "dump of the whole "
          "option, and only 5 of those 21 bytes follow");
}

TEST_CASE("wrong mode: a message given to --option, option 43 given to --option 120 or --packet") {
    const auto o43 = vectors().bytes("lync.schertz.local", "option43");
    auto f = util::wrongMode(std::uint8_t{43}, hex("63825363350105"));
    REQUIRE(f);
    CHECK(f->id == "use-packet");
    CHECK(f->message ==
          "the value starts with the DHCP magic cookie 63825363: it is a message's options field, "
          "not "
          "one option's value");
    CHECK(f->fix == "decode the whole message with 'dhcputil decode --packet HEX'");
    wire::Bytes message(236, 0);
    message[0] = 2;
    for (auto b : hex("63825363350105FF")) message.push_back(b);
    f = util::wrongMode(std::uint8_t{43}, message);
    REQUIRE(f);
    CHECK(
        f->message ==
        "the value holds the DHCP magic cookie 63825363 at offset 236: it is a whole DHCP message, "
        "not one option's value");
    f = util::wrongMode(std::uint8_t{120}, o43);
    REQUIRE(f);
    CHECK(f->id == "use-option-43");
    CHECK(f->message ==
          "this is option 43's value (01 0C \"MS-UC-Client\", then the other sub-options), not "
          "option "
          "120's");
    f = util::wrongMode(std::nullopt, o43);
    REQUIRE(f);
    CHECK(f->message ==
          "this is option 43's value (01 0C \"MS-UC-Client\", then the other sub-options), not a "
          "DHCP "
          "message");
    CHECK_FALSE(util::wrongMode(std::uint8_t{43}, o43));
    CHECK_FALSE(
        util::wrongMode(std::uint8_t{120}, vectors().bytes("lync.schertz.local", "option120")));
}

TEST_CASE("text where hex was meant") {
    CHECK(util::textInsteadOfHex(120, "lync.schertz.local") ==
          "'lync.schertz.local' is a host name, not hex; option 120 for it is " + kOption120 +
              " ('dhcputil encode --sip-server lync.schertz.local' prints it)");
    CHECK(util::textInsteadOfHex(43, "MS-UC-Client") ==
          "'MS-UC-Client' is text, not hex: the value of sub-option 1 (UC Identifier), which is " +
              kSub1 +
              " as a sub-option ('dhcputil encode --sip-server FQDN' prints all of option 43)");
    CHECK(util::textInsteadOfHex(60, "Polycom") ==
          "'Polycom' is text, not hex; its bytes are 506F6C79636F6D");
    CHECK_FALSE(util::textInsteadOfHex(43, "01G2"));  // a typo in hex
    CHECK_FALSE(util::textInsteadOfHex(43, kSub1 + "Z" + kSub2));
}

TEST_CASE("missing MS-UC-Client sub-options") {
    const auto f = only(util::diagnoseOption43(hex(kSub1 + kSub3)), "suboption-missing");
    CHECK(f.message ==
          "option 43 lacks sub-option 2 (URL Scheme), sub-option 4 (Port), sub-option 5 (Relative "
          "Path for Cert "
          "Prov): the phone cannot build the certificate provisioning URL");
    CHECK(ids(util::diagnoseOption43(hex(kSub2 + kSub3 + kSub4 + kSub5))) ==
          std::vector<std::string>{"uc-identifier-missing"});
}

TEST_CASE("UC identifier, NUL-terminated text, web server, path, scheme") {
    CHECK(
        only(util::diagnoseOption43(hex("01094D532D55432D4F7468 " + kSub2 + kSub3 + kSub4 + kSub5)),
             "uc-identifier-mismatch")
            .message == "sub-option 1 (UC Identifier) is \"MS-UC-Oth\", not \"MS-UC-Client\"");
    const auto nul =
        only(util::diagnoseOption43(
                 hex(kSub1 + kSub2 + "03136C796E632E7363686572747A2E6C6F63616C00" + kSub4 + kSub5)),
             "suboption-nul");
    CHECK(nul.severity == Severity::Warning);
    CHECK(nul.fix ==
          "define the sub-option as Binary and send 6C796E632E7363686572747A2E6C6F63616C");
    const auto web =
        only(util::diagnoseOption43(hex(kSub1 + kSub2 + "0304615F2E62" + kSub4 + kSub5)),
             "web-server-invalid");
    CHECK(web.message.starts_with("sub-option 3 (Web Server FQDN): 'a_.b': '_' is not allowed"));
    const auto path =
        only(util::diagnoseOption43(hex(kSub1 + kSub2 + kSub3 + kSub4 + "0508436572745072 6F76")),
             "path-relative");
    CHECK(path.message ==
          "sub-option 5 (Relative Path for Cert Prov) \"CertProv\" does not start with '/': the "
          "phone appends it "
          "right after the port");
    const auto scheme =
        only(util::diagnoseOption43(hex(kSub1 + "0203667470" + kSub3 + kSub4 + kSub5)),
             "scheme-unusual");
    CHECK(scheme.severity == Severity::Warning);
    CHECK(util::diagnoseOption43(hex(kSub1 + "020548545450 53" + kSub3 + kSub4 + kSub5))
              .empty());  // "HTTPS"
}

TEST_CASE("END inside option 43") {
    const auto full = kSub1 + kSub2 + kSub3 + kSub4 + kSub5;
    CHECK(ids(util::diagnoseOption43(hex(full + "FF"))) ==
          std::vector<std::string>{"suboption-trailing-end"});
    CHECK(ids(util::diagnoseOption43(hex(full + "FF0102"))) ==
          std::vector<std::string>{"suboption-after-end", "suboption-trailing-end"});
}

TEST_CASE("a vendor other than MS-UC-Client: only structure is checked") {
    CHECK(util::diagnoseOption43(hex("0103414243"), false).empty());
    CHECK(ids(util::diagnoseOption43(hex("0109414243"), false)) ==
          std::vector<std::string>{"value-cut-short"});
    wire::OptionList options;
    options.set(60, wire::toBytes("CPE-OCPHONE"));
    options.set(43, hex("0103414243"));
    CHECK(util::diagnoseOptions(options).empty());
}

TEST_CASE("what the packet decoder tolerated") {
    wire::DecodeReport r;
    r.missingEnd = true;
    r.trailingBytes = 3;
    r.trailingOffset = 290;
    r.joinedCodes = {43};
    r.overload = 1;
    const auto fs = util::diagnoseReport(r);
    CHECK(ids(fs) ==
          std::vector<std::string>{"missing-end", "trailing-bytes", "joined-option", "overload"});
    CHECK(fs[1].message == "3 non-zero bytes after END at offset 290 (not parsed)");
    CHECK(fs[2].message == "option 43 came in several instances and was joined (RFC 3396)");
    CHECK(fs[3].message == "option 52 = 1: options continue in the file field (RFC 2131)");
    CHECK_FALSE(util::hasErrors(fs));
}

TEST_CASE("rendering findings as hint/note lines and JSON") {
    const std::vector<Finding> fs{
        {Severity::Error, "port-as-integer", "the port is an integer", "send 343433"},
        {Severity::Note, "option120-compressed", "compression used", ""},
    };
    CHECK(util::hasErrors(fs));
    CHECK(util::renderFindings(fs) ==
          "hint: the port is an integer\n"
          "      fix: send 343433\n"
          "note: compression used\n");
    util::JsonWriter json(0);
    json.beginObject();
    util::writeFindingsJson(json, "hints", fs);
    json.endObject();
    CHECK(json.finish() ==
          "{\"hints\":[{\"severity\":\"error\",\"id\":\"port-as-integer\",\"message\":\"the port "
          "is an integer\","
          "\"fix\":\"send "
          "343433\"},{\"severity\":\"note\",\"id\":\"option120-compressed\",\"message\":"
          "\"compression used\"}]}\n");
}

TEST_CASE("every prefix of the vectors is diagnosed without throwing") {
    const auto o43 = vectors().bytes("lync.schertz.local", "option43_windows_ack");
    const auto o120 = vectors().bytes("lync.schertz.local", "option120");
    for (std::size_t n = 0; n <= o43.size(); ++n) {
        CHECK_NOTHROW((void)util::diagnoseOption43(wire::ByteView(o43.data(), n)));
        CHECK_NOTHROW((void)util::diagnoseOption120(wire::ByteView(o43.data(), n)));
    }
    for (std::size_t n = 0; n <= o120.size(); ++n) {
        CHECK_NOTHROW((void)util::diagnoseOption120(wire::ByteView(o120.data(), n)));
    }
}
