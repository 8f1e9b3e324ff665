#!/usr/bin/python3
"""Reads emulate-client's --pcap file with tshark (Wireshark's decoder, not ours) and checks that
it agrees with emulate-client's --json output: our DHCPINFORM (type 8, vendor class, 68 → 67,
correct IPv4 and UDP checksums), and for every DHCPACK the server identifier, option 120's SIP
server name (tshark decodes RFC 3361) and option 43 — whose MS-UC-Client sub-options tshark does
not know, so its raw bytes are split here (RFC 2132 §8.4 TLVs) and the URL rebuilt.

usage: tshark_check.py PCAP JSON [MIN_INFORMS]
"""
import json
import subprocess
import sys

FIELDS = ["frame.number", "dhcp.option.dhcp", "dhcp.id", "dhcp.option.vendor_class_id",
          "dhcp.option.sip_server.name", "dhcp.option.dhcp_server_id", "dhcp.option.vendor.value",
          "ip.src", "ip.dst", "udp.srcport", "udp.dstport", "ip.checksum.status",
          "udp.checksum.status"]


def fail(msg):
    print("tshark_check: FAIL:", msg, file=sys.stderr)
    sys.exit(1)


def sub_options(raw):
    subs, i = {}, 0
    while i < len(raw):
        code = raw[i]
        if code == 0:
            i += 1
            continue
        if code == 255:
            break
        length = raw[i + 1]
        subs.setdefault(code, raw[i + 2:i + 2 + length].decode("ascii"))
        i += 2 + length
    return subs


def main():
    pcap, report = sys.argv[1], json.load(open(sys.argv[2]))
    min_informs = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    cmd = ["tshark", "-r", pcap, "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
           "-T", "fields", "-E", "separator=|", "-E", "occurrence=f"]
    for f in FIELDS:
        cmd += ["-e", f]
    rows = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.splitlines()
    frames = [dict(zip(FIELDS, r.split("|"))) for r in rows if r.strip()]
    xid = int(report["xid"], 16)
    informs = [f for f in frames if f["dhcp.option.dhcp"] == "8"]
    acks = [f for f in frames if f["dhcp.option.dhcp"] == "5"]
    if len(informs) < min_informs:
        fail(f"{len(informs)} DHCPINFORM frames in the capture, expected at least {min_informs}")
    if len(informs) != report["sent"]:
        fail(f"{len(informs)} DHCPINFORM frames in the capture, emulate-client says it sent {report['sent']}")
    for f in informs:
        if int(f["dhcp.id"], 16) != xid:
            fail(f"INFORM xid {f['dhcp.id']} != {report['xid']}")
        if f["dhcp.option.vendor_class_id"] != report["inform"]["vendorClass"]:
            fail(f"INFORM vendor class {f['dhcp.option.vendor_class_id']!r}")
        if (f["udp.srcport"], f["udp.dstport"]) != ("68", "67"):
            fail(f"INFORM ports {f['udp.srcport']} -> {f['udp.dstport']}")
        if f["ip.src"] != report["ciaddr"] or f["ip.dst"] != report["destination"]:
            fail(f"INFORM {f['ip.src']} -> {f['ip.dst']}")
        # 1 = good (0 bad, 2 unverified): tshark recomputed both checksums and agrees with ours.
        if f["ip.checksum.status"] != "1" or f["udp.checksum.status"] != "1":
            fail(f"INFORM checksums: ip {f['ip.checksum.status']}, udp {f['udp.checksum.status']} (1 = good)")
    ack_answers = [a for a in report["answers"] if a.get("messageType") == "DHCPACK"]
    servers_in_pcap = {f["dhcp.option.dhcp_server_id"] for f in acks}
    servers_in_json = {a["server"] for a in ack_answers}
    if servers_in_pcap != servers_in_json:
        fail(f"DHCPACK servers: tshark {sorted(servers_in_pcap)}, emulate-client {sorted(servers_in_json)}")
    for a in ack_answers:
        f = next(f for f in acks if f["dhcp.option.dhcp_server_id"] == a["server"])
        if int(f["dhcp.id"], 16) != xid:
            fail(f"ACK xid {f['dhcp.id']}")
        names = [n for n in f["dhcp.option.sip_server.name"].split(",") if n]
        if names != a.get("sipServers", []):
            fail(f"{a['server']}: tshark reads SIP servers {names}, emulate-client {a.get('sipServers')}")
        subs = sub_options(bytes.fromhex(f["dhcp.option.vendor.value"].replace(":", "")))
        url = f"{subs[2]}://{subs[3]}:{subs[4]}{subs[5]}" if all(k in subs for k in (2, 3, 4, 5)) else None
        if url != a.get("url"):
            fail(f"{a['server']}: option 43 in the capture gives URL {url}, emulate-client {a.get('url')}")
        if subs.get(1) != "MS-UC-Client":
            fail(f"{a['server']}: sub-option 1 is {subs.get(1)!r}")
    print(f"tshark agrees: {len(informs)} INFORM(s), ACKs from {sorted(servers_in_pcap)}")


if __name__ == "__main__":
    main()
