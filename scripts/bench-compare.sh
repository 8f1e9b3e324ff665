#!/usr/bin/env bash
# Side-by-side benchmark: the same `dhcputil bench` against dhcplite, Kea, dnsmasq and
# ISC dhcpd (each running the configuration `dhcputil config` writes, per-packet logging off) and
# against dhcplite_reflector, the ceiling of this UDP path on this machine. Then dhcplite alone:
# 1 / 1,000 / 100,000 site profiles, SIGHUP of a 100,000-profile config under load, the flood
# guard on, debug logging on, and workers 1 vs 2. Several runs each, medians; one table with every
# figure also as a ratio to the reflector and to dhcplite; the raw runs as JSON; a PNG chart.
#
# Everything runs in two throwaway network namespaces on one veth pair, addresses from
# 198.51.100.0/24 only (RFC 5737):
#
#   srv: srv0 198.51.100.1/24   <--veth-->   cli: cli0 198.51.100.2/24, and 198.51.100.128/25
#        the server under test                    routed locally (`ip route add local ... dev lo`):
#                                                 the bench's 126 client addresses (ciaddr), whose
#                                                 answers come back to ciaddr:68 after ARP, which
#                                                 the cli namespace answers for its local routes
#
# The phones' subnet is the server's own link, so every peer answers without relay settings.
# Servers run in the foreground in `srv`, never as system services, with their files in a
# temporary directory, and are stopped by PID; the EXIT trap removes everything (scripts/lib/netns.sh).
# By default the server is pinned to CPU 0 and the bench to CPU 1 (2-core machine: each gets one).
# Every load is bounded in time and count by `dhcputil bench` itself.
#
# Usage: scripts/bench-compare.sh [--runs N] [--duration S] [--light S] [--targets "a b ..."]
#            [--no-search] [--no-extras] [--no-workers] [--no-pin] [--quick] [--out DIR]
#            [--keep-raw] [--summarize]
# Environment: DHCPLITE_BUILD_DIR (default <repo>/build), or DHCPLITE, DHCPUTIL, REFLECTOR.
# Needs root. Writes DIR/raw/*.json (every bench run), DIR/results.json (all of it, with the
# medians), DIR/table.md and DIR/perf-chart.png (default DIR: ./bench-out). --summarize: only
# redo the table, JSON and chart from DIR/raw. --keep-raw: add this invocation's runs to DIR/raw
# instead of starting afresh (e.g. `--targets "" --no-search --no-extras --keep-raw` adds only
# the workers runs to an earlier full run), then summarise all of them.
set -u -o pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${DHCPLITE_BUILD_DIR:-$ROOT/build}
DHCPLITE=${DHCPLITE:-$BUILD/dhcplite/server/dhcplite}
DHCPUTIL=${DHCPUTIL:-$BUILD/dhcputil/dhcputil}
REFLECTOR=${REFLECTOR:-$BUILD/tests/bench/dhcplite_reflector}
PY=/usr/bin/python3
SIP=lync.schertz.local
SERVER=198.51.100.1
CLIENT_NET=198.51.100.128/25

RUNS=3
DURATION=10     # closed loop, seconds per run
LIGHT=5         # 1,000/s, seconds per run
TARGETS="reflector dhcplite kea dnsmasq isc-dhcpd"
SEARCH=1
EXTRAS=1
WORKERS=1
KEEP_RAW=0
PIN=1
SUMMARIZE=0
OUT=$PWD/bench-out
while [ $# -gt 0 ]; do
    case $1 in
        --runs) RUNS=$2; shift 2 ;;
        --duration) DURATION=$2; shift 2 ;;
        --light) LIGHT=$2; shift 2 ;;
        --targets) TARGETS=$2; shift 2 ;;
        --no-search) SEARCH=0; shift ;;
        --no-extras) EXTRAS=0; shift ;;
        --no-workers) WORKERS=0; shift ;;
        --keep-raw) KEEP_RAW=1; shift ;;
        --no-pin) PIN=0; shift ;;
        --quick) RUNS=1; DURATION=3; LIGHT=2; shift ;;
        --out) OUT=$2; shift 2 ;;
        --summarize) SUMMARIZE=1; shift ;;
        -h|--help) sed -n '2,32p' "$0"; exit 0 ;;
        *) echo "bench-compare: unknown argument '$1' (see --help)" >&2; exit 64 ;;
    esac
