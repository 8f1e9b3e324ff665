#!/usr/bin/env bash
# No reply is ever a directed broadcast on one of the host's own links, whatever the request
# says and whatever site (if any) describes that link. The configuration has no sites at all,
# so the responder knows no subnet: the daemon's I/O layer must refuse, from the interfaces'
# own netmasks, every unicast reply to a link's network or broadcast address (`bad-address`):
#   1. ciaddr 0, IP source forged as 192.0.2.255 (the served link's broadcast): the reply
#      would go to the source;
#   2. the same with the link's network address 192.0.2.0;
#   3. ciaddr 192.0.2.255;
#   4. ciaddr 198.51.100.63: the broadcast address of a link the daemon does not serve (hs1,
#      198.51.100.0/26). The kernel sends it as a link-layer broadcast (with the reply's source
#      192.0.2.1 it leaves through hs0, as measured before this check existed);
#   5. and a good INFORM (ciaddr 192.0.2.2, the attacker's own), which is answered.
# A sniffer on a victim sharing the served link must see no DHCP reply at all (it saw three of
# these before: 1, 3 and 4; Linux sends 192.0.2.0 as unicast, to nobody); the counters move by
# exactly 5 received, 4 bad-address and 1 reply, and the decision lines name where each refused
# reply would have gone. Addresses from 192.0.2.0/24 and 198.51.100.0/24 only (RFC 5737).
# shellcheck source-path=SCRIPTDIR source=../lib/daemon.sh
. "$(dirname "$0")/../lib/daemon.sh"
daemon_test_init edges hostile_client.py

SRV=$(netns_name srv)
LAN=$(netns_name lan)
ATK=$(netns_name atk)
VIC=$(netns_name vic)
FAR=$(netns_name far)
for ns in "$SRV" "$LAN" "$ATK" "$VIC" "$FAR"; do netns_add "$ns"; done
netns_lan "$LAN" "$SRV" hs0 192.0.2.1/24 "$ATK" ha0 192.0.2.2/24 "$VIC" hv0 192.0.2.50/24
netns_veth "$SRV" hs1 198.51.100.1/26 "$FAR" hf0 198.51.100.2/26

cat >"$T/dhcplite.yaml" <<YAML
control-socket: off  # the test leaves the host's /run/dhcplite alone
# written by link_edges.sh: no sites, so only the interfaces' netmasks say what a link's edges are
log-level: debug
user: nobody
group: nogroup
rate-limit: off
listen:
  interfaces: [hs0]
default:
  sip-servers: [lync.example.com]
YAML
daemon_start "$SRV" "$T/dhcplite.yaml"

# The victim's sniffer counts every DHCP reply (UDP 67 -> 68) reaching it until stopped.
netns_spawn "$VIC" "$T/sniff.log" "$PY" "$CLIENT" sniff --iface hv0 --ready "$T/sniff.ready" \
    --out "$T/sniff.json" --max-seconds 60
SNIFF_PID=$NETNS_LAST_PID
netns_wait 10 test -s "$T/sniff.ready" || netns_fail "the sniffer on hv0 did not start"

daemon_counters "$T/before.txt"
client "$ATK" forged --iface ha0 --server 192.0.2.1 --out "$T/forged.json" \
    192.0.2.255/0.0.0.0 192.0.2.0/0.0.0.0 192.0.2.2/192.0.2.255 192.0.2.2/198.51.100.63 \
    192.0.2.2/192.0.2.2 || netns_fail "the forging client failed"
# The one good INFORM is answered to the attacker itself: bounded wait for its decision line.
log_has 'verdict=reply .*to=192\.0\.2\.2:68' 5 || netns_fail "the good INFORM (ciaddr 192.0.2.2) was not answered"
sleep 1  # anything wrongly sent would have reached the sniffers by now
daemon_counters "$T/after.txt"
netns_stop "$SNIFF_PID" 5
[ -s "$T/sniff.json" ] || netns_fail "the sniffer did not report"

"$PY" - "$T/before.txt" "$T/after.txt" "$T/sniff.json" <<'PYEOF' ||
import json, re, sys
counts = lambda f: {k: int(v) for k, v in re.findall(r"([a-z][a-z-]*)=(\d+)", open(f).read())}
b, a = counts(sys.argv[1]), counts(sys.argv[2])
d = {k: a[k] - b.get(k, 0) for k in a}
vic = json.load(open(sys.argv[3]))["replies"]
errors = []
for key, want in (("received", 5), ("bad-address", 4), ("reply", 1)):
    if d.get(key) != want:
        errors.append(f"{key} moved by {d.get(key)}, expected {want}")
if vic:
    errors.append(f"{vic} DHCP replies reached the victim on the served link")
for e in errors:
    print(f"link_edges: FAIL: {e}", file=sys.stderr)
print(f"link_edges: received {d.get('received')}, bad-address {d.get('bad-address')}, reply {d.get('reply')}, "
      f"replies seen by the victim {vic}", file=sys.stderr)
sys.exit(1 if errors else 0)
PYEOF
    netns_fail "the counters or the wire show a reply to a link's network or broadcast address"
for to in 192.0.2.255:68 192.0.2.0:68 198.51.100.63:68; do
    grep -q "verdict=bad-address .*to=${to//./\\.}" "$DAEMON_LOG" ||
        netns_fail "no bad-address decision line for a reply to $to"
done

daemon_alive || netns_fail "dhcplite died"
daemon_stop
netns_say "ok: no reply to a link's network or broadcast address (counters: $(cat "$T/after.txt"))"
