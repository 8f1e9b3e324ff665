# shellcheck shell=bash
# shellcheck disable=SC2034  # T, CLIENT, SRV, PHONE, DAEMON_*, NOBODY_* are read by the scripts that source this
# Sourced by the script tests that run the real dhcplite in network namespaces (tests/integration,
# tests/hostile, tests/faults, tests/bench/smoke.sh): the namespace helpers (scripts/lib/netns.sh),
# the checks every such test makes first, the Python client it drives, and dhcplite's start,
# SIGUSR1 counters and stop. It defines functions and variables and runs nothing by itself.
#
# Environment (set by ctest, see each directory's CMakeLists.txt): DHCPLITE (the daemon binary),
# DHCPLITE_SOURCE_DIR (optional). Without root, or without a tool, a test exits 77 (skipped);
# under CI=true it fails instead (netns_skip).
#
#   daemon_test_init <tag> [client.py [module...]]
#                                   netns_init, root, ip/ss/python, DHCPLITE; a temporary
#                                   directory in $T. The client (a file beside the test script)
#                                   in $CLIENT; the Python modules it needs must import.
#   client <ns> <args...>           $CLIENT inside a namespace (Debian's python3)
#   server_and_phone <phone-cidr>   namespaces SRV (srv0 192.0.2.1/24) and PHONE (ph0 <phone-cidr>)
#                                   joined by a veth pair
#   write_config <file> <iface> [sip]
#                                   the base configuration most tests use
#   nobody_ids                      NOBODY_UID, NOGROUP_GID (skipped without nobody/nogroup)
#   daemon_start <ns> <config> [prefix command...]
#                                   dhcplite in <ns> with its own log ($DAEMON_LOG, PID in
#                                   $DAEMON_PID); waits (bounded) until it serves
#   daemon_alive                    it runs (an exited, unreaped child does not count)
#   daemon_stop                     SIGTERM ends it promptly with exit status 0
#   daemon_counters <file>          SIGUSR1, the new counters line into <file>
#   counter <file> <name>           one value from a counters line
#   log_has <regex> [seconds]       wait (bounded) for a matching line in the daemon's log
#   wait_spawned <pid>              the exit status of a netns_spawn'ed process that ends itself
set -u

TESTS_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SOURCE_DIR=${DHCPLITE_SOURCE_DIR:-$(cd "$TESTS_LIB_DIR/../.." && pwd)}
# The Python clients find tests/data through it (dhcpprobe.py's vectors).
export DHCPLITE_SOURCE_DIR=$SOURCE_DIR
# shellcheck source-path=SCRIPTDIR source=../../scripts/lib/netns.sh
. "$SOURCE_DIR/scripts/lib/netns.sh"

PY=/usr/bin/python3  # Debian's, with python3-scapy (the python3 on PATH may be another interpreter)
CLIENT=
DAEMON_PID=
DAEMON_LOG=
T=
SRV=
PHONE=
NOBODY_UID=
NOGROUP_GID=

daemon_test_init() {
    local tag=$1 script=${2:-} module
    netns_init "$tag"
    netns_require_root
    netns_require_cmd ip ss "$PY"
    if [ -n "$script" ]; then
        CLIENT=$(cd "$(dirname "$0")" && pwd)/$script
        [ -r "$CLIENT" ] || netns_fail "the test's client $CLIENT is missing"
        for module in "${@:3}"; do
            "$PY" -c "import $module" 2>/dev/null || netns_skip "Python module $module is missing for $PY"
        done
    fi
    [ -n "${DHCPLITE:-}" ] || netns_skip "DHCPLITE (path of the dhcplite binary) is not set"
    [ -x "$DHCPLITE" ] || netns_skip "dhcplite binary not found: $DHCPLITE"
    netns_tmpdir
    T=$NETNS_TMP
}

client() {
    local ns=$1
    shift
    ip netns exec "$ns" "$PY" "$CLIENT" "$@"
}

