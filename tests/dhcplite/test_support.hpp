#pragma once
// Helpers for the responder tests: requests written field by field (independently of the code
// under test), the known-good vectors of tests/data/ms-uc-client.txt, and configs from YAML.
#include <array>
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <initializer_list>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "config/config.hpp"
#include "dhcplite/compiled_config.hpp"
#include "wire/bytes.hpp"
#include "wire/hex.hpp"

namespace dhcplite::test {

using wire::Bytes;

inline void putU8(Bytes& out, std::uint8_t v) { out.push_back(v); }
inline void putU16(Bytes& out, std::uint16_t v) {
    out.push_back(static_cast<std::uint8_t>(v >> 8));
    out.push_back(static_cast<std::uint8_t>(v & 0xFF));
}
inline void putU32(Bytes& out, std::uint32_t v) {
    putU16(out, static_cast<std::uint16_t>(v >> 16));
    putU16(out, static_cast<std::uint16_t>(v & 0xFFFF));
}
inline void putBytes(Bytes& out, const Bytes& v) { out.insert(out.end(), v.begin(), v.end()); }
inline void putZeros(Bytes& out, std::size_t n) { out.insert(out.end(), n, 0); }

inline Bytes ascii(std::string_view text) { return Bytes(text.begin(), text.end()); }
inline Bytes hex(std::string_view text) { return wire::parseHex(text); }
inline Bytes cat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& p : parts) {
        putBytes(out, p);
    }
    return out;
}

// One option instance: code, length, data (data ≤ 255 bytes; longer is a test bug).
inline Bytes tlv(std::uint8_t code, const Bytes& data) {
    if (data.size() > 255) {
        throw std::logic_error("tlv: data over 255 bytes");
    }
    Bytes out{code, static_cast<std::uint8_t>(data.size())};
    putBytes(out, data);
    return out;
}
inline Bytes tlv(std::uint8_t code, std::string_view text) { return tlv(code, ascii(text)); }

inline constexpr std::uint32_t ip(std::uint8_t a, std::uint8_t b, std::uint8_t c, std::uint8_t d) {
    return (std::uint32_t{a} << 24) | (std::uint32_t{b} << 16) | (std::uint32_t{c} << 8) | d;
}

inline const std::array<std::uint8_t, 16> kPhoneChaddr{0x00, 0x04, 0xF2, 0xAB, 0xCD, 0xEF};

// A BOOTP/DHCP request, every field spelled out (RFC 2131 §2 Figure 1).
struct RequestFields {
    std::uint8_t op = 1;
    std::uint8_t htype = 1;
    std::uint8_t hlen = 6;
    std::uint8_t hops = 0;
    std::uint32_t xid = 0x3903F326;
    std::uint16_t secs = 0;
    std::uint16_t flags = 0;
    std::uint32_t ciaddr = 0;
    std::uint32_t yiaddr = 0;
    std::uint32_t siaddr = 0;
    std::uint32_t giaddr = 0;
    std::array<std::uint8_t, 16> chaddr = kPhoneChaddr;
    Bytes sname = {};  // up to 64 bytes, zero-filled
    Bytes file = {};   // up to 128 bytes, zero-filled
    std::uint32_t cookie = 0x63825363;
    std::vector<Bytes> options;  // each already a TLV (or raw bytes)
    bool end = true;             // append END (255)
    std::size_t padTo = 0;       // then zeros up to this size

    Bytes bytes() const {
        Bytes out;
        putU8(out, op);
        putU8(out, htype);
        putU8(out, hlen);
        putU8(out, hops);
        putU32(out, xid);
        putU16(out, secs);
        putU16(out, flags);
        putU32(out, ciaddr);
        putU32(out, yiaddr);
        putU32(out, siaddr);
        putU32(out, giaddr);
        out.insert(out.end(), chaddr.begin(), chaddr.end());
        putBytes(out, sname);
        putZeros(out, 64 - sname.size());
        putBytes(out, file);
        putZeros(out, 128 - file.size());
        putU32(out, cookie);
        for (const Bytes& o : options) {
            putBytes(out, o);
        }
        if (end) {
            putU8(out, 255);
        }
        if (out.size() < padTo) {
            putZeros(out, padTo - out.size());
        }
        return out;
    }
};

// The vectors file: "[section]" then "key = value" lines; '#' comments.
inline std::map<std::string, std::string> loadVectors(const std::string& section) {
    std::ifstream in(std::string(DHCPLITE_TEST_DATA) + "/ms-uc-client.txt");
    if (!in) {
        throw std::runtime_error("cannot open tests/data/ms-uc-client.txt");
    }
    std::map<std::string, std::string> out;
    std::string line;
    std::string current;
    const auto trim = [](std::string s) {
        const auto b = s.find_first_not_of(" \t\r");
        const auto e = s.find_last_not_of(" \t\r");
        return b == std::string::npos ? std::string() : s.substr(b, e - b + 1);
    };
    while (std::getline(in, line)) {
        line = trim(line);
        if (line.empty() || line[0] == '#') {
            continue;
        }
        if (line.front() == '[' && line.back() == ']') {
            current = line.substr(1, line.size() - 2);
            continue;
        }
        const auto eq = line.find('=');
        if (current == section && eq != std::string::npos) {
            out[trim(line.substr(0, eq))] = trim(line.substr(eq + 1));
        }
    }
    if (out.empty()) {
        throw std::runtime_error("no section [" + section + "] in ms-uc-client.txt");
    }
    return out;
}

inline std::shared_ptr<const daemon::CompiledConfig> compileYaml(std::string_view yaml) {
    return daemon::CompiledConfig::compile(config::loadConfigText(yaml, "test.yaml"));
}

}  // namespace dhcplite::test
