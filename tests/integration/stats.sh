#!/usr/bin/env bash
# The counters as the control socket and the metrics file report them (docs/operation.md
# "Counters, stats and metrics"): INFORMs for two sites and some that are dropped, then
# `dhcputil stats --json` checked number for number, the table, `config`, `reload` with a good
# config (generation 2, per-site counts carried over) and a broken one (file:line:column), the
# metrics file through `promtool check metrics`, a client without permission (77), and hostile
# clients (silent ones filling every slot, 1 MiB of request, 1,000 connections in a row) while
# the phones keep being answered.
# shellcheck source-path=SCRIPTDIR source=../lib/daemon.sh
. "$(dirname "$0")/../lib/daemon.sh"
daemon_test_init stats dhcpprobe.py scapy.layers.dhcp
netns_require_cmd promtool setpriv
[ -x "${DHCPUTIL:-}" ] || netns_skip "DHCPUTIL (path of the dhcputil binary) is not set"
HOSTILE=$(cd "$(dirname "$0")" && pwd)/control_clients.py

server_and_phone 192.0.2.30/24
ip -n "$PHONE" addr add 192.0.2.150/24 dev ph0  # a phone at the second site, same link
SOCK=$T/run/control.sock
METRICS=$T/run/dhcplite.prom

# $1: beta's SIP server. Sites by ciaddr: alpha the lower half of 192.0.2.0/24, beta the upper.
config() {
    cat <<CONF
log-level: info
user: nobody
group: nogroup
rate-limit: off
control-socket: $SOCK
metrics-file: $METRICS
metrics-interval: 1
listen:
  interfaces: [srv0]
sites:
  - name: alpha
    subnets: [192.0.2.0/25]
    sip-servers: [alpha.example.com]
  - name: beta
    subnets: [192.0.2.128/25]
    sip-servers: [$1]
CONF
}
config beta.example.com >"$T/dhcplite.yaml"
daemon_start "$SRV" "$T/dhcplite.yaml"
netns_wait 5 test -S "$SOCK" || netns_fail "no control socket at $SOCK"
[ "$(stat -c '%a %U %G' "$SOCK")" = "660 nobody nogroup" ] ||
    netns_fail "control socket is $(stat -c '%a %U %G' "$SOCK"), expected 660 nobody nogroup"

inform() { client "$PHONE" inform --iface ph0 --timeout 2 --dup-window 0 --no-check "$@" >>"$T/client.log" 2>&1; }
no_answer() {
    if client "$PHONE" inform --iface ph0 --timeout 0.5 --dup-window 0 --no-check "$@" >>"$T/client.log" 2>&1; then
        netns_fail "answered, but should be dropped: $*"
    fi
}
for _ in 1 2 3; do inform --ciaddr 192.0.2.30 --dest 192.0.2.1 || netns_fail "alpha's phone got no answer"; done
for _ in 1 2; do inform --ciaddr 192.0.2.150 --dest 192.0.2.1 || netns_fail "beta's phone got no answer"; done
no_answer --ciaddr 192.0.2.30 --dest 192.0.2.1 --prl 1,3               # alpha: nothing-requested
no_answer --ciaddr 192.0.2.30 --dest 192.0.2.1 --vendor-class "MSFT 5.0"  # other-vendor-class
no_answer --ciaddr 192.0.2.150 --dest 192.0.2.1 --vendor-class "MSFT 5.0"

