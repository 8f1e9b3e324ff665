#!/usr/bin/python3
"""Writes the hand-made seed inputs of tests/fuzz/corpus/<target>/ (files named seed-*), byte for
byte the same on every run: `make_seeds.py [DIR]` (default: the corpus directory next to this
script). The other files in the corpus (40-hex-digit names) are inputs libFuzzer found that add
coverage, merged in by `scripts/fuzz.sh --merge`; this script leaves them alone.

Sources: tests/data/ms-uc-client.txt (option 120/43 vectors from a DHCPUtil run and a Windows
DHCP ACK), the DHCPINFORM as DHCPUtil -EmulateClient sends it and the dnsmasq-style ACK of
tests/data/dhcputil/make_fixtures.py (docs/design.md §10), packaging/dhcplite.example.yaml and
tests/data/config/every-key.yaml; for the frame, emulate and pcap targets the frames and capture
files of make_fixtures.py; for "pasted" the pasted texts of tests/data/dhcputil/paste/*.case;
hand-made DNS answers (RFC 1035 §4.1, RFC 2782) and SNTP replies (RFC 4330 §4). Addresses are
documentation ranges (RFC 5737), but for the capture fixtures' own.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import dhcp_test_packets as pk  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "data", "dhcputil"))
import make_fixtures as fx  # noqa: E402

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


# Link-type bytes of the frame and emulate targets (frame_fuzzer.cpp, emulate_fuzzer.cpp).
ETHERNET, SLL, SLL2, RAW = 0, 1, 2, 3


def frames():
    """Frames as capture files hold them: the first byte picks the link type."""
    ack = fx.ipv4_udp(fx.SERVER_IP, fx.PHONE_IP, 67, 68, fx.ack_windows())
    inform = fx.ipv4_udp(fx.PHONE_IP, "255.255.255.255", 68, 67, fx.inform())
    fragment = ack[:6] + b"\x20\x00" + ack[8:]  # more fragments
    ihl6 = b"\x46" + ack[1:2] + struct.pack("!H", len(ack) + 4) + ack[4:20] + b"\x01\x01\x01\x00" + ack[20:]
    cut = fx.ethernet(fx.PHONE_MAC, fx.SERVER_MAC, 0x0800, ack)[:200]  # snaplen 200
    padded = fx.ethernet(fx.PHONE_MAC, fx.SERVER_MAC, 0x0800, fx.ipv4_udp(fx.SERVER_IP, fx.PHONE_IP, 67, 68, b"x"))
    padded += b"\x00" * (60 - len(padded))  # Ethernet minimum frame: padding after the datagram
    qinq = (fx.PHONE_MAC + fx.SERVER_MAC + struct.pack("!HHHH", 0x88A8, 100, 0x8100, 20)
            + struct.pack("!H", 0x0800) + ack)
    return {
        "seed-ethernet-inform": bytes([ETHERNET]) + fx.ethernet(fx.BROADCAST_MAC, fx.PHONE_MAC, 0x0800, inform),
        "seed-ethernet-vlan-ack": bytes([ETHERNET]) + fx.ethernet(fx.PHONE_MAC, fx.SERVER_MAC, 0x0800, ack, vlan=20),
        "seed-ethernet-qinq-ack": bytes([ETHERNET]) + qinq,
        "seed-ethernet-arp": bytes([ETHERNET]) + fx.arp_request(),
        "seed-ethernet-dns": bytes([ETHERNET]) + fx.dns_query(),
        "seed-ethernet-cut-200": bytes([ETHERNET]) + cut,
        "seed-ethernet-padded": bytes([ETHERNET]) + padded,
        "seed-sll-ack": bytes([SLL]) + fx.sll(ack),
        "seed-sll2-ack": bytes([SLL2]) + fx.sll2(ack),
        "seed-raw-ack": bytes([RAW]) + ack,
        "seed-raw-fragment": bytes([RAW]) + fragment,
        "seed-raw-ihl6": bytes([RAW]) + ihl6,
    }


def emulate():
    """Mode byte, xid, chaddr, then length-prefixed frames (or DHCP messages, mode bit 7)."""
    head = struct.pack("!I", fx.XID) + fx.PHONE_MAC

    def records(items):
        return b"".join(struct.pack("!H", len(i)) + i for i in items)

    def eth(src_mac, src_ip, payload, vlan=None):
        return fx.ethernet(fx.PHONE_MAC, src_mac, 0x0800, fx.ipv4_udp(src_ip, fx.PHONE_IP, 67, 68, payload), vlan)

    out_inform = fx.ethernet(fx.BROADCAST_MAC, fx.PHONE_MAC, 0x0800,
                             fx.ipv4_udp(fx.PHONE_IP, "255.255.255.255", 68, 67, fx.inform()))
    windows = eth(fx.SERVER_MAC, fx.SERVER_IP, fx.ack_windows(), vlan=20)
    dnsmasq = eth(fx.DNSMASQ_MAC, fx.DNSMASQ_IP, fx.ack_dnsmasq())
    malformed = eth(fx.SERVER_MAC, fx.SERVER_IP, fx.ack_malformed())
    return {
        "seed-windows-ack": bytes([ETHERNET]) + head + records([out_inform, windows]),
        "seed-two-servers": bytes([ETHERNET]) + head + records([out_inform, windows, dnsmasq, windows]),
        "seed-malformed-then-dnsmasq": bytes([ETHERNET]) + head + records([malformed, dnsmasq]),
        "seed-expect-values": bytes([ETHERNET | 0x40]) + head + records([dnsmasq]),
        "seed-raw-ack": bytes([RAW]) + head + records([fx.ipv4_udp(fx.SERVER_IP, fx.PHONE_IP, 67, 68,
                                                                   fx.ack_windows())]),
        "seed-payloads": bytes([0x80]) + head + records([fx.ack_windows(), fx.ack_dnsmasq(), fx.ack_malformed()]),
        "seed-payload-no-options": bytes([0x80]) + head + records([bootp(op=2, options=opt(53, b"\x05"))]),
    }


def pcaps():
    """The capture fixtures, one cut off mid-record, one big-endian, one pcapng."""
    files = fx.fixtures()
    exchange = files["msuc-exchange.pcap"]
    ack = fx.ipv4_udp(fx.SERVER_IP, fx.PHONE_IP, 67, 68, fx.ack_windows())
    frame = fx.ethernet(fx.PHONE_MAC, fx.SERVER_MAC, 0x0800, ack)
    big_endian = (struct.pack(">IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, fx.LINKTYPE_ETHERNET)
                  + struct.pack(">IIII", 1764763200, 0, len(frame), len(frame)) + frame)

    def block(kind, body):
        body += b"\x00" * (-len(body) % 4)
        return struct.pack("<II", kind, len(body) + 12) + body + struct.pack("<I", len(body) + 12)

    pcapng = (block(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
              + block(1, struct.pack("<HHI", fx.LINKTYPE_ETHERNET, 0, 65535))
              + block(6, struct.pack("<IIIII", 0, 0, 0, len(frame), len(frame)) + frame))
    return {
        "seed-exchange": exchange,
        "seed-sll": files["msuc-ack-sll.pcap"],
        "seed-sll2": files["msuc-ack-sll2.pcap"],
        "seed-raw": files["msuc-ack-raw.pcap"],
        "seed-cut-mid-record": exchange[:len(exchange) - 100],
        "seed-big-endian": big_endian,
        "seed-pcapng": pcapng,
        "seed-header-only": exchange[:24],
    }


def pasted():
    """The pasted texts of the decode tests (the part after '--- paste'), for the hex reader (with
    the option code the case names) and for the block reader."""
    out = {}
    directory = os.path.join(ROOT, "tests", "data", "dhcputil", "paste")
    for name in sorted(os.listdir(directory)):
        if not name.endswith(".case"):
            continue
        with open(os.path.join(directory, name), "rb") as f:
            lines = f.read().split(b"\n")
        args = lines[0]
        start = lines.index(b"--- paste") + 1
        end = next(i for i in range(start, len(lines)) if lines[i].startswith(b"--- "))
        text = b"\n".join(lines[start:end]) + b"\n"
        code = 2 if b"--option 120" in args else 1 if b"--option 43" in args else 0
        stem = name[:-len(".case")]
        out["seed-hex-" + stem] = bytes([code]) + text
        out["seed-block-" + stem] = bytes([4]) + text
    return out


def dns_name(name):
    return b"".join(bytes([len(label)]) + label.encode() for label in name.split(".")) + b"\x00"


def dns_message(qname, qtype, answers, rcode=0):
    """A response (RFC 1035 §4.1): header, one question, the answer records (already encoded)."""
    header = struct.pack("!HHHHHH", 0x1234, 0x8180 | rcode, 1, len(answers), 0, 0)
    return header + dns_name(qname) + struct.pack("!HH", qtype, 1) + b"".join(answers)


def rr(name, rtype, rdata, ttl=300):
    return name + struct.pack("!HHIH", rtype, 1, ttl, len(rdata)) + rdata


def dns():
    """DNS answers: the first byte's low bit says A (0) or SRV (1), as dns_fuzzer.cpp asks."""
    A, CNAME, SRV = 1, 5, 33
    pool = "pool.example.test"
    srv_name = "_sipinternaltls._tcp.example.test"
    at_question = b"\xc0\x0c"  # a pointer to the question's name
    srv = lambda prio, weight, port, target: struct.pack("!HHH", prio, weight, port) + target
    return {
        "seed-a": bytes([0]) + dns_message(pool, A, [rr(at_question, A, bytes([192, 0, 2, 11])),
                                                     rr(at_question, A, bytes([192, 0, 2, 12]))]),
        "seed-a-cname": bytes([0]) + dns_message(pool, A, [
            rr(at_question, CNAME, dns_name("fe01.example.test")),
            rr(dns_name("fe01.example.test"), A, bytes([198, 51, 100, 20]))]),
        "seed-a-nxdomain": bytes([0]) + dns_message(pool, A, [], rcode=3),
        "seed-a-nodata": bytes([0]) + dns_message(pool, A, []),
        "seed-srv": bytes([1]) + dns_message(srv_name, SRV, [
            rr(at_question, SRV, srv(0, 0, 5061, dns_name("pool.example.test"))),
            rr(at_question, SRV, srv(10, 5, 5061, b"\x04pool\x02dr\xc0\x22"))]),
        "seed-srv-root-target": bytes([1]) + dns_message(srv_name, SRV, [rr(at_question, SRV, srv(0, 0, 0, b"\x00"))]),
        "seed-srv-pointer-loop": bytes([1]) + dns_message(srv_name, SRV, [rr(at_question, SRV,
                                                                             srv(0, 0, 5061, b"\x04loop\xc0\x3d"))]),
    }


