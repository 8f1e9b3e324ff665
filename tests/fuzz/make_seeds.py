#!/usr/bin/python3
"""Writes the hand-made seed inputs of tests/fuzz/corpus/<target>/ (files named seed-*), byte for
byte the same on every run: `make_seeds.py [DIR]` (default: the corpus directory next to this
script). The other files in the corpus (40-hex-digit names) are inputs libFuzzer found that add
coverage, merged in by `scripts/fuzz.sh --merge`; this script leaves them alone.

Sources: tests/data/ms-uc-client.txt (option 120/43 vectors from a DHCPUtil run and a Windows
DHCP ACK), the DHCPINFORM as DHCPUtil -EmulateClient sends it and the dnsmasq-style ACK of
tests/data/dhcputil/make_fixtures.py (docs/design.md §10), packaging/dhcplite.example.yaml and
tests/data/config/every-key.yaml. Addresses are documentation ranges (RFC 5737).
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import dhcp_test_packets as pk  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))


def vectors():
    """{section: {key: bytes}} for the hex values of tests/data/ms-uc-client.txt."""
    out, section = {}, None
    with open(os.path.join(ROOT, "tests", "data", "ms-uc-client.txt")) as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                section = out.setdefault(line[1:-1], {})
                continue
            key, _, value = (p.strip() for p in line.partition("="))
            if key.startswith("option") and all(c in "0123456789ABCDEF" for c in value) and len(value) % 2 == 0:
                section[key] = bytes.fromhex(value)
    return out


VEC = vectors()
LYNC = VEC["lync.schertz.local"]
OPTION120 = LYNC["option120"]
OPTION43 = LYNC["option43"]
OPTION43_WINDOWS = LYNC["option43_windows_ack"]
OPTION120_FQDN = VEC["server.fqdn.company.com"]["option120"]
# dnsmasq compresses option 120 with pointers relative to the byte after `enc`.
OPTION120_COMPRESSED = b"\x00" + b"\x04sip1\x07schertz\x05local\x00" + b"\x04sip2\xC0\x05"
PHONE_MAC = bytes.fromhex("0004F2A1B2C3")
XID = 0x3903F326


def ip(text):
    return bytes(int(p) for p in text.split("."))


def opt(code, data):
    return pk.tlv(code, data)


def bootp(op=1, ciaddr="0.0.0.0", giaddr="0.0.0.0", secs=0, flags=0, options=b"", end=True, pad_to=300,
          sname=b"", file=b""):
    """RFC 2131 §2 header, magic cookie, options, END, zero padding to the BOOTP minimum."""
    header = pk.header(XID, op=op, secs=secs, flags=flags, ciaddr=ciaddr, giaddr=giaddr, chaddr=PHONE_MAC,
                       sname=sname, file=file)
    msg = header + pk.COOKIE + options + (b"\xff" if end else b"")
    return msg + b"\x00" * max(0, pad_to - len(msg))


INFORM = opt(53, b"\x08")
MSUC = opt(60, b"MS-UC-Client")
ASK = opt(55, bytes([1, 3, 6, 15, 42, 43, 44, 66, 119, 120, 150, 224]))


def packets():
    """Requests and replies for the "packet" and "responder" targets. For "responder" the low byte
    of `secs` picks the arrival and the configuration (responder_fuzzer.cpp)."""
    dhcputil_inform = (INFORM + opt(54, b"") + opt(61, b"\x01" + PHONE_MAC) + opt(120, b"")
                       + opt(12, b"CX600-PHONE") + MSUC + opt(55, bytes([120, 43])) + opt(43, b""))
    relay_info = opt(1, b"eth0/1") + opt(2, PHONE_MAC)
    long_55 = bytes(range(1, 255))
    return {
        "seed-dhcputil-inform": bootp(ciaddr="192.0.2.50", options=dhcputil_inform),
        "seed-windows-ack": bootp(op=2, ciaddr="192.0.2.50",
                                  options=opt(53, b"\x05") + opt(54, ip("192.0.2.10")) + opt(120, OPTION120)
                                  + opt(43, OPTION43_WINDOWS)),
        "seed-dnsmasq-ack": bootp(op=2, ciaddr="192.0.2.50",
                                  options=opt(53, b"\x05") + opt(54, ip("192.0.2.11")) + MSUC
                                  + opt(120, OPTION120_COMPRESSED) + opt(43, OPTION43 + b"\xff")),
        "seed-option43-overruns": bootp(op=2, options=opt(53, b"\x05") + bytes([43, 200]) + OPTION43[:20],
                                        end=False, pad_to=0),
        "seed-inform-broadcast": bootp(options=INFORM + MSUC + ASK),
        "seed-inform-from-source": bootp(secs=1, options=INFORM + MSUC + ASK),
        "seed-inform-relayed-82": bootp(giaddr="198.51.100.1", options=INFORM + MSUC + ASK
                                        + opt(57, struct.pack("!H", 1500)) + opt(82, relay_info)),
        "seed-inform-overload-both": bootp(ciaddr="192.0.2.50", options=INFORM + opt(52, b"\x03"),
                                           file=MSUC + b"\xff", sname=ASK + b"\xff"),
        "seed-inform-joined-55-60": bootp(ciaddr="198.51.100.7",
                                          options=INFORM + opt(60, b"MS-UC-") + opt(55, bytes([120]))
                                          + opt(60, b"Client") + opt(55, bytes([43, 6]))),
        "seed-inform-no-end": bootp(ciaddr="192.0.2.50", options=INFORM + MSUC + ASK, end=False, pad_to=0),
        "seed-inform-trailing-junk": bootp(ciaddr="192.0.2.50", options=INFORM + MSUC + ASK) + b"JUNK",
        "seed-inform-audiocodes": bootp(secs=2, options=INFORM + opt(60, b"AudioCodes-MP-112") + ASK),
        "seed-inform-cpe-ocphone": bootp(ciaddr="198.51.100.200", options=INFORM + opt(60, b"CPE-OCPHONE")
                                         + opt(55, bytes([43]))),
        "seed-inform-polycom-sites-only": bootp(secs=4, ciaddr="192.0.2.50",
                                                options=INFORM + opt(60, b"Polycom-VVX") + ASK),
        "seed-inform-long-82-sites-only": bootp(secs=5, giaddr="192.0.2.1",
                                                options=INFORM + MSUC + opt(55, long_55)
                                                + opt(82, opt(1, b"x" * 200) + opt(2, b"y" * 40))),
        # Option 82 at the size limit (RFC 3046 §2.2: all or nothing). With the sites-only config
        # the reply for this request is 469 bytes before 82: a 77-byte 82 (79 with code and
        # length) fills 548 exactly, a 78-byte one must be left out; with option 57 = 700 the
        # limit is 672 (700 less 28 of IPv4/UDP headers), so a 219-byte 82 must be left out too.
        "seed-inform-82-fits-548-exactly": bootp(secs=5, giaddr="192.0.2.1",
                                                 options=INFORM + MSUC + opt(55, long_55) + opt(82, opt(1, b"r" * 75))),
        "seed-inform-82-one-byte-over-548": bootp(secs=5, giaddr="192.0.2.1",
                                                  options=INFORM + MSUC + opt(55, long_55) + opt(82, opt(1, b"r" * 76))),
        "seed-inform-82-over-57-less-28": bootp(secs=5, giaddr="192.0.2.1",
                                                options=INFORM + MSUC + opt(55, long_55) + opt(82, opt(1, b"r" * 217))
                                                + opt(57, struct.pack("!H", 700))),
        # Option 82 whose sub-option 1 claims 10 bytes where 3 follow (RFC 3046 §2.0): the
        # request is malformed at that length byte, and nothing is echoed.
        "seed-inform-82-suboption-overruns": bootp(giaddr="198.51.100.1", options=INFORM + MSUC + ASK
                                                   + opt(82, bytes([1, 10]) + b"abc")),
        "seed-inform-hlen-17": bootp(ciaddr="192.0.2.50", options=INFORM + MSUC + ASK)[:2] + b"\x11"
                               + bootp(ciaddr="192.0.2.50", options=INFORM + MSUC + ASK)[3:],
        "seed-inform-option-overruns": bootp(ciaddr="192.0.2.50", options=INFORM + MSUC + bytes([55, 40, 1, 3]),
                                             end=False, pad_to=0),
        "seed-inform-loopback-ciaddr": bootp(ciaddr="127.0.0.1", options=INFORM + MSUC + ASK),
        "seed-inform-unknown-site-sites-only": bootp(secs=7, options=INFORM + MSUC + ASK),
        "seed-inform-max-size-1500": bootp(ciaddr="192.0.2.50", options=INFORM + MSUC + opt(55, long_55)
                                           + opt(57, struct.pack("!H", 1500))),
        "seed-discover": bootp(options=opt(53, b"\x01") + MSUC + ASK),
        "seed-bootp": bootp(options=MSUC),
        "seed-long-option-rfc3396": bootp(ciaddr="192.0.2.50", options=INFORM + MSUC + ASK
                                          + opt(77, b"u" * 255) + opt(77, b"v" * 45)),
    }


def option120():
    return {
        "seed-lync": OPTION120,
        "seed-server-fqdn": OPTION120_FQDN,
        "seed-dnsmasq-compressed": OPTION120_COMPRESSED,
        "seed-addresses": b"\x01" + ip("192.0.2.5") + ip("198.51.100.129"),
        "seed-63-octet-label": b"\x00" + b"\x3f" + b"a" * 63 + b"\x07example\x03com\x00",
        "seed-pointer-chain": b"\x00\x03com\x00\x07example\xc0\x00\x03sip\xc0\x05",
    }


def option43():
    return {
        "seed-lync": OPTION43,
        "seed-windows-ack": OPTION43_WINDOWS,
        "seed-dnsmasq-end": OPTION43 + b"\xff",
        "seed-pads-end-trailing": b"\x00\x00" + OPTION43[:14] + b"\x00\xff\x01\x02",
        "seed-cpe-ocphone": opt(10, struct.pack("!H", 100)) + opt(11, b"voice"),
    }


def text():
    return {
        "seed-hex-plain": b"010C4D532D55432D436C69656E74",
        "seed-hex-cisco": b"010c.4d53.2d55.432d.436c.6965.6e74",
        "seed-hex-0x": b"0x01 0x0c 0X4D:53-2d",
        "seed-fqdn": b"lync.schertz.local.",
        "seed-fqdn-63": b"a" * 63 + b".example.com",
        "seed-ipv4": b"192.0.2.1",
        "seed-cidr": b"198.51.100.0/25",
        "seed-mac": b"00:04:f2:ab:cd:ef",
        "seed-mac-cisco": b"0004.f2ab.cdef",
    }


def config():
    def read(*path):
        with open(os.path.join(ROOT, *path), "rb") as f:
            return f.read()
    return {
        "seed-example": read("packaging", "dhcplite.example.yaml"),
        "seed-every-key": read("tests", "data", "config", "every-key.yaml"),
        "seed-minimal": b"default:\n  sip-servers: [pool.example.com]\n",
        "seed-addresses-site": b"sites:\n  - name: a\n    subnets: [192.0.2.0/24]\n"
                               b"    sip-servers: [192.0.2.5]\n    web-server: web.example.com\n",
        "seed-anchors": b"default:\n  sip-servers: &s [a.example.com]\n  dns-servers: &d [192.0.2.53]\n"
                        b"sites:\n  - name: b\n    subnets: 198.51.100.0/24\n    sip-servers: *s\n"
                        b"    dns-servers: *d\n",
        "seed-flow": b"{listen: {server-id: 192.0.2.1}, vendor-classes: [{match: X, mode: prefix, "
                     b"sub-options: [{code: 1, u32: 0x10}]}], default: {sip-servers: a.example.com, "
                     b"raw-options: [{code: 66, hex: '74667470'}], always-send: [66]}}\n",
    }


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")
    sets = {"packet": packets(), "responder": packets(), "option120": option120(), "option43": option43(),
            "text": text(), "config": config()}
    for name, seeds in sets.items():
        directory = os.path.join(target, name)
        os.makedirs(directory, exist_ok=True)
        for seed, data in seeds.items():
            with open(os.path.join(directory, seed), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
