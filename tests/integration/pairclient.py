#!/usr/bin/python3
"""Phones for the redundant-pair test (redundant_pair.sh): many phones behind one relay, two
dhcplite servers answering each of them.

Standard library only, nothing from the C++ code under test. Each phone is an address of the
phone's interface and a MAC of its own; it sends one MS-UC-Client DHCPINFORM per turn (RFC 2131
§3.4: ciaddr set, from that address, broadcast, so the relay hears it), and the ACKs come back
unicast to ciaddr:68. Every request has its own xid, so each answer is matched to exactly one
request and one server (option 54).

Subcommand (exit 0 when every check passes, 1 when one fails, 2 on bad usage):
  stream  --count INFORMs at --rate from --phones phones, round robin; optionally SIGKILL
          --kill-pid before request --kill-at. Checks, per request: each live server answered
          exactly once, to the phone's own address, with the vector's option 120 and 43 bytes,
          and the two servers' answers are the same bytes but for option 54. With a kill: the
          survivor answered every request, the victim some before the kill and none sent after
          it was seen dead. A JSON summary goes to stdout.
"""

import argparse
import ipaddress
import json
import os
import random
import signal
import socket
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import dhcp_test_packets as pk  # noqa: E402  (header, options, the phone's socket)
from dhcp_test_packets import tlv  # noqa: E402

VENDOR = b"MS-UC-Client"
INFORM, ACK = 8, 5  # RFC 2132 §9.6


def say(*parts):
    print("pairclient:", *parts, file=sys.stderr, flush=True)


