#!/usr/bin/python3
"""The hostile-input corpus: crafted datagrams, each named for what it breaks, and the verdict the
daemon must reach for each (corpus/expected.tsv), judged against corpus.yaml.

    make_corpus.py            write tests/hostile/corpus/*.bin and corpus/expected.tsv
    make_corpus.py --check    exit 1 if the checked-in files differ from what this script makes

Every packet is built here field by field with struct (no scapy: a corpus must not depend on
another library's idea of a DHCP message). The xid of packet number i is 0x4B000000 + i, so a
reply can be matched to the packet that caused it. The client's address is 192.0.2.30 and the
server's 192.0.2.1 (RFC 5737 documentation range); corpus.yaml serves 192.0.2.0/24 only and has
no default profile.

expected.tsv columns: name, verdict (as the SIGUSR1 counters name it), flags (comma-separated:
`truncated` — bigger than the daemon's receive buffer, also counted as `truncated`;
`relay-info-dropped` — answered without its option 82, counted as `relay-info-dropped`;
`-` none), and what the packet breaks.
"""
import argparse
import os
import random
import struct
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "lib"))
import dhcp_test_packets as pk  # noqa: E402  (the header and options, shared by the test clients)
from dhcp_test_packets import COOKIE, tlv  # noqa: E402

CORPUS = os.path.join(HERE, "corpus")
TABLE = os.path.join(CORPUS, "expected.tsv")

CLIENT = "192.0.2.30"
MAC = bytes.fromhex("02005E10C0DE")
XID_BASE = 0x4B000000
# The daemon's receive buffer (dhcplite/server/packet_batch.hpp kReceiveBufferSize): anything
# longer arrives with MSG_TRUNC and is malformed.
RECEIVE_BUFFER = 2048
# The largest UDP payload an IPv4 datagram can carry: 65535 - 20 (IP) - 8 (UDP).
MAX_UDP = 65507

INFORM, DISCOVER, REQUEST, ACK, RELEASE = 8, 1, 3, 5, 7


def header(xid, op=1, htype=1, hlen=6, hops=0, ciaddr=CLIENT, giaddr="0.0.0.0", mac=MAC,
           sname=b"", file=b"", chaddr=None):
    """The 236-byte BOOTP header (RFC 2131 §2 Figure 1) of the phone at CLIENT."""
    return pk.header(xid, op=op, htype=htype, hlen=hlen, hops=hops, ciaddr=ciaddr, giaddr=giaddr,
                     chaddr=chaddr if chaddr is not None else mac, sname=sname, file=file)


def phone_options(msg_type=INFORM, vendor_class=b"MS-UC-Client", prl=(120, 43), mac=MAC):
    """A phone's DHCPINFORM options (docs/design.md §1), as TLVs, without END."""
    out = b""
    if msg_type is not None:
        out += tlv(53, [msg_type])
    out += tlv(61, b"\x01" + mac) + tlv(12, b"hostile-cx600")
    if vendor_class is not None:
        out += tlv(60, vendor_class)
    if prl is not None:
        out += tlv(55, prl)
    return out


def message(xid, options=None, end=True, pad_to=300, cookie=COOKIE, **fields):
    """Header, cookie, options, END, zero padding to the BOOTP minimum (RFC 1542 §2.1)."""
    options = phone_options() if options is None else options
    out = header(xid, **fields) + cookie + options + (b"\xff" if end else b"")
    return out.ljust(pad_to, b"\0")


