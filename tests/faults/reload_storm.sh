#!/usr/bin/env bash
# 100 SIGHUP reloads under a steady stream of INFORMs (200/s, each its own xid): good configs
# (a new SIP server each time: sip1 … sip50.example.com) and bad ones (a new SIP server too, but
# an unknown key) alternate. Each reload waits for its log line before the next. Then:
#   - every request was answered exactly once (the reload runs between batches; datagrams wait
#     in the socket buffer meanwhile);
#   - no answer carries a bad config's SIP server, and the answers never go back to an older
#     config (faultclient.py reloads);
#   - every request sent after a reload's log line carries that reload's config or a newer one;
#   - the counters say reloads-ok=50 reloads-failed=50, and the daemon serves sip50 at the end.
# shellcheck source-path=SCRIPTDIR source=../lib/daemon.sh
. "$(dirname "$0")/../lib/daemon.sh"
daemon_test_init reload100 faultclient.py

server_and_phone 192.0.2.40/24

cat >"$T/template.yaml" <<'EOF'
log-level: info
user: nobody
group: nogroup
# One client at 200/s: far beyond the flood guard's per-client limit.
rate-limit: off
listen:
  interfaces: [srv0]
default:
  sip-servers: [@SIP@]
EOF
sed 's/@SIP@/sip0.example.com/' "$T/template.yaml" >"$T/dhcplite.yaml"
chmod 644 "$T/dhcplite.yaml"
# The bad variant really is bad for the daemon's own checker.
{ sed 's/@SIP@/bad.example.com/' "$T/template.yaml"; echo "no-such-key: 1"; } >"$T/bad-check.yaml"
"$DHCPLITE" --check-config --config "$T/bad-check.yaml" >/dev/null 2>&1 &&
    netns_fail "--check-config accepts the bad variant"

daemon_start "$SRV" "$T/dhcplite.yaml"
client "$PHONE" once --iface ph0 --ciaddr 192.0.2.40 --expect-sip sip0.example.com --tries 5 \
    >/dev/null || netns_fail "no answer before the reloads"

netns_say "100 reloads under 200 INFORMs/s"
client "$PHONE" reloads --iface ph0 --ciaddr 192.0.2.40 --pid "$DAEMON_PID" \
    --config "$T/dhcplite.yaml" --template "$T/template.yaml" --initial-sip sip0.example.com \
    --log "$DAEMON_LOG" --count 100 --rate 200 >"$T/reloads.txt" 2>&1
rc=$?
sed 's/^/    /' "$T/reloads.txt" >&2
[ "$rc" = 0 ] || netns_fail "answers lost, duplicated or from the wrong config across the reloads"
daemon_alive || netns_fail "dhcplite died during the reloads"

daemon_counters "$T/counters.txt"
netns_say "counters: $(cat "$T/counters.txt")"
[ "$(counter "$T/counters.txt" reloads-ok)" = 50 ] || netns_fail "reloads-ok is not 50"
[ "$(counter "$T/counters.txt" reloads-failed)" = 50 ] || netns_fail "reloads-failed is not 50"
[ "$(counter "$T/counters.txt" send-errors)" = 0 ] || netns_fail "send errors counted"
# Each failure was logged with the file, the line and the key.
n=$(grep -c "reload failed, still serving the previous configuration error=.*dhcplite.yaml:[0-9]*:[0-9]*: no-such-key" "$DAEMON_LOG")
[ "$n" = 50 ] || netns_fail "$n reload failures logged with file:line:column and key, expected 50"

client "$PHONE" once --iface ph0 --ciaddr 192.0.2.40 --expect-sip sip50.example.com ||
    netns_fail "not serving the last good config"
daemon_stop
netns_say "PASS"
