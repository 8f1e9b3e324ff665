#!/usr/bin/python3
"""An independent DHCPINFORM client and checker for the integration tests and the demo.

Nothing here comes from our C++ code: requests are built with scapy (Debian's python3-scapy),
expected replies are written field by field from RFC 2131 §4.3.5 / docs/design.md §3.2 and the byte
vectors in tests/data/ms-uc-client.txt, and replies are checked byte by byte. The option 120/43
encoders below are only used for names that have no vector in that file, and they are checked
against the file every time this module is loaded.

Subcommands (each exits 0 when its checks pass, 1 when one fails, 2 on bad usage):
  inform  send one INFORM-like request and check (or merely print) the reply
  silent  send malformed/unwanted datagrams, each followed by a good INFORM: no reply to any of
          them, and the good INFORM is answered every time
  load    a bounded stream of INFORMs with reloads (SIGHUP) in between: one answer for each
  sniff   capture DHCP datagrams on an interface (scapy) until SIGTERM, write them as JSON
  check-relay  compare the relayed request and the reply captured by `sniff` (option 82 echo)
  nmap-output  check nmap's printed result of our NSE probe against the expected reply
"""

import argparse
import json
import logging
import os
import random
import shutil
import signal
import socket
import struct
import sys
import time

# Scapy warns about routes on import when a namespace has no default route.
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
# Only the layers needed: `scapy.all` takes seconds to import on a busy machine.
from scapy.config import conf  # noqa: E402
from scapy.layers.dhcp import BOOTP, DHCP  # noqa: E402

conf.verb = 0

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
# The expected replies' header, the option walk and the socket (standard library, no scapy).
import dhcp_test_packets as pk  # noqa: E402
from dhcp_test_packets import BOOTP_MIN_SIZE, COOKIE, parse_mac, tlvs, walk_options  # noqa: E402

DEFAULT_MAX_SIZE = 548  # RFC 2131 §2: a 576-byte datagram less IPv4 and UDP headers, without option 57
DEFAULT_PATH = "/CertProv/CertProvisioningService.svc"


# --------------------------------------------------------------------------------------------
# Vectors and independent encoders
# --------------------------------------------------------------------------------------------


def vectors_path():
    src = os.environ.get("DHCPLITE_SOURCE_DIR")
    if src:
        return os.path.join(src, "tests", "data", "ms-uc-client.txt")
    return os.path.join(HERE, "..", "data", "ms-uc-client.txt")


