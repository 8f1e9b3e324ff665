#!/usr/bin/env bash
# Interfaces that change under a running dhcplite, while a steady stream of INFORMs arrives:
#
#   phone ph0 192.0.2.40,.41 ── srv0 192.0.2.1    │ server ns, dhcplite as nobody │
#   phone ph1 198.51.100.40  ── srv1 198.51.100.1 │ (srv1 down at start)          │
#
#   1. srv1, down at start, comes up                → answered there, option 54 = 198.51.100.1
#   2. srv0 down (no answer, daemon alive), then up → answered again, option 54 = 192.0.2.1
#   3. srv0's address changed 192.0.2.1 → .2        → option 54 = 192.0.2.2
#   4. srv0 down, address → .3 while down, up       → option 54 = 192.0.2.3
#   5. srv0 deleted and created again (new index)   → answered, option 54 = 192.0.2.4, and a
#      second stream after it: every INFORM answered
#
# The stream over steps 2–4 must show the server ids in exactly that order (.1, .2, .3) and
# nothing else. Mode `named` lists both interfaces in listen.interfaces (one SO_BINDTODEVICE
# socket each; the re-created srv0 is heard through the shared socket); mode `all` names none
# (one socket, the interface list re-read on netlink notifications). A second argument N runs the
# daemon with `workers: N` (SO_REUSEPORT sockets; the shared socket stays with the first worker).
# shellcheck source-path=SCRIPTDIR source=../lib/daemon.sh
. "$(dirname "$0")/../lib/daemon.sh"
MODE=${1:-named}
WORKERS=${2:-1}
case "$MODE" in named | all) ;; *) echo "usage: interfaces.sh named|all [WORKERS]" >&2; exit 64 ;; esac
[[ "$WORKERS" =~ ^[1-9][0-9]?$ ]] || { echo "usage: interfaces.sh named|all [WORKERS]" >&2; exit 64; }
daemon_test_init "ifaces-$MODE-w$WORKERS" faultclient.py

server_and_phone 192.0.2.40/24
netns_veth "$SRV" srv1 198.51.100.1/24 "$PHONE" ph1 198.51.100.40/24
# .40 is the stream's, .41 the single probes': each client gets its own answers.
ip -n "$PHONE" addr add 192.0.2.41/24 dev ph0
ip -n "$SRV" link set srv1 down

listen=
[ "$MODE" = named ] && listen=$'listen:\n  interfaces: [srv0, srv1]'
workers=
[ "$WORKERS" -gt 1 ] && workers="workers: $WORKERS"
cat >"$T/dhcplite.yaml" <<EOF
control-socket: off  # the test leaves the host's /run/dhcplite alone
log-level: info
user: nobody
group: nogroup
# The streams here are one client at 50-100/s: far beyond the flood guard's per-client limit.
rate-limit: off
$workers
$listen
default:
  sip-servers: [lync.schertz.local]
EOF
chmod 644 "$T/dhcplite.yaml"
daemon_start "$SRV" "$T/dhcplite.yaml"

# expect_answer <iface> <ciaddr> <server-id>: answered within 5 s (20 tries of 0.25 s).
expect_answer() {
    client "$PHONE" once --iface "$1" --ciaddr "$2" --expect-server-id "$3" --tries 20 --timeout 0.25 \
        >"$T/once.txt" 2>&1 || { cat "$T/once.txt" >&2; netns_fail "$4"; }
    netns_say "$4: $(cat "$T/once.txt")"
}
expect_alive() {
    daemon_alive || netns_fail "dhcplite died: $1"
}

expect_answer ph0 192.0.2.41 192.0.2.1 "srv0 at start"

netns_say "1. srv1 was down at start; bring it up"
ip -n "$SRV" link set srv1 up
expect_answer ph1 198.51.100.40 198.51.100.1 "srv1 after coming up"

netns_say "the stream starts (50/s on ph0)"
# netns_spawn: $! is the client itself, so the cleanup trap ends it if the test fails midway.
netns_spawn "$PHONE" "$T/stream-a.log" "$PY" "$CLIENT" stream --iface ph0 --ciaddr 192.0.2.40 \
    --rate 50 --stop-file "$T/stop-a" --out "$T/stream-a.json"
STREAM_A=$NETNS_LAST_PID
sleep 1

netns_say "2. srv0 down for 1 s"
ip -n "$SRV" link set srv0 down
client "$PHONE" once --iface ph0 --ciaddr 192.0.2.41 --timeout 0.5 >/dev/null 2>&1 &&
    netns_fail "an answer came through while srv0 was down: the test did not take it down"
