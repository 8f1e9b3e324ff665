#!/usr/bin/python3
"""The hostile side of tests/hostile: sends the corpus and floods to a running dhcplite from a
network namespace, and counts what comes back. Standard library only (packets come from
make_corpus.py's builders); every loop is bounded in count and time.

    corpus  each corpus packet, then a good INFORM from a new phone; no reply where none is due
    flood   N INFORMs from one MAC over S seconds (ciaddrs rotating); counts the answers
    spoof   N INFORMs from N random MACs aimed at one victim ciaddr (answers go to the victim)
    forged  one INFORM per SOURCE/CIADDR pair, each from a forged IP source address (raw socket)
    sniff   AF_PACKET capture on the victim's interface: DHCP replies (UDP 67 → 68) reaching it
    phone   a well-behaved phone: a few INFORMs, each must be answered
    diff    counter lines before/after → JSON of the differences
"""
import argparse
import json
import os
import random
import re
import select
import signal
import socket
import struct
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import dhcp_test_packets as pk  # noqa: E402  (the socket, the option walk)
from dhcp_test_packets import xid_of  # noqa: E402
import make_corpus as mc  # noqa: E402  (the corpus's packet builders)

ETH_P_IP = 0x0800
PACKET_OUTGOING = 4
GOOD_XID_BASE = 0x600D0000


def say(*parts):
    print("hostile_client:", *parts, file=sys.stderr, flush=True)


def udp_socket(iface, port):
    # A send buffer as big as the receive one: floods go out in bursts.
    return pk.client_socket(iface, port, sndbuf=4 << 20)


def is_ack(data):
    """op BOOTREPLY, the cookie, and option 53 = DHCPACK first (how the daemon writes it)."""
    return (len(data) >= 243 and data[0] == 2 and data[236:240] == pk.COOKIE
            and data[240:243] == bytes([53, 1, 5]))


def option_codes(data):
    """The codes of the options before END; a reply whose options cannot be walked is a
    problem of its own (ValueError)."""
    options, _ = pk.walk_options(data)
    return [c for c, _ in options]


def collect(socks, seconds, until=None):
    """[(port, data)] received within `seconds`; stops early once until(list) is true."""
    def receive(timeout):
        got = []
        for s in pk.readable(socks, timeout):
            try:
                data = s.recv(65535, socket.MSG_DONTWAIT)
            except BlockingIOError:
                continue
            if data[:1] == b"\x01" and socks[s] == 67:
                continue  # our own broadcast INFORM, looped back to our port-67 socket
            got.append((socks[s], data))
        return got
    return pk.collect(receive, seconds, until)


def mac_bytes(n, prefix=0x02005E60):
    return struct.pack("!IH", prefix, n & 0xFFFF)


def good_inform(xid, mac, ciaddr):
    return mc.message(xid, options=mc.phone_options(mac=mac), ciaddr=ciaddr, mac=mac)


def read_table(path):
    rows = []
    with open(path) as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            name, verdict, flags, what = line.rstrip("\n").split("\t")
            rows.append({"name": name, "verdict": verdict,
                         "flags": [] if flags == "-" else flags.split(","), "what": what})
    return rows


# ---- corpus --------------------------------------------------------------------------------