def sntp():
    """T1 and T4 (NTP timestamps), then the reply (RFC 4330 §4)."""
    t1 = (3973536000 << 32) | 0x40000000  # 2025-12-03, 0.25 s
    t4 = t1 + (1 << 30)                   # 0.25 s later
    t2, t3 = t1 + (1 << 28), t1 + (1 << 29)

    def reply(first, stratum, refid, originate, transmit):
        return (bytes([first, stratum, 6, 0xEC]) + struct.pack("!II", 0, 0x100) + refid
                + struct.pack("!QQQQ", t1 - (1 << 40), originate, t2, transmit))

    times = struct.pack("!QQ", t1, t4)
    return {
        "seed-stratum-2": times + reply(0x24, 2, bytes([192, 0, 2, 30]), t1, t3),
        "seed-stratum-1-gps": times + reply(0x24, 1, b"GPS\x00", t1, t3),
        "seed-unsynchronised": times + reply(0xE4, 16, b"INIT", t1, t3),
        "seed-kiss-rate": times + reply(0x24, 0, b"RATE", t1, t3),
        "seed-other-request": times + reply(0x24, 2, bytes([192, 0, 2, 30]), t1 + 1, t3),
        "seed-client-mode": times + reply(0x23, 2, bytes([192, 0, 2, 30]), t1, t3),
        "seed-short": times + reply(0x24, 2, bytes([192, 0, 2, 30]), t1, t3)[:47],
    }


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "corpus")
    sets = {"packet": packets(), "responder": packets(), "option120": option120(), "option43": option43(),
            "text": text(), "config": config(), "frame": frames(), "emulate": emulate(), "pcap": pcaps(),
            "pasted": pasted(), "dns": dns(), "sntp": sntp()}
    for name, seeds in sets.items():
        directory = os.path.join(target, name)
        os.makedirs(directory, exist_ok=True)
        for seed, data in seeds.items():
            with open(os.path.join(directory, seed), "wb") as f:
                f.write(data)


if __name__ == "__main__":
    main()
