#!/usr/bin/python3
"""Holds UDP ports 67 and 68 in a namespace, as a DHCP client and server on a phone's host would,
and counts what arrives on each, so a test can prove emulate-client works beside them (it sends
over a raw socket and listens with a packet capture, never binding either port).

usage: holder.py COUNT_FILE [SECONDS]   (exits by itself after SECONDS, default 120)
"""
import select
import socket
import sys
import time


def main():
    out = sys.argv[1]
    limit = float(sys.argv[2]) if len(sys.argv) > 2 else 120.0
    socks = {}
    for port in (67, 68):
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
        s.bind(("0.0.0.0", port))
        socks[s] = port
    counts = {67: 0, 68: 0}
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        ready, _, _ = select.select(list(socks), [], [], 0.2)
        for s in ready:
            s.recvfrom(4096)
            counts[socks[s]] += 1
            with open(out, "w") as f:
                f.write(f"67={counts[67]} 68={counts[68]}\n")


if __name__ == "__main__":
    main()
