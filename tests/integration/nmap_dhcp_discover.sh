#!/usr/bin/env bash
# nmap as an independent client and decoder (Debian's nmap, run inside the phone's namespace).
#
# 1. The stock dhcp-discover script sends a DHCPINFORM (nselib/dhcp.lua dhcp_build: options 53,
#    optionally 61, 55, END) but can never send option 60 (vendor class identifier): its only
#    option argument is the client identifier. A phone-only responder must therefore NOT answer
#    it; the test checks that nmap shows no answer and that the daemon counted the drop.
# 2. Our NSE probe (dhcp-msuc-inform.nse) builds a phone's INFORM with nmap's own dhcp library
#    (option 60 "MS-UC-Client", option 55 = [120, 43]) and parses the ACK with it: nmap must show
#    the DHCPACK, the server identifier and option 43, and the raw reply must match byte by byte.
# shellcheck source-path=SCRIPTDIR source=../lib/daemon.sh
. "$(dirname "$0")/../lib/daemon.sh"
daemon_test_init nmap dhcpprobe.py scapy.layers.dhcp
netns_require_cmd nmap
[ -r /usr/share/nmap/scripts/dhcp-discover.nse ] || netns_skip "nmap's dhcp-discover script is missing"

server_and_phone 192.0.2.20/24

write_config "$T/dhcplite.yaml" srv0
daemon_start "$SRV" "$T/dhcplite.yaml"

# -Pn -sU -p67: the portrule of both scripts wants UDP 67 open or open|filtered; nmap's UDP probe
# for port 67 is itself a BOOTP datagram without option 60 (nmap-payloads), dropped and counted.
nmap_run() {
    ip netns exec "$PHONE" timeout 30 nmap -v -n -Pn -e ph0 -sU -p 67 --script "$@" 192.0.2.1
}

netns_say "stock dhcp-discover (no option 60): must get no answer"
nmap_run dhcp-discover >"$T/nmap-stock.txt" 2>&1 || netns_fail "nmap (dhcp-discover) failed: $(tail -n 5 "$T/nmap-stock.txt")"
sed 's/^/    /' "$T/nmap-stock.txt" >&2
grep -q '^67/udp' "$T/nmap-stock.txt" || netns_fail "nmap did not scan 67/udp"
if grep -qE 'Server Identifier|DHCPACK' "$T/nmap-stock.txt"; then
    netns_fail "dhcp-discover got an answer although it sent no vendor class"
fi
daemon_counters "$T/counters-1.txt"
netns_say "counters: $(cat "$T/counters-1.txt")"
"$PY" - "$T/counters-1.txt" <<'EOF' || netns_fail "the INFORM without option 60 was not counted as no-vendor-class"
import re, sys
line = open(sys.argv[1]).read()
counts = {k: int(v) for k, v in re.findall(r"([a-z][a-z-]*)[=:] ?(\d+)", line)}
# nmap's dhcp-discover INFORM has no option 60; its UDP scan payload may be counted elsewhere.
sys.exit(0 if counts.get("no-vendor-class", 0) >= 1 and counts.get("reply", 0) == 0 else 1)
EOF

netns_say "our NSE probe (nmap's dhcp library, option 60 MS-UC-Client, PRL [120, 43])"
nmap_run "$(dirname "$CLIENT")/dhcp-msuc-inform.nse" >"$T/nmap-probe.txt" 2>&1 ||
    netns_fail "nmap (dhcp-msuc-inform.nse) failed: $(tail -n 5 "$T/nmap-probe.txt")"
sed 's/^/    /' "$T/nmap-probe.txt" >&2
"$PY" "$CLIENT" nmap-output --output "$T/nmap-probe.txt" --expect-server-id 192.0.2.1 \
    --expect-vector lync.schertz.local --prl 120,43 || netns_fail "nmap's view of the ACK"

daemon_stop
netns_say "PASS"
