#!/usr/bin/env bash
# SIGHUP under a steady stream of INFORMs (2,000 at ~200/s, each its own xid; bounded in count
# and time): first with a good new config (another SIP server), then — once the new value shows
# in the answers — with a broken one. Every request gets exactly one answer, the answers switch
# once from the old to the new SIP server and stay there after the bad reload, the daemon is
# still running, and its log has the config error (file:line:column).
# shellcheck source-path=SCRIPTDIR source=../lib/daemon.sh
. "$(dirname "$0")/../lib/daemon.sh"
daemon_test_init reload dhcpprobe.py scapy.layers.dhcp

server_and_phone 192.0.2.40/24

write_config "$T/dhcplite.yaml" srv0 lync.schertz.local
write_config "$T/good.yaml" srv0 lync2.schertz.local
# The same with a typo in a key (unknown keys are errors), at column 3 of line $bad_line.
sed 's/^  sip-servers:/  sip-server:/' "$T/good.yaml" >"$T/bad.yaml"
bad_line=$(grep -n '^  sip-server:' "$T/bad.yaml" | cut -d: -f1)
[ -n "$bad_line" ] || netns_fail "could not write the bad config"
# Not debug: 2,000 decision lines would only slow the log down.
sed -i 's/^log-level: debug/log-level: info/' "$T/dhcplite.yaml" "$T/good.yaml" "$T/bad.yaml"

# The bad config must really be bad for the daemon's own checker.
"$DHCPLITE" --config "$T/bad.yaml" --check-config >"$T/check-bad.txt" 2>&1 &&
    netns_fail "--check-config accepts the bad config: $(cat "$T/check-bad.txt")"
"$DHCPLITE" --config "$T/good.yaml" --check-config >"$T/check-good.txt" 2>&1 ||
    netns_fail "--check-config rejects the good config: $(cat "$T/check-good.txt")"

daemon_start "$SRV" "$T/dhcplite.yaml"
# One answered INFORM first: the daemon is past start-up (signal handlers in place).
client "$PHONE" inform --iface ph0 --ciaddr 192.0.2.40 --expect-server-id 192.0.2.1 \
    --expect-sip lync.schertz.local >/dev/null 2>&1 || netns_fail "no answer before the load"

client "$PHONE" load --iface ph0 --ciaddr 192.0.2.40 --count 2000 --rate 200 --max-extra 30 \
    --pid "$DAEMON_PID" --config "$T/dhcplite.yaml" --good-config "$T/good.yaml" \
    --bad-config "$T/bad.yaml" --good-at 600 --bad-at 1200 \
    --old-sip lync.schertz.local --new-sip lync2.schertz.local ||
    netns_fail "answers lost, duplicated or wrong across the reloads"

daemon_alive || netns_fail "dhcplite died after the reloads"
# The error names the file, line and column of the bad key (config errors carry file,
# line, column and the key path: docs/design.md §6).
where="$T/dhcplite.yaml:$bad_line:3"
netns_wait 5 grep -qF "$where" "$DAEMON_LOG" ||
    netns_fail "no config error naming $where in the log"
netns_say "log: $(grep -F "$where" "$DAEMON_LOG" | tail -n 1)"
grep -F "$where" "$DAEMON_LOG" | grep -q 'sip-server' || netns_fail "the config error does not name the key"

# The counters agree: one reload applied, one refused.
daemon_counters "$T/counters.txt"
netns_say "counters: $(cat "$T/counters.txt")"
grep -qE '(^| )reloads-ok=1( |$)' "$T/counters.txt" || netns_fail "reloads-ok is not 1"
grep -qE '(^| )reloads-failed=1( |$)' "$T/counters.txt" || netns_fail "reloads-failed is not 1"

# And it still serves the good config after all that.
client "$PHONE" inform --iface ph0 --ciaddr 192.0.2.40 --expect-server-id 192.0.2.1 \
    --expect-sip lync2.schertz.local || netns_fail "not serving the last good config"

daemon_stop
netns_say "PASS"
