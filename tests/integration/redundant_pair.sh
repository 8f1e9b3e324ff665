#!/usr/bin/env bash
# A redundant pair: two dhcplite with the same config behind one Debian dhcrelay that forwards
# every INFORM to both (as `ip helper-address` twice would): docs/operation.md, "High availability
# and scale-out".
#
#   phone ns  ph0 198.51.100.10 + 200 phones .20–.219 ── rl-ph 198.51.100.1 │ relay ns │
#   rl-srv 192.0.2.254 ── bridge (lan ns) ── srv0 192.0.2.1 (server A ns), srv0 192.0.2.2 (B)
#
# Phones send INFORMs with ciaddr set, so each server's ACK goes straight back to the phone,
# routed through the relay ns. The flood limit stays at its default (10 per minute per MAC and
# per address): every phone has its own MAC and address, and sends at most a few per minute.
#   1. both answer: every phone gets two ACKs, the same bytes but for option 54 (pairclient.py);
#      emulate-client sees both, with equal option 43/120 bytes, exit 0, no conflict; with
#      ciaddr 0 both come back through the relay
#   2. A SIGKILLed mid-stream (400 INFORMs at 200/s): B answers every one, A some before the
#      kill and none after it is dead; emulate-client then sees one server
#   3. A started again: both answer every phone again; emulate-client sees both, no conflict
#   4. B reloaded with another SIP pool: emulate-client exits 1 with the conflict diagnosis
#   5. A reloaded with it too (the end of a rolling change): both agree on the new pool again
# shellcheck source-path=SCRIPTDIR source=../lib/daemon.sh
. "$(dirname "$0")/../lib/daemon.sh"
daemon_test_init pair pairclient.py
netns_require_cmd dhcrelay timeout
if [ -z "${DHCPUTIL:-}" ] || [ ! -x "$DHCPUTIL" ]; then
    netns_skip "DHCPUTIL (path of the dhcputil binary) is not set or not executable"
fi

PHONES=200
FIRST_PHONE=198.51.100.20
A_IP=192.0.2.1
B_IP=192.0.2.2
EMU_CIADDR=198.51.100.10

PHONE=$(netns_name phone)
RELAY=$(netns_name relay)
LAN=$(netns_name lan)
SRV_A=$(netns_name srva)
SRV_B=$(netns_name srvb)
for ns in "$PHONE" "$RELAY" "$LAN" "$SRV_A" "$SRV_B"; do netns_add "$ns"; done
netns_veth "$PHONE" ph0 "$EMU_CIADDR/24" "$RELAY" rl-ph 198.51.100.1/24
netns_lan "$LAN" "$RELAY" rl-srv 192.0.2.254/24 "$SRV_A" srv0 "$A_IP/24" "$SRV_B" srv0 "$B_IP/24"
# The phones: one address each on ph0 (secondary addresses of the same /24).
for ((k = 0; k < PHONES; k++)); do
    printf 'addr add 198.51.100.%d/24 dev ph0\n' $((20 + k))
done >"$T/phones.ip"
ip -n "$PHONE" -b "$T/phones.ip" || netns_fail "cannot add the phones' addresses"
ip -n "$PHONE" route add default via 198.51.100.1 || netns_fail "phone route"
for ns in "$SRV_A" "$SRV_B"; do
    ip -n "$ns" route add 198.51.100.0/24 via 192.0.2.254 || netns_fail "server route in $ns"
done
ip netns exec "$RELAY" sysctl -q -w net.ipv4.ip_forward=1 || netns_fail "ip_forward in the relay ns"

# pair_config <file> <sip-server>: the pair's config; the servers differ only in this file's path.
pair_config() {
    cat >"$1" <<EOF
control-socket: off  # the test leaves the host's /run/dhcplite alone
# written by $(basename "$0")
log-level: info
user: nobody
group: nogroup
listen:
  interfaces: [srv0]
default:
  sip-servers: [$2]
EOF
    chmod 644 "$1"
    "$DHCPLITE" --config "$1" --check-config >"$1.check" 2>&1 ||
        netns_fail "--check-config rejects $1: $(cat "$1.check")"
}
pair_config "$T/a.yaml" lync.schertz.local
pair_config "$T/b.yaml" lync.schertz.local
cmp -s "$T/a.yaml" "$T/b.yaml" || netns_fail "the two configs should be identical"

