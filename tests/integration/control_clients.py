#!/usr/bin/python3
"""Hostile and busy clients of dhcplite's control socket (tests/integration/stats.sh).

  silent SOCKET N SECONDS     N connections that send nothing; prints how long until the daemon
                              closed each (it must, after its 1 s deadline), exit 1 if one stays
  flood SOCKET                sends 1 MiB as one request; the answer must be the one-line error
  loop SOCKET N               N connect/"stats"/read rounds one after another; each answer is
                              complete JSON with ok true, or the connection was closed at once
                              (all slots busy); prints the counts, exit 1 on anything else
"""
import json
import socket
import sys
import threading
import time


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(5)
    s.connect(path)
    return s


def read_all(s):
    data = b""
    while True:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        data += chunk
    return data


def silent(path, n, seconds):
    conns = [connect(path) for _ in range(n)]
    start = time.monotonic()
    closed = {}
    deadline = start + seconds
    while len(closed) < n and time.monotonic() < deadline:
        for i, s in enumerate(conns):
            if i in closed:
                continue
            s.settimeout(0.05)
            try:
                if s.recv(1) == b"":
                    closed[i] = time.monotonic() - start
            except socket.timeout:
                pass
            except ConnectionResetError:
                closed[i] = time.monotonic() - start
    for s in conns:
        s.close()
    if len(closed) != n:
        print(f"silent: {n - len(closed)} of {n} connections still open after {seconds} s")
        return 1
    print(f"silent: all {n} closed by the daemon, after {min(closed.values()):.2f} to "
          f"{max(closed.values()):.2f} s")
    return 0


def flood(path):
    s = connect(path)
    payload = b"s" * (1 << 20)
    sent = [0]

    def writer():
        try:
            s.sendall(payload)
            sent[0] = len(payload)
        except OSError:
            pass  # the daemon closed after its answer: expected
    t = threading.Thread(target=writer)
    t.start()
    answer = read_all(s)
    t.join(10)
    s.close()
    try:
        j = json.loads(answer)
    except ValueError:
        print(f"flood: answer is not JSON: {answer[:200]!r}")
        return 1
    if j != {"ok": False, "error": "request longer than 256 bytes"}:
        print(f"flood: unexpected answer {j}")
        return 1
    print(f"flood: {answer.decode().strip()} (the writer got {sent[0]} bytes in before the close)")
    return 0


def loop(path, n):
    ok = refused = 0
    for _ in range(n):
        s = connect(path)
        try:
            s.sendall(b"stats\n")
        except OSError:
            pass
        answer = read_all(s)
        s.close()
        if not answer:
            refused += 1
            continue
        j = json.loads(answer)
        if j.get("ok") is not True or "totals" not in j:
            print(f"loop: bad answer {answer[:200]!r}")
            return 1
        ok += 1
    print(f"loop: {ok} answered, {refused} closed at once")
    return 0 if ok > 0 else 1


def main():
    cmd = sys.argv[1]
    if cmd == "silent":
        return silent(sys.argv[2], int(sys.argv[3]), float(sys.argv[4]))
    if cmd == "flood":
        return flood(sys.argv[2])
    if cmd == "loop":
        return loop(sys.argv[2], int(sys.argv[3]))
    print(__doc__)
    return 64


if __name__ == "__main__":
    sys.exit(main())