def cmd_corpus(args):
    s68 = udp_socket(args.iface, 68)
    s67 = udp_socket(args.iface, 67)  # a stray reply to a relay address would come here
    socks = {s68: 68, s67: 67}
    rows = read_table(args.table)
    failures = []
    expected, flags = {}, {}
    answered_good = 0
    for i, row in enumerate(rows):
        name = row["name"]
        with open(os.path.join(args.corpus_dir, name + ".bin"), "rb") as f:
            data = f.read()
        xid = xid_of(data) if name not in ("zero_length", "one_byte") else None
        wants_reply = row["verdict"] == "reply"
        s68.sendto(data, (args.server, 67))
        mine = lambda got: any(xid_of(d) == xid for _, d in got)  # noqa: E731
        got = collect(socks, args.timeout if wants_reply else args.window, until=mine if wants_reply else None)
        if wants_reply:
            got += collect(socks, args.window)  # a duplicate would show now
        answers = [d for p, d in got if wants_reply and p == 68 and xid_of(d) == xid]
        strays = [(p, d) for p, d in got if not (wants_reply and p == 68 and xid_of(d) == xid)]

        # A good INFORM from a phone never seen before: the daemon is alive and has moved on.
        gxid = GOOD_XID_BASE + i
        good = good_inform(gxid, mac_bytes(i), args.good_ciaddr)
        s68.sendto(good, ("255.255.255.255", 67))
        got = collect(socks, args.timeout, until=lambda g: any(xid_of(d) == gxid for _, d in g))
        good_answers = [d for p, d in got if p == 68 and xid_of(d) == gxid]
        strays += [(p, d) for p, d in got if xid_of(d) != gxid]

        problems = []
        if wants_reply:
            if len(answers) != 1:
                problems.append(f"{len(answers)} replies, expected exactly 1")
            elif not is_ack(answers[0]):
                problems.append(f"the reply is not a DHCPACK: {answers[0][:16].hex()}")
            elif "relay-info-dropped" in row["flags"]:
                try:
                    if 82 in option_codes(answers[0]):
                        problems.append("the reply carries an option 82 that cannot have fitted")
                except ValueError as e:
                    problems.append(f"the reply's options cannot be read: {e}")
        for port, d in strays:
            problems.append(f"unexpected datagram to port {port} ({len(d)} bytes, xid "
                            f"{xid_of(d) if xid_of(d) is not None else '-'}): {d[:12].hex()}")
        if len(good_answers) != 1 or not is_ack(good_answers[0]):
            problems.append(f"the good INFORM after it got {len(good_answers)} replies, expected 1 ACK")
        else:
            answered_good += 1
        expected[row["verdict"]] = expected.get(row["verdict"], 0) + 1
        for flag in row["flags"]:
            flags[flag] = flags.get(flag, 0) + 1
        if problems:
            failures += [f"{name}: {p}" for p in problems]
            say(f"FAIL: {name} ({row['what']}): " + "; ".join(problems))
        else:
            outcome = "answered" if wants_reply else f"no reply within {args.window} s"
            say(f"ok: {name}: {row['verdict']}, {outcome}; the next good INFORM answered")
    late = collect(socks, args.window)
    if late:
        failures.append(f"{len(late)} late datagram(s) after the last packet")
    result = {"cases": len(rows), "good": len(rows), "good_answered": answered_good,
              "expected": expected, "flags": flags, "failures": failures}
    with open(args.out, "w") as f:
        json.dump(result, f)
    say(f"{len(rows)} corpus packets, {answered_good} good INFORMs answered, {len(failures)} failures")
    return 1 if failures else 0


# ---- floods --------------------------------------------------------------------------------


def parse_addresses(text):
    """'192.0.2.2-41' or 'a,b,c'."""
    if "-" in text:
        base, last = text.rsplit("-", 1)
        prefix, first = base.rsplit(".", 1)
        return [f"{prefix}.{n}" for n in range(int(first), int(last) + 1)]
    return text.split(",")


def paced(count, seconds, send, idle):
    """Calls send(k) for k in range(count), evenly over `seconds`; idle(timeout) between."""
    t0 = time.monotonic()
    for k in range(count):
        due = t0 + k * seconds / count
        while True:
            left = due - time.monotonic()
            if left <= 0:
                break
            idle(left)
        send(k)
    return time.monotonic() - t0