A_PID=
A_LOG=
B_PID=
B_LOG=
start_a() { daemon_start "$SRV_A" "$T/a.yaml" && A_PID=$DAEMON_PID && A_LOG=$DAEMON_LOG; }
start_b() { daemon_start "$SRV_B" "$T/b.yaml" && B_PID=$DAEMON_PID && B_LOG=$DAEMON_LOG; }
start_a
start_b

# Debian 12's ISC dhcrelay in the foreground: -id where the phones are, -iu towards the servers,
# and both servers: it forwards every request to each of them.
netns_spawn "$RELAY" "$T/dhcrelay.log" dhcrelay -d -4 --no-pid -id rl-ph -iu rl-srv "$A_IP" "$B_IP"
RELAY_PID=$NETNS_LAST_PID
netns_wait 10 netns__udp_bound "$RELAY" 67 || netns_fail "dhcrelay does not listen on UDP 67"

# stream <name> <count> [pairclient args...]: the phones' INFORMs, the JSON summary in $T/<name>.json.
stream() {
    local name=$1 count=$2
    shift 2
    timeout 120 ip netns exec "$PHONE" "$PY" "$CLIENT" stream --iface ph0 --first-phone "$FIRST_PHONE" \
        --phones "$PHONES" --count "$count" --rate 200 --servers "$A_IP,$B_IP" "$@" >"$T/$name.json"
}

EMU_N=0
EMU_OUT=
EMU_RC=
# [CIADDR=IP] emulate [args...]: emulate-client from the phone ns (broadcast, so through the relay).
emulate() {
    EMU_N=$((EMU_N + 1))
    EMU_OUT=$T/emulate-$EMU_N.json
    EMU_RC=0
    timeout 30 ip netns exec "$PHONE" "$DHCPUTIL" emulate-client --interface ph0 \
        --ciaddr "${CIADDR:-$EMU_CIADDR}" --timeout 1.5 --retries 0 --json "$@" \
        >"$EMU_OUT" 2>"$EMU_OUT.err" || EMU_RC=$?
}

# emu_check <rc> <python expression over j> <what>
emu_check() {
    if [ "$EMU_RC" != "$1" ]; then
        sed 's/^/    | /' "$EMU_OUT" "$EMU_OUT.err" >&2
        netns_fail "$3: emulate-client exited with $EMU_RC, expected $1"
    fi
    "$PY" - "$EMU_OUT" "$2" <<'PYEOF' || { sed 's/^/    | /' "$EMU_OUT" >&2; netns_fail "$3"; }
import json, sys
j = json.load(open(sys.argv[1]))
def hexof(answer, code):
    return next((o["hex"].upper() for o in answer.get("options", []) if o.get("code") == code), None)
ok = eval("(" + sys.argv[2].strip() + ")", {"j": j, "hexof": hexof})
if not ok:
    print("check failed:", sys.argv[2], file=sys.stderr)
sys.exit(0 if ok else 1)
PYEOF
}

O120=00046C796E63077363686572747A056C6F63616C00  # tests/data/ms-uc-client.txt [lync.schertz.local]
O43=$(sed -n '/^\[lync.schertz.local\]/,/^\[/s/^option43 *= *//p' "$SOURCE_DIR/tests/data/ms-uc-client.txt")
[ -n "$O43" ] || netns_fail "no option43 vector for lync.schertz.local"
NEW120=0006736572766572046671646E07636F6D70616E7903636F6D00  # [server.fqdn.company.com]

# Two ACKs from {A, B}, both DHCPACK, the given option 120 and equal option 43.
two_same="len(j['answers']) == 2 and {a['server'] for a in j['answers']} == {'$A_IP', '$B_IP'}
    and all(a['messageType'] == 'DHCPACK' for a in j['answers'])
    and len({hexof(a, 43) for a in j['answers']}) == 1"
no_conflict="j['result'] == 'success' and [f['id'] for f in j['diagnosis']] == ['several-servers']"

netns_say "1. both servers answer: every phone twice, identical bytes but option 54"
stream both "$PHONES" --vector lync.schertz.local ||
    netns_fail "phase 1: not every phone got the same ACK from both servers"