def cases():
    """[(name, verdict, flags, what it breaks, builder(xid) -> bytes)], in corpus order."""
    rng = random.Random(20240611)
    out = []

    def add(name, verdict, what, build, flags="-"):
        out.append((name, verdict, flags, what, build))

    good = lambda x, **kw: message(x, **kw)  # noqa: E731
    opts = phone_options

    # ---- size and framing -------------------------------------------------------------
    add("zero_length", "malformed", "a UDP datagram with no payload at all", lambda x: b"")
    add("one_byte", "malformed", "one byte: op and nothing else", lambda x: b"\x01")
    add("truncated_header_100", "malformed", "cut inside the fixed header (chaddr)",
        lambda x: good(x)[:100])
    add("truncated_header_235", "malformed", "one byte short of the 236-byte header",
        lambda x: good(x)[:235])
    add("truncated_in_cookie_238", "malformed", "cut inside the magic cookie",
        lambda x: good(x)[:238])
    add("cookie_then_nothing", "no-message-type", "header and cookie, not one option byte",
        lambda x: header(x) + COOKIE)
    add("wrong_cookie", "malformed", "magic cookie 63 82 53 64",
        lambda x: message(x, cookie=b"\x63\x82\x53\x64"))
    add("cookie_byte_swapped", "malformed", "magic cookie in little-endian order",
        lambda x: message(x, cookie=COOKIE[::-1]))
    add("cookie_zero_plain_bootp_vendor_area", "malformed",
        "RFC 951 BOOTP: a zero vendor area where the cookie belongs", lambda x: message(x, cookie=bytes(4)))
    add("datagram_2048_bytes", "reply", "a good INFORM padded to exactly the receive buffer",
        lambda x: good(x, pad_to=RECEIVE_BUFFER))
    add("datagram_2049_bytes", "malformed", "one byte more than the receive buffer (MSG_TRUNC)",
        lambda x: good(x, pad_to=RECEIVE_BUFFER + 1), flags="truncated")
    add("datagram_65507_bytes", "malformed",
        "the biggest UDP datagram IPv4 carries (fragmented on the wire), a good INFORM in front",
        lambda x: good(x, pad_to=MAX_UDP), flags="truncated")

    # ---- the options field ---------------------------------------------------------------
    add("option_len_past_end", "malformed", "option 60 claims 200 bytes, 12 follow, datagram ends",
        lambda x: header(x) + COOKIE + tlv(53, [INFORM]) + bytes([60, 200]) + b"MS-UC-Client")
    add("option_length_byte_missing", "malformed", "the last byte is an option code without a length",
        lambda x: header(x) + COOKIE + opts() + b"\x3c")
    add("option55_len_past_end", "malformed", "option 55 claims 255 codes, 2 follow",
        lambda x: header(x) + COOKIE + opts(prl=None) + bytes([55, 255, 120, 43]))
    add("end_missing", "reply", "no END and no padding: the options run to the datagram's end",
        lambda x: header(x) + COOKIE + opts())
    add("all_pad_options", "no-message-type", "cookie, then 300 PAD bytes and nothing else",
        lambda x: header(x) + COOKIE + bytes(300))
    add("options_start_with_end", "no-message-type", "END first; a phone's options after it are not read",
        lambda x: header(x) + COOKIE + b"\xff" + opts() + b"\xff")
    add("pad_between_every_option", "reply", "PAD (RFC 2132 §3.1) before and after every option",
        lambda x: message(x, options=b"".join(b"\0\0" + tlv(c, d) for c, d in
                                              [(53, [INFORM]), (60, b"MS-UC-Client"), (55, [120, 43])]) + b"\0"))
    add("trailing_garbage_after_end", "reply", "non-zero bytes after END (never parsed)",
        lambda x: message(x, pad_to=0) + bytes(rng.randrange(1, 256) for _ in range(120)))
    add("unknown_option_255_bytes", "reply", "an unknown option (224) of 255 bytes before the real ones",
        lambda x: message(x, options=tlv(224, bytes(range(255))) + opts()))
    add("many_empty_unknown_options", "reply", "400 empty options of an unknown code (250)",
        lambda x: message(x, options=bytes([250, 0]) * 400 + opts()))

    # ---- option 52: overload (RFC 2131 §4.1, RFC 2132 §9.3) -------------------------------
    add("overload_52_points_at_garbage", "malformed",
        "option 52 says `file` holds options; `file` holds an option running past its 128 bytes",
        lambda x: message(x, options=opts() + tlv(52, [1]), file=bytes([200, 255]) + bytes(range(126))))
    add("overload_52_sname_garbage", "malformed",
        "option 52 says `sname` holds options; its first option claims 100 of its 64 bytes",
        lambda x: message(x, options=opts() + tlv(52, [2]), sname=bytes([77, 100]) + b"x" * 62))
    add("overload_52_loop", "reply",
        "52 in the options, `file` and `sname` each carrying a 52 again (ignored, no loop)",
        lambda x: message(x, options=opts() + tlv(52, [3]), file=tlv(52, [3]) + b"\xff",
                          sname=tlv(52, [1]) + b"\xff"))
    add("overload_52_value_0", "malformed", "option 52 = 0 (only 1, 2, 3 exist)",
        lambda x: message(x, options=opts() + tlv(52, [0])))
    add("overload_52_value_4", "malformed", "option 52 = 4", lambda x: message(x, options=opts() + tlv(52, [4])))
    add("overload_52_len_0", "malformed", "option 52 with no value", lambda x: message(x, options=opts() + tlv(52, [])))
    add("overload_52_len_2", "malformed", "option 52 with two bytes",
        lambda x: message(x, options=opts() + tlv(52, [1, 2])))
    add("overload_52_vendor_class_in_file", "reply", "option 60 only inside an overloaded `file`",
        lambda x: message(x, options=opts(vendor_class=None) + tlv(52, [1]),
                          file=tlv(60, b"MS-UC-Client") + b"\xff"))
    add("overload_52_message_type_in_sname", "reply", "option 53 only inside an overloaded `sname`",
        lambda x: message(x, options=opts(msg_type=None) + tlv(52, [2]), sname=tlv(53, [INFORM]) + b"\xff"))
    add("overload_52_empty_fields", "reply", "overload of both fields, both all PAD",
        lambda x: message(x, options=opts() + tlv(52, [3])))

    # ---- option 60: vendor class (exact, case-sensitive) ----------------------------------
    add("no_vendor_class", "no-vendor-class", "no option 60",
        lambda x: message(x, options=opts(vendor_class=None)))
    add("option60_empty", "other-vendor-class", "option 60 of length 0",
        lambda x: message(x, options=opts(vendor_class=b"")))
    add("option60_255_bytes", "other-vendor-class", "MS-UC-Client followed by 243 more bytes",
        lambda x: message(x, options=opts(vendor_class=b"MS-UC-Client" + b"A" * 243)))
    add("vendor_class_prefix_only", "other-vendor-class", "MS-UC-Client-X: starts right, is not it",
        lambda x: message(x, options=opts(vendor_class=b"MS-UC-Client-X")))
    add("vendor_class_lower_case", "other-vendor-class", "ms-uc-client (the match is case-sensitive)",
        lambda x: message(x, options=opts(vendor_class=b"ms-uc-client")))
    add("vendor_class_truncated", "other-vendor-class", "MS-UC-Clien",
        lambda x: message(x, options=opts(vendor_class=b"MS-UC-Clien")))
    add("vendor_class_trailing_nul", "other-vendor-class", "MS-UC-Client and a NUL",
        lambda x: message(x, options=opts(vendor_class=b"MS-UC-Client\0")))
    add("vendor_class_leading_space", "other-vendor-class", "a space, then MS-UC-Client",
        lambda x: message(x, options=opts(vendor_class=b" MS-UC-Client")))
    add("vendor_class_log_injection", "other-vendor-class",
        "a newline and a fake counters line inside option 60 (the log must escape it)",
        lambda x: message(x, options=opts(vendor_class=b"MS-UC-Client\ninfo: counters reply=999 \x1b[2J")))
    add("vendor_class_msft", "other-vendor-class", "a Windows PC's MSFT 5.0",
        lambda x: message(x, options=opts(vendor_class=b"MSFT 5.0")))
    add("vendor_class_split_rfc3396", "reply", "option 60 in two instances, MS-UC- + Client (joined)",
        lambda x: message(x, options=tlv(53, [INFORM]) + tlv(60, b"MS-UC-") + tlv(60, b"Client") + tlv(55, [120, 43])))
    add("repeated_60_conflicting", "other-vendor-class", "option 60 twice: MS-UC-Client, then MSFT 5.0",
        lambda x: message(x, options=opts() + tlv(60, b"MSFT 5.0")))

    # ---- option 53: message type ---------------------------------------------------------
    add("no_option53_plain_bootp", "no-message-type", "no option 53: a BOOTP request",
        lambda x: message(x, options=opts(msg_type=None)))
    add("option53_len0", "no-message-type", "option 53 of length 0",
        lambda x: message(x, options=tlv(53, []) + opts(msg_type=None)))
    add("option53_len2", "no-message-type", "option 53 of length 2 (08 08)",
        lambda x: message(x, options=tlv(53, [INFORM, INFORM]) + opts(msg_type=None)))
    add("repeated_53_conflicting", "no-message-type", "option 53 twice: INFORM, then DISCOVER",
        lambda x: message(x, options=opts() + tlv(53, [DISCOVER])))
    add("repeated_53_same", "no-message-type", "option 53 = INFORM twice (joined: 2 bytes)",
        lambda x: message(x, options=opts() + tlv(53, [INFORM])))
    add("discover", "not-inform", "a DHCPDISCOVER with the phone's vendor class",
        lambda x: message(x, options=opts(msg_type=DISCOVER), ciaddr="0.0.0.0"))
    add("request", "not-inform", "a DHCPREQUEST", lambda x: message(x, options=opts(msg_type=REQUEST)))
    add("release", "not-inform", "a DHCPRELEASE", lambda x: message(x, options=opts(msg_type=RELEASE)))
    add("ack_in_a_bootrequest", "not-inform", "option 53 = DHCPACK in a BOOTREQUEST",
        lambda x: message(x, options=opts(msg_type=ACK)))
    add("option53_type_255", "not-inform", "option 53 = 255", lambda x: message(x, options=opts(msg_type=255)))
    add("bootreply", "not-bootrequest", "op = BOOTREPLY (another server's answer)",
        lambda x: message(x, op=2))
    add("bootreply_wrong_cookie", "not-bootrequest", "a BOOTREPLY with a bad cookie (op is checked first)",
        lambda x: message(x, op=2, cookie=b"\0\0\0\0"))
    add("op_0", "not-bootrequest", "op = 0", lambda x: message(x, op=0))
    add("op_255", "not-bootrequest", "op = 255", lambda x: message(x, op=255))

    # ---- option 55: parameter request list -----------------------------------------------
    add("no_option55", "nothing-requested", "no option 55", lambda x: message(x, options=opts(prl=None)))
    add("option55_empty", "nothing-requested", "option 55 of length 0", lambda x: message(x, options=opts(prl=[])))
    add("option55_nothing_answerable", "nothing-requested", "55 asks for 1, 3, 6, 15: none configured",
        lambda x: message(x, options=opts(prl=[1, 3, 6, 15])))
    add("option55_only_forbidden_codes", "nothing-requested",
        "55 asks only for codes never sent to an INFORM (50 51 52 53 54 55 57 58 59 61 82 0 255)",
        lambda x: message(x, options=opts(prl=[50, 51, 52, 53, 54, 55, 57, 58, 59, 61, 82, 0, 255])))
    add("option55_200_pad_codes", "nothing-requested", "55 of 200 zero codes",
        lambda x: message(x, options=opts(prl=bytes(200))))
    add("giant_option55", "reply", "55 asks for every code 1..255", lambda x: message(x, options=opts(prl=range(1, 256))))
    add("repeated_option55", "reply", "55 twice, [120] and [43] (joined)",
        lambda x: message(x, options=opts(prl=[120]) + tlv(55, [43])))
    add("option55_1020_codes_in_4_instances", "reply", "55 four times 255 codes (1,020 joined)",
        lambda x: message(x, options=opts(prl=None) + tlv(55, [120] * 255) + tlv(55, [43] * 255)
                          + tlv(55, [1] * 255) + tlv(55, range(1, 256))))

    # ---- option 57: maximum message size -------------------------------------------------
    add("option57_16", "reply", "57 = 16 (below the legal 576: ignored)",
        lambda x: message(x, options=opts() + tlv(57, [0, 16])))
    add("option57_65535", "reply", "57 = 65535 (capped at the reply buffer)",
        lambda x: message(x, options=opts() + tlv(57, [255, 255])))
    add("option57_len_3", "reply", "57 with three bytes (ignored)",
        lambda x: message(x, options=opts() + tlv(57, [2, 64, 0])))

    # ---- option 82: relay agent information (RFC 3046) -----------------------------------
    add("option82_too_big_to_fit", "reply", "82 of 510 bytes (two instances): answered without it",
        lambda x: message(x, options=opts() + tlv(82, tlv(1, b"c" * 253)) + tlv(82, tlv(2, b"r" * 253))),
        flags="relay-info-dropped")
    add("option82_len_past_end", "malformed", "82 claims 60 bytes, 4 follow",
        lambda x: header(x) + COOKIE + opts() + bytes([82, 60, 1, 2, 0x61, 0x62]))
    add("option82_empty", "reply", "82 of length 0 (echoed as it came)",
        lambda x: message(x, options=opts() + tlv(82, [])))

    # ---- header fields ------------------------------------------------------------------
    add("hlen_17", "malformed", "hlen 17: longer than chaddr's 16 bytes", lambda x: message(x, hlen=17))
    add("hlen_255", "malformed", "hlen 255", lambda x: message(x, hlen=255))
    add("hlen_0", "reply", "hlen 0: no hardware address (ciaddr identifies the client)", lambda x: message(x, hlen=0))
    add("htype_odd", "reply", "htype 255 with a 16-byte chaddr (any ARP type is legal)",
        lambda x: message(x, htype=255, hlen=16, chaddr=bytes(range(0xA0, 0xB0))))
    add("hops_255", "reply", "hops 255 (a relay's business, RFC 1542 §4.1.1)", lambda x: message(x, hops=255))
    add("sname_file_garbage_without_overload", "reply", "0xFF-filled sname and file, no option 52",
        lambda x: message(x, sname=b"\xff" * 64, file=b"\xff" * 128))

    # ---- addresses ---------------------------------------------------------------------
    add("inform_ciaddr_outside_profiles", "no-profile", "ciaddr 198.51.100.77: no site, no default profile",
        lambda x: message(x, ciaddr="198.51.100.77"))
    add("relayed_giaddr_outside_profiles", "no-profile", "ciaddr 0, relayed by 198.51.100.1: no site",
        lambda x: message(x, ciaddr="0.0.0.0", giaddr="198.51.100.1"))
    add("ciaddr_loopback", "bad-address", "ciaddr 127.0.0.1: a reply would go to our own host",
        lambda x: message(x, ciaddr="127.0.0.1"))
    add("ciaddr_multicast", "bad-address", "ciaddr 224.0.0.1 (all hosts)", lambda x: message(x, ciaddr="224.0.0.1"))
    add("ciaddr_limited_broadcast", "bad-address", "ciaddr 255.255.255.255",
        lambda x: message(x, ciaddr="255.255.255.255"))
    add("ciaddr_this_network", "bad-address", "ciaddr 0.0.0.1 (0/8)", lambda x: message(x, ciaddr="0.0.0.1"))
    add("ciaddr_class_e", "bad-address", "ciaddr 240.0.0.1 (240/4)", lambda x: message(x, ciaddr="240.0.0.1"))
    add("giaddr_multicast", "bad-address", "ciaddr 0 and giaddr 239.1.1.1: the reply would go to a group",
        lambda x: message(x, ciaddr="0.0.0.0", giaddr="239.1.1.1"))
    add("giaddr_loopback", "bad-address", "giaddr 127.0.0.1", lambda x: message(x, giaddr="127.0.0.1"))
    # A subnet's own network and broadcast addresses are no host's either: a reply there is a
    # directed broadcast to every phone of the site (the corpus's site is 192.0.2.0/24).
    add("ciaddr_subnet_broadcast", "bad-address", "ciaddr 192.0.2.255, the site subnet's broadcast address",
        lambda x: message(x, ciaddr="192.0.2.255"))
    add("ciaddr_subnet_network", "bad-address", "ciaddr 192.0.2.0, the site subnet's network address",
        lambda x: message(x, ciaddr="192.0.2.0"))
    add("giaddr_subnet_broadcast", "bad-address", "ciaddr 0, relayed from giaddr 192.0.2.255 (the site's broadcast)",
        lambda x: message(x, ciaddr="0.0.0.0", giaddr="192.0.2.255"))

    # ---- noise --------------------------------------------------------------------------
    noise = bytes(rng.randrange(256) for _ in range(299))
    add("garbage_300_bytes_after_op_1", "malformed", "op 1, hlen 6, then 298 random bytes (cookie wrong)",
        lambda x: b"\x01\x01\x06" + noise[3:4] + struct.pack("!I", x) + noise[8:236] + bytes(4) + noise[236:])

    # ---- appended later (the xids above stay as they were) --------------------------------
    add("option82_suboption_overrun", "malformed", "82 of 5 bytes whose sub-option 1 claims 10 (RFC 3046 §2.0)",
        lambda x: message(x, options=opts() + bytes([82, 5, 1, 10, 0x61, 0x62, 0x63])))
    return out