"$DHCPUTIL" stats --socket "$SOCK" --json >"$T/stats.json" || netns_fail "dhcputil stats --json failed"
check_stats() {
    "$PY" - "$T/stats.json" "$@" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
generation = int(sys.argv[2])
errors = []
def want(what, got, expected):
    if got != expected:
        errors.append(f"{what} is {got}, expected {expected}")
t = j["totals"]
want("received", t["received"], 8)
want("replied", t["replied"], 5)
want("dropped", t["dropped"], 3)
want("otherInterface", t["otherInterface"], 0)
want("drops", {k: v for k, v in j["drops"].items() if v}, {"nothing-requested": 1, "other-vendor-class": 2})
sites = {s["name"]: s for s in j["sites"]}
want("site names", list(sites), ["alpha", "beta"])
want("alpha replies", sites["alpha"]["replies"], 3)
want("alpha drops", {k: v for k, v in sites["alpha"]["drops"].items() if v}, {"nothing-requested": 1})
want("beta replies", sites["beta"]["replies"], 2)
want("beta drops", sum(sites["beta"]["drops"].values()), 0)
want("vendor classes", j["vendorClasses"], [{"class": "MS-UC-Client", "requests": 6},
                                            {"class": "other", "requests": 2}, {"class": "none", "requests": 0}])
want("interfaces", j["interfaces"], ["srv0"])
want("generation", j["config"]["generation"], generation)
for e in errors:
    print("stats: FAIL:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
PY
}
check_stats 1 || netns_fail "stats --json does not match what was sent"
netns_say "stats --json: the numbers match what was sent"

"$DHCPUTIL" stats --socket "$SOCK" >"$T/table.txt" || netns_fail "dhcputil stats (table) failed"
grep -qE '^alpha +3 +1  nothing-requested 1$' "$T/table.txt" || { cat "$T/table.txt" >&2; netns_fail "table: no alpha row"; }
grep -qE '^received +8 *$' "$T/table.txt" || netns_fail "table: no received total"
"$DHCPUTIL" stats --socket "$SOCK" --watch 1 --count 2 >"$T/watch.txt" || netns_fail "stats --watch failed"
grep -qE '^alpha +3 +0\.0 +1 +0\.0  nothing-requested 1$' "$T/watch.txt" || { cat "$T/watch.txt" >&2; netns_fail "watch: no rates"; }

# The SIGUSR1 line is unchanged and agrees.
daemon_counters "$T/counters.txt"
[ "$(counter "$T/counters.txt" received)" = 8 ] && [ "$(counter "$T/counters.txt" reply)" = 5 ] ||
    netns_fail "SIGUSR1 counters disagree: $(cat "$T/counters.txt")"

"$DHCPUTIL" stats --socket "$SOCK" --config --json >"$T/config.json" || netns_fail "stats --config failed"
"$PY" -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if j["ok"] and j["generation"] == 1 and j["lastReload"] is None and j["file"] == sys.argv[2] else 1)' \
    "$T/config.json" "$T/dhcplite.yaml" || netns_fail "config answer: $(cat "$T/config.json")"

# The metrics file: there, atomically replaced, and promtool accepts it.
netns_wait 5 test -s "$METRICS" || netns_fail "no metrics file at $METRICS"
[ "$(stat -c '%a' "$METRICS")" = 644 ] || netns_fail "metrics file mode $(stat -c '%a' "$METRICS"), expected 644"
netns_wait 5 grep -q '^dhcplite_site_replies_total{site="alpha"} 3$' "$METRICS" || netns_fail "metrics: alpha's replies"
promtool check metrics <"$METRICS" >"$T/promtool.txt" 2>&1 || { cat "$T/promtool.txt" >&2; netns_fail "promtool check metrics refused the file"; }
netns_say "promtool check metrics: accepted ($(grep -c '^dhcplite_' "$METRICS") samples)"

