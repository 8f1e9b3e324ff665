#!/usr/bin/python3
"""Sends one MS-UC-Client DHCPINFORM from a plain UDP socket and waits for the DHCPACK.

A deliberately small client for the daemon's own smoke test (the full independent clients,
scapy and nmap, live in tests/integration). Run inside the client network namespace:

    inform_client.py --device IF --ciaddr A.B.C.D   # unicast reply to ciaddr:68 expected
    inform_client.py --device IF                    # no address: ciaddr 0, source 0.0.0.0,
                                                    # broadcast reply expected

Exit 0 and one line "ACK from S to D: options 53,54,...", or 1 with the reason.
"""
import argparse
import os
import select
import socket
import struct
import sys
import time


IP_PKTINFO = getattr(socket, "IP_PKTINFO", 8)  # ip(7)


def build_inform(xid: int, ciaddr: str, mac: bytes) -> bytes:
    # RFC 2131 §2 fixed fields, then the cookie and options 53=INFORM, 60, 55=[120,43], END.
    header = struct.pack("!BBBBIHH4s4s4s4s16s64s128s", 1, 1, 6, 0, xid, 0, 0,
                         socket.inet_aton(ciaddr), b"\0" * 4, b"\0" * 4, b"\0" * 4,
                         mac.ljust(16, b"\0"), b"", b"")
    vendor = b"MS-UC-Client"
    options = bytes([53, 1, 8, 60, len(vendor)]) + vendor + bytes([55, 2, 120, 43, 255])
    return header + bytes([0x63, 0x82, 0x53, 0x63]) + options


def parse_options(data: bytes) -> dict:
    options, i = {}, 240
    while i < len(data):
        code = data[i]
        if code == 255:
            break
        if code == 0:
            i += 1
            continue
        length = data[i + 1]
        options[code] = data[i + 2:i + 2 + length]
        i += 2 + length
    return options


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--device", required=True)
    parser.add_argument("--ciaddr", default="0.0.0.0")
    parser.add_argument("--timeout", type=float, default=3.0)
    parser.add_argument("--expect", choices=["ack", "none"], default="ack")
    parser.add_argument("--expect-to", help="the reply's IP destination (255.255.255.255: broadcast)")
    args = parser.parse_args()

    xid = int.from_bytes(os.urandom(4), "big")
    mac = bytes([0x02, 0x00, 0x5e]) + os.urandom(3)
    sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_BINDTODEVICE, args.device.encode())
    sock.setsockopt(socket.IPPROTO_IP, IP_PKTINFO, 1)
    sock.bind(("", 68))
    sock.sendto(build_inform(xid, args.ciaddr, mac), ("255.255.255.255", 67))

    deadline = time.monotonic() + args.timeout
    while (left := deadline - time.monotonic()) > 0:
        ready, _, _ = select.select([sock], [], [], left)
        if not ready:
            break
        data, ancillary, _flags, (src, _port) = sock.recvmsg(4096, 256)
        to = "?"
        for level, kind, value in ancillary:
            if level == socket.IPPROTO_IP and kind == IP_PKTINFO and len(value) >= 12:
                to = socket.inet_ntoa(value[8:12])  # struct in_pktinfo: ifindex, spec_dst, addr
        if len(data) < 240 or data[0] != 2 or struct.unpack("!I", data[4:8])[0] != xid:
            continue
        options = parse_options(data)
        if options.get(53) != b"\x05":
            print(f"FAIL: reply from {src} is not a DHCPACK: option 53 = {options.get(53)!r}")
            return 1
        if args.expect == "none":
            print(f"FAIL: expected no reply, got an ACK from {src}")
            return 1
        codes = ",".join(str(c) for c in options)
        print(f"ACK from {src} to {to} ({len(data)} bytes): options {codes}")
        if args.expect_to and to != args.expect_to:
            print(f"FAIL: reply went to {to}, expected {args.expect_to}")
            return 1
        return 0 if 120 in options and 43 in options else 1
    if args.expect == "none":
        print("no reply, as expected")
        return 0
    print(f"FAIL: no DHCPACK for xid {xid:#010x} within {args.timeout} s")
    return 1


if __name__ == "__main__":
    sys.exit(main())
