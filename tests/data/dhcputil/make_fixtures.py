#!/usr/bin/python3
"""Builds the capture files in this directory (stdlib only, no scapy), byte for byte the same
on every run: `make_fixtures.py [DIR]` writes them to DIR (default: this directory).
tests/dhcputil/commands/cli_test.py regenerates them into a temporary directory and checks that the
checked-in files are identical, so the generator and the fixtures cannot drift apart.

The DHCP messages follow docs/design.md §10: the DHCPINFORM as DHCPUtil -EmulateClient sends it, the
DHCPACK as a Windows DHCP server answers (option 43 with the extra sub-option 220 "NAP"), and
a dnsmasq-style ACK (option 60 echoed, option 120 with name compression, option 43 ending with
END). Values: tests/data/ms-uc-client.txt, [lync.schertz.local].

msuc-exchange.pcap (Ethernet), frames:
  1  DHCPINFORM 192.168.1.50:68 -> 255.255.255.255:67
  2  ARP request                                  (skipped: not IPv4)
  3  DNS query 192.168.1.50:5353 -> 192.168.1.1:53 (skipped: other ports)
  4  DHCPACK (Windows) 192.168.1.10:67 -> 192.168.1.50:68, 802.1Q VLAN 20
  5  malformed DHCPACK: option 43 claims 200 bytes, the message ends first
  6  DHCPACK (dnsmasq style) 192.168.1.11:67 -> 192.168.1.50:68
msuc-ack-sll.pcap, msuc-ack-sll2.pcap, msuc-ack-raw.pcap: frame 4's DHCPACK alone, in Linux
cooked capture v1/v2 and raw IPv4 framing.
"""
import os
import struct
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "lib"))
import dhcp_test_packets as pk  # noqa: E402

OPTION120 = bytes.fromhex("00046C796E63077363686572747A056C6F63616C00")
OPTION43 = bytes.fromhex(
    "010C4D532D55432D436C69656E740205687474707303126C796E632E7363686572747A2E6C6F63616C"
    "040334343305252F4365727450726F762F4365727450726F766973696F6E696E67536572766963652E737663")
OPTION43_WINDOWS = OPTION43 + bytes.fromhex("DC034E4150")
# enc 0; "sip1.schertz.local" at offset 0 (after enc); "sip2" + pointer to "schertz.local" (5)
OPTION120_COMPRESSED = (b"\x00" + b"\x04sip1\x07schertz\x05local\x00" + b"\x04sip2\xC0\x05")

PHONE_MAC = bytes.fromhex("0004F2A1B2C3")
SERVER_MAC = bytes.fromhex("00155D0A0B0C")
DNSMASQ_MAC = bytes.fromhex("5254000A0B0D")
BROADCAST_MAC = b"\xff" * 6
PHONE_IP = "192.168.1.50"
SERVER_IP = "192.168.1.10"
DNSMASQ_IP = "192.168.1.11"
XID = 0x3903F326
TIME0 = 1700000000  # 2023-11-14 22:13:20 UTC


def ip(text):
    return bytes(int(p) for p in text.split("."))


def opt(code, data):
    return pk.tlv(code, data)


def bootp(op, ciaddr="0.0.0.0", yiaddr="0.0.0.0", options=b"", end=True, pad_to=300):
    """RFC 2131 §2 header, magic cookie, options, END, zero padding to the BOOTP minimum."""
    header = pk.header(XID, op=op, ciaddr=ciaddr, yiaddr=yiaddr, chaddr=PHONE_MAC)
    msg = header + pk.COOKIE + options + (b"\xff" if end else b"")
    return msg + b"\x00" * max(0, pad_to - len(msg))


def inform():
    options = (opt(53, b"\x08") + opt(54, b"") + opt(61, b"\x01" + PHONE_MAC) + opt(120, b"")
               + opt(12, b"CX600-PHONE") + opt(60, b"MS-UC-Client") + opt(55, bytes([120, 43]))
               + opt(43, b""))
    return bootp(1, ciaddr=PHONE_IP, options=options)


def ack_windows():
    options = (opt(53, b"\x05") + opt(54, ip(SERVER_IP)) + opt(120, OPTION120)
               + opt(43, OPTION43_WINDOWS))
    return bootp(2, ciaddr=PHONE_IP, options=options)


