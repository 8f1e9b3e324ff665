# shellcheck shell=bash
# Sourced by every integration test: paths, the namespace helpers (scripts/lib/netns.sh), the
# independent client (dhcpprobe.py, scapy) and starting/stopping the real dhcplite.
#
# Environment (set by ctest, see CMakeLists.txt here): DHCPLITE, DHCPUTIL, DHCPLITE_SOURCE_DIR,
# DHCPLITE_BUILD_DIR. Without root, or without a tool, a test exits 77 (skipped) — under
# CI=true it fails instead.
set -u

INTEG_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SOURCE_DIR=${DHCPLITE_SOURCE_DIR:-$(cd "$INTEG_DIR/../.." && pwd)}
export DHCPLITE_SOURCE_DIR=$SOURCE_DIR
# shellcheck source-path=SCRIPTDIR source=../../scripts/lib/netns.sh
. "$SOURCE_DIR/scripts/lib/netns.sh"

PY=/usr/bin/python3  # Debian's, with python3-scapy (the python3 on PATH may be another one)
PROBE=$INTEG_DIR/dhcpprobe.py
DAEMON_PID=
DAEMON_LOG=
T=

# integ_init <test-name>: checks, cleanup trap, a temporary directory in $T.
integ_init() {
    netns_init "$1"
    netns_require_root
    netns_require_cmd ip ss "$PY"
    "$PY" -c 'import scapy.layers.dhcp' 2>/dev/null || netns_skip "python3-scapy is missing for $PY"
    [ -n "${DHCPLITE:-}" ] || netns_skip "DHCPLITE (path of the dhcplite binary) is not set"
    [ -x "$DHCPLITE" ] || netns_skip "dhcplite binary not found: $DHCPLITE"
    netns_tmpdir
    T=$NETNS_TMP
}

# Run dhcpprobe.py inside a namespace.
probe() {
    local ns=$1
    shift
    ip netns exec "$ns" "$PY" "$PROBE" "$@"
}

# daemon_start <ns> <config> [args...]: dhcplite in the foreground (its own log), then wait
# (bounded) until it listens on UDP 67. DAEMON_PID, DAEMON_LOG.
daemon_start() {
    local ns=$1 config=$2
    shift 2
    chmod 644 "$config"
    DAEMON_LOG=$T/dhcplite-$((${#NETNS_LOGS[@]} + 1)).log
    netns_spawn "$ns" "$DAEMON_LOG" "$DHCPLITE" --config "$config" --foreground "$@"
    DAEMON_PID=$NETNS_LAST_PID
    if ! netns_wait 10 netns__udp_bound "$ns" 67; then
        netns_alive "$DAEMON_PID" || netns_fail "dhcplite exited at start"
        netns_fail "dhcplite does not listen on UDP 67 after 10 s"
    fi
    netns_alive "$DAEMON_PID" || netns_fail "dhcplite exited at start"
}

# daemon_stop: SIGTERM must end it promptly with exit status 0.
daemon_stop() {
    netns_alive "$DAEMON_PID" || netns_fail "dhcplite (pid $DAEMON_PID) is no longer running"
    netns_stop "$DAEMON_PID" 5
    [ "$NETNS_LAST_STATUS" = 0 ] || netns_fail "dhcplite exited with $NETNS_LAST_STATUS after SIGTERM, expected 0"
}

# daemon_counters <file>: SIGUSR1, then wait (bounded) for a new counters line in the log;
# writes that line to <file>.
daemon_counters() {
    local out=$1 before
    before=$(wc -l <"$DAEMON_LOG")
    kill -USR1 "$DAEMON_PID"
    netns_wait 5 integ__new_counters "$before" "$out" ||
        netns_fail "no counters line in the log within 5 s of SIGUSR1"
}

integ__new_counters() {
    tail -n +"$(($1 + 1))" "$DAEMON_LOG" | grep -E 'malformed' | tail -n 1 >"$2"
    [ -s "$2" ]
}

# The base configuration most tests use: one interface, the default profile from the vector file.
write_config() {
    local file=$1 iface=$2 sip=${3:-lync.schertz.local}
    cat >"$file" <<EOF
# written by $(basename "$0")
log-level: debug
user: nobody
group: nogroup
# these tests send many INFORMs from one phone; the flood limit has its own tests (tests/hostile)
rate-limit: off
listen:
  interfaces: [$iface]
default:
  sip-servers: [$sip]
EOF
    chmod 644 "$file"
}