def load_vectors(path=None):
    """tests/data/ms-uc-client.txt: [section] then `key = value` lines, # comments."""
    sections = {}
    current = None
    with open(path or vectors_path(), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if line.startswith("[") and line.endswith("]"):
                current = sections.setdefault(line[1:-1], {})
                continue
            key, _, value = line.partition("=")
            current[key.strip()] = value.strip()
    return sections


def dns_name(name):
    """RFC 1035 §3.1 label form, no compression (we never emit it; docs/design.md §2.3)."""
    out = b""
    for label in name.rstrip(".").split("."):
        raw = label.encode("ascii")
        assert 0 < len(raw) <= 63, name
        out += bytes([len(raw)]) + raw
    return out + b"\x00"


def is_ipv4(text):
    try:
        socket.inet_aton(text)
        return text.count(".") == 3
    except OSError:
        return False


def option120_data(servers):
    """RFC 3361 §3.1 (enc 0, names) / §3.2 (enc 1, IPv4 addresses)."""
    if all(is_ipv4(s) for s in servers):
        return b"\x01" + b"".join(socket.inet_aton(s) for s in servers)
    return b"\x00" + b"".join(dns_name(s) for s in servers)


def option43_data(web, port=443, scheme="https", path=DEFAULT_PATH, identifier="MS-UC-Client"):
    """MS-UC-Client sub-options 1..5 in order; the port as ASCII text (docs/design.md §2.4)."""
    out = b""
    for code, text in ((1, identifier), (2, scheme), (3, web), (4, str(port)), (5, path)):
        raw = text.encode("ascii")
        out += bytes([code, len(raw)]) + raw
    return out


def _self_check():
    v = load_vectors()["lync.schertz.local"]
    assert option120_data(["lync.schertz.local"]).hex().upper() == v["option120"]
    assert option43_data("lync.schertz.local").hex().upper() == v["option43"]
    w = load_vectors()["server.fqdn.company.com"]
    assert option120_data(["server.fqdn.company.com"]).hex().upper() == w["option120"]


_self_check()


def profile_options(sip=None, web=None, port=443, scheme="https", path=DEFAULT_PATH, vector=None):
    """{code: data} of what a profile answers: from a vector section, or encoded here."""
    if vector:
        v = load_vectors()[vector]
        return {120: bytes.fromhex(v["option120"]), 43: bytes.fromhex(v["option43"])}
    sip = sip or []
    web = web or next((s for s in sip if not is_ipv4(s)), None)
    opts = {120: option120_data(sip)}
    if web:
        opts[43] = option43_data(web, port, scheme, path)
    return opts


# --------------------------------------------------------------------------------------------
# Requests (scapy) and expected replies (written out field by field)
# --------------------------------------------------------------------------------------------


def build_request(xid, mac, ciaddr="0.0.0.0", giaddr="0.0.0.0", msg_type="inform", op=1,
                  vendor_class=b"MS-UC-Client", prl=(120, 43), client_id=True,
                  hostname=b"CX600-integ", dhcputil_style=False, extra=(), flags=0, pad_to=300):
    """A phone's DHCPINFORM (docs/design.md §1). `dhcputil_style` adds the empty 54/120/43 that
    Microsoft's DHCPUtil -EmulateClient puts in its INFORM."""
    opts = []
    if msg_type is not None:
        opts.append(("message-type", msg_type))
    if dhcputil_style:
        opts.append((54, b""))
    if client_id:
        opts.append(("client_id", b"\x01" + mac))
    if dhcputil_style:
        opts.append((120, b""))
    if hostname is not None:
        opts.append(("hostname", hostname))
    if vendor_class is not None:
        opts.append(("vendor_class_id", vendor_class))
    if prl is not None:
        opts.append(("param_req_list", list(prl)))
    if dhcputil_style:
        opts.append((43, b""))
    opts.extend(extra)
    opts.append("end")
    pkt = BOOTP(op=op, htype=1, hlen=6, hops=0, xid=xid, secs=0, flags=flags, ciaddr=ciaddr,
                yiaddr="0.0.0.0", siaddr="0.0.0.0", giaddr=giaddr,
                chaddr=mac + b"\x00" * 10) / DHCP(options=opts)
    raw = bytes(pkt)
    # Real clients pad the message to the BOOTP minimum (RFC 1542 §2.1: 300 octets).
    if len(raw) < pad_to:
        raw += b"\x00" * (pad_to - len(raw))
    return raw


def expected_reply(request, server_id, answer, flags=None, echo82=True, giaddr=None):
    """The DHCPACK that docs/design.md §3.2 requires, up to and including END.

    `answer` is [(code, data)] in the order they must appear after 53 and 54."""
    op, htype, hlen, _hops, xid, _secs, req_flags = struct.unpack("!BBBBIHH", request[:12])
    assert op == 1
    # A relay on the way sets giaddr in the request the server sees (RFC 1542 §4.1.1).
    giaddr = request[24:28] if giaddr is None else giaddr
    out = pk.header(xid, op=2, htype=htype, hlen=hlen, flags=req_flags if flags is None else flags,
                    ciaddr=request[12:16], giaddr=giaddr, chaddr=request[28:44]) + COOKIE
    out += bytes([53, 1, 5])  # RFC 2132 §9.6: DHCPACK, always first
    out += bytes([54, 4]) + socket.inet_aton(server_id)  # RFC 2132 §9.7
    for code, data in answer:
        out += tlvs(code, data)
    if echo82:
        req_opts, _ = walk_options(request)
        r82 = [v for c, v in req_opts if c == 82]
        if r82:
            out += tlvs(82, r82[0])  # RFC 3046 §2.2: echoed unchanged, last before END
    return out + b"\xff"


FIELDS = [(0, 1, "op"), (1, 1, "htype"), (2, 1, "hlen"), (3, 1, "hops"), (4, 4, "xid"),
          (8, 2, "secs"), (10, 2, "flags"), (12, 4, "ciaddr"), (16, 4, "yiaddr"),
          (20, 4, "siaddr"), (24, 4, "giaddr"), (28, 16, "chaddr"), (44, 64, "sname"),
          (108, 128, "file"), (236, 4, "magic cookie")]


def field_at(offset, expected):
    for start, size, name in FIELDS:
        if start <= offset < start + size:
            return f"{name} (offset {offset})"
    i = 240
    while i < len(expected):
        code = expected[i]
        size = 1 if code in (0, 255) else 2 + expected[i + 1]
        if offset < i + size:
            return f"option {code} at offset {i} (byte {offset - i} of it)"
        i += size
    return f"after END (offset {offset})"


def option_codes(data):
    try:
        opts, _ = walk_options(data)
        return [c for c, _ in opts]
    except ValueError as e:
        return str(e)


def compare_reply(got, expected, max_size=DEFAULT_MAX_SIZE):
    """Byte-by-byte: `expected` exactly, then only zero padding, ≥ 300 and ≤ max_size bytes."""
    errors = []
    for i in range(min(len(got), len(expected))):
        if got[i] != expected[i]:
            errors.append(
                f"first difference in {field_at(i, expected)}: got {got[i]:02X}, expected "
                f"{expected[i]:02X}; options got {option_codes(got)} expected "
                f"{option_codes(expected)}")
            break
    if not errors and len(got) < len(expected):
        errors.append(f"reply is {len(got)} bytes, shorter than the {len(expected)} expected")
    tail = got[len(expected):]
    if not errors and any(tail):
        errors.append(f"non-zero bytes after END: {tail.rstrip(bytes(1)).hex().upper()}")
    if len(got) < BOOTP_MIN_SIZE:
        errors.append(f"reply is {len(got)} bytes: not padded to {BOOTP_MIN_SIZE}")
    if len(got) > max_size:
        errors.append(f"reply is {len(got)} bytes: larger than {max_size}")
    return errors


def scapy_view(data):
    """How scapy (an independent decoder) reads the reply, for the log."""
    try:
        pkt = BOOTP(data)
        opts = pkt[DHCP].options if DHCP in pkt else []
        return (f"op={pkt.op} xid=0x{pkt.xid:08x} ciaddr={pkt.ciaddr} yiaddr={pkt.yiaddr} "
                f"siaddr={pkt.siaddr} giaddr={pkt.giaddr} flags=0x{int(pkt.flags):04x} "
                f"options={opts}")
    except Exception as e:  # noqa: BLE001 - only for display
        return f"scapy could not decode it: {e}"


# --------------------------------------------------------------------------------------------
# The client socket: the kernel's UDP, so the phone receives exactly what a phone would
# --------------------------------------------------------------------------------------------


class Received:
    def __init__(self, data, src, dst, ifindex):
        self.data, self.src, self.dst, self.ifindex = data, src, dst, ifindex

    def xid(self):
        return self.data[4:8] if len(self.data) >= 8 else b""


class Client:
    """UDP port 68 on one interface (SO_BINDTODEVICE), broadcast allowed; IP_PKTINFO tells the
    destination address of each datagram received (unicast to us, or limited broadcast)."""

    def __init__(self, iface, port=68):
        self.sock = pk.client_socket(iface, port, pktinfo=True)

    def send(self, data, dst="255.255.255.255", port=67):
        self.sock.sendto(data, (dst, port))

    def recv(self, timeout):
        if not pk.readable([self.sock], timeout):
            return None
        data, anc, _flags, src = self.sock.recvmsg(4096, socket.CMSG_SPACE(12))
        dst, ifindex = None, 0
        for level, kind, payload in anc:
            if level == socket.IPPROTO_IP and kind == pk.IP_PKTINFO and len(payload) >= 12:
                ifindex, _spec, addr = struct.unpack("=i4s4s", payload[:12])
                dst = socket.inet_ntoa(addr)
        return Received(data, src, dst, ifindex)

    def collect(self, seconds, until=None):
        """Everything received within `seconds` (stop early once `until(list)` is true)."""
        def receive(timeout):
            r = self.recv(timeout)
            return [] if r is None else [r]
        return pk.collect(receive, seconds, until)


# --------------------------------------------------------------------------------------------
# Subcommands
# --------------------------------------------------------------------------------------------


def say(*parts):
    print("dhcpprobe:", *parts, file=sys.stderr, flush=True)


def parse_codes(text):
    return [int(c) for c in text.split(",") if c.strip()] if text else []


def answer_list(args, prl):
    """Requested options we expect, in the order of option 55 (RFC 2131 §4.3.5 leaves the
    order to the server; docs/design.md §3.2 makes it the PRL's)."""
    opts = profile_options(sip=args.expect_sip.split(",") if args.expect_sip else None,
                           web=args.expect_web, port=args.expect_port,
                           scheme=args.expect_scheme, path=args.expect_path,
                           vector=args.expect_vector)
    for spec in args.expect_option or []:
        code, _, hexval = spec.partition("=")
        opts[int(code)] = bytes.fromhex(hexval)
    return [(c, opts[c]) for c in prl if c in opts]


def cmd_inform(args):
    mac = parse_mac(args.mac)
    xid = args.xid if args.xid is not None else random.randrange(1, 1 << 32)
    prl = parse_codes(args.prl)
    extra = []
    if args.request_option82:
        extra.append((82, bytes.fromhex(args.request_option82)))
    request = build_request(xid, mac, ciaddr=args.ciaddr, giaddr=args.giaddr, prl=prl,
                            vendor_class=args.vendor_class.encode(),
                            hostname=args.hostname.encode(),
                            dhcputil_style=args.dhcputil_style, extra=extra)
    client = Client(args.iface)
    say(f"INFORM xid=0x{xid:08x} ciaddr={args.ciaddr} giaddr={args.giaddr} prl={prl} "
        f"-> {args.dest}:67 on {args.iface} ({len(request)} bytes)")
    if args.request_hex_out:
        with open(args.request_hex_out, "w") as f:
            f.write(request.hex().upper() + "\n")
    if args.l2_src_ip:
        # A client without an address yet sends from 0.0.0.0 (RFC 2131 §4.1); the kernel's
        # UDP socket cannot, so this one goes out as a raw Ethernet frame (scapy).
        from scapy.layers.inet import IP, UDP
        from scapy.layers.l2 import Ether
        from scapy.sendrecv import sendp
        frame = (Ether(src=mac, dst="ff:ff:ff:ff:ff:ff") / IP(src=args.l2_src_ip, dst=args.dest)
                 / UDP(sport=68, dport=67) / request)
        sendp(frame, iface=args.iface, verbose=False)
    else:
        client.send(request, args.dest)
    mine = lambda got: any(r.xid() == request[4:8] for r in got)  # noqa: E731
    got = client.collect(args.timeout, until=mine)
    replies = [r for r in got if r.xid() == request[4:8]]
    if not replies:
        say(f"FAIL: no reply within {args.timeout} s")
        return 1
    # Exactly one answer: keep listening a little for a duplicate.
    replies += [r for r in client.collect(args.dup_window) if r.xid() == request[4:8]]
    reply = replies[0]
    say(f"reply from {reply.src[0]}:{reply.src[1]} to {reply.dst}:68, {len(reply.data)} bytes")
    say("scapy reads it as:", scapy_view(reply.data))
    if args.hex_out:
        with open(args.hex_out, "w") as f:
            f.write(reply.data.hex().upper() + "\n")
    if args.print_hex:
        print(reply.data.hex().upper())
    if args.no_check:
        return 0

    errors = []
    if len(replies) != 1:
        errors.append(f"{len(replies)} replies for one request")
    flags = None
    if args.expect_flags is not None:
        flags = int(args.expect_flags, 0)
    expected = expected_reply(request, args.expect_server_id, answer_list(args, prl), flags=flags,
                              giaddr=args.expect_giaddr)
    if args.expect_option82:
        # The relay's option 82 as the phone cannot know it: replace ours (none) with it.
        expected = expected[:-1] + tlvs(82, bytes.fromhex(args.expect_option82)) + b"\xff"
    errors += compare_reply(reply.data, expected)
    want_src = args.expect_src or args.expect_server_id
    if reply.src != (want_src, 67):
        errors.append(f"reply came from {reply.src[0]}:{reply.src[1]}, expected {want_src}:67")
    want_dst = args.expect_dst or args.ciaddr
    if reply.dst != want_dst:
        errors.append(f"reply was sent to {reply.dst}, expected {want_dst}")
    for e in errors:
        say("FAIL:", e)
    if errors:
        say("expected:", expected.hex().upper())
        say("got     :", reply.data.hex().upper())
        return 1
    say(f"OK: reply matches byte by byte ({len(expected)} bytes up to END, padded to "
        f"{len(reply.data)}), options {option_codes(reply.data)}")
    return 0


def negative_cases(mac, ciaddr, rng):
    """(name, expected drop counter, bytes) — every one must go unanswered."""
    good = lambda xid, **kw: build_request(xid, mac, ciaddr=ciaddr, **kw)  # noqa: E731
    base = rng.randrange(1, 1 << 28) << 4
    cases = [
        ("DHCPDISCOVER", "not-inform", good(base + 1, msg_type="discover")),
        ("DHCPREQUEST", "not-inform", good(base + 2, msg_type="request")),
        ("other vendor class 'MSFT 5.0'", "other-vendor-class", good(base + 3, vendor_class=b"MSFT 5.0")),
        ("lower-case 'ms-uc-client'", "other-vendor-class", good(base + 4, vendor_class=b"ms-uc-client")),
        ("vendor class with a trailing NUL", "other-vendor-class", good(base + 5, vendor_class=b"MS-UC-Client\x00")),
        ("no vendor class", "no-vendor-class", good(base + 6, vendor_class=None)),
        ("BOOTREPLY", "not-bootrequest", good(base + 7, op=2)),
        ("no option 53 (plain BOOTP)", "no-message-type", good(base + 8, msg_type=None)),
        ("PRL without 120 and 43", "nothing-requested", good(base + 9, prl=(1, 3, 6))),
        ("no PRL", "nothing-requested", good(base + 10, prl=None)),
    ]
    full = good(base + 11)
    end = walk_options(full)[1]
    cases += [
        ("truncated inside the header (100 bytes)", "malformed", full[:100]),
        ("truncated before the magic cookie ends (238 bytes)", "malformed", full[:238]),
        ("truncated inside option 55", "malformed", full[:end - 3]),
        ("bad magic cookie", "malformed", full[:236] + b"\x63\x82\x53\x64" + full[240:]),
        ("option length overruns the message", "malformed", full[:240] + bytes([60, 200]) + b"MS-UC-Client"),
        ("1-byte datagram", "malformed", b"\x01"),
        ("0-byte datagram", "malformed", b""),
        ("300 bytes of garbage", None, bytes(rng.randrange(256) for _ in range(300))),
        ("garbage with a BOOTREQUEST header and cookie", None,
         b"\x01\x01\x06\x00" + bytes(rng.randrange(256) for _ in range(232)) + COOKIE
         + bytes(rng.randrange(256) for _ in range(60))),
    ]
    return cases


def cmd_silent(args):
    """Every unwanted datagram goes unanswered and a good INFORM right after it is answered."""
    mac = parse_mac(args.mac)
    rng = random.Random(args.seed)
    client = Client(args.iface)
    failures = 0
    expected_drops = {}
    good_xids = set()
    cases = negative_cases(mac, args.ciaddr, rng)
    for i, (name, reason, data) in enumerate(cases):
        client.send(data, args.dest)
        strays = client.collect(args.window)
        good_xid = 0x5A000000 + i
        good_xids.add(good_xid.to_bytes(4, "big"))
        good = build_request(good_xid, mac, ciaddr=args.ciaddr)
        client.send(good, args.dest)
        got = client.collect(args.timeout, until=lambda g: any(r.xid() == good[4:8] for r in g))
        answered = [r for r in got if r.xid() == good[4:8]]
        strays += [r for r in got if r.xid() != good[4:8]]
        ok = True
        if strays:
            say(f"FAIL: {name}: got {len(strays)} reply/replies: {strays[0].data.hex().upper()}")
            ok = False
        if len(answered) != 1:
            say(f"FAIL: {name}: the good INFORM after it got {len(answered)} replies, expected 1")
            ok = False
        if ok:
            say(f"ok: {name}: no reply ({args.window} s), the next good INFORM answered")
        failures += not ok
        if reason:
            expected_drops[reason] = expected_drops.get(reason, 0) + 1
    late = [r for r in client.collect(args.window) if r.xid() not in good_xids]
    if late:
        say(f"FAIL: {len(late)} late reply/replies to unwanted datagrams")
        failures += 1
    if args.drops_out:
        with open(args.drops_out, "w") as f:
            json.dump({"cases": len(cases), "good": len(cases), "expected": expected_drops}, f)
    return 1 if failures else 0


def sip_of(data):
    opts, _ = walk_options(data)
    return next((v for c, v in opts if c == 120), None)


def swap_config(src, dst):
    """Replace the daemon's config file atomically (as an admin's editor would, roughly)."""
    tmp = dst + ".new"
    shutil.copyfile(src, tmp)
    os.chmod(tmp, 0o644)
    os.replace(tmp, dst)


def cmd_load(args):
    """A bounded stream of INFORMs; SIGHUP with a good config, then with a bad one."""
    mac = parse_mac(args.mac)
    old = tlvs(120, option120_data(args.old_sip.split(",")))[2:]
    new = tlvs(120, option120_data(args.new_sip.split(",")))[2:]
    template = bytearray(build_request(0, mac, ciaddr=args.ciaddr))
    client = Client(args.iface)
    base = random.Random(args.seed).randrange(1, 1 << 20) << 12
    answers = {}  # index → [sip bytes...]
    stray = 0
    interval = 1.0 / args.rate
    t0 = time.monotonic()
    deadline = t0 + args.count / args.rate + args.max_extra
    good_sent_at = bad_sent_at = None
    first_new = None

    def take(r):
        nonlocal stray, first_new
        idx = int.from_bytes(r.xid(), "big") - base
        if not 0 <= idx < args.count:
            stray += 1
            return
        sip = sip_of(r.data)
        answers.setdefault(idx, []).append(sip)
        if sip == new and first_new is None:
            first_new = idx

    i = 0
    while i < args.count:
        if time.monotonic() > deadline:
            say(f"FAIL: time bound reached after sending {i} of {args.count}")
            return 1
        if i == args.good_at and good_sent_at is None:
            swap_config(args.good_config, args.config)
            os.kill(args.pid, signal.SIGHUP)
            good_sent_at = i
            say(f"sent SIGHUP with the good config before request {i}")
        # The bad reload waits until the good one shows in the answers, so "stays after the bad
        # one" does not depend on timing.
        if i >= args.bad_at and bad_sent_at is None and first_new is not None:
            swap_config(args.bad_config, args.config)
            os.kill(args.pid, signal.SIGHUP)
            bad_sent_at = i
            say(f"sent SIGHUP with the bad config before request {i}")
        struct.pack_into("!I", template, 4, base + i)
        client.send(bytes(template), args.dest)
        i += 1
        next_at = t0 + i * interval
        while True:
            r = client.recv(next_at - time.monotonic())
            if r is None:
                break
            take(r)
    # Drain: every answer should be in within a short, bounded time.
    while len(answers) < args.count and time.monotonic() < deadline:
        r = client.recv(min(0.5, deadline - time.monotonic()))
        if r is not None:
            take(r)
    for r in client.collect(0.3):
        take(r)

    errors = []
    missing = [k for k in range(args.count) if k not in answers]
    dups = [k for k, v in answers.items() if len(v) > 1]
    if missing:
        errors.append(f"{len(missing)} of {args.count} requests got no answer "
                      f"(first: #{missing[0]})")
    if dups:
        errors.append(f"{len(dups)} requests got more than one answer (first: #{dups[0]})")
    if stray:
        errors.append(f"{stray} replies with an unknown xid")
    seq = [answers[k][0] for k in sorted(answers)]
    others = [s for s in seq if s not in (old, new)]
    if others:
        errors.append(f"{len(others)} answers carry neither the old nor the new option 120")
    if good_sent_at is None:
        errors.append("the good reload was never sent")
    if bad_sent_at is None:
        errors.append("the good config never showed in an answer, so the bad reload was not sent")
    if first_new is not None:
        before = [k for k in sorted(answers) if k < first_new and answers[k][0] != old]
        after = [k for k in sorted(answers) if k >= first_new and answers[k][0] != new]
        if first_new < (good_sent_at or 0):
            errors.append(f"new value at #{first_new}, before the reload at #{good_sent_at}")
        if before:
            errors.append(f"{len(before)} answers before the switch were not the old value")
        if after:
            errors.append(f"{len(after)} answers after the switch (from #{first_new}) were not "
                          f"the new value (first: #{after[0]}) — the bad config or a lost "
                          f"reload changed them")
    say(f"{args.count} sent in {time.monotonic() - t0:.1f} s, {len(answers)} answered; good "
        f"reload before #{good_sent_at}, first new answer #{first_new}, bad reload before "
        f"#{bad_sent_at}")
    for e in errors:
        say("FAIL:", e)
    return 1 if errors else 0


def cmd_sniff(args):
    """Capture UDP 67/68 on one interface with scapy until SIGTERM (or --max-seconds)."""
    from scapy.layers.inet import IP, UDP
    from scapy.sendrecv import AsyncSniffer

    stop = {"now": False}

    def on_term(_sig, _frame):
        stop["now"] = True

    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, on_term)

    def ready():
        with open(args.ready, "w") as f:
            f.write("ready\n")

    captured = []
    sniffer = AsyncSniffer(iface=args.iface, store=False, started_callback=ready,
                           prn=captured.append,
                           lfilter=lambda p: UDP in p and (p[UDP].sport in (67, 68)
                                                           or p[UDP].dport in (67, 68)))
    sniffer.start()
    end = time.monotonic() + args.max_seconds
    while not stop["now"] and time.monotonic() < end:
        time.sleep(0.05)
    # Whatever is already on the wire when we are told to stop is still in the socket buffer:
    # give the capture thread a moment to take it before stopping it.
    time.sleep(0.3)
    sniffer.stop()
    out = []
    for p in list(captured):
        out.append({"src": p[IP].src, "dst": p[IP].dst, "sport": p[UDP].sport,
                    "dport": p[UDP].dport, "payload": bytes(p[UDP].payload).hex().upper()})
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
    return 0