def vector(name):
    """Option 120 and 43 of one [section] of tests/data/ms-uc-client.txt (the project's vectors,
    written from DHCPUtil's output, not from our encoder)."""
    src = os.environ.get("DHCPLITE_SOURCE_DIR", os.path.join(HERE, "..", ".."))
    sections, current = {}, None
    with open(os.path.join(src, "tests", "data", "ms-uc-client.txt"), encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line.startswith("[") and line.endswith("]"):
                current = sections.setdefault(line[1:-1], {})
            elif line and not line.startswith("#") and current is not None:
                key, _, value = line.partition("=")
                current[key.strip()] = value.strip()
    v = sections[name]
    return bytes.fromhex(v["option120"]), bytes.fromhex(v["option43"])


class Phone:
    """One phone: its address (ciaddr and IP source) and its MAC (chaddr, client id)."""

    def __init__(self, index, address):
        self.address = address
        self.mac = bytes([0x02, 0x00, 0x5E, 0x10, index >> 8, index & 0xFF])

    def inform(self, xid):
        options = (tlv(53, [INFORM]) + tlv(61, b"\x01" + self.mac) + tlv(60, VENDOR)
                   + tlv(55, [120, 43]) + b"\xff")
        data = pk.header(xid, ciaddr=self.address, chaddr=self.mac) + pk.COOKIE + options
        return data + bytes(max(0, pk.BOOTP_MIN_SIZE - len(data)))


def options_of(data):
    """{code: value} (RFC 3396 instances joined) and the offset of option 54's value, or None
    for a reply that is no whole DHCP message."""
    if len(data) < pk.OPTIONS_AT or data[236:240] != pk.COOKIE:
        return None
    try:
        found, end = pk.walk_options(data)
    except ValueError:
        return None
    if end is None:
        return None
    out = {}
    for code, value in found:
        out[code] = out.get(code, b"") + value
    return out


def without_server_id(data):
    """The reply with option 54's value zeroed: the one field two servers may differ in."""
    out = bytearray(data)
    i = pk.OPTIONS_AT
    while i + 1 < len(out) and out[i] != 255:
        if out[i] == 0:
            i += 1
            continue
        if out[i] == 54:
            out[i + 2:i + 2 + out[i + 1]] = bytes(out[i + 1])
        i += 2 + out[i + 1]
    return bytes(out)


class Socket:
    """The phones' one UDP socket on port 68 of the interface; each send names its source
    address (IP_PKTINFO), each receive tells the address the answer was sent to."""

    def __init__(self, iface):
        self.sock = pk.client_socket(iface, pktinfo=True)

    def send(self, data, source):
        info = struct.pack("=I4s4s", 0, socket.inet_aton(source), bytes(4))
        self.sock.sendmsg([data], [(socket.IPPROTO_IP, pk.IP_PKTINFO, info)],
                          0, ("255.255.255.255", 67))

    def recv(self, timeout):
        if not pk.readable([self.sock], timeout):
            return None
        data, anc, _flags, _src = self.sock.recvmsg(2048, socket.CMSG_SPACE(12))
        dst = None
        for level, kind, value in anc:
            if level == socket.IPPROTO_IP and kind == pk.IP_PKTINFO and len(value) >= 12:
                dst = socket.inet_ntoa(value[8:12])
        return data, dst


def dead(pid):
    """The process has exited (a zombie has closed its sockets) or is gone (reaped: its /proc
    entry vanishes, or reading it fails with ESRCH)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as f:
            return f.read().rsplit(")", 1)[1].split()[0] == "Z"
    except (FileNotFoundError, ProcessLookupError):
        return True


class Stream:
    def __init__(self, args):
        self.args = args
        first = ipaddress.IPv4Address(args.first_phone)
        self.phones = [Phone(k, str(first + k)) for k in range(args.phones)]
        self.want120, self.want43 = vector(args.vector)
        self.sock = Socket(args.iface)
        self.base = random.Random(args.seed).randrange(1, 1 << 20) << 12
        self.answers = {}  # request index → [(server id, reply bytes, destination)]
        self.errors = []
        self.stray = 0
        self.killed_before = None  # the kill went out before this request
        self.dead_before = None  # the victim was seen dead before this request

    def phone(self, i):
        return self.phones[i % len(self.phones)]

    def take(self, got):
        data, dst = got
        idx = (pk.xid_of(data) or 0) - self.base
        opts = options_of(data)
        if not 0 <= idx < self.args.count or opts is None:
            self.stray += 1
            return
        sid = socket.inet_ntoa(opts[54]) if len(opts.get(54, b"")) == 4 else "?"
        self.answers.setdefault(idx, []).append((sid, data, dst))

    def kill_if_due(self, i):
        a = self.args
        if a.kill_pid and i == a.kill_at:
            os.kill(a.kill_pid, signal.SIGKILL)
            self.killed_before = i
            say(f"SIGKILL to pid {a.kill_pid} before request {i}")
        if self.killed_before is not None and self.dead_before is None and dead(a.kill_pid):
            self.dead_before = i

    def run(self):
        a = self.args
        t0 = time.monotonic()
        deadline = t0 + a.count / a.rate + a.max_extra
        for i in range(a.count):
            if time.monotonic() > deadline:
                self.errors.append(f"time bound reached after sending {i} of {a.count}")
                return
            self.kill_if_due(i)
            p = self.phone(i)
            self.sock.send(p.inform(self.base + i), p.address)
            next_at = t0 + (i + 1) / a.rate
            while (got := self.sock.recv(next_at - time.monotonic())) is not None:
                self.take(got)
        if self.killed_before is not None and self.dead_before is None:
            self.dead_before = a.count if dead(a.kill_pid) else None
        self.drain(deadline)

    def drain(self, deadline):
        """Until every request has an answer from each server still running (bounded), then a
        short wait for duplicates."""
        live = set(self.args.servers) - ({self.args.victim} if self.killed_before is not None else set())
        def complete():
            return all(live <= {s for s, _, _ in self.answers.get(i, [])} for i in range(self.args.count))
        while not complete() and time.monotonic() < deadline:
            got = self.sock.recv(min(0.5, deadline - time.monotonic()))
            if got is not None:
                self.take(got)
        end = time.monotonic() + 0.3
        while (got := self.sock.recv(end - time.monotonic())) is not None:
            self.take(got)

    def check_reply(self, i, sid, data, dst):
        p = self.phone(i)
        opts = options_of(data)
        where = f"request #{i} (phone {p.address}), answer from {sid}"
        if opts.get(53) != bytes([ACK]):
            self.errors.append(f"{where}: not a DHCPACK")
        elif data[28:34] != p.mac or data[12:16] != socket.inet_aton(p.address):
            self.errors.append(f"{where}: chaddr/ciaddr are not the phone's")
        elif dst != p.address:
            self.errors.append(f"{where}: sent to {dst}, not to the phone's address")
        elif opts.get(120) != self.want120 or opts.get(43) != self.want43:
            self.errors.append(f"{where}: option 120 {opts.get(120, b'').hex()} / 43 "
                               f"{opts.get(43, b'').hex()} are not the vector's")

    def check(self):
        a = self.args
        per_server = {s: 0 for s in a.servers}
        for i in range(a.count):
            got = self.answers.get(i, [])
            if not got:
                self.errors.append(f"request #{i} (phone {self.phone(i).address}) got no answer")
                continue
            for sid, data, dst in got:
                if sid not in per_server:
                    self.errors.append(f"request #{i}: an answer from unknown server {sid}")
                    continue
                per_server[sid] += 1
                self.check_reply(i, sid, data, dst)
            self.check_servers(i, got)
        self.check_kill(per_server)
        if self.stray:
            self.errors.append(f"{self.stray} replies matched no request or were no DHCP message")
        return per_server

    def expected_servers(self, i):
        a = self.args
        if self.killed_before is None:
            return set(a.servers), set()
        survivors = set(a.servers) - {a.victim}
        if self.dead_before is not None and i >= self.dead_before:
            return survivors, set()
        return survivors, {a.victim}  # in flight at the kill: the victim may or may not answer

    def check_servers(self, i, got):
        sids = [s for s, _, _ in got]
        must, may = self.expected_servers(i)
        dups = {s for s in sids if sids.count(s) > 1}
        if dups:
            self.errors.append(f"request #{i}: more than one answer from {sorted(dups)}")
        if not must <= set(sids) or not set(sids) <= must | may:
            self.errors.append(f"request #{i}: answered by {sorted(set(sids))}, expected "
                               f"{sorted(must)}" + (f" (and maybe {sorted(may)})" if may else ""))
        masked = {without_server_id(data) for _, data, _ in got}
        if len(masked) > 1:
            self.errors.append(f"request #{i}: the servers' answers differ in more than option 54")

    def check_kill(self, per_server):
        a = self.args
        if not a.kill_pid:
            return
        if self.killed_before is None:
            self.errors.append("the kill was never sent")
        elif self.dead_before is None:
            self.errors.append(f"pid {a.kill_pid} was not seen dead by the end of the stream")
        elif not any(a.victim in {s for s, _, _ in self.answers.get(i, [])}
                     for i in range(self.killed_before)):
            self.errors.append(f"{a.victim} answered nothing before the kill: not a mid-run kill")

    def summary(self, per_server):
        answered = sum(1 for i in range(self.args.count) if self.answers.get(i))
        return {"sent": self.args.count, "answered": answered, "perServer": per_server,
                "killedBefore": self.killed_before, "deadBefore": self.dead_before,
                "bothAnswered": sum(1 for i in range(self.args.count)
                                    if len({s for s, _, _ in self.answers.get(i, [])}) >= 2),
                "errors": self.errors}


def cmd_stream(args):
    if args.kill_pid and not args.victim:
        say("--kill-pid needs --victim (the killed server's option 54)")
        return 2
    s = Stream(args)
    s.run()
    per_server = s.check()
    summary = s.summary(per_server)
    print(json.dumps(summary))
    say(f"{summary['sent']} sent, {summary['answered']} answered, per server {per_server}, "
        f"by both {summary['bothAnswered']}; kill before #{s.killed_before}, seen dead before "
        f"#{s.dead_before}")
    for e in s.errors[:20]:
        say("FAIL:", e)
    if len(s.errors) > 20:
        say(f"... and {len(s.errors) - 20} more")
    return 1 if s.errors else 0


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    sp = sub.add_parser("stream")
    sp.add_argument("--iface", required=True)
    sp.add_argument("--first-phone", required=True, help="the first phone's address")
    sp.add_argument("--phones", type=int, required=True)
    sp.add_argument("--count", type=int, required=True)
    sp.add_argument("--rate", type=float, default=200.0)
    sp.add_argument("--max-extra", type=float, default=20.0, help="seconds beyond count/rate")
    sp.add_argument("--servers", type=lambda s: s.split(","), required=True)
    sp.add_argument("--vector", required=True, help="section of tests/data/ms-uc-client.txt")
    sp.add_argument("--kill-pid", type=int)
    sp.add_argument("--kill-at", type=int, default=0)
    sp.add_argument("--victim", help="option 54 of the killed server")
    sp.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    if args.count < 1 or args.phones < 1 or args.rate <= 0:
        ap.error("--count, --phones and --rate must be positive")
    return cmd_stream(args)


if __name__ == "__main__":
    sys.exit(main())