emulate
emu_check 0 "$two_same and $no_conflict and all(hexof(a, 120) == '$O120' and hexof(a, 43) == '$O43'
    for a in j['answers'])" "phase 1: emulate-client should see two identical answers, no conflict"
netns_say "emulate-client: 2 ACKs, equal option 43/120, no conflict (first from $(
    "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["dhcpServer"])' "$EMU_OUT"))"
# A phone without its address yet (ciaddr 0): both ACKs go to the relay (giaddr:67), which
# broadcasts each of them on the phone's link.
CIADDR=0.0.0.0 emulate
emu_check 0 "$two_same and $no_conflict and all(a['source'] == '198.51.100.1'
    and a['destination'] == '255.255.255.255' for a in j['answers'])" \
    "phase 1, ciaddr 0: emulate-client should see both answers relayed back, no conflict"

netns_say "2. server A killed (SIGKILL) mid-stream: B answers every phone"
stream kill $((2 * PHONES)) --vector lync.schertz.local --kill-pid "$A_PID" --kill-at 150 --victim "$A_IP" ||
    netns_fail "phase 2: a phone went unanswered when A died, or A answered after its death"
a_status=0
wait_spawned "$A_PID" || a_status=$?
[ "$a_status" = 137 ] || netns_fail "server A exited with $a_status, expected 137 (SIGKILL)"
emulate
emu_check 0 "j['result'] == 'success' and [a['server'] for a in j['answers']] == ['$B_IP']
    and j['dhcpServer'] == '$B_IP' and j['diagnosis'] == []" "phase 2: emulate-client should see B alone"

netns_say "3. server A back: both answer again"
start_a
stream back "$PHONES" --vector lync.schertz.local ||
    netns_fail "phase 3: not every phone got the same ACK from both servers after A came back"
emulate
emu_check 0 "$two_same and $no_conflict" "phase 3: emulate-client should see both again, no conflict"

# logged_since <line-count> <log> <regex>: a line after the first <line-count> matches.
logged_since() {
    tail -n +"$(($1 + 1))" "$2" | grep -qE -- "$3"
}

# reload <config> <sip> <pid> <log>: the new file checked first, then SIGHUP, then its log line.
reload() {
    local before
    pair_config "$1" "$2"
    before=$(wc -l <"$4")
    kill -HUP "$3" || netns_fail "SIGHUP to $3"
    netns_wait 10 logged_since "$before" "$4" 'reloaded config=' ||
        netns_fail "no 'reloaded' line in $4 within 10 s of SIGHUP"
    logged_since "$before" "$4" 'reload failed' && netns_fail "the reload of $1 failed"
    netns_say "log: $(tail -n +"$((before + 1))" "$4" | grep 'reloaded config=' | tail -n 1)"
}

netns_say "4. B reloaded with another SIP pool: emulate-client reports the conflict"
reload "$T/b.yaml" server.fqdn.company.com "$B_PID" "$B_LOG"
emulate
emu_check 1 "j['result'] == 'failure' and len(j['answers']) == 2
    and {hexof(a, 120) for a in j['answers']} == {'$O120', '$NEW120'}
    and j['diagnosis'][0]['id'] == 'conflict'
    and 'server.fqdn.company.com' in j['diagnosis'][0]['message']
    and 'lync.schertz.local' in j['diagnosis'][0]['message']" \
    "phase 4: emulate-client should report a conflict"

netns_say "5. A reloaded with the same: the pair agrees again"
reload "$T/a.yaml" server.fqdn.company.com "$A_PID" "$A_LOG"
cmp -s "$T/a.yaml" "$T/b.yaml" || netns_fail "the two configs should be identical again"
emulate --expect-sip-server server.fqdn.company.com
emu_check 0 "$two_same and $no_conflict and all(hexof(a, 120) == '$NEW120' for a in j['answers'])" \
    "phase 5: emulate-client should see both with the new pool, no conflict"

netns_alive "$RELAY_PID" || netns_fail "dhcrelay died"
DAEMON_PID=$A_PID
daemon_stop
DAEMON_PID=$B_PID
daemon_stop
netns_say "PASS"
