// The JSON writer: escaping of untrusted bytes, the document structure, and output that an
// independent strict parser (nlohmann::json::parse) reads back, whatever the bytes.
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "util/json.hpp"

using dhcplite::util::jsonQuote;
using dhcplite::util::JsonWriter;

TEST_CASE("jsonQuote escapes what RFC 8259 requires") {
    CHECK(jsonQuote("") == "\"\"");
    CHECK(jsonQuote("MS-UC-Client") == "\"MS-UC-Client\"");
    CHECK(jsonQuote("a\"b\\c") == "\"a\\\"b\\\\c\"");
    CHECK(jsonQuote("\b\f\n\r\t") == "\"\\b\\f\\n\\r\\t\"");
    CHECK(jsonQuote(std::string("\x00\x01\x1f\x7f", 4)) == "\"\\u0000\\u0001\\u001f\\u007f\"");
    CHECK(jsonQuote("/") == "\"/\"");  // '/' may stay as it is
}

TEST_CASE("jsonQuote keeps valid UTF-8 and replaces invalid bytes with U+FFFD") {
    CHECK(jsonQuote("\xC3\xA9") == "\"\xC3\xA9\"");                  // é
    CHECK(jsonQuote("\xE2\x82\xAC") == "\"\xE2\x82\xAC\"");          // €
    CHECK(jsonQuote("\xF0\x9F\x98\x80") == "\"\xF0\x9F\x98\x80\"");  // U+1F600
    const std::string fffd = "\xEF\xBF\xBD";
    CHECK(jsonQuote("\xFF") == "\"" + fffd + "\"");
    CHECK(jsonQuote("a\x80z") == "\"a" + fffd + "z\"");                    // lone continuation byte
    CHECK(jsonQuote("\xC0\x80") == "\"" + fffd + fffd + "\"");             // overlong NUL
    CHECK(jsonQuote("\xED\xA0\x80") == "\"" + fffd + fffd + fffd + "\"");  // UTF-16 surrogate
    CHECK(jsonQuote("\xF4\x90\x80\x80") == "\"" + fffd + fffd + fffd + fffd + "\"");  // > U+10FFFF
    CHECK(jsonQuote("\xE2\x82") == "\"" + fffd + fffd + "\"");  // cut short at the end
}

TEST_CASE("pretty document, field by field") {
    JsonWriter json;
    json.beginObject();
    json.field("name", "lync");
    json.field("port", std::uint16_t{443});
    json.field("negative", -5);
    json.field("ok", true);
    json.field("none", nullptr);
    json.key("list").beginArray().value("a").value(std::size_t{2}).endArray();
    json.key("empty").beginArray().endArray();
    json.key("nested").beginObject().endObject();
    json.endObject();
    CHECK(json.finish() ==
          "{\n"
          "  \"name\": \"lync\",\n"
          "  \"port\": 443,\n"
          "  \"negative\": -5,\n"
          "  \"ok\": true,\n"
          "  \"none\": null,\n"
          "  \"list\": [\n"
          "    \"a\",\n"
          "    2\n"
          "  ],\n"
          "  \"empty\": [],\n"
          "  \"nested\": {}\n"
          "}\n");
}

TEST_CASE("compact document") {
    JsonWriter json(0);
    json.beginArray().beginObject().field("k\"ey", "v\n").endObject().value(false).endArray();
    CHECK(json.finish() == "[{\"k\\\"ey\":\"v\\n\"},false]\n");
    std::uint8_t small = 255;
    JsonWriter single(0);
    single.value(small);
    CHECK(single.finish() == "255\n");
}

TEST_CASE("misuse is a logic_error, not broken JSON") {
    JsonWriter a;
    CHECK_THROWS_AS(a.key("x"), std::logic_error);  // no object open
    JsonWriter b;
    b.beginObject();
    CHECK_THROWS_AS(b.value("x"), std::logic_error);  // value without key
    CHECK_THROWS_AS(b.endArray(), std::logic_error);
    CHECK_THROWS_AS(b.finish(), std::logic_error);  // incomplete
    JsonWriter c;
    c.value(1);
    CHECK_THROWS_AS(c.value(2), std::logic_error);  // a second top-level value
    JsonWriter d;
    d.beginObject().key("k");
    CHECK_THROWS_AS(d.endObject(), std::logic_error);  // key without value
}

TEST_CASE(
    "whatever the bytes, the output parses as JSON and reads back as the valid UTF-8 of them") {
    std::mt19937 random(20261203);  // fixed seed: the same strings on every run
    std::vector<std::string> inputs;
    for (int b = 0; b < 256; ++b) inputs.emplace_back(1, static_cast<char>(b));
    for (int n = 0; n < 2000; ++n) {
        std::string s(random() % 12, '\0');
        for (char& c : s) c = static_cast<char>(random() % 256);
        inputs.push_back(s);
    }
    for (const auto& s : inputs) {
        CAPTURE(dhcplite::util::validUtf8(s));
        const auto parsed = nlohmann::json::parse(jsonQuote(s));  // strict: throws on invalid UTF-8
        CHECK(parsed.get<std::string>() == dhcplite::util::validUtf8(s));
        JsonWriter json(0);
        json.beginObject().field(s, s).endObject();
        const auto object = nlohmann::json::parse(json.finish());
        CHECK(object.at(dhcplite::util::validUtf8(s)).get<std::string>() ==
              dhcplite::util::validUtf8(s));
    }
}

TEST_CASE("a key written twice in one object is a logic_error") {
    JsonWriter json;
    json.beginObject().field("k", 1);
    CHECK_THROWS_AS(json.key("k"), std::logic_error);
}
