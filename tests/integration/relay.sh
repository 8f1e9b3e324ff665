#!/usr/bin/env bash
# A phone on 198.51.100.0/24 behind Debian's ISC relay (dhcrelay -a, which adds option 82 with
# the circuit ID = the name of the interface the request came in on), dhcplite on 192.0.2.0/24:
#
#   phone ns  ph0 198.51.100.10 ── rl-ph 198.51.100.1 │ relay ns │ rl-srv 192.0.2.2 ── srv0 192.0.2.1  server ns
#
# The config has a site for 198.51.100.0/24 with another SIP pool than the default: the relayed
# phone must get the site's profile (selected by giaddr). A scapy sniffer in the server's
# namespace checks that the ACK echoes the relay's option 82 unchanged as its last option.
#   - ciaddr = 198.51.100.10: the ACK goes straight to ciaddr:68, routed through the relay ns.
#   - ciaddr = 0: the ACK goes to the relay at giaddr:67 with the broadcast flag set; dhcrelay
#     strips option 82 (only if it recognises its own circuit ID) and broadcasts it to the phone.
# shellcheck source-path=SCRIPTDIR source=../lib/daemon.sh
. "$(dirname "$0")/../lib/daemon.sh"
daemon_test_init relay dhcpprobe.py scapy.layers.dhcp
netns_require_cmd dhcrelay

PHONE=$(netns_name phone)
RELAY=$(netns_name relay)
SRV=$(netns_name srv)
netns_add "$PHONE"
netns_add "$RELAY"
netns_add "$SRV"
netns_veth "$PHONE" ph0 198.51.100.10/24 "$RELAY" rl-ph 198.51.100.1/24
netns_veth "$RELAY" rl-srv 192.0.2.2/24 "$SRV" srv0 192.0.2.1/24
ip -n "$PHONE" route add default via 198.51.100.1 || netns_fail "phone route"
ip -n "$SRV" route add 198.51.100.0/24 via 192.0.2.2 || netns_fail "server route"
ip netns exec "$RELAY" sysctl -q -w net.ipv4.ip_forward=1 || netns_fail "ip_forward in the relay ns"

cat >"$T/dhcplite.yaml" <<'EOF'
log-level: debug
user: nobody
group: nogroup
listen:
  interfaces: [srv0]
default:
  sip-servers: [lync.schertz.local]
sites:
  - name: branch
    subnets: [198.51.100.0/24]
    sip-servers: [pool-branch.example.com]
    web-server: web-branch.example.com
    port: 4443
EOF
daemon_start "$SRV" "$T/dhcplite.yaml"

# ISC dhcrelay in the foreground: -id where clients are, -iu towards the server.
netns_spawn "$RELAY" "$T/dhcrelay.log" dhcrelay -d -4 -a --no-pid -id rl-ph -iu rl-srv 192.0.2.1
RELAY_PID=$NETNS_LAST_PID
netns_wait 10 netns__udp_bound "$RELAY" 67 || netns_fail "dhcrelay does not listen on UDP 67"

netns_spawn "$SRV" "$T/sniff.log" "$PY" "$CLIENT" sniff --iface srv0 --out "$T/capture.json" \
    --ready "$T/sniff.ready" --max-seconds 60
SNIFF_PID=$NETNS_LAST_PID
netns_wait 20 test -e "$T/sniff.ready" || netns_fail "the sniffer did not start within 20 s"

# dhcrelay's option 82 (common/options.c, -a): sub-option 1 (circuit ID) = the interface name.
circuit_hex=$(printf 'rl-ph' | od -An -tx1 | tr -d ' \n' | tr a-f A-F)
option82=$(printf '01%02X%s' 5 "$circuit_hex")

site=(--expect-sip pool-branch.example.com --expect-web web-branch.example.com --expect-port 4443)

netns_say "ciaddr = 198.51.100.10: site profile, unicast to ciaddr:68 through the relay ns"
client "$PHONE" inform --iface ph0 --ciaddr 198.51.100.10 --xid 0x0A0B0C01 --prl 120,43 \
    --expect-server-id 192.0.2.1 --expect-dst 198.51.100.10 --expect-giaddr 198.51.100.1 "${site[@]}" \
    --expect-option82 "$option82" || netns_fail "relayed INFORM with ciaddr set"

netns_say "ciaddr = 0: site profile, to the relay at giaddr:67 with the broadcast flag, then to the phone"
client "$PHONE" inform --iface ph0 --ciaddr 0.0.0.0 --xid 0x0A0B0C02 --prl 43,120 \
    --expect-server-id 192.0.2.1 --expect-src 198.51.100.1 --expect-dst 255.255.255.255 \
    --expect-flags 0x8000 --expect-giaddr 198.51.100.1 "${site[@]}" || netns_fail "relayed INFORM with ciaddr 0"

netns_stop "$SNIFF_PID" 10
[ -s "$T/capture.json" ] || netns_fail "the sniffer wrote no capture"

netns_say "server side, ciaddr set: the relay's option 82 comes back unchanged, last"
"$PY" "$CLIENT" check-relay --capture "$T/capture.json" --xid 0x0A0B0C01 \
    --expect-giaddr 198.51.100.1 --expect-option82 "$option82" \
    --expect-reply-dst 198.51.100.10 --expect-reply-port 68 || netns_fail "option 82 echo (ciaddr set)"

netns_say "server side, ciaddr 0: the ACK goes to giaddr:67 with option 82 last"
"$PY" "$CLIENT" check-relay --capture "$T/capture.json" --xid 0x0A0B0C02 \
    --expect-giaddr 198.51.100.1 --expect-option82 "$option82" \
    --expect-reply-dst 198.51.100.1 --expect-reply-port 67 || netns_fail "option 82 echo (ciaddr 0)"

netns_alive "$RELAY_PID" || netns_fail "dhcrelay died"
daemon_stop
netns_say "PASS"
