#!/usr/bin/env bash
# Several DHCP servers on the phone's segment (a bridge in its own namespace joins the phone and
# two dhcplite servers). Different values → exit 1 with the conflict diagnosis, naming the server
# whose answer came first (the one a phone takes) and what the other sent; every answer is
# collected until the timeout, not just the first. The same values → success, noted. And with the
# servers gone: retransmissions with back-off, then exit 1 with "no DHCP server answered" — the
# capture file holds every retransmitted INFORM, as tshark counts them.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
emu_init conflict
emu_require_dhcplite
netns_require_cmd tshark

LAN=$(netns_name lan)
PH=$(netns_name phone)
S1=$(netns_name srv1)
S2=$(netns_name srv2)
for ns in "$LAN" "$PH" "$S1" "$S2"; do netns_add "$ns"; done
netns_lan "$LAN" "$PH" ph0 192.0.2.30/24 "$S1" srv0 192.0.2.1/24 "$S2" srv0 192.0.2.2/24

srv_dhcplite "$S1" srv0 lync.schertz.local
PID1=$SRV_PID
srv_dhcplite "$S2" srv0 pool2.schertz.local
PID2=$SRV_PID

netns_say "two servers, different values"
emulate "$PH" emulate-client --interface ph0 --timeout 1.5 --retries 0 --hostname CX600 --json
emu_expect_rc 1 "two servers with different values"
json_check "$EMU_OUT" "j['result'] == 'failure' and len(j['answers']) == 2
    and {a['server'] for a in j['answers']} == {'192.0.2.1', '192.0.2.2'}
    and j['diagnosis'][0]['id'] == 'conflict'
    and j['dhcpServer'] == [a for a in j['answers'] if a['chosen']][0]['server']" \
    "the conflict diagnosis"
first=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["dhcpServer"])' "$EMU_OUT")
json_check "$EMU_OUT" "'a phone takes the first answer, here from $first' in j['diagnosis'][0]['message']
    and 'pool2.schertz.local' in j['diagnosis'][0]['message']
    and 'lync.schertz.local' in j['diagnosis'][0]['message']" "the conflict message names both"
netns_say "conflict reported; first answer from $first"

# The same in text form, as an admin sees it.
emulate "$PH" emulate-client --interface ph0 --timeout 1.5 --retries 0 --hostname CX600
emu_expect_rc 1 "two servers with different values (text)"
if ! { grep -qx "Result: Failure" "$EMU_OUT" &&
    grep -q "^hint: 2 DHCP servers answered with different values" "$EMU_OUT"; }; then
    emu_show
    netns_fail "the text output lacks the conflict hint"
fi

netns_say "two servers, the same values"
netns_stop "$PID2" 5
srv_dhcplite "$S2" srv0 lync.schertz.local
PID2=$SRV_PID
emulate "$PH" emulate-client --interface ph0 --timeout 1.5 --retries 0 --hostname CX600 --json
emu_expect_rc 0 "two servers with the same values"
json_check "$EMU_OUT" "j['result'] == 'success' and len(j['answers']) == 2
    and [f['id'] for f in j['diagnosis']] == ['several-servers']" "the same values from two servers"

netns_say "no server: retransmissions, then no answer"
netns_stop "$PID1" 5
netns_stop "$PID2" 5
emulate "$PH" emulate-client --interface ph0 --timeout 2 --retries 2 --hostname CX600 --json \
    --pcap "$T/none.pcap"
emu_expect_rc 1 "no server"
json_check "$EMU_OUT" "j['result'] == 'failure' and j['sent'] == 3 and j['answers'] == []
    and [f['id'] for f in j['diagnosis']] == ['no-answer']" "the no-answer diagnosis after 3 sends"
"$PY" "$EMU_DIR/tshark_check.py" "$T/none.pcap" "$EMU_OUT" 3 >&2 ||
    netns_fail "the capture does not hold the three INFORMs"
netns_say "PASS"
