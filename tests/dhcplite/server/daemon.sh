#!/bin/bash
# The real daemon in a pair of fresh network namespaces (addresses from 192.0.2.0/24 only):
# privilege drop, capabilities, unicast and broadcast replies, SIGUSR1 counters, SIGHUP with a
# bad and a good config, SIGTERM → exit 0; started as root (drops to nobody) and as systemd
# would start it (setpriv: user nobody with only CAP_NET_BIND_SERVICE, ambient). Needs root:
# exit 77 (skip) without it, a failure under CI=true.
set -u
BIN=${1:?usage: daemon.sh path/to/dhcplite}
HERE=$(cd "$(dirname "$0")" && pwd)
CLIENT="$HERE/inform_client.py"

if [ "$(id -u)" != 0 ]; then
    if [ "${CI:-}" = true ]; then echo "FAIL: this test needs root under CI"; exit 1; fi
    echo "SKIP: needs root (network namespaces, port 67)"; exit 77
fi
for tool in ip setpriv /usr/bin/python3; do
    command -v "$tool" >/dev/null || { echo "FAIL: $tool missing (scripts/install-deps.sh)"; exit 1; }
done

NS=dl-srv-$$
CLI=dl-cli-$$
TMP=$(mktemp -d)
chmod 755 "$TMP"  # the daemon re-reads its config on SIGHUP as nobody
PID=
NOTIFY=
PASSED=0
FAILED=0

cleanup() {
    if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then kill -KILL "$PID" 2>/dev/null; wait "$PID" 2>/dev/null; fi
    [ -n "${BLOCKER:-}" ] && kill "$BLOCKER" 2>/dev/null
    [ -n "${LISTENER:-}" ] && kill "$LISTENER" 2>/dev/null
    ip netns delete "$NS" 2>/dev/null
    ip netns delete "$CLI" 2>/dev/null
    rm -rf "$TMP"
}
trap cleanup EXIT

pass() { echo "ok: $*"; PASSED=$((PASSED + 1)); }
fail() { echo "FAIL: $*"; FAILED=$((FAILED + 1)); }
check() { local what=$1; shift; if "$@"; then pass "$what"; else fail "$what"; fi; }

# Waits (bounded) until file $1 has a line matching $2.
wait_in() {
    for _ in $(seq 1 100); do
        grep -qE -- "$2" "$1" && return 0
        sleep 0.05
    done
    return 1
}
wait_log() { wait_in "$TMP/log" "$1"; }
status_field() { awk -v k="$1:" '$1 == k { print $2 }' "/proc/$PID/status"; }
client() { ip netns exec "$CLI" "$CLIENT" --device dlc0 "$@"; }

ip netns add "$NS" && ip netns add "$CLI" || { echo "FAIL: cannot create network namespaces"; exit 1; }
ip -n "$NS" link add name dls0 type veth peer name dlc0
ip -n "$NS" link set dlc0 netns "$CLI"
ip -n "$NS" addr add 192.0.2.1/24 dev dls0
ip -n "$NS" link set dls0 up
ip -n "$NS" link set lo up
ip -n "$CLI" link set dlc0 up
ip -n "$CLI" link set lo up

write_config() {  # $1 file, $2 user block, $3 listen block
    cat >"$1" <<YAML
control-socket: off  # the test leaves the host's /run/dhcplite alone
log-level: debug
$2
$3
default:
  sip-servers: [pool.example.com]
  web-server: web.example.com
YAML
    chmod 644 "$1"
}

start() {  # runs the daemon in $NS with the remaining args as a prefix command
    : >"$TMP/log"
    # JOURNAL: pretend the log file is the journal stream systemd connected (systemd.exec(5)).
    local journal=
    [ -n "${JOURNAL:-}" ] && journal="JOURNAL_STREAM=$(stat -c %d:%i "$TMP/log")"
    ip netns exec "$NS" env ${NOTIFY:+NOTIFY_SOCKET=$NOTIFY} $journal "$@" "$BIN" --config "$TMP/dhcplite.yaml" >>"$TMP/log" 2>&1 &
    PID=$!
    if wait_log "started "; then pass "daemon started ($*)"; else fail "daemon did not start"; cat "$TMP/log"; exit 1; fi
}

