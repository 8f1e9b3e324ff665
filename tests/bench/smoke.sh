#!/usr/bin/env bash
# Smoke run of `dhcputil bench` against the real dhcplite (and the reflector) in two network
# namespaces: a closed loop for 2 s and a fixed rate for 1 s. It checks that the bench reports
# answers, that every answer it got was a good one (invalid 0), and that its JSON carries the
# per-second series. Then `workers: 2` with broadcast INFORMs: the kernel hands a broadcast to
# every socket of a SO_REUSEPORT group, and exactly one worker must answer it (no duplicates,
# and the daemon counts each request once). Figures are printed, never judged: no timing
# assertions.
#
#   srv (192.0.2.1/24, route 198.51.100.0/24 via 192.0.2.2)  <-veth->  cli (192.0.2.2/24,
#   198.51.100.0/24 local on lo: the bench's clients, whose answers come back to ciaddr:68)
# shellcheck source-path=SCRIPTDIR source=../lib/daemon.sh
. "$(dirname "$0")/../lib/daemon.sh"
daemon_test_init bench
for v in DHCPUTIL REFLECTOR; do
    [ -x "${!v:-}" ] || netns_skip "$v (path of the binary) is not set or not executable"
done

netns_pair srv srv0 192.0.2.1/24 cli cli0 192.0.2.2/24
SRV=$NETNS_A CLI=$NETNS_B
ip -n "$SRV" route add 198.51.100.0/24 via 192.0.2.2 || netns_fail "route in $SRV"
ip -n "$CLI" route add local 198.51.100.0/24 dev lo || netns_fail "local route in $CLI"

cat >"$T/dhcplite.yaml" <<YAML
control-socket: off  # the test leaves the host's /run/dhcplite alone
log-level: info
run-as-root: true
rate-limit: off          # the bench's 1000 clients ask far more often than phones do
listen:
  interfaces: [srv0]
default:
  sip-servers: [lync.schertz.local]
YAML
chmod 644 "$T/dhcplite.yaml"

# check <json file> <what>: answered > 0, invalid == 0, a per-second series; prints the figures.
check() {
    "$PY" - "$1" "$2" <<'PYEOF' || netns_fail "bench report check failed for $2"
import json, sys
path, what = sys.argv[1], sys.argv[2]
r = json.load(open(path))
run = r["runs"][0]
print(f"bench: {what}: sent {run['sent']} answered {run['answered']} ({run['answered_per_s']}/s) "
      f"lost {run['lost']} invalid {run['invalid']} p50 {run['latency']['p50_us']} us", file=sys.stderr)
assert run["answered"] > 0, "no answers"
assert run["invalid"] == 0, f"invalid answers: {run['invalid_by']}"
assert run["duplicates"] == 0, "duplicate answers"
assert run["answered"] <= run["sent"]
assert len(run["seconds"]) >= 1 and "p99_us" in run["seconds"][0]
assert run["latency"]["min_us"] <= run["latency"]["p50_us"] <= run["latency"]["max_us"]
PYEOF
}

bench() {
    ip netns exec "$CLI" "$DHCPUTIL" bench --server 192.0.2.1 --subnet 198.51.100.0/24 \
        --clients 500 --timeout 500 --json "$@"
}

daemon_start "$SRV" "$T/dhcplite.yaml"

bench --in-flight 16 --duration 2 >"$T/closed.json" || netns_fail "bench (closed loop) exited $?"
check "$T/closed.json" "dhcplite closed loop 16"
bench --rate 300 --duration 1 >"$T/rate.json" || netns_fail "bench (rate) exited $?"
check "$T/rate.json" "dhcplite 300/s"
daemon_stop

# Nobody listening: the bench still ends on time, and says nothing was answered (exit 1).
bench --rate 100 --duration 0.5 >"$T/none.json"
rc=$?
[ "$rc" = 1 ] || netns_fail "bench without a server exited $rc, expected 1"

# workers: 2, broadcasts and unicasts from many client addresses.
sed 's/^rate-limit: off .*/rate-limit: off\nworkers: 2/' "$T/dhcplite.yaml" >"$T/workers.yaml"
daemon_start "$SRV" "$T/workers.yaml"
ip netns exec "$CLI" "$DHCPUTIL" bench --server 255.255.255.255 --broadcast --interface cli0 \
    --subnet 198.51.100.0/24 --clients 100 --rate 300 --duration 1 --timeout 500 --json \
    >"$T/broadcast.json" || netns_fail "bench (broadcast, workers 2) exited $?"
check "$T/broadcast.json" "dhcplite workers 2, broadcast 300/s"
bench --in-flight 16 --duration 1 --from-ciaddr >"$T/unicast.json" || netns_fail "bench (unicast, workers 2) exited $?"
check "$T/unicast.json" "dhcplite workers 2, unicast from 500 addresses"
sent=$("$PY" -c 'import json,sys; print(sum(json.load(open(p))["runs"][0]["sent"] for p in sys.argv[1:]))' \
    "$T/broadcast.json" "$T/unicast.json")
daemon_counters "$T/counters.txt"
counters=$(cat "$T/counters.txt")
netns_say "workers 2: $counters"
case " $counters " in
    *" received=$sent "*) ;;
    *) netns_fail "workers 2: the daemon counted other than the $sent requests sent: $counters" ;;
esac
daemon_stop

netns_spawn "$SRV" "$T/reflector.log" "$REFLECTOR"
RF=$NETNS_LAST_PID
netns_wait_udp "$SRV" 67 10 || netns_fail "the reflector does not listen on UDP 67"
bench --in-flight 16 --duration 1 >"$T/reflector.json" || netns_fail "bench (reflector) exited $?"
check "$T/reflector.json" "reflector closed loop 16"
netns_stop "$RF" 5

netns_say "PASS"
