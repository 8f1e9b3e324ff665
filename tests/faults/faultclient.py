#!/usr/bin/python3
"""A steady-stream DHCPINFORM client for the fault, reload and soak tests (tests/faults).

Plain UDP, no scapy: a socket bound to port 68 on one interface (SO_BINDTODEVICE) sends MS-UC-Client
INFORMs (RFC 2131 §3.4: ciaddr set, so the ACK comes back unicast to ciaddr:68) and reads the ACKs.
Every request has its own xid (a random base plus a sequence number), so each answer is matched
to exactly one request; duplicates and strays are counted, never silently merged.

Subcommands (exit 0 when the checks pass, 1 when one fails, 2 on bad usage):
  once     one INFORM (retried with new xids up to --tries times): option 54 and 120 as expected
  stream   INFORMs at a fixed rate until --duration/--count is reached, --stop-file appears or
           SIGTERM; then a JSON summary (sent, answered, lost, per server id / SIP server, and
           the order in which server ids were seen); --require-all makes a loss a failure
  reloads  the SIGHUP test: a stream in the background, and --count reloads alternating a good
           config (a new SIP server each time) and a bad one; each reload waits for its log line;
           then every request answered once, never with a bad config's value, never older than
           the last good config logged before it was sent
"""

import argparse
import json
import os
import random
import signal
import socket
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
import dhcp_test_packets as pk  # noqa: E402  (header, options, the phone's socket)
from dhcp_test_packets import tlv  # noqa: E402

VENDOR = b"MS-UC-Client"
INFORM = 8  # RFC 2132 §9.6


def build_inform(xid, ciaddr, mac):
    # RFC 2131 §2 fixed fields; options 53=INFORM, 61 client id (type 1 + MAC), 60, 55=[120,43].
    options = (tlv(53, [INFORM]) + tlv(61, b"\x01" + mac) + tlv(60, VENDOR) + tlv(55, [120, 43])
               + b"\xff")
    return pk.header(xid, ciaddr=ciaddr, chaddr=mac) + pk.COOKIE + options


def parse_options(data):
    """The option field after the cookie; None when it is cut short (a reply we cannot trust)."""
    if len(data) < pk.OPTIONS_AT or data[236:240] != pk.COOKIE:
        return None
    try:
        found, end = pk.walk_options(data)
    except ValueError:
        return None
    if end is None:
        return None  # no END
    options = {}
    for code, value in found:
        options[code] = options.get(code, b"") + value  # RFC 3396: instances concatenate
    return options


def sip_text(value):
    """Option 120 (RFC 3361) as text: names joined by ',' (enc 0) or addresses (enc 1)."""
    if not value:
        return "?"
    enc, rest = value[0], value[1:]
    if enc == 1:
        return ",".join(socket.inet_ntoa(rest[i:i + 4]) for i in range(0, len(rest) - 3, 4))
    names, labels, i = [], [], 0
    while i < len(rest):
        n = rest[i]
        if n == 0:
            names.append(".".join(labels))
            labels = []
            i += 1
            continue
        if n >= 64:  # we never emit compression (docs/design.md §2.3)
            return "?compressed"
        labels.append(rest[i + 1:i + 1 + n].decode("ascii", "replace"))
        i += 1 + n
    return ",".join(names)


class Client:
    def __init__(self, iface, ciaddr, rcvbuf=4 << 20):
        self.ciaddr = ciaddr
        # Bound to ciaddr, not the wildcard: two clients on one interface (a stream and a
        # probe) each get their own unicast answers (RFC 2131 §4.4.3: to ciaddr:68).
        self.sock = pk.client_socket(iface, 68, bind_address=ciaddr, rcvbuf=rcvbuf)
        self.mac = bytes([0x02, 0x00, 0x5e]) + os.urandom(3)
        self.base = random.SystemRandom().randrange(1 << 31)

    def send(self, seq, dest="255.255.255.255"):
        xid = (self.base + seq) & 0xFFFFFFFF
        try:
            self.sock.sendto(build_inform(xid, self.ciaddr, self.mac), (dest, 67))
            return True
        except OSError:
            return False  # interface down: the request is lost, which the test expects then

    def recv(self, timeout):
        """(seq, server_id, sip) of the next ACK for us, None on timeout, () for a stray."""
        if not pk.readable([self.sock], timeout):
            return None
        data = self.sock.recv(4096)
        if len(data) < pk.OPTIONS_AT or data[0] != 2:
            return ()
        xid = pk.xid_of(data)
        options = parse_options(data)
        if options is None or options.get(53) != b"\x05":
            return ()
        seq = (xid - self.base) & 0xFFFFFFFF
        sid = options.get(54)
        server_id = socket.inet_ntoa(sid) if sid is not None and len(sid) == 4 else "?"
        return seq, server_id, sip_text(options.get(120, b""))


