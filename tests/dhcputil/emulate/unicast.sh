#!/usr/bin/env bash
# --server: the DHCPINFORM unicast to a DHCP server on another subnet, through a router, as an
# admin tests a central server the phone VLAN's relay points to. The kernel routes the datagram
# and resolves the next hop's MAC (emulate-client writes only the IPv4 and UDP headers on its raw
# IPv4 socket); the capture must show it leaving to the router's MAC, from port 68, with correct
# checksums (tshark), and dhcplite's ACK must come back through the router. The phone's interface
# is not named: it is the only one with a default route.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
emu_init unicast
emu_require_dhcplite
netns_require_cmd tshark sysctl

PH=$(netns_name phone)
RTR=$(netns_name router)
SRV=$(netns_name srv)
for ns in "$PH" "$RTR" "$SRV"; do netns_add "$ns"; done
netns_veth "$PH" ph0 192.0.2.30/24 "$RTR" r-ph 192.0.2.1/24
netns_veth "$RTR" r-srv 198.51.100.1/24 "$SRV" srv0 198.51.100.10/24
ip netns exec "$RTR" sysctl -q -w net.ipv4.ip_forward=1 || netns_fail "cannot enable forwarding in the router"
ip -n "$PH" route add default via 192.0.2.1 || netns_fail "phone default route"
ip -n "$SRV" route add default via 198.51.100.1 || netns_fail "server default route"
router_mac=$(ip -n "$RTR" -br link show r-ph | awk '{print $3}')

srv_dhcplite "$SRV" srv0

emulate "$PH" emulate-client --server 198.51.100.10 --timeout 1.5 --retries 1 --hostname CX600 --json \
    --pcap "$T/unicast.pcap" --expect-sip-server "$SIP"
emu_expect_rc 0 "unicast through a router"
json_check "$EMU_OUT" "j['interface'] == 'ph0' and j['destination'] == '198.51.100.10'
    and j['result'] == 'success' and j['dhcpServer'] == '198.51.100.10'
    and j['answers'][0]['source'] == '198.51.100.10' and j['answers'][0]['destination'] == '192.0.2.30'
    and j['url'] == '$URL'" "the unicast exchange"
"$PY" "$EMU_DIR/tshark_check.py" "$T/unicast.pcap" "$EMU_OUT" >&2 || netns_fail "tshark disagrees"
# The INFORM left for the router's MAC: the kernel resolved the next hop.
eth_dst=$(tshark -r "$T/unicast.pcap" -Y 'dhcp.option.dhcp == 8' -T fields -e eth.dst 2>/dev/null | head -n 1)
[ "$eth_dst" = "$router_mac" ] || netns_fail "the INFORM went to MAC '$eth_dst', not the router's $router_mac"
netns_say "unicast INFORM left ph0 for the router ($eth_dst); ACK from 198.51.100.10"

# The text form names the unicast.
emulate "$PH" emulate-client --server 198.51.100.10 --timeout 1 --retries 0 --hostname CX600
emu_expect_rc 0 "unicast (text)"
head -n 1 "$EMU_OUT" | grep -q "to 198.51.100.10:67 (unicast)" || { emu_show; netns_fail "text title"; }

# A server the router cannot reach: no answer, and the hint speaks of routing to that server.
emulate "$PH" emulate-client --server 198.51.100.99 --timeout 0.5 --retries 0 --hostname CX600 --json
emu_expect_rc 1 "unicast to nobody"
json_check "$EMU_OUT" "j['diagnosis'][0]['id'] == 'no-answer'
    and j['diagnosis'][0]['fix'].startswith('check that 198.51.100.99 runs a DHCP server')" \
    "the unicast no-answer hint"
srv_stop
netns_say "PASS"