done
case "$RUNS$DURATION$LIGHT" in *[!0-9]*) echo "bench-compare: --runs, --duration, --light take whole numbers" >&2; exit 64 ;; esac
if ! { [ "$RUNS" -ge 1 ] && [ "$RUNS" -le 20 ] && [ "$DURATION" -ge 1 ] && [ "$DURATION" -le 120 ] &&
    [ "$LIGHT" -ge 1 ] && [ "$LIGHT" -le 120 ]; }; then
    echo "bench-compare: runs 1..20, durations 1..120 s" >&2
    exit 64
fi

RAW=$OUT/raw
mkdir -p "$OUT" || { echo "bench-compare: cannot create $OUT" >&2; exit 73; }
if [ "$SUMMARIZE" = 1 ]; then
    [ -d "$RAW" ] || { echo "bench-compare: no $RAW to summarise" >&2; exit 66; }
elif [ "$KEEP_RAW" = 0 ]; then
    rm -rf "$RAW"
    mkdir -p "$RAW"
else
    mkdir -p "$RAW"
fi

# shellcheck source-path=SCRIPTDIR source=lib/netns.sh
. "$ROOT/scripts/lib/netns.sh"
if [ "$SUMMARIZE" = 0 ]; then
netns_init bcmp
netns_require_root
netns_require_cmd ip ss taskset "$PY" "$DHCPLITE" "$DHCPUTIL" "$REFLECTOR"
netns_tmpdir
T=$NETNS_TMP

SRV=$(netns_name srv)
CLI=$(netns_name cli)
netns_add "$SRV"
netns_add "$CLI"
netns_veth "$SRV" srv0 "$SERVER/24" "$CLI" cli0 198.51.100.2/24
ip -n "$CLI" route add local "$CLIENT_NET" dev lo || netns_fail "local route for the clients"
# 126 client addresses, each a neighbour of the server: room for all of them without churn.
ip netns exec "$SRV" sysctl -qw net.ipv4.neigh.srv0.gc_stale_time=3600 2>/dev/null || true

SRV_CPU=()
BENCH_CPU=()
if [ "$PIN" = 1 ] && [ "$(nproc)" -ge 2 ]; then
    SRV_CPU=(taskset -c 0)
    BENCH_CPU=(taskset -c 1)
fi

say() { printf 'bench-compare: %s\n' "$*" >&2; }

# ---- servers -----------------------------------------------------------------------------------

# dhcplite_config <file> <profiles> [extra top-level yaml...]: default profile plus sites. One /32
# site per client address (what the bench's traffic selects), the rest fillers: site subnets
# from 198.18.0.0/15 (RFC 2544's benchmarking range), which exist only in this file, never on any
# interface or in any packet.
dhcplite_config() {
    local file=$1 profiles=$2
    shift 2
    "$PY" - "$file" "$profiles" "$@" <<'PYEOF'
import ipaddress, sys
path, profiles, extra = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
lines = ["# written by bench-compare.sh", "log-level: info", "run-as-root: true",
         "listen:", "  interfaces: [srv0]"]
lines += extra
lines += ["default:", "  sip-servers: [lync.schertz.local]"]
sites = profiles - 1
if sites > 0:
    lines.append("sites:")
clients = [str(a) for a in ipaddress.ip_network("198.51.100.128/25").hosts()]
filler = int(ipaddress.ip_address("198.18.0.0"))
for i in range(sites):
    if i < len(clients):
        lines += [f"  - name: client-{i}", f"    subnets: [{clients[i]}/32]"]
    else:
        lines += [f"  - name: filler-{i}", f"    subnets: [{ipaddress.ip_address(filler + i)}/32]"]
open(path, "w").write("\n".join(lines) + "\n")
PYEOF
    chmod 644 "$file"
}