def cmd_check_relay(args):
    """From a server-side capture: the relayed request carried option 82, and the ACK to it
    echoes exactly those bytes as its last option (RFC 3046 §2.2)."""
    with open(args.capture) as f:
        packets = json.load(f)
    xid = bytes.fromhex(f"{args.xid:08x}") if args.xid is not None else None
    reqs = [p for p in packets if p["dport"] == 67 and p["sport"] == 67
            and bytes.fromhex(p["payload"])[0] == 1
            and (xid is None or bytes.fromhex(p["payload"])[4:8] == xid)]
    acks = [p for p in packets if p["sport"] == 67 and bytes.fromhex(p["payload"])[0] == 2
            and (xid is None or bytes.fromhex(p["payload"])[4:8] == xid)]
    if len(reqs) != 1 or len(acks) != 1:
        say(f"FAIL: expected 1 relayed request and 1 reply for the xid, captured "
            f"{len(reqs)} and {len(acks)} ({len(packets)} DHCP datagrams in all)")
        return 1
    req, ack = bytes.fromhex(reqs[0]["payload"]), bytes.fromhex(acks[0]["payload"])
    ropts, _ = walk_options(req)
    aopts, _ = walk_options(ack)
    r82 = [v for c, v in ropts if c == 82]
    errors = []
    say(f"relayed request {reqs[0]['src']}:{reqs[0]['sport']} -> {reqs[0]['dst']}: giaddr "
        f"{socket.inet_ntoa(req[24:28])}, options {[c for c, _ in ropts]}")
    say(f"reply {acks[0]['src']}:{acks[0]['sport']} -> {acks[0]['dst']}:{acks[0]['dport']}, "
        f"options {[c for c, _ in aopts]}")
    if not r82:
        errors.append("the relay added no option 82 (dhcrelay -a)")
    elif not aopts or aopts[-1][0] != 82:
        errors.append(f"option 82 is not the last option of the reply: {[c for c, _ in aopts]}")
    elif aopts[-1][1] != r82[0]:
        errors.append(f"option 82 differs: request {r82[0].hex().upper()}, reply "
                      f"{aopts[-1][1].hex().upper()}")
    else:
        say(f"option 82 echoed unchanged as the last option: {r82[0].hex().upper()}")
    if args.expect_option82 and r82 and r82[0] != bytes.fromhex(args.expect_option82):
        errors.append(f"the relay's option 82 is {r82[0].hex().upper()}, expected "
                      f"{args.expect_option82}")
    if socket.inet_ntoa(req[24:28]) != args.expect_giaddr:
        errors.append(f"giaddr {socket.inet_ntoa(req[24:28])}, expected {args.expect_giaddr}")
    want = (args.expect_reply_dst, args.expect_reply_port)
    if (acks[0]["dst"], acks[0]["dport"]) != want:
        errors.append(f"reply sent to {acks[0]['dst']}:{acks[0]['dport']}, expected "
                      f"{want[0]}:{want[1]}")
    for e in errors:
        say("FAIL:", e)
    return 1 if errors else 0