sleep 0.5
expect_alive "srv0 down"
ip -n "$SRV" link set srv0 up
expect_answer ph0 192.0.2.41 192.0.2.1 "srv0 back up"
sleep 1

netns_say "3. srv0's address 192.0.2.1 -> 192.0.2.2"
ip -n "$SRV" addr del 192.0.2.1/24 dev srv0
ip -n "$SRV" addr add 192.0.2.2/24 dev srv0
expect_answer ph0 192.0.2.41 192.0.2.2 "after the address change"
sleep 1

netns_say "4. srv0 down, address -> 192.0.2.3 while down, up"
ip -n "$SRV" link set srv0 down
ip -n "$SRV" addr del 192.0.2.2/24 dev srv0
ip -n "$SRV" addr add 192.0.2.3/24 dev srv0
sleep 0.5
expect_alive "address changed while down"
ip -n "$SRV" link set srv0 up
expect_answer ph0 192.0.2.41 192.0.2.3 "up with the new address"
sleep 1

touch "$T/stop-a"
wait_spawned "$STREAM_A" || netns_fail "the stream over steps 2-4 failed: $(cat "$T/stream-a.log")"
netns_say "stream over steps 2-4: $(cat "$T/stream-a.json")"
"$PY" - "$T/stream-a.json" <<'EOF' || netns_fail "the stream's answers do not follow the changes"
import json, sys
s = json.load(open(sys.argv[1]))
ids = [run[0] for run in s["server_id_runs"]]
want = ["192.0.2.1", "192.0.2.2", "192.0.2.3"]
if ids != want:
    sys.exit(f"server ids in send order: {ids}, expected {want}")
if s["duplicates"] or s["strays"]:
    sys.exit(f"{s['duplicates']} duplicates, {s['strays']} strays")
# Most requests are answered; those sent while srv0 was down (about 2 s of 50/s) are not.
if s["answered"] < s["sent"] - 200:
    sys.exit(f"only {s['answered']} of {s['sent']} answered")
EOF

netns_say "5. srv0 deleted and created again"
before_index=$(ip -n "$SRV" -o link show srv0 | cut -d: -f1)
ip -n "$SRV" link del srv0  # deletes ph0 too (a veth pair goes as one)
expect_alive "srv0 deleted"
netns_veth "$SRV" srv0 192.0.2.4/24 "$PHONE" ph0 192.0.2.40/24
ip -n "$PHONE" addr add 192.0.2.41/24 dev ph0
after_index=$(ip -n "$SRV" -o link show srv0 | cut -d: -f1)
[ "$before_index" != "$after_index" ] || netns_fail "srv0 kept its index $before_index"
netns_say "srv0 index $before_index -> $after_index"
expect_answer ph0 192.0.2.41 192.0.2.4 "re-created srv0"
client "$PHONE" stream --iface ph0 --ciaddr 192.0.2.40 --rate 100 --count 300 --require-all \
    --out "$T/stream-b.json" >"$T/stream-b.log" 2>&1 ||
    netns_fail "INFORMs lost after the re-creation: $(cat "$T/stream-b.log")"
netns_say "stream after re-creation: $(cat "$T/stream-b.json")"
grep -q '"by_server_id": {"192.0.2.4": 300}' "$T/stream-b.json" ||
    netns_fail "answers after re-creation do not all carry option 54 = 192.0.2.4"
# srv1 was not touched by any of this.
expect_answer ph1 198.51.100.40 198.51.100.1 "srv1 still served"

# What the log says (interface_watch.hpp), per mode.
if [ "$MODE" = named ]; then
    log_has "interface srv0 index=$after_index is heard through the shared socket" ||
        netns_fail "no log line about the re-created srv0 on the shared socket"
else
    # Down at start, so not chosen then; served from the moment it came up.
    log_has "interface srv1 index=[0-9]+ served addresses=198.51.100.1" ||
        netns_fail "no log line about srv1 coming up"
    log_has "interface srv0 (index=$after_index served|re-created index=$before_index->$after_index)" ||
        netns_fail "no log line about the re-created srv0"
fi

daemon_counters "$T/counters.txt"
netns_say "counters: $(cat "$T/counters.txt")"
[ "$(counter "$T/counters.txt" receive-errors)" = 0 ] || netns_fail "receive errors counted"
daemon_stop
netns_say "PASS"