def cmd_flood(args):
    s68 = udp_socket(args.iface, 68)
    mac = pk.parse_mac(args.mac)
    ciaddrs = parse_addresses(args.ciaddrs)
    templates = [bytearray(good_inform(0, mac, a)) for a in ciaddrs]
    answers = {}

    def drain(timeout):
        for _, d in collect({s68: 68}, timeout):
            x = xid_of(d)
            if is_ack(d) and x is not None:
                answers[x] = answers.get(x, 0) + 1

    def send(k):
        packet = templates[k % len(templates)]
        struct.pack_into("!I", packet, 4, args.xid_base + k)
        s68.sendto(packet, (args.server, 67))

    elapsed = paced(args.count, args.seconds, send, drain)
    drain(args.grace)
    mine = {x: n for x, n in answers.items() if args.xid_base <= x < args.xid_base + args.count}
    result = {"sent": args.count, "elapsed": elapsed, "answered": len(mine),
              "duplicates": sum(n - 1 for n in mine.values()), "first": sorted(mine)[:20]}
    with open(args.out, "w") as f:
        json.dump(result, f)
    say(f"flood: {args.count} INFORMs from {args.mac} in {elapsed:.2f} s, {len(mine)} answered")
    return 0


def cmd_spoof(args):
    s68 = udp_socket(args.iface, 68)
    rng = random.Random(args.seed)
    template = bytearray(good_inform(0, bytes(6), args.victim))
    seen = set()

    def send(k):
        while True:  # distinct, locally administered unicast MACs (first byte x2)
            mac = bytes([0x02]) + rng.randbytes(5)
            if mac not in seen:
                seen.add(mac)
                break
        struct.pack_into("!I", template, 4, args.xid_base + k)
        template[28:34] = mac
        s68.sendto(template, (args.server, 67))

    elapsed = paced(args.count, args.seconds, send, time.sleep)
    with open(args.out, "w") as f:
        json.dump({"sent": args.count, "elapsed": elapsed, "macs": len(seen)}, f)
    say(f"spoof: {args.count} INFORMs from {len(seen)} MACs aimed at {args.victim} in {elapsed:.2f} s")
    return 0


def cmd_forged(args):
    """One INFORM per pair, sent through a raw socket so the IP source can be anything: the
    kernel fills in the IP checksum and length (raw(7)); the UDP checksum is 0, "none" for
    IPv4 (RFC 768)."""
    raw = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_RAW)
    raw.setsockopt(socket.SOL_SOCKET, pk.SO_BINDTODEVICE, args.iface.encode())
    sent = []
    for k, pair in enumerate(args.pairs):
        source, ciaddr = pair.split("/")
        xid = args.xid_base + k
        payload = good_inform(xid, bytes([0x02, 0x00, 0x5E, 0xED, 0x00, k & 0xFF]), ciaddr)
        udp = struct.pack("!HHHH", 68, 67, 8 + len(payload), 0) + payload
        ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), k, 0, 64, socket.IPPROTO_UDP, 0,
                         socket.inet_aton(source), socket.inet_aton(args.server))
        raw.sendto(ip + udp, (args.server, 0))
        sent.append({"source": source, "ciaddr": ciaddr, "xid": xid})
        time.sleep(0.05)
    with open(args.out, "w") as f:
        json.dump({"sent": sent}, f)
    say(f"forged: {len(sent)} INFORMs to {args.server}")
    return 0


def cmd_sniff(args):
    """Counts IPv4/UDP datagrams 67 → 68 arriving on the interface (not sent from it)."""
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IP))
    s.bind((args.iface, 0))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
    stop = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(1))
    xids = {}
    with open(args.ready, "w") as f:
        f.write("ready\n")
    deadline = time.monotonic() + args.max_seconds
    while not stop and time.monotonic() < deadline:
        try:
            ready, _, _ = select.select([s], [], [], 0.1)
        except InterruptedError:
            continue
        if not ready:
            continue
        frame, addr = s.recvfrom(65535)
        if addr[2] == PACKET_OUTGOING or len(frame) < 14 + 20 + 8:
            continue
        ipv4 = frame[14:]
        ihl = (ipv4[0] & 0x0F) * 4
        if ipv4[0] >> 4 != 4 or ipv4[9] != socket.IPPROTO_UDP or len(ipv4) < ihl + 8:
            continue
        sport, dport = struct.unpack("!HH", ipv4[ihl:ihl + 4])
        if (sport, dport) != (67, 68):
            continue
        x = xid_of(ipv4[ihl + 8:])
        xids[x] = xids.get(x, 0) + 1
    with open(args.out, "w") as f:
        json.dump({"replies": sum(xids.values()), "xids": len(xids)}, f)
    return 0