stop() {
    kill -TERM "$PID"
    wait "$PID"
    local rc=$?
    check "SIGTERM → exit 0 (got $rc)" test "$rc" = 0
    check "final counters logged" grep -q "stopped counters received=" "$TMP/log"
    PID=
}

echo "== 1. started as root, user nobody/nogroup, one socket per named interface"
write_config "$TMP/dhcplite.yaml" $'user: nobody\ngroup: nogroup' $'listen:\n  interfaces: [dls0]'
# A stand-in for systemd's notify socket (sd_notify(3)): one line per datagram.
NOTIFY="$TMP/notify.sock"
/usr/bin/python3 -c '
import os, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
os.chmod(sys.argv[1], 0o777)  # the daemon sends as nobody after the drop
print("bound", flush=True)
while True:
    print(s.recv(4096).decode(errors="replace").replace("\n", " | "), flush=True)' "$NOTIFY" >"$TMP/notify.log" 2>&1 &
LISTENER=$!
for _ in $(seq 1 100); do grep -q bound "$TMP/notify.log" && break; sleep 0.05; done
start
NOTIFY=
check "sd_notify READY=1 after the drop" wait_in "$TMP/notify.log" "^READY=1 \| STATUS=Serving: 0 received"
check "Uid is nobody, not 0" test "$(status_field Uid)" = 65534
check "Gid is nogroup" test "$(status_field Gid)" = 65534
check "no capabilities left (CapEff)" test "$(status_field CapEff)" = 0000000000000000
check "no capabilities left (CapPrm)" test "$(status_field CapPrm)" = 0000000000000000
check "no_new_privs set" test "$(status_field NoNewPrivs)" = 1

ip -n "$CLI" addr add 192.0.2.2/24 dev dlc0
check "INFORM with ciaddr: ACK unicast to ciaddr" client --ciaddr 192.0.2.2 --expect-to 192.0.2.2
ip -n "$CLI" addr flush dev dlc0
check "INFORM from 0.0.0.0: ACK broadcast on the interface" client --expect-to 255.255.255.255

kill -USR1 "$PID"
check "SIGUSR1 logs the counters in one line" wait_log "^(info: |<6>)counters received=2 replied=2 .* reply=2 "

cp "$TMP/dhcplite.yaml" "$TMP/good.yaml"
printf 'default:\n  sip-servers: [pool.example.com]\n  no-such-key: 1\n' >"$TMP/dhcplite.yaml"
kill -HUP "$PID"
check "SIGHUP with a bad config: error with file:line:col" \
    wait_log "reload failed, still serving the previous configuration error=.*dhcplite.yaml:3:3:"
check "... and the daemon lives on" kill -0 "$PID"
check "... and still answers" client --expect-to 255.255.255.255
cp "$TMP/good.yaml" "$TMP/dhcplite.yaml"
kill -HUP "$PID"
check "SIGHUP with a good config reloads" wait_log "^(info: |<6>)reloaded config="
kill -USR1 "$PID"
check "reload counters" wait_log "counters received=3 replied=3 .*reloads-ok=1 reloads-failed=1"
stop
check "sd_notify RELOADING=1 with MONOTONIC_USEC, twice" \
    test "$(grep -c '^RELOADING=1 | MONOTONIC_USEC=[0-9]* | ' "$TMP/notify.log")" = 2
check "sd_notify READY=1 after each reload" test "$(grep -c '^READY=1' "$TMP/notify.log")" = 3
check "sd_notify STOPPING=1" grep -q "^STOPPING=1" "$TMP/notify.log"
kill "$LISTENER" 2>/dev/null
wait "$LISTENER" 2>/dev/null
LISTENER=