def build():
    """[(name, verdict, flags, what, bytes)]"""
    result = []
    for i, (name, verdict, flags, what, make) in enumerate(cases()):
        data = make(XID_BASE + i)
        if len(data) >= 8 and name not in ("zero_length", "one_byte"):
            assert struct.unpack("!I", data[4:8])[0] == XID_BASE + i, name
        result.append((name, verdict, flags, what, data))
    names = [r[0] for r in result]
    assert len(set(names)) == len(names), "duplicate names"
    return result


def table_text(entries):
    lines = ["# name\tverdict\tflags\twhat it breaks (generated by make_corpus.py; see its docstring)"]
    lines += [f"{n}\t{v}\t{f}\t{w}" for n, v, f, w, _ in entries]
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="compare with the checked-in corpus")
    ap.add_argument("--out", default=CORPUS, help="directory to write (default: corpus/)")
    args = ap.parse_args()
    entries = build()
    wanted = {f"{n}.bin": d for n, _, _, _, d in entries}
    wanted["expected.tsv"] = table_text(entries).encode()
    if args.check:
        problems = []
        present = set(os.listdir(args.out)) if os.path.isdir(args.out) else set()
        for name, data in wanted.items():
            path = os.path.join(args.out, name)
            if name not in present:
                problems.append(f"{name}: missing")
            elif open(path, "rb").read() != data:
                problems.append(f"{name}: differs from what make_corpus.py makes")
        problems += [f"{n}: not made by make_corpus.py" for n in sorted(present - set(wanted))]
        for p in problems:
            print(f"make_corpus: FAIL: {p}", file=sys.stderr)
        if problems:
            print("make_corpus: run tests/hostile/make_corpus.py to regenerate", file=sys.stderr)
            return 1
        print(f"make_corpus: OK: {len(entries)} packets match corpus/")
        return 0
    os.makedirs(args.out, exist_ok=True)
    for name in os.listdir(args.out):
        if name not in wanted:
            os.remove(os.path.join(args.out, name))
    for name, data in wanted.items():
        with open(os.path.join(args.out, name), "wb") as f:
            f.write(data)
    print(f"make_corpus: wrote {len(entries)} packets and expected.tsv to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
