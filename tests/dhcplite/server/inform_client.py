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
import socket
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
import dhcp_test_packets as pk  # noqa: E402


def build_inform(xid: int, ciaddr: str, mac: bytes) -> bytes:
    """The BOOTP header, the cookie and options 53=INFORM, 60, 55=[120,43], END (no padding)."""
    return (pk.header(xid, ciaddr=ciaddr, chaddr=mac) + pk.COOKIE + pk.tlv(53, [8])
            + pk.tlv(60, b"MS-UC-Client") + pk.tlv(55, [120, 43]) + bytes([255]))


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
    sock = pk.client_socket(args.device, pktinfo=True)
    sock.sendto(build_inform(xid, args.ciaddr, mac), ("255.255.255.255", 67))

    deadline = time.monotonic() + args.timeout
    while (left := deadline - time.monotonic()) > 0:
        if not pk.readable([sock], left):
            break
        data, ancillary, _flags, (src, _port) = sock.recvmsg(4096, 256)
        to = "?"
        for level, kind, value in ancillary:
            if level == socket.IPPROTO_IP and kind == pk.IP_PKTINFO and len(value) >= 12:
                to = socket.inet_ntoa(value[8:12])  # struct in_pktinfo: ifindex, spec_dst, addr
        if len(data) < pk.OPTIONS_AT or data[0] != 2 or pk.xid_of(data) != xid:
            continue
        try:
            options = dict(pk.walk_options(data)[0])
        except ValueError as e:
            print(f"FAIL: reply from {src}: {e}")
            return 1
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