# start_server <name> <variant>: starts it in $SRV, waits until UDP 67 is bound; SERVER_PID.
SERVER_PID=
start_server() {
    local name=$1 variant=${2:-} log=$T/$1-$2-$RANDOM.log
    case $name in
        reflector)
            netns_spawn "$SRV" "$log" "${SRV_CPU[@]}" "$REFLECTOR" --server-id "$SERVER" --sip-server "$SIP" ;;
        dhcplite)
            netns_spawn "$SRV" "$log" "${SRV_CPU[@]}" "$DHCPLITE" --config "$T/dhcplite-$variant.yaml" --foreground ;;
        kea)
            "$DHCPUTIL" config --format kea --scope 198.51.100.0/24 --interface srv0 --sip-server "$SIP" \
                --output "$T/kea.conf" || netns_fail "dhcputil config --format kea"
            # Run-time paths into the temporary directory, and the loggers at WARN: Kea's
            # per-packet INFO lines off.
            sed -i -e "s|/var/lib/kea/kea-leases4.csv|$T/kea-leases4.csv|" \
                -e 's|^  "Dhcp4": {|  "Dhcp4": {\n    "loggers": [ { "name": "kea-dhcp4", "severity": "WARN", "output_options": [ { "output": "stderr" } ] } ],|' \
                "$T/kea.conf"
            KEA_LOCKFILE_DIR=$T KEA_PIDFILE_DIR=$T netns_spawn "$SRV" "$log" "${SRV_CPU[@]}" \
                /usr/sbin/kea-dhcp4 -c "$T/kea.conf" ;;
        dnsmasq)
            {
                echo "# run-time settings added by bench-compare.sh: no DNS, files in a temporary"
                echo "# directory, per-packet DHCP logging off (quiet-dhcp)"
                echo "port=0"
                echo "no-hosts"
                echo "user=root"
                echo "quiet-dhcp"
                echo "dhcp-leasefile=$T/dnsmasq.leases"
                echo "pid-file=$T/dnsmasq.pid"
                echo "log-facility=$T/dnsmasq-syslog.log"
                "$DHCPUTIL" config --format dnsmasq --scope 198.51.100.0/24 --interface srv0 --sip-server "$SIP"
            } >"$T/dnsmasq.conf" || netns_fail "dhcputil config --format dnsmasq"
            netns_spawn "$SRV" "$log" "${SRV_CPU[@]}" /usr/sbin/dnsmasq -k --conf-file="$T/dnsmasq.conf" ;;
        isc-dhcpd)
            "$DHCPUTIL" config --format isc-dhcpd --scope 198.51.100.0/24 --interface srv0 --sip-server "$SIP" \
                --output "$T/dhcpd.conf" || netns_fail "dhcputil config --format isc-dhcpd"
            : >"$T/dhcpd.leases"
            # dhcpd logs every packet through syslog(3); there is no /dev/log here, so each line
            # costs a failed connect() and is lost: the nearest thing to "per-packet logging off"
            # dhcpd has.
            netns_spawn "$SRV" "$log" "${SRV_CPU[@]}" /usr/sbin/dhcpd -4 -f -q -cf "$T/dhcpd.conf" \
                -lf "$T/dhcpd.leases" -pf "$T/dhcpd.pid" srv0 ;;
        *) netns_fail "unknown server $name" ;;
    esac
    SERVER_PID=$NETNS_LAST_PID
    netns_wait_udp "$SRV" 67 20 || netns_fail "$name does not listen on UDP 67 after 20 s"
    netns_alive "$SERVER_PID" || netns_fail "$name exited at start"
    sleep 1  # past start-up (Kea and dhcpd open their packet sockets after the UDP one)
}

stop_server() {
    netns_stop "$SERVER_PID" 10
    SERVER_PID=
}

rss_kib() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }
# The private part: anonymous pages (heap, stacks, written data), what no other process shares.
anon_kib() { awk '/^RssAnon:/ {print $2}' "/proc/$1/status" 2>/dev/null || echo 0; }

