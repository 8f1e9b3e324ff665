# shellcheck shell=bash
# Sourced by the fault, reload, privilege and soak tests: paths, the namespace helpers
# (scripts/lib/netns.sh), the stream client (faultclient.py) and the daemon's start, counters and
# stop. Environment: DHCPLITE (the binary; ctest sets it), DHCPLITE_SOURCE_DIR (optional).
# Without root a test exits 77 (skipped); under CI=true it fails instead (netns_skip).
set -u

FAULTS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SOURCE_DIR=${DHCPLITE_SOURCE_DIR:-$(cd "$FAULTS_DIR/../.." && pwd)}
# shellcheck source-path=SCRIPTDIR source=../../scripts/lib/netns.sh
. "$SOURCE_DIR/scripts/lib/netns.sh"

PY=/usr/bin/python3  # Debian's (the python3 on PATH may be another interpreter)
CLIENT=$FAULTS_DIR/faultclient.py
DAEMON_PID=
DAEMON_LOG=
T=

# faults_init <test-name>: checks, the cleanup trap, a temporary directory in $T.
faults_init() {
    netns_init "$1"
    netns_require_root
    netns_require_cmd ip ss "$PY"
    [ -n "${DHCPLITE:-}" ] || netns_skip "DHCPLITE (path of the dhcplite binary) is not set"
    [ -x "$DHCPLITE" ] || netns_skip "dhcplite binary not found: $DHCPLITE"
    netns_tmpdir
    T=$NETNS_TMP
}

# client <ns> <subcommand> [args...]: faultclient.py inside a namespace.
client() {
    local ns=$1
    shift
    ip netns exec "$ns" "$PY" "$CLIENT" "$@"
}

# daemon_start <ns> <config> [prefix command...]: dhcplite in <ns> (its own log), then wait
# (bounded) for its "started" line. DAEMON_PID, DAEMON_LOG.
daemon_start() {
    local ns=$1 config=$2
    shift 2
    DAEMON_LOG=$T/dhcplite-$((${#NETNS_LOGS[@]} + 1)).log
    netns_spawn "$ns" "$DAEMON_LOG" "$@" "$DHCPLITE" --config "$config"
    DAEMON_PID=$NETNS_LAST_PID
    if ! netns_wait 10 grep -q 'started version=' "$DAEMON_LOG"; then
        netns_alive "$DAEMON_PID" || netns_fail "dhcplite exited at start"
        netns_fail "no 'started' line from dhcplite within 10 s"
    fi
}

daemon_alive() {
    netns_alive "$DAEMON_PID" && [ "$(awk '{print $3}' "/proc/$DAEMON_PID/stat" 2>/dev/null)" != Z ]
}

# daemon_stop: SIGTERM must end it promptly with exit status 0.
daemon_stop() {
    daemon_alive || netns_fail "dhcplite (pid $DAEMON_PID) is no longer running"
    netns_stop "$DAEMON_PID" 5
    [ "$NETNS_LAST_STATUS" = 0 ] || netns_fail "dhcplite exited with $NETNS_LAST_STATUS after SIGTERM, expected 0"
}

# daemon_counters <file>: SIGUSR1, then wait (bounded) for a new counters line; that line → <file>.
daemon_counters() {
    local out=$1 before
    before=$(wc -l <"$DAEMON_LOG")
    kill -USR1 "$DAEMON_PID"
    netns_wait 5 faults__new_counters "$before" "$out" ||
        netns_fail "no counters line in the log within 5 s of SIGUSR1"
}

faults__new_counters() {
    tail -n +"$(($1 + 1))" "$DAEMON_LOG" | grep -E 'counters received=' | tail -n 1 >"$2"
    [ -s "$2" ]
}

# counter <file> <name>: one value from a counters line.
counter() {
    grep -oE "(^| )$2=[0-9]+" "$1" | head -n 1 | cut -d= -f2
}

# log_has <regex> [seconds]: wait (bounded) until the daemon's log has a matching line.
log_has() {
    netns_wait "${2:-5}" grep -qE -- "$1" "$DAEMON_LOG"
}

# faults_wait <pid>: wait for a process started with netns_spawn to end by itself; its exit
# status is returned, and it is taken off the cleanup list (its PID may be reused later).
faults_wait() {
    local rc=0 kept=() p
    wait "$1" || rc=$?
    for p in "${NETNS_PIDS[@]}"; do [ "$p" = "$1" ] || kept+=("$p"); done
    NETNS_PIDS=("${kept[@]}")
    return "$rc"
}