# A good reload: generation 2, totals and per-site counts kept; then a broken one.
config beta2.example.com >"$T/dhcplite.yaml"
"$DHCPUTIL" stats --socket "$SOCK" --reload --json >"$T/reload.json" || netns_fail "reload: $(cat "$T/reload.json")"
"$DHCPUTIL" stats --socket "$SOCK" --json >"$T/stats.json" || netns_fail "stats after reload"
check_stats 2 || netns_fail "a reload lost counts"
printf 'sites:\n  - name: alpha\n    subnets: [192.0.2.0/25]\n    sip-servers: [alpha.example.com]\n    port: https\n' >"$T/dhcplite.yaml"
rc=0
"$DHCPUTIL" stats --socket "$SOCK" --reload --json >"$T/reload.json" || rc=$?
[ "$rc" = 1 ] || netns_fail "a broken reload: exit $rc, expected 1"
"$PY" - "$T/reload.json" "$T/dhcplite.yaml" <<'PY' || netns_fail "broken reload answer: $(cat "$T/reload.json")"
import json, sys
j = json.load(open(sys.argv[1]))
sys.exit(0 if j["ok"] is False and j["location"] == {"file": sys.argv[2], "line": 5, "column": 11}
         and j["error"].startswith(f"{sys.argv[2]}:5:11: ") and j["generation"] == 2 else 1)
PY
"$DHCPUTIL" stats --socket "$SOCK" --config --json >"$T/config.json"
grep -q '"lastReload":{"at":[0-9]*,"ok":false,' "$T/config.json" || netns_fail "config after a broken reload: $(cat "$T/config.json")"
netns_wait 5 grep -q '^dhcplite_config_last_reload_success 0$' "$METRICS" || netns_fail "metrics: last reload success"
inform --ciaddr 192.0.2.150 --dest 192.0.2.1 || netns_fail "no answer after the broken reload"

# Without permission: 77.
rc=0
setpriv --reuid=1 --regid=1 --clear-groups "$DHCPUTIL" stats --socket "$SOCK" >/dev/null 2>"$T/perm.txt" || rc=$?
[ "$rc" = 77 ] || netns_fail "a user outside the group: exit $rc, expected 77 ($(cat "$T/perm.txt"))"
rc=0
"$DHCPUTIL" stats --socket "$T/run/none.sock" >/dev/null 2>&1 || rc=$?
[ "$rc" = 69 ] || netns_fail "no socket: exit $rc, expected 69"

# Hostile clients while phones are answered: every slot held by a silent client (a new client
# is closed at once: dhcputil exits 69), 1 MiB of request, 1,000 connections in a row.
"$PY" "$HOSTILE" silent "$SOCK" 16 5 >"$T/silent.txt" 2>&1 &
SILENT=$!
sleep 0.3
rc=0
"$DHCPUTIL" stats --socket "$SOCK" >/dev/null 2>&1 || rc=$?
[ "$rc" = 69 ] || netns_fail "with every slot taken a client should be closed at once (69), got $rc"
inform --ciaddr 192.0.2.30 --dest 192.0.2.1 || netns_fail "phone not answered while silent clients hold the socket"
wait "$SILENT" || netns_fail "silent clients: $(cat "$T/silent.txt")"
netns_say "$(cat "$T/silent.txt")"
"$PY" "$HOSTILE" flood "$SOCK" >"$T/flood.txt" 2>&1 || netns_fail "1 MiB request: $(cat "$T/flood.txt")"
netns_say "$(cat "$T/flood.txt")"
"$PY" "$HOSTILE" loop "$SOCK" 1000 >"$T/loop.txt" 2>&1 &
LOOP=$!
answered=0
for _ in $(seq 1 10); do inform --ciaddr 192.0.2.150 --dest 192.0.2.1 && answered=$((answered + 1)); done
wait "$LOOP" || netns_fail "1,000 clients: $(cat "$T/loop.txt")"
netns_say "$(cat "$T/loop.txt"); phones answered meanwhile: $answered of 10"
[ "$answered" = 10 ] || netns_fail "only $answered of 10 phones answered during the 1,000 clients"
"$DHCPUTIL" stats --socket "$SOCK" >/dev/null || netns_fail "stats after the hostile clients"

daemon_stop
[ ! -e "$SOCK" ] || netns_fail "the control socket was not removed at exit"
[ ! -e "$METRICS" ] || netns_fail "the metrics file was not removed at exit"
netns_say "PASS"
