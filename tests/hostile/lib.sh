# shellcheck shell=bash
# Sourced by the hostile-input tests: paths, the namespace helpers (scripts/lib/netns.sh), and
# starting the real dhcplite and reading its SIGUSR1 counters.
#
# Environment (set by ctest, tests/hostile/CMakeLists.txt): DHCPLITE (the daemon binary),
# DHCPLITE_SOURCE_DIR. Without root or a tool: exit 77 (skipped); under CI=true a failure.
set -u

HOSTILE_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SOURCE_DIR=${DHCPLITE_SOURCE_DIR:-$(cd "$HOSTILE_DIR/../.." && pwd)}
# shellcheck source-path=SCRIPTDIR source=../../scripts/lib/netns.sh
. "$SOURCE_DIR/scripts/lib/netns.sh"

PY=/usr/bin/python3  # Debian's; the python3 on PATH may be another interpreter
CLIENT=$HOSTILE_DIR/hostile_client.py
DAEMON_PID=
DAEMON_LOG=
T=

# hostile_init <test-name>: checks, the cleanup trap, a temporary directory in $T.
hostile_init() {
    netns_init "$1"
    netns_require_root
    netns_require_cmd ip ss "$PY"
    [ -n "${DHCPLITE:-}" ] || netns_skip "DHCPLITE (path of the dhcplite binary) is not set"
    [ -x "$DHCPLITE" ] || netns_skip "dhcplite binary not found: $DHCPLITE"
    netns_tmpdir
    T=$NETNS_TMP
}

# client <ns> <args...>: hostile_client.py inside a namespace.
client() {
    local ns=$1
    shift
    ip netns exec "$ns" "$PY" "$CLIENT" "$@"
}

# daemon_start <ns> <config>: dhcplite in the foreground with its own log; waits (bounded)
# until it listens on UDP 67.
daemon_start() {
    local ns=$1 config=$2
    chmod 644 "$config"
    DAEMON_LOG=$T/dhcplite.log
    netns_spawn "$ns" "$DAEMON_LOG" "$DHCPLITE" --config "$config" --foreground
    DAEMON_PID=$NETNS_LAST_PID
    if ! netns_wait 10 netns__udp_bound "$ns" 67; then
        netns_alive "$DAEMON_PID" || netns_fail "dhcplite exited at start"
        netns_fail "dhcplite does not listen on UDP 67 after 10 s"
    fi
    netns_alive "$DAEMON_PID" || netns_fail "dhcplite exited at start"
}

# daemon_stop: SIGTERM ends it promptly with exit status 0.
daemon_stop() {
    netns_alive "$DAEMON_PID" || netns_fail "dhcplite (pid $DAEMON_PID) is no longer running"
    netns_stop "$DAEMON_PID" 5
    [ "$NETNS_LAST_STATUS" = 0 ] || netns_fail "dhcplite exited with $NETNS_LAST_STATUS after SIGTERM, expected 0"
}

# daemon_counters <file>: SIGUSR1, then the new `counters` line (bounded wait) into <file>.
daemon_counters() {
    local out=$1 before
    netns_alive "$DAEMON_PID" || netns_fail "dhcplite (pid $DAEMON_PID) died"
    before=$(wc -l <"$DAEMON_LOG")
    kill -USR1 "$DAEMON_PID"
    netns_wait 5 hostile__new_counters "$before" "$out" ||
        netns_fail "no counters line in the log within 5 s of SIGUSR1"
}

hostile__new_counters() {
    tail -n +"$(($1 + 1))" "$DAEMON_LOG" | grep -E '(^|[: >])counters received=' | tail -n 1 >"$2"
    [ -s "$2" ]
}

# udp_drops <ns>: datagrams the kernel dropped for full socket buffers in <ns> (/proc/net/snmp
# Udp RcvbufErrors), so "received by the daemon + dropped by the kernel == sent" can be exact.
udp_drops() {
    # shellcheck disable=SC2016  # awk's own $ fields
    ip netns exec "$1" awk '$1 == "Udp:" { if (!h) { for (i = 2; i <= NF; i++) col[$i] = i; h = 1 }
                                           else { print $col["RcvbufErrors"] } }' /proc/net/snmp
}
