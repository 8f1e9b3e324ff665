#!/usr/bin/env bash
# A phone (scapy-built DHCPINFORM, kernel UDP socket on port 68) and dhcplite in two network
# namespaces joined by a veth pair on 192.0.2.0/24. The ACK is checked byte by byte against an
# expectation written in Python from docs/design.md §3 and tests/data/ms-uc-client.txt: op 2, xid,
# ciaddr, chaddr copied, yiaddr/siaddr/secs/hops 0, options exactly 53=5, 54, then the requested
# ones in option-55 order, END, zero padding to ≥ 300 bytes, unicast to ciaddr:68 from :67.
# shellcheck source-path=SCRIPTDIR source=../lib/daemon.sh
. "$(dirname "$0")/../lib/daemon.sh"
daemon_test_init scapy dhcpprobe.py scapy.layers.dhcp

server_and_phone 192.0.2.10/24

write_config "$T/dhcplite.yaml" srv0
daemon_start "$SRV" "$T/dhcplite.yaml"

common=(--iface ph0 --ciaddr 192.0.2.10 --expect-server-id 192.0.2.1
    --expect-vector lync.schertz.local)

netns_say "PRL [120, 43], as docs/design.md §1 describes the phone"
client "$PHONE" inform "${common[@]}" --prl 120,43 || netns_fail "INFORM with PRL [120, 43]"

netns_say "PRL [43, 120]: option 43 must come before 120"
client "$PHONE" inform "${common[@]}" --prl 43,120 || netns_fail "INFORM with PRL [43, 120]"

netns_say "DHCPUtil -EmulateClient's INFORM (empty 54, 120 and 43 in the request)"
client "$PHONE" inform "${common[@]}" --prl 120,43 --dhcputil-style ||
    netns_fail "DHCPUtil-style INFORM"

netns_say "PRL with codes the profile lacks and lease time (51): only 120 and 43, in PRL order"
client "$PHONE" inform "${common[@]}" --prl 1,3,6,43,15,51,58,59,120 ||
    netns_fail "INFORM with a long PRL"

netns_say "another MAC and xid"
client "$PHONE" inform "${common[@]}" --prl 120,43 --mac 00:04:f2:aa:bb:cc --xid 0xFFFFFFFF ||
    netns_fail "INFORM with xid 0xFFFFFFFF"

netns_say "PRL [120] only: just option 120, the reply padded to 300 bytes (BOOTP minimum)"
client "$PHONE" inform "${common[@]}" --prl 120 || netns_fail "INFORM with PRL [120]"

# docs/design.md §3.3 destination rules for a local client without ciaddr.
netns_say "ciaddr 0, sent from 192.0.2.10: reply to the packet's source address, port 68"
client "$PHONE" inform --iface ph0 --ciaddr 0.0.0.0 --expect-server-id 192.0.2.1 \
    --expect-vector lync.schertz.local --expect-dst 192.0.2.10 || netns_fail "INFORM with ciaddr 0"

netns_say "ciaddr 0, sent from 0.0.0.0 (raw frame): reply broadcast to 255.255.255.255:68"
client "$PHONE" inform --iface ph0 --ciaddr 0.0.0.0 --l2-src-ip 0.0.0.0 \
    --expect-server-id 192.0.2.1 --expect-vector lync.schertz.local \
    --expect-dst 255.255.255.255 || netns_fail "INFORM from 0.0.0.0"

daemon_stop
netns_say "PASS"
