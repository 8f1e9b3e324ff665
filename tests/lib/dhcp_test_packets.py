"""DHCP packets and the phone's socket for the test clients: tests/integration/dhcpprobe.py,
tests/hostile/hostile_client.py and make_corpus.py, tests/faults/faultclient.py,
tests/dhcplite/server/inform_client.py, and the generators tests/fuzz/make_seeds.py and
tests/data/dhcputil/make_fixtures.py.

Standard library only, and nothing from the C++ code under test: the fixed fields are RFC 2131 §2
(Figure 1) written out with struct, options are RFC 2132 §2 TLVs. Each client imports it with

    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "lib"))
    import dhcp_test_packets as pk
"""

import select
import socket
import struct
import time

COOKIE = bytes([0x63, 0x82, 0x53, 0x63])  # RFC 2131 §3
OPTIONS_AT = 240  # 236-byte header + cookie
# The BOOTP minimum (RFC 951's 64-byte vendor area; RFC 1542 §2.1: 300 octets): replies are
# padded to it (docs/design.md §2.1), and real clients pad their requests to it too.
BOOTP_MIN_SIZE = 300

SO_BINDTODEVICE = getattr(socket, "SO_BINDTODEVICE", 25)  # <asm-generic/socket.h>
IP_PKTINFO = getattr(socket, "IP_PKTINFO", 8)  # ip(7)


def address(value):
    """An IPv4 address as 4 bytes, from dotted text or already 4 bytes."""
    return value if isinstance(value, (bytes, bytearray)) else socket.inet_aton(value)


def header(xid, op=1, htype=1, hlen=6, hops=0, secs=0, flags=0, ciaddr="0.0.0.0",
           yiaddr="0.0.0.0", siaddr="0.0.0.0", giaddr="0.0.0.0", chaddr=b"", sname=b"", file=b""):
    """The 236-byte BOOTP header (RFC 2131 §2 Figure 1); chaddr, sname and file zero-filled."""
    assert len(chaddr) <= 16 and len(sname) <= 64 and len(file) <= 128
    return struct.pack("!BBBBIHH4s4s4s4s16s64s128s", op, htype, hlen, hops, xid, secs, flags,
                       address(ciaddr), address(yiaddr), address(siaddr), address(giaddr),
                       bytes(chaddr), bytes(sname), bytes(file))


def tlv(code, data):
    """One option instance (RFC 2132 §2): code, length, value of at most 255 bytes."""
    data = bytes(data)
    assert len(data) <= 255, (code, len(data))
    return bytes([code, len(data)]) + data


def tlvs(code, data):
    """One option as TLV bytes, split into 255-byte instances (RFC 3396 §7)."""
    if not data:
        return bytes([code, 0])
    return b"".join(tlv(code, data[i:i + 255]) for i in range(0, len(data), 255))


def walk_options(data, start=OPTIONS_AT):
    """[(code, value)] up to END, and the offset just after END (None if there is no END). PAD is
    skipped (RFC 2132 §3.1); an option running past the datagram raises ValueError."""
    out = []
    i = start
    while i < len(data):
        code = data[i]
        if code == 0:
            i += 1
            continue
        if code == 255:
            return out, i + 1
        if i + 1 >= len(data) or i + 2 + data[i + 1] > len(data):
            raise ValueError(f"option {code} at offset {i} overruns the message")
        out.append((code, data[i + 2:i + 2 + data[i + 1]]))
        i += 2 + data[i + 1]
    return out, None


def xid_of(data):
    """The xid as an integer; None for a datagram too short to have one."""
    return struct.unpack("!I", data[4:8])[0] if len(data) >= 8 else None


def parse_mac(text):
    raw = bytes.fromhex(text.replace(":", "").replace("-", ""))
    assert len(raw) == 6, text
    return raw


def client_socket(iface, port=68, bind_address="0.0.0.0", rcvbuf=4 << 20, sndbuf=None,
                  pktinfo=False):
    """A phone's UDP socket: on one interface only (SO_BINDTODEVICE, so namespaces with several
    links stay apart), broadcast allowed, buffers big enough for a burst of answers. With
    `pktinfo`, recvmsg tells the destination address of each datagram (IP_PKTINFO)."""
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_BROADCAST, 1)
    s.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, iface.encode())
    if pktinfo:
        s.setsockopt(socket.IPPROTO_IP, IP_PKTINFO, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, rcvbuf)
    if sndbuf is not None:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, sndbuf)
    s.bind((bind_address, port))
    return s


def readable(sockets, timeout):
    """The sockets of `sockets` with a datagram waiting, within `timeout` seconds."""
    ready, _, _ = select.select(list(sockets), [], [], max(0.0, timeout))
    return ready


def collect(receive, seconds, until=None):
    """Everything `receive(timeout)` (a list of what arrived) yields within `seconds`; stops
    early once `until(list)` is true. Bounded by `seconds` whatever arrives."""
    got = []
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0:
            return got
        got += receive(left)
        if until and until(got):
            return got


def add_capture_arguments(parser, max_seconds):
    """A sniffer's contract with its test script: it writes --ready once it captures, ends on
    SIGTERM (netns_stop) or after --max-seconds whatever happens, and writes what it saw to
    --out (JSON)."""
    parser.add_argument("--iface", required=True)
    parser.add_argument("--ready", required=True)
    parser.add_argument("--out", required=True)
    parser.add_argument("--max-seconds", type=float, default=max_seconds)
