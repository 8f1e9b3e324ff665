#!/usr/bin/env bash
# A server on two phone subnets without `listen:` (default: every up IPv4 interface but loopback):
#
#   phone-a ph0 192.0.2.10    ── srv0 192.0.2.1    │ server ns, dhcplite │
#   phone-b ph0 198.51.100.10 ── srv1 198.51.100.1 │                     │
#
# Option 54 is the address of the interface each INFORM arrived on; the profile comes from the
# phone's ciaddr, or — for a client still at 0.0.0.0 — from the receiving interface's address
# (docs/design.md §4). Site b gives its SIP server as an IPv4 address (option 120 enc 1, RFC 3361 §3.2).
# shellcheck source-path=SCRIPTDIR source=../lib/daemon.sh
. "$(dirname "$0")/../lib/daemon.sh"
daemon_test_init multi dhcpprobe.py scapy.layers.dhcp

SRV=$(netns_name srv)
PHONE_A=$(netns_name phone-a)
PHONE_B=$(netns_name phone-b)
netns_add "$SRV"
netns_add "$PHONE_A"
netns_add "$PHONE_B"
netns_veth "$SRV" srv0 192.0.2.1/24 "$PHONE_A" ph0 192.0.2.10/24
netns_veth "$SRV" srv1 198.51.100.1/24 "$PHONE_B" ph0 198.51.100.10/24

cat >"$T/dhcplite.yaml" <<'EOF'
log-level: debug
user: nobody
group: nogroup
default:
  sip-servers: [lync.schertz.local]
sites:
  - name: b
    subnets: [198.51.100.0/24]
    sip-servers: [198.51.100.5]
    web-server: web-b.example.com
EOF
daemon_start "$SRV" "$T/dhcplite.yaml"

site_b=(--expect-sip 198.51.100.5 --expect-web web-b.example.com)

netns_say "phone a (192.0.2.10): default profile, option 54 = 192.0.2.1"
client "$PHONE_A" inform --iface ph0 --ciaddr 192.0.2.10 --expect-server-id 192.0.2.1 \
    --expect-vector lync.schertz.local || netns_fail "phone a"

netns_say "phone b (198.51.100.10): site b by ciaddr, option 54 = 198.51.100.1, option 120 enc 1"
client "$PHONE_B" inform --iface ph0 --ciaddr 198.51.100.10 --expect-server-id 198.51.100.1 \
    "${site_b[@]}" || netns_fail "phone b"

netns_say "phone b from 0.0.0.0, ciaddr 0: site b by the receiving interface, broadcast reply"
client "$PHONE_B" inform --iface ph0 --ciaddr 0.0.0.0 --l2-src-ip 0.0.0.0 \
    --expect-server-id 198.51.100.1 --expect-dst 255.255.255.255 "${site_b[@]}" ||
    netns_fail "phone b without an address"

netns_say "phone a from 0.0.0.0, ciaddr 0: default profile, broadcast reply"
client "$PHONE_A" inform --iface ph0 --ciaddr 0.0.0.0 --l2-src-ip 0.0.0.0 \
    --expect-server-id 192.0.2.1 --expect-dst 255.255.255.255 \
    --expect-vector lync.schertz.local || netns_fail "phone a without an address"

daemon_stop
netns_say "PASS"