def ack_dnsmasq():
    options = (opt(53, b"\x05") + opt(54, ip(DNSMASQ_IP)) + opt(60, b"MS-UC-Client")
               + opt(120, OPTION120_COMPRESSED) + opt(43, OPTION43 + b"\xff"))
    return bootp(2, ciaddr=PHONE_IP, options=options)


def ack_malformed():
    """Option 43's length byte says 200; the message (and its options field) ends before."""
    options = opt(53, b"\x05") + opt(54, ip(SERVER_IP)) + bytes([43, 200]) + OPTION43[:20]
    return bootp(2, ciaddr=PHONE_IP, options=options, end=False, pad_to=0)


def checksum(data):
    if len(data) % 2:
        data += b"\x00"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def ipv4_udp(src, dst, sport, dport, payload):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload  # UDP checksum 0: none
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0, 64, 17, 0, ip(src), ip(dst))
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return header + udp


def ethernet(dst, src, ethertype, payload, vlan=None):
    tag = struct.pack("!HH", 0x8100, vlan) if vlan is not None else b""
    return dst + src + tag + struct.pack("!H", ethertype) + payload


def arp_request():
    body = struct.pack("!HHBBH", 1, 0x0800, 6, 4, 1) + PHONE_MAC + ip(PHONE_IP) + b"\x00" * 6 + ip(SERVER_IP)
    return ethernet(BROADCAST_MAC, PHONE_MAC, 0x0806, body + b"\x00" * 18)


def dns_query():
    query = struct.pack("!HHHHHH", 0x1234, 0x0100, 1, 0, 0, 0) + b"\x04lync\x07schertz\x05local\x00" + struct.pack("!HH", 1, 1)
    return ethernet(SERVER_MAC, PHONE_MAC, 0x0800, ipv4_udp(PHONE_IP, "192.168.1.1", 5353, 53, query))


def sll(packet):
    """Linux cooked capture v1: packet type, ARPHRD_ETHER, address length, address (8), protocol."""
    return struct.pack("!HHH", 0, 1, 6) + SERVER_MAC + b"\x00\x00" + struct.pack("!H", 0x0800) + packet


def sll2(packet):
    """Linux cooked capture v2: protocol, reserved, ifindex, ARPHRD_ETHER, type, addr len, addr (8)."""
    return struct.pack("!HHIHBB", 0x0800, 0, 2, 1, 0, 6) + SERVER_MAC + b"\x00\x00" + packet


def pcap(linktype, frames):
    out = struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, linktype)
    for i, frame in enumerate(frames):
        out += struct.pack("<IIII", TIME0 + i, 1000 * i, len(frame), len(frame)) + frame
    return out


LINKTYPE_ETHERNET = 1
LINKTYPE_RAW = 101
LINKTYPE_LINUX_SLL = 113
LINKTYPE_LINUX_SLL2 = 276


def fixtures():
    ack_ip = ipv4_udp(SERVER_IP, PHONE_IP, 67, 68, ack_windows())
    exchange = [
        ethernet(BROADCAST_MAC, PHONE_MAC, 0x0800, ipv4_udp(PHONE_IP, "255.255.255.255", 68, 67, inform())),
        arp_request(),
        dns_query(),
        ethernet(PHONE_MAC, SERVER_MAC, 0x0800, ack_ip, vlan=20),
        ethernet(PHONE_MAC, SERVER_MAC, 0x0800, ipv4_udp(SERVER_IP, PHONE_IP, 67, 68, ack_malformed())),
        ethernet(PHONE_MAC, DNSMASQ_MAC, 0x0800, ipv4_udp(DNSMASQ_IP, PHONE_IP, 67, 68, ack_dnsmasq())),
    ]
    return {
        "msuc-exchange.pcap": pcap(LINKTYPE_ETHERNET, exchange),
        "msuc-ack-sll.pcap": pcap(LINKTYPE_LINUX_SLL, [sll(ack_ip)]),
        "msuc-ack-sll2.pcap": pcap(LINKTYPE_LINUX_SLL2, [sll2(ack_ip)]),
        "msuc-ack-raw.pcap": pcap(LINKTYPE_RAW, [ack_ip]),
    }


def main():
    target = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
    for name, data in fixtures().items():
        with open(os.path.join(target, name), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