server_and_phone() {
    netns_pair srv srv0 192.0.2.1/24 phone ph0 "$1"
    SRV=$NETNS_A
    PHONE=$NETNS_B
}

write_config() {
    local file=$1 iface=$2 sip=${3:-lync.schertz.local}
    cat >"$file" <<EOF
control-socket: off  # the test leaves the host's /run/dhcplite alone
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

nobody_ids() {
    NOBODY_UID=$(id -u nobody) || netns_skip "no user 'nobody'"
    NOGROUP_GID=$(getent group nogroup | cut -d: -f3)
    [ -n "$NOGROUP_GID" ] || netns_skip "no group 'nogroup'"
}

# The prefix runs dhcplite as another user or with other capabilities (setpriv), as systemd
# would. The command line is the unit's (no --foreground: dhcplite never forks, the switch is
# accepted and changes nothing). Serving means both: the "started" line is logged (sockets bound,
# privileges dropped, the loop about to run) and something listens on UDP 67 in <ns>.
daemon_start() {
    local ns=$1 config=$2
    shift 2
    chmod 644 "$config"
    # No control socket in the host's /run/dhcplite unless the test asks for one (stats.sh).
    grep -q '^control-socket:' "$config" || printf '\ncontrol-socket: off\n' >>"$config"
    DAEMON_LOG=$T/dhcplite-$((${#NETNS_LOGS[@]} + 1)).log
    netns_spawn "$ns" "$DAEMON_LOG" "$@" "$DHCPLITE" --config "$config"
    DAEMON_PID=$NETNS_LAST_PID
    if ! netns_wait 10 daemon__serving "$ns"; then
        daemon_alive || netns_fail "dhcplite exited at start"
        netns_fail "dhcplite did not log 'started' and listen on UDP 67 within 10 s"
    fi
    daemon_alive || netns_fail "dhcplite exited at start"
}

daemon__serving() {
    grep -q 'started version=' "$DAEMON_LOG" && netns__udp_bound "$1" 67
}

daemon_alive() {
    netns_alive "$DAEMON_PID" && [ "$(awk '{print $3}' "/proc/$DAEMON_PID/stat" 2>/dev/null)" != Z ]
}

daemon_stop() {
    daemon_alive || netns_fail "dhcplite (pid $DAEMON_PID) is no longer running"
    netns_stop "$DAEMON_PID" 5
    [ "$NETNS_LAST_STATUS" = 0 ] || netns_fail "dhcplite exited with $NETNS_LAST_STATUS after SIGTERM, expected 0"
}

# Only lines logged after the signal count, so a test reading the counters twice gets two lines.
daemon_counters() {
    local out=$1 before
    daemon_alive || netns_fail "dhcplite (pid $DAEMON_PID) died"
    before=$(wc -l <"$DAEMON_LOG")
    kill -USR1 "$DAEMON_PID"
    netns_wait 5 daemon__new_counters "$before" "$out" ||
        netns_fail "no counters line in the log within 5 s of SIGUSR1"
}

# "info: counters …" or, under journald, "<6>counters …"; never a decision line that merely
# names a counter.
daemon__new_counters() {
    tail -n +"$(($1 + 1))" "$DAEMON_LOG" | grep -E '(^|[: >])counters received=' | tail -n 1 >"$2"
    [ -s "$2" ]
}

counter() {
    grep -oE "(^| )$2=[0-9]+" "$1" | head -n 1 | cut -d= -f2
}

log_has() {
    netns_wait "${2:-5}" grep -qE -- "$1" "$DAEMON_LOG"
}

# Taken off the cleanup list once reaped: its PID may be reused by then.
wait_spawned() {
    local rc=0 kept=() p
    wait "$1" || rc=$?
    for p in "${NETNS_PIDS[@]}"; do [ "$p" = "$1" ] || kept+=("$p"); done
    NETNS_PIDS=("${kept[@]}")
    return "$rc"
}