# bench <out.json> <args...>: the bench in $CLI, pinned; its exit status 1 (nothing answered) is
# a result, not a failure.
bench() {
    local out=$1
    shift
    # --from-ciaddr: each INFORM from its phone's own address, as phones unicast them.
    ip netns exec "$CLI" "${BENCH_CPU[@]}" "$DHCPUTIL" bench --server "$SERVER" --subnet "$CLIENT_NET" \
        --clients 1000 --from-ciaddr --json "$@" >"$out"
    local rc=$?
    [ "$rc" = 0 ] || [ "$rc" = 1 ] || netns_fail "dhcputil bench $* exited $rc"
}

# measure <target> <variant> <run>: idle RSS, warm-up, 1,000/s for $LIGHT s, then the closed loop
# with 64 in flight for $DURATION s while sampling RSS; one JSON file per run.
measure() {
    local target=$1 variant=$2 run=$3 tag="$1${2:+-$2}-$3"
    start_server "$target" "$variant"
    local idle idle_anon
    idle=$(rss_kib "$SERVER_PID")
    idle_anon=$(anon_kib "$SERVER_PID")
    # Warm-up: ARP for the client addresses, caches, lazily touched pages.
    bench "$RAW/$tag-warmup.json" --rate 2000 --duration 1 --timeout 500
    bench "$RAW/$tag-light.json" --rate 1000 --duration "$LIGHT"
    bench "$RAW/$tag-closed.json" --in-flight 64 --duration "$DURATION" &
    local bp=$! peak=0 peak_anon=0 r i
    for ((i = 0; i < DURATION * 5 + 50; i++)); do
        kill -0 "$bp" 2>/dev/null || break
        r=$(rss_kib "$SERVER_PID")
        [ "${r:-0}" -gt "$peak" ] && peak=$r
        r=$(anon_kib "$SERVER_PID")
        [ "${r:-0}" -gt "$peak_anon" ] && peak_anon=$r
        sleep 0.2
    done
    wait "$bp" || netns_fail "bench against $target failed"
    netns_alive "$SERVER_PID" || netns_fail "$target died under load"
    printf '{"target": "%s", "variant": "%s", "run": %s, "idle_rss_kib": %s, "load_rss_kib": %s, "idle_anon_kib": %s, "load_anon_kib": %s}\n' \
        "$target" "$variant" "$run" "${idle:-0}" "$peak" "${idle_anon:-0}" "$peak_anon" >"$RAW/$tag-rss.json"
    stop_server
    say "$tag: $(summary "$RAW/$tag-closed.json") | 1000/s p50 $(p50 "$RAW/$tag-light.json") us | RSS idle ${idle} KiB, load ${peak} KiB (private ${idle_anon} / ${peak_anon} KiB)"
}

summary() {
    "$PY" - "$1" <<'PYEOF'
import json, sys
r = json.load(open(sys.argv[1]))["runs"][0]
print(f"{r['answered_per_s']:.0f} answers/s, drops {r['drop_percent']:.2f} %, invalid {r['invalid']}, "
      f"p50 {r['latency']['p50_us']} us")
PYEOF
}
p50() {
    "$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["runs"][0]["latency"]["p50_us"])' "$1"
}

# ---- the runs ----------------------------------------------------------------------------------

# started.txt: the start time, the load average before and (last line) after. --keep-raw keeps
# the first run's start and load before, and the new load after replaces the old one.
if [ "$KEEP_RAW" = 1 ] && [ -s "$RAW/started.txt" ]; then
    sed -i '3,$d' "$RAW/started.txt"
else
    printf '%s\n%s\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" "$(cut -d' ' -f1-3 /proc/loadavg)" >"$RAW/started.txt"
fi
dhcplite_config "$T/dhcplite-base.yaml" 1 "rate-limit: off"