def cmd_nmap_output(args):
    """Our NSE probe prints nmap's own parse of the reply and its raw hex; check both."""
    text = open(args.output, encoding="utf-8", errors="replace").read()
    errors = []
    raw = None
    request = None
    for line in text.splitlines():
        line = line.strip("|_ \t")
        if line.startswith("reply-hex:"):
            raw = bytes.fromhex(line.split(":", 1)[1].strip())
        if line.startswith("request-hex:"):
            request = bytes.fromhex(line.split(":", 1)[1].strip())
    if f"Server Identifier: {args.expect_server_id}" not in text:
        errors.append(f"nmap shows no 'Server Identifier: {args.expect_server_id}'")
    if "DHCP Message Type: DHCPACK" not in text:
        errors.append("nmap shows no 'DHCP Message Type: DHCPACK'")
    if "Vendor Specific Information:" not in text:
        errors.append("nmap shows no option 43 ('Vendor Specific Information')")
    if raw is None or request is None:
        errors.append("the probe printed no raw request/reply")
    else:
        opts = profile_options(vector=args.expect_vector)
        answer = [(c, opts[c]) for c in parse_codes(args.prl) if c in opts]
        errors += compare_reply(raw, expected_reply(request, args.expect_server_id, answer))
    for e in errors:
        say("FAIL:", e)
    if not errors:
        say("OK: nmap parsed a DHCPACK with server identifier, option 43, and the raw reply "
            "matches byte by byte")
    return 1 if errors else 0