def cmd_phone(args):
    s68 = udp_socket(args.iface, 68)
    mac = pk.parse_mac(args.mac)
    answered, missed = 0, []
    for k in range(args.count):
        xid = args.xid_base + k
        s68.sendto(good_inform(xid, mac, args.ciaddr), ("255.255.255.255", 67))
        got = collect({s68: 68}, args.timeout, until=lambda g: any(xid_of(d) == xid for _, d in g))
        if any(xid_of(d) == xid and is_ack(d) for _, d in got):
            answered += 1
        else:
            missed.append(k)
        time.sleep(args.interval)
    with open(args.out, "w") as f:
        json.dump({"sent": args.count, "answered": answered, "missed": missed}, f)
    say(f"phone {args.mac}: {answered} of {args.count} INFORMs answered")
    return 0 if answered == args.count else 1


def counters(line):
    return {k: int(v) for k, v in re.findall(r"([a-z][a-z-]*)=(\d+)", line)}


def cmd_diff(args):
    before = counters(open(args.before).read())
    after = counters(open(args.after).read())
    print(json.dumps({k: after[k] - before.get(k, 0) for k in after}))
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("corpus")
    p.add_argument("--iface", required=True)
    p.add_argument("--server", required=True)
    p.add_argument("--corpus-dir", required=True)
    p.add_argument("--table", required=True)
    p.add_argument("--good-ciaddr", required=True)
    p.add_argument("--window", type=float, default=0.25, help="how long to wait for a reply that must not come")
    p.add_argument("--timeout", type=float, default=3.0, help="how long to wait for a reply that must come")
    p.add_argument("--out", required=True)
    p = sub.add_parser("flood")
    p.add_argument("--iface", required=True)
    p.add_argument("--server", default="255.255.255.255")
    p.add_argument("--mac", required=True)
    p.add_argument("--ciaddrs", required=True)
    p.add_argument("--count", type=int, default=5000)
    p.add_argument("--seconds", type=float, default=5.0)
    p.add_argument("--grace", type=float, default=1.5)
    p.add_argument("--xid-base", type=lambda t: int(t, 0), default=0x71000000)
    p.add_argument("--out", required=True)
    p = sub.add_parser("spoof")
    p.add_argument("--iface", required=True)
    p.add_argument("--server", default="255.255.255.255")
    p.add_argument("--victim", required=True)
    p.add_argument("--count", type=int, default=2000)
    p.add_argument("--seconds", type=float, default=2.0)
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--xid-base", type=lambda t: int(t, 0), default=0x72000000)
    p.add_argument("--out", required=True)
    p = sub.add_parser("forged")
    p.add_argument("--iface", required=True)
    p.add_argument("--server", required=True)
    p.add_argument("--xid-base", type=lambda t: int(t, 0), default=0x74000000)
    p.add_argument("--out", required=True)
    p.add_argument("pairs", nargs="+", metavar="SOURCE/CIADDR")
    pk.add_capture_arguments(sub.add_parser("sniff"), max_seconds=120)
    p = sub.add_parser("phone")
    p.add_argument("--iface", required=True)
    p.add_argument("--mac", required=True)
    p.add_argument("--ciaddr", required=True)
    p.add_argument("--count", type=int, default=4)
    p.add_argument("--interval", type=float, default=0.5)
    p.add_argument("--timeout", type=float, default=3.0)
    p.add_argument("--xid-base", type=lambda t: int(t, 0), default=0x73000000)
    p.add_argument("--out", required=True)
    p = sub.add_parser("diff")
    p.add_argument("before")
    p.add_argument("after")
    args = ap.parse_args()
    return {"corpus": cmd_corpus, "flood": cmd_flood, "spoof": cmd_spoof, "forged": cmd_forged, "sniff": cmd_sniff,
            "phone": cmd_phone, "diff": cmd_diff}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