# Runs interleaved (run 1 of every server, then run 2 ...), so a noisy minute on a shared machine
# spreads over all servers instead of sinking one.
for ((run = 1; run <= RUNS; run++)); do
    for target in $TARGETS; do
        variant=""
        [ "$target" = dhcplite ] && variant=base
        measure "$target" "$variant" "$run"
    done
done
if [ "$SEARCH" = 1 ]; then
    for target in $TARGETS; do
        variant=""
        [ "$target" = dhcplite ] && variant=base
        start_server "$target" "$variant"
        bench "$RAW/$target-search.json" --search --trial-seconds 2 --max-trials 12 --timeout 500
        stop_server
        say "$target search: $("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["best_rate"])' "$RAW/$target-search.json")/s at <= 2.5 % drops"
    done
fi

if [ "$EXTRAS" = 1 ]; then
    # Cost must not grow with the configuration: 1, 1,000 and 100,000 profiles.
    # p1 is the base config again: every variant is compared with the p1 run of its own round.
    for profiles in 1 1000 100000; do
        dhcplite_config "$T/dhcplite-p$profiles.yaml" "$profiles" "rate-limit: off"
    done
    # The flood guard on, with limits no bench client reaches (its bookkeeping is the cost).
    dhcplite_config "$T/dhcplite-guard.yaml" 1 "rate-limit:" "  per-mac: 100000" "  per-address: 100000" "  interval: 1"
    # Debug logging: one line per decision, rate-limited to 200 lines/s.
    dhcplite_config "$T/dhcplite-debug.yaml" 1 "rate-limit: off"
    sed -i 's/^log-level: info/log-level: debug/' "$T/dhcplite-debug.yaml"
    for ((run = 1; run <= RUNS; run++)); do
        for variant in p1 p1000 p100000 guard debug; do
            measure dhcplite "$variant" "$run"
        done
    done

    # Reload of the 100,000-profile config under a steady load: every request must get a good
    # answer (a generous timeout: an answer delayed by the reload is still an answer).
    start_server dhcplite p100000
    log=${NETNS_LOGS[${#NETNS_LOGS[@]}-1]}
    bench "$RAW/reload.json" --rate 2000 --duration 12 --timeout 5000 &
    bp=$!
    sleep 3
    kill -HUP "$SERVER_PID"
    sleep 4
    kill -HUP "$SERVER_PID"
    wait "$bp" || netns_fail "bench during the reloads failed"
    grep -E 'reloaded' "$log" | sed -E 's/.*duration-ms=([0-9]+).*/\1/' | tr '\n' ' ' >"$RAW/reload-ms.txt"
    stop_server
    say "reload under load: $(summary "$RAW/reload.json"); reload durations (ms): $(cat "$RAW/reload-ms.txt")"

fi

if [ "$WORKERS" = 1 ]; then
    # workers: 1 vs 2, unpinned: the server may use both CPUs.
    saved=("${SRV_CPU[@]}")
    saved_bench=("${BENCH_CPU[@]}")
    SRV_CPU=()
    BENCH_CPU=()
    for w in 1 2; do
        dhcplite_config "$T/dhcplite-w$w.yaml" 1 "rate-limit: off" "workers: $w"
    done
    for ((run = 1; run <= RUNS; run++)); do
        for w in 1 2; do
            measure dhcplite "w$w" "$run"
        done
    done
    SRV_CPU=("${saved[@]}")
    BENCH_CPU=("${saved_bench[@]}")
fi

# ---- table, JSON, chart ------------------------------------------------------------------------

cut -d' ' -f1-3 /proc/loadavg >>"$RAW/started.txt"
fi  # SUMMARIZE

START=$(sed -n 1p "$RAW/started.txt")
LOAD_BEFORE=$(sed -n 2p "$RAW/started.txt")
LOAD_AFTER=$(sed -n 3p "$RAW/started.txt")
"$PY" - "$RAW" "$OUT" "$START" "$LOAD_BEFORE" "$LOAD_AFTER" "$PIN" <<'PYEOF' || { echo "bench-compare: summarising failed" >&2; exit 70; }
import glob, json, os, platform, re, statistics, subprocess, sys
raw, out, start, load_before, load_after, pin = sys.argv[1:7]

def load(p):
    with open(p) as f:
        return json.load(f)

runs = {}  # (target, variant) -> list of {light, closed, rss}
for rss_file in sorted(glob.glob(os.path.join(raw, "*-rss.json"))):
    rss = load(rss_file)
    tag = rss_file[: -len("-rss.json")]
    entry = {"rss": rss, "light": load(tag + "-light.json")["runs"][0],
             "closed": load(tag + "-closed.json")["runs"][0]}
    runs.setdefault((rss["target"], rss["variant"]), []).append(entry)

def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None

def figures(entries):
    return {
        "runs": len(entries),
        "answers_per_s": med([e["closed"]["answered_per_s"] for e in entries]),
        "drop_percent": med([e["closed"]["drop_percent"] for e in entries]),
        "invalid": sum(e["closed"]["invalid"] + e["light"]["invalid"] for e in entries),
        "sat_p50_us": med([e["closed"]["latency"]["p50_us"] for e in entries]),
        "sat_p99_us": med([e["closed"]["latency"]["p99_us"] for e in entries]),
        "light_p50_us": med([e["light"]["latency"]["p50_us"] for e in entries]),
        "light_p99_us": med([e["light"]["latency"]["p99_us"] for e in entries]),
        "light_lost": sum(e["light"]["lost"] for e in entries),
        "idle_rss_kib": med([e["rss"]["idle_rss_kib"] for e in entries]),
        "load_rss_kib": med([e["rss"]["load_rss_kib"] for e in entries]),
        "idle_anon_kib": med([e["rss"].get("idle_anon_kib") for e in entries]),
        "load_anon_kib": med([e["rss"].get("load_anon_kib") for e in entries]),
    }

order = ["reflector", "dhcplite", "kea", "dnsmasq", "isc-dhcpd"]
names = {"reflector": "UDP reflector (ceiling)", "dhcplite": "dhcplite", "kea": "Kea 2.2 (kea-dhcp4)",
         "dnsmasq": "dnsmasq 2.90", "isc-dhcpd": "ISC dhcpd 4.4.3"}
short = {"reflector": "reflector", "dhcplite": "dhcplite", "kea": "Kea", "dnsmasq": "dnsmasq",
         "isc-dhcpd": "ISC dhcpd"}
main = {}
for t in order:
    key = (t, "base" if t == "dhcplite" else "")
    if key in runs:
        main[t] = figures(runs[key])
for t in order:
    p = os.path.join(raw, f"{t}-search.json")
    if t in main and os.path.exists(p):
        main[t]["search_rate"] = load(p)["best_rate"]

def ratio(v, ref):
    if v is None or ref in (None, 0):
        return "–"
    return f"{v / ref:.2f}"

# One value of a run: the per-run figures behind the medians.
def value(entry, field):
    if field == "answers_per_s":
        return entry["closed"]["answered_per_s"]
    if field == "sat_p50_us":
        return entry["closed"]["latency"]["p50_us"]
    if field == "sat_p99_us":
        return entry["closed"]["latency"]["p99_us"]
    if field == "light_p50_us":
        return entry["light"]["latency"]["p50_us"]
    if field == "light_p99_us":
        return entry["light"]["latency"]["p99_us"]
    if field in ("idle_rss_kib", "load_rss_kib", "idle_anon_kib", "load_anon_kib"):
        return entry["rss"].get(field)
    return None

# The median of a/b over the rounds both ran in (run N of one against run N of the other: they
# ran minutes apart at most, so a noisy neighbour on a shared machine hits both alike).
def paired(a_key, b_key, field):
    a = {e["rss"]["run"]: e for e in runs.get(a_key, [])}
    b = {e["rss"]["run"]: e for e in runs.get(b_key, [])}
    ratios = []
    for r in sorted(set(a) & set(b)):
        va, vb = value(a[r], field), value(b[r], field)
        if va is not None and vb not in (None, 0):
            ratios.append(va / vb)
    return statistics.median(ratios) if ratios else None

def key_of(t):
    return (t, "base" if t == "dhcplite" else "")

def pratio(t, ref, field):
    if field == "search_rate":  # one search each: a plain ratio
        v, r = main[t].get(field), main.get(ref, {}).get(field)
        return ratio(v, r)
    p = paired(key_of(t), key_of(ref), field)
    return "–" if p is None else f"{p:.2f}"

def cell(t, field, fmt="{:,.0f}"):
    if field is None:  # the private (anonymous) memory, no ratios: context for the RSS columns
        m = main[t]
        return f"{m['idle_anon_kib'] or 0:,.0f} / {m['load_anon_kib'] or 0:,.0f}"
    v = main[t].get(field)
    if v is None:
        return "–"
    return f"{fmt.format(v)} ({pratio(t, 'reflector', field)} / {pratio(t, 'dhcplite', field)})"

cols = [("answers/s, closed loop 64", "answers_per_s", "{:,.0f}"),
        ("max rate ≤ 2.5 % drops", "search_rate", "{:,.0f}"),
        ("p50 µs at 1,000/s", "light_p50_us", "{:.1f}"),
        ("p99 µs at 1,000/s", "light_p99_us", "{:.1f}"),
        ("p50 µs saturated", "sat_p50_us", "{:.1f}"),
        ("RSS idle KiB", "idle_rss_kib", "{:,.0f}"),
        ("RSS load KiB", "load_rss_kib", "{:,.0f}"),
        ("private KiB idle / load", None, None)]
lines = ["| server | " + " | ".join(c[0] for c in cols) + " |",
         "|---|" + "---|" * len(cols)]
for t in order:
    if t in main:
        lines.append(f"| {names[t]} | " + " | ".join(cell(t, f, fmt) for _, f, fmt in cols) + " |")
table = "\n".join(lines)

extras = []
for variant, label in [("p1", "1 profile (the reference)"), ("p1000", "1,000 profiles"), ("p100000", "100,000 profiles"),
                       ("guard", "flood guard on (limits not reached)"), ("debug", "log-level debug (200 lines/s)"),
                       ("w1", "workers: 1 (unpinned)"), ("w2", "workers: 2 (unpinned)")]:
    key = ("dhcplite", variant)
    if key in runs:
        f = figures(runs[key])
        main_dl = main.get("dhcplite", {}).get("answers_per_s")
        extras.append((variant, label, f))
ex_lines = []
if extras:
    ex_lines = ["| dhcplite variant | answers/s, closed loop 64 | × same round's reference | p50 µs saturated | p50 µs at 1,000/s | RSS idle / load KiB | private KiB idle / load |",
                "|---|---|---|---|---|---|---|"]
    for variant, label, f in extras:
        # Each variant against the reference run of its own round: p1 for the profile, guard and
        # debug variants, workers: 1 for workers: 2.
        ref = "w1" if variant.startswith("w") else "p1"
        p = paired(("dhcplite", variant), ("dhcplite", ref), "answers_per_s")
        shown = "(reference)" if variant == ref else ("–" if p is None else f"{p:.2f}")
        ex_lines.append(f"| {label} | {f['answers_per_s']:,.0f} | {shown} | "
                        f"{f['sat_p50_us']:.1f} | {f['light_p50_us']:.1f} | {f['idle_rss_kib']:,.0f} / {f['load_rss_kib']:,.0f} | "
                        f"{f['idle_anon_kib'] or 0:,.0f} / {f['load_anon_kib'] or 0:,.0f} |")
reload_line = ""
if os.path.exists(os.path.join(raw, "reload.json")):
    r = load(os.path.join(raw, "reload.json"))["runs"][0]
    ms = open(os.path.join(raw, "reload-ms.txt")).read().split()
    reload_line = (f"SIGHUP of the 100,000-profile config, twice, under 2,000 INFORMs/s for 12 s: "
                   f"sent {r['sent']:,}, answered {r['answered']:,}, lost {r['lost']}, invalid {r['invalid']}, "
                   f"p99 {r['latency']['p99_us']} µs, max {r['latency']['max_us']} µs; reload took "
                   f"{', '.join(ms) if ms else '?'} ms.")

cpu = "?"
for line in open("/proc/cpuinfo"):
    if line.startswith("model name"):
        cpu = line.split(":", 1)[1].strip()
        break
meta = {"date": start, "kernel": platform.release(), "cpu": cpu, "cpus": os.cpu_count(),
        "load_before": load_before, "load_after": load_after, "pinned": pin == "1",
        "memory_mib": round(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**20)}
header = (f"{start[:10]}, {meta['cpus']} × {cpu}, Linux {meta['kernel']}, load average before/after "
          f"{load_before} / {load_after}; medians of {med([m['runs'] for m in main.values()]) or 0:.0f} runs; "
          f"cells: value (× reflector / × dhcplite), each ratio the median of the per-round ratios "
          f"(the servers run interleaved, one round after the other)")
md = f"{header}\n\n{table}\n"
if ex_lines:
    md += "\n" + "\n".join(ex_lines) + "\n"
if reload_line:
    md += "\n" + reload_line + "\n"
open(os.path.join(out, "table.md"), "w").write(md)
print(md)

everything = {"meta": meta, "summary": main,
              "variants": {v: figures(runs[("dhcplite", v)]) for v, _, _ in extras},
              "runs": {f"{t}/{v}" if v else t: entries for (t, v), entries in runs.items()}}
for t in order:
    p = os.path.join(raw, f"{t}-search.json")
    if os.path.exists(p):
        everything.setdefault("search", {})[t] = load(p)
if os.path.exists(os.path.join(raw, "reload.json")):
    everything["reload"] = {"bench": load(os.path.join(raw, "reload.json")),
                            "reload_ms": [int(x) for x in open(os.path.join(raw, "reload-ms.txt")).read().split()]}
with open(os.path.join(out, "results.json"), "w") as f:
    json.dump(everything, f, indent=1)

# Chart: answer rates (closed loop 64 and the search's ≤ 2.5 % rate) and latency (p50/p99 at
# 1,000/s, p50 saturated), one bar group per server.
dat = os.path.join(out, "perf-chart.dat")
with open(dat, "w") as f:
    f.write("# server answers search light_p50 light_p99 sat_p50\n")
    for t in order:
        if t in main:
            m = main[t]
            f.write('"{}" {} {} {} {} {}\n'.format(short[t],
                    (m["answers_per_s"] or 0) / 1000, (m.get("search_rate") or 0) / 1000,
                    m["light_p50_us"] or 0, m["light_p99_us"] or 0, m["sat_p50_us"] or 0))
gp = f"""
set terminal pngcairo size 1200,520 font "DejaVu Sans,10"
set output "{os.path.join(out, 'perf-chart.png')}"
set multiplot layout 1,2 title "DHCPINFORM benchmark ({start[:10]}, {meta['cpus']} × {cpu}) — dhcputil bench, medians"
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.85 border -1
set boxwidth 0.9
set grid ytics
set key top right
set xtics rotate by -20 scale 0
set xrange [-0.6:{len(main) - 0.4}]
set title "answer rate (thousand INFORMs/s)"
set yrange [0:*]
plot "{dat}" using 2:xtic(1) title "closed loop, 64 in flight", '' using 3 title "max rate with ≤ 2.5 % drops"
set title "latency (µs, log scale)"
set logscale y
set yrange [1:*]
plot "{dat}" using 4:xtic(1) title "p50 at 1,000/s", '' using 5 title "p99 at 1,000/s", '' using 6 title "p50 saturated (64 in flight)"
unset multiplot
"""
gp_path = os.path.join(out, "perf-chart.gp")
open(gp_path, "w").write(gp)
if subprocess.run(["gnuplot", gp_path]).returncode != 0:
    print("bench-compare: gnuplot failed; the table and JSON are written", file=sys.stderr)
PYEOF
echo "bench-compare: wrote $OUT/table.md, $OUT/results.json, $OUT/perf-chart.png, $OUT/raw/" >&2