echo "== 2. started as systemd would: User=nobody, AmbientCapabilities=CAP_NET_BIND_SERVICE"
# SO_BINDTODEVICE without CAP_NET_RAW: allowed once per socket since Linux 5.7.
write_config "$TMP/dhcplite.yaml" "" $'listen:\n  interfaces: [dls0]'
JOURNAL=1
start setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all,+net_bind_service \
    --ambient-caps=-all,+net_bind_service --bounding-set=-all,+net_bind_service
check "Uid is nobody" test "$(status_field Uid)" = 65534
check "CAP_NET_BIND_SERVICE dropped after binding (CapEff)" test "$(status_field CapEff)" = 0000000000000000
check "ambient set cleared" test "$(status_field CapAmb)" = 0000000000000000
check "journal stream: lines carry the syslog priority" grep -q "^<6>started version=" "$TMP/log"
check "... debug lines <7>" grep -q "^<7>credentials uid=65534/" "$TMP/log"
JOURNAL=
check "answers" client --expect-to 255.255.255.255
stop

echo "== 3. no interfaces named: one socket for all, loopback ignored"
write_config "$TMP/dhcplite.yaml" "" ""
start setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all,+net_bind_service \
    --ambient-caps=-all,+net_bind_service --bounding-set=-all,+net_bind_service
check "listens on dls0 only" grep -q "interfaces=dls0 sockets=one-for-all" "$TMP/log"
check "answers on dls0" client --expect-to 255.255.255.255
check "INFORM over loopback: no reply" \
    ip netns exec "$NS" "$CLIENT" --device lo --ciaddr 127.0.0.1 --expect none --timeout 1
kill -USR1 "$PID"
check "... counted as other-interface" wait_log "counters received=2 replied=1 .*other-interface=1 "
stop

echo "== 4. refusals, each with its exit code"
write_config "$TMP/dhcplite.yaml" "" $'listen:\n  interfaces: [dls0]'
ip netns exec "$NS" "$BIN" --config "$TMP/dhcplite.yaml" >"$TMP/log" 2>&1
rc=$?
check "root without user: → 78 (got $rc)" test "$rc" = 78
check "... saying why" grep -q "refusing to run as root" "$TMP/log"

ip netns exec "$NS" setpriv --reuid=nobody --regid=nogroup --clear-groups --inh-caps=-all \
    --bounding-set=-all "$BIN" --config "$TMP/dhcplite.yaml" >"$TMP/log" 2>&1
rc=$?
check "no CAP_NET_BIND_SERVICE: → 77 (got $rc)" test "$rc" = 77
check "... naming the capability" grep -q "CAP_NET_BIND_SERVICE" "$TMP/log"

write_config "$TMP/dhcplite.yaml" "" $'listen:\n  interfaces: [dl-missing0]'
ip netns exec "$NS" setpriv --reuid=nobody --regid=nogroup --clear-groups \
    "$BIN" --config "$TMP/dhcplite.yaml" >"$TMP/log" 2>&1
rc=$?
check "named interface missing: → 69 (got $rc)" test "$rc" = 69

write_config "$TMP/dhcplite.yaml" $'user: nobody' ""
ip netns exec "$NS" /usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind(("0.0.0.0", 67))  # no SO_REUSEADDR: a server that does not share the port
print("bound", flush=True)
time.sleep(30)' >"$TMP/blocker" 2>&1 &
BLOCKER=$!
for _ in $(seq 1 100); do grep -q bound "$TMP/blocker" && break; sleep 0.05; done
ip netns exec "$NS" "$BIN" --config "$TMP/dhcplite.yaml" >"$TMP/log" 2>&1
rc=$?
kill "$BLOCKER" 2>/dev/null; wait "$BLOCKER" 2>/dev/null; BLOCKER=
check "port 67 taken: → 71 (got $rc)" test "$rc" = 71
check "... with the reason and a hint" grep -q "EADDRINUSE.*another program holds port 67" "$TMP/log"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