def cmd_once(args):
    client = Client(args.iface, args.ciaddr)
    for attempt in range(args.tries):
        client.send(attempt)
        deadline = time.monotonic() + args.timeout
        while (left := deadline - time.monotonic()) > 0:
            got = client.recv(left)
            if got is None:
                break
            if got == () or got[0] != attempt:
                continue
            _, server_id, sip = got
            print(f"ACK try={attempt + 1} server-id={server_id} sip={sip}")
            if args.expect_server_id and server_id != args.expect_server_id:
                print(f"FAIL: option 54 is {server_id}, expected {args.expect_server_id}")
                return 1
            if args.expect_sip and sip != args.expect_sip:
                print(f"FAIL: option 120 is {sip}, expected {args.expect_sip}")
                return 1
            return 0
    print(f"FAIL: no ACK in {args.tries} tries of {args.timeout} s")
    return 1


class Stream:
    """A sender thread at a fixed rate and a receiver thread; answers recorded per sequence."""

    def __init__(self, client, rate, count=None, duration=None, stop_file=None):
        self.client = client
        self.rate = rate
        self.count = count
        self.duration = duration
        self.stop_file = stop_file
        self.stop = threading.Event()
        self.sent = 0
        self.send_failed = 0
        self.sent_at = []      # monotonic time per sequence
        self.answers = {}      # seq -> (server_id, sip, time)
        self.duplicates = 0
        self.strays = 0
        self.done_sending = threading.Event()

    def sender(self):
        start = time.monotonic()
        interval = 1.0 / self.rate
        seq = 0
        while not self.stop.is_set():
            if self.count is not None and seq >= self.count:
                break
            now = time.monotonic()
            if self.duration is not None and now - start >= self.duration:
                break
            if self.stop_file and seq % 64 == 0 and os.path.exists(self.stop_file):
                break
            due = start + seq * interval
            if due > now:
                time.sleep(min(due - now, 0.05))
                continue
            self.sent_at.append(now)
            if not self.client.send(seq):
                self.send_failed += 1
            seq += 1
            self.sent = seq
        self.done_sending.set()

    def receiver(self, grace):
        quiet_since = None
        while True:
            got = self.client.recv(0.1)
            now = time.monotonic()
            if got is None:
                if self.done_sending.is_set():
                    quiet_since = quiet_since or now
                    if now - quiet_since >= grace or len(self.answers) >= self.sent:
                        return
                continue
            if got == () or got[0] >= len(self.sent_at):
                self.strays += 1
                continue
            quiet_since = None
            seq, server_id, sip = got
            if seq in self.answers:
                self.duplicates += 1
            else:
                self.answers[seq] = (server_id, sip, now)

    def run(self, grace=2.0):
        rx = threading.Thread(target=self.receiver, args=(grace,), daemon=True)
        tx = threading.Thread(target=self.sender, daemon=True)
        rx.start()
        tx.start()
        tx.join()
        rx.join()

    def summary(self):
        lost = [s for s in range(self.sent) if s not in self.answers]
        by_sid, by_sip, order = {}, {}, []
        for seq in sorted(self.answers):
            sid, sip, _ = self.answers[seq]
            by_sid[sid] = by_sid.get(sid, 0) + 1
            by_sip[sip] = by_sip.get(sip, 0) + 1
            if not order or order[-1][0] != sid:
                order.append([sid, 0])
            order[-1][1] += 1
        latencies = sorted(t - self.sent_at[s] for s, (_, _, t) in self.answers.items())
        elapsed = (self.sent_at[-1] - self.sent_at[0]) if len(self.sent_at) > 1 else 0.0
        return {
            "sent": self.sent,
            "send_failed": self.send_failed,
            "answered": len(self.answers),
            "lost": len(lost),
            "first_lost": lost[:10],
            "duplicates": self.duplicates,
            "strays": self.strays,
            "rate_achieved": round(self.sent / elapsed, 1) if elapsed > 0 else 0.0,
            "by_server_id": by_sid,
            "by_sip": by_sip,
            # Runs of answers by server id in send order: [["192.0.2.1", 300], ["192.0.2.2", 280]]
            "server_id_runs": order,
            "latency_ms_p50": round(latencies[len(latencies) // 2] * 1000, 2) if latencies else None,
            "latency_ms_max": round(latencies[-1] * 1000, 2) if latencies else None,
            "last_server_id": order[-1][0] if order else None,
        }


def cmd_stream(args):
    client = Client(args.iface, args.ciaddr)
    # Bounded whatever the caller forgets: --max-seconds caps a run that waits for a stop file.
    duration = args.duration if args.duration is not None else args.max_seconds
    stream = Stream(client, args.rate, count=args.count, duration=duration,
                    stop_file=args.stop_file)
    signal.signal(signal.SIGTERM, lambda *_: stream.stop.set())
    if args.ready_file:
        with open(args.ready_file, "w") as f:
            f.write("ready\n")
    stream.run(grace=args.grace)
    summary = stream.summary()
    text = json.dumps(summary, sort_keys=True)
    if args.out:
        with open(args.out, "w") as f:
            f.write(text + "\n")
    print(text)
    if args.require_all and (summary["lost"] or summary["duplicates"] or summary["sent"] == 0):
        print(f"FAIL: {summary['lost']} of {summary['sent']} unanswered, "
              f"{summary['duplicates']} duplicates")
        return 1
    return 0


def count_lines(path, needles):
    n = 0
    with open(path, "rb") as f:
        for line in f:
            if any(x in line for x in needles):
                n += 1
    return n


RELOAD_OK = b"reloaded config="
RELOAD_FAILED = b"reload failed"


def cmd_reloads(args):
    """SIGHUP --count times, good (even i) and bad (odd i) configs alternating."""
    with open(args.template) as f:
        template = f.read()
    if "@SIP@" not in template:
        print("FAIL: the template has no @SIP@ placeholder")
        return 2
    client = Client(args.iface, args.ciaddr)
    stream = Stream(client, args.rate, duration=600.0)  # a cap; the reloads stop it far sooner
    rx = threading.Thread(target=stream.receiver, args=(3.0,), daemon=True)
    tx = threading.Thread(target=stream.sender, daemon=True)
    rx.start()
    tx.start()

    def write_config(text):
        # Written beside it and renamed over it, as editors and config management do: the
        # daemon never sees a half-written file.
        tmp = args.config + ".new"
        with open(tmp, "w") as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, args.config)

    good_sip = args.initial_sip
    gen_of = {good_sip: 0}
    # After reload i's log line appeared: requests sent from then on carry generation >= floor.
    floors = []  # (first seq sent after the line, generation)
    failures = []
    time.sleep(args.gap)
    for i in range(args.count):
        good = i % 2 == 0
        if good:
            sip = f"sip{i // 2 + 1}.example.com"
            write_config(template.replace("@SIP@", sip))
        else:
            # Looks like a good config with a new SIP server, but breaks the schema: if the
            # daemon took any of it, the bad name would show in an answer.
            sip = f"bad{i // 2 + 1}.example.com"
            write_config(template.replace("@SIP@", sip) + "no-such-key: 1\n")
        before = count_lines(args.log, [RELOAD_OK, RELOAD_FAILED])
        os.kill(args.pid, signal.SIGHUP)
        deadline = time.monotonic() + 10
        while count_lines(args.log, [RELOAD_OK, RELOAD_FAILED]) <= before:
            if time.monotonic() > deadline:
                failures.append(f"reload {i + 1}: no reload line in the log within 10 s")
                break
            time.sleep(0.01)
        if good:
            good_sip = sip
            gen_of[sip] = i // 2 + 1
        floors.append((stream.sent, gen_of[good_sip]))
        time.sleep(args.gap)
    time.sleep(args.gap)
    stream.stop.set()
    tx.join()
    rx.join()

    summary = stream.summary()
    ok_lines = count_lines(args.log, [RELOAD_OK])
    failed_lines = count_lines(args.log, [RELOAD_FAILED])
    summary.update({"reloads": args.count, "reload_ok_lines": ok_lines,
                    "reload_failed_lines": failed_lines, "last_good_sip": good_sip})
    print(json.dumps(summary, sort_keys=True))

    if stream.sent < args.count:
        failures.append(f"only {stream.sent} requests sent during {args.count} reloads")
    if summary["lost"]:
        failures.append(f"{summary['lost']} of {summary['sent']} requests unanswered "
                        f"(first: {summary['first_lost']})")
    if summary["duplicates"]:
        failures.append(f"{summary['duplicates']} duplicate answers")
    last_gen = -1
    floor_index = 0
    for seq in sorted(stream.answers):
        _, sip, _ = stream.answers[seq]
        if sip not in gen_of:
            failures.append(f"request {seq} answered with SIP server {sip}, from no good config")
            break
        gen = gen_of[sip]
        # Answers follow the send order, one socket, one loop: a newer config never
        # answers an earlier request than an older one does.
        if gen < last_gen:
            failures.append(f"request {seq} answered from config {gen} after one from {last_gen}")
            break
        last_gen = gen
        while floor_index + 1 < len(floors) and floors[floor_index + 1][0] <= seq:
            floor_index += 1
        if floors and floors[floor_index][0] <= seq and gen < floors[floor_index][1]:
            failures.append(f"request {seq} sent after reload {floor_index + 1} was logged was "
                            f"answered from config {gen}, expected >= {floors[floor_index][1]}")
            break
    if stream.answers:
        last_sip = stream.answers[max(stream.answers)][1]
        if last_sip != good_sip:
            failures.append(f"the last answer carries {last_sip}, the last good config {good_sip}")
    for f in failures:
        print(f"FAIL: {f}")
    return 1 if failures else 0


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = p.add_subparsers(dest="cmd", required=True)

    def common(sp):
        sp.add_argument("--iface", required=True)
        sp.add_argument("--ciaddr", required=True)

    sp = sub.add_parser("once")
    common(sp)
    sp.add_argument("--timeout", type=float, default=1.0)
    sp.add_argument("--tries", type=int, default=1)
    sp.add_argument("--expect-server-id")
    sp.add_argument("--expect-sip")

    sp = sub.add_parser("stream")
    common(sp)
    sp.add_argument("--rate", type=float, default=100.0)
    sp.add_argument("--count", type=int)
    sp.add_argument("--duration", type=float)
    sp.add_argument("--stop-file")
    sp.add_argument("--max-seconds", type=float, default=300.0)
    sp.add_argument("--ready-file")
    sp.add_argument("--grace", type=float, default=2.0)
    sp.add_argument("--out")
    sp.add_argument("--require-all", action="store_true")

    sp = sub.add_parser("reloads")
    common(sp)
    sp.add_argument("--pid", type=int, required=True)
    sp.add_argument("--config", required=True)
    sp.add_argument("--template", required=True, help="config text with @SIP@ for the SIP server")
    sp.add_argument("--initial-sip", required=True)
    sp.add_argument("--log", required=True)
    sp.add_argument("--count", type=int, default=100)
    sp.add_argument("--rate", type=float, default=200.0)
    sp.add_argument("--gap", type=float, default=0.05, help="seconds of stream between reloads")

    args = p.parse_args(argv)
    if args.cmd == "stream" and args.count is None and args.duration is None and not args.stop_file:
        p.error("stream needs --count, --duration or --stop-file (a bounded run)")
    return {"once": cmd_once, "stream": cmd_stream, "reloads": cmd_reloads}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
