#!/usr/bin/env bash
# The config file goes bad under a running dhcplite (user nobody, so file modes matter), while a
# steady stream of INFORMs (100/s) arrives. Each SIGHUP must log the error and keep the old
# configuration answering:
#   a. chmod 000                      → EACCES logged
#   b. deleted                        → ENOENT logged
#   c. a directory in its place       → refused as not a regular file
#   d. a FIFO in its place (no writer) → refused as not a regular file; opening it would block
#      the loop that answers
# then a good file with another SIP server is loaded. Every INFORM of the stream is answered,
# all but those after the last reload from the first config; counters: 4 failed, 1 ok.
# shellcheck source-path=SCRIPTDIR source=../lib/daemon.sh
. "$(dirname "$0")/../lib/daemon.sh"
daemon_test_init cfgmissing faultclient.py
netns_require_cmd mkfifo

server_and_phone 192.0.2.40/24
ip -n "$PHONE" addr add 192.0.2.41/24 dev ph0  # .40 for the stream, .41 for single probes

CFG=$T/etc/dhcplite.yaml
mkdir -m 755 "$T/etc"
replace_config() {  # <sip-server>
    cat >"$CFG.new" <<EOF
control-socket: off  # the test leaves the host's /run/dhcplite alone
log-level: info
user: nobody
group: nogroup
# One client at 100/s: far beyond the flood guard's per-client limit.
rate-limit: off
default:
  sip-servers: [$1]
EOF
    chmod 644 "$CFG.new"
    mv -f "$CFG.new" "$CFG"
}
replace_config first.example.com
daemon_start "$SRV" "$CFG"
# Not root any more: the file modes below are checked against nobody.
[ "$(awk '/^Uid:/ {print $3}' "/proc/$DAEMON_PID/status")" = "$(id -u nobody)" ] ||
    netns_fail "dhcplite does not run as nobody"

client "$PHONE" once --iface ph0 --ciaddr 192.0.2.41 --expect-sip first.example.com --tries 5 \
    >/dev/null || netns_fail "no answer at start"

# netns_spawn: $! is the client itself, so the cleanup trap ends it if the test fails midway.
netns_spawn "$PHONE" "$T/stream.log" "$PY" "$CLIENT" stream --iface ph0 --ciaddr 192.0.2.40 \
    --rate 100 --stop-file "$T/stop" --require-all --out "$T/stream.json"
STREAM=$NETNS_LAST_PID
sleep 0.5

failures=0
# reload_fails <what> <expected error text>: SIGHUP, the error in the log, old config answers.
reload_fails() {
    local before
    before=$(grep -c "reload failed" "$DAEMON_LOG")
    kill -HUP "$DAEMON_PID"
    netns_wait 5 more_lines "reload failed" "$before" ||
        netns_fail "$1: no 'reload failed' line within 5 s (hung?)"
    failures=$((failures + 1))
    local line
    line=$(grep "reload failed" "$DAEMON_LOG" | tail -n 1)
    netns_say "$1: $line"
    grep -q -- "$2" <<<"$line" || netns_fail "$1: the error does not say '$2'"
    grep -qF "$CFG" <<<"$line" || netns_fail "$1: the error does not name the file"
    daemon_alive || netns_fail "$1: dhcplite died"
    client "$PHONE" once --iface ph0 --ciaddr 192.0.2.41 --expect-sip first.example.com --tries 3 \
        >/dev/null || netns_fail "$1: the old configuration no longer answers"
    sleep 0.3
}
more_lines() {
    [ "$(grep -c "$1" "$DAEMON_LOG")" -gt "$2" ]
}

chmod 000 "$CFG"
reload_fails "a. chmod 000" "Permission denied"
rm -f "$CFG"
reload_fails "b. deleted" "No such file or directory"
mkdir "$CFG"
reload_fails "c. a directory" "not a regular file"
rmdir "$CFG"
mkfifo -m 644 "$CFG"
reload_fails "d. a FIFO" "not a regular file"
rm -f "$CFG"

netns_say "e. a good file again, another SIP server"
replace_config second.example.com
before=$(grep -c "reloaded config=" "$DAEMON_LOG")
kill -HUP "$DAEMON_PID"
netns_wait 5 more_lines "reloaded config=" "$before" || netns_fail "the good file was not loaded"
client "$PHONE" once --iface ph0 --ciaddr 192.0.2.41 --expect-sip second.example.com --tries 3 \
    >/dev/null || netns_fail "not serving the new file"
sleep 0.3

touch "$T/stop"
wait_spawned "$STREAM" || netns_fail "INFORMs of the stream went unanswered: $(cat "$T/stream.log")"
netns_say "stream: $(cat "$T/stream.json")"
"$PY" - "$T/stream.json" <<'EOF' || netns_fail "the stream's answers are wrong"
import json, sys
s = json.load(open(sys.argv[1]))
sips = list(s["by_sip"])
if not set(sips) <= {"first.example.com", "second.example.com"} or "first.example.com" not in sips:
    sys.exit(f"SIP servers in the answers: {s['by_sip']}")
EOF

daemon_counters "$T/counters.txt"
netns_say "counters: $(cat "$T/counters.txt")"
[ "$(counter "$T/counters.txt" reloads-failed)" = "$failures" ] || netns_fail "reloads-failed is not $failures"
[ "$(counter "$T/counters.txt" reloads-ok)" = 1 ] || netns_fail "reloads-ok is not 1"
daemon_stop
netns_say "PASS"