def main(argv=None):
    p = argparse.ArgumentParser(prog="dhcpprobe", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)

    def client_args(sp):
        sp.add_argument("--iface", required=True)
        sp.add_argument("--ciaddr", default="0.0.0.0")
        sp.add_argument("--dest", default="255.255.255.255")
        sp.add_argument("--mac", default="00:15:5d:c0:ff:ee")
        sp.add_argument("--timeout", type=float, default=3.0)

    sp = sub.add_parser("inform")
    client_args(sp)
    sp.add_argument("--giaddr", default="0.0.0.0")
    sp.add_argument("--xid", type=lambda s: int(s, 0))
    sp.add_argument("--prl", default="120,43")
    sp.add_argument("--vendor-class", default="MS-UC-Client")
    sp.add_argument("--hostname", default="CX600-integ", help="option 12")
    sp.add_argument("--dhcputil-style", action="store_true")
    sp.add_argument("--request-option82")
    sp.add_argument("--l2-src-ip", help="send as a raw frame with this IP source (e.g. 0.0.0.0)")
    sp.add_argument("--dup-window", type=float, default=0.3)
    sp.add_argument("--expect-server-id")
    sp.add_argument("--expect-src")
    sp.add_argument("--expect-dst")
    sp.add_argument("--expect-flags")
    sp.add_argument("--expect-giaddr", help="giaddr in the reply (set by a relay on the way)")
    sp.add_argument("--expect-vector")
    sp.add_argument("--expect-sip")
    sp.add_argument("--expect-web")
    sp.add_argument("--expect-port", type=int, default=443)
    sp.add_argument("--expect-scheme", default="https")
    sp.add_argument("--expect-path", default=DEFAULT_PATH)
    sp.add_argument("--expect-option", action="append", help="CODE=HEX, another expected option")
    sp.add_argument("--expect-option82")
    sp.add_argument("--no-check", action="store_true")
    sp.add_argument("--print-hex", action="store_true")
    sp.add_argument("--hex-out")
    sp.add_argument("--request-hex-out")

    sp = sub.add_parser("silent")
    client_args(sp)
    sp.add_argument("--window", type=float, default=0.25)
    sp.add_argument("--seed", type=int, default=3)
    sp.add_argument("--drops-out")

    sp = sub.add_parser("load")
    client_args(sp)
    sp.add_argument("--count", type=int, default=2000)
    sp.add_argument("--rate", type=float, default=200.0)
    sp.add_argument("--max-extra", type=float, default=20.0,
                    help="seconds allowed beyond count/rate before giving up")
    sp.add_argument("--pid", type=int, required=True)
    sp.add_argument("--config", required=True)
    sp.add_argument("--good-config", required=True)
    sp.add_argument("--bad-config", required=True)
    sp.add_argument("--good-at", type=int, default=600)
    sp.add_argument("--bad-at", type=int, default=1300)
    sp.add_argument("--old-sip", required=True)
    sp.add_argument("--new-sip", required=True)
    sp.add_argument("--seed", type=int, default=5)

    pk.add_capture_arguments(sub.add_parser("sniff"), max_seconds=60.0)

    sp = sub.add_parser("check-relay")
    sp.add_argument("--capture", required=True)
    sp.add_argument("--xid", type=lambda s: int(s, 0))
    sp.add_argument("--expect-giaddr", required=True)
    sp.add_argument("--expect-option82")
    sp.add_argument("--expect-reply-dst", required=True)
    sp.add_argument("--expect-reply-port", type=int, required=True)

    sp = sub.add_parser("nmap-output")
    sp.add_argument("--output", required=True)
    sp.add_argument("--expect-server-id", required=True)
    sp.add_argument("--expect-vector", required=True)
    sp.add_argument("--prl", default="120,43")

    args = p.parse_args(argv)
    return {"inform": cmd_inform, "silent": cmd_silent, "load": cmd_load, "sniff": cmd_sniff,
            "check-relay": cmd_check_relay, "nmap-output": cmd_nmap_output}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
