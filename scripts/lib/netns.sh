# shellcheck shell=bash
# shellcheck disable=SC2034  # NETNS_* results are read by the scripts that source this file
# Throwaway network namespaces for the demo and the integration tests. Source this file; it
# defines functions and a few NETNS_* variables and runs nothing by itself.
#
# Everything created through these helpers lives inside namespaces made here: veth pairs are
# created directly inside them (`ip -n A link add … peer … netns B`), so no interface of the
# machine itself is touched and nothing is ever sent on it. Every namespace, process and
# temporary directory is registered and removed by netns_cleanup, which netns_init installs as
# the EXIT trap.
#
#   netns_init <tag>                   set the tag used in names, install the cleanup trap
#   netns_require_root / netns_require_cmd <cmd>...
#                                      exit 77 (skip) when missing; under CI=true exit 1 instead
#   netns_name <role>                  → a unique namespace name: dl-<tag>-<role>-<pid>
#   netns_add <ns>                     create it, bring `lo` up
#   netns_veth <nsA> <ifA> <cidrA|-> <nsB> <ifB> <cidrB|->
#                                      a veth pair between two namespaces, addressed and up
#   netns_lan <lan-ns> <ns> <if> <cidr|-> [<ns> <if> <cidr|-> ...]
#                                      one shared segment: a bridge br0 in <lan-ns>, each host's
#                                      <if> on a veth whose other end (l0, l1, ...) is a br0 port
#   netns_tmpdir                       → NETNS_TMP, a directory removed on exit (mode 755 so a
#                                      daemon that dropped to `nobody` can re-read its config)
#   netns_spawn <ns> <log> <cmd>...    start a process in <ns> in the background, stdout and
#                                      stderr to <log>; its PID in NETNS_LAST_PID
#   netns_wait <seconds> <cmd>...      poll <cmd> every 0.05 s until it succeeds or time is up
#   netns_wait_udp <ns> <port> <s>     wait until something listens on UDP <port> in <ns>
#   netns_stop <pid> [seconds]         SIGTERM, bounded wait, SIGKILL; the exit status in
#                                      NETNS_LAST_STATUS
#   netns_cleanup                      kill registered processes, delete namespaces and tmpdirs
#
# Addresses used by callers must come from the documentation ranges 192.0.2.0/24 and
# 198.51.100.0/24 (RFC 5737) only.

NETNS_TAG=${NETNS_TAG:-netns}
NETNS_NAMES=()
NETNS_PIDS=()
NETNS_TMPDIRS=()
NETNS_LOGS=()
NETNS_LAST_PID=
NETNS_LAST_STATUS=
NETNS_TMP=

netns_say() { printf '%s: %s\n' "$NETNS_TAG" "$*" >&2; }

# Fails the script; the last lines of every log of a process started by netns_spawn are shown
# first, since the temporary directory holding them is removed on exit.
netns_fail() {
    local log
    for log in "${NETNS_LOGS[@]}"; do
        [ -s "$log" ] || continue
        printf '%s: ---- last lines of %s ----\n' "$NETNS_TAG" "${log##*/}" >&2
        tail -n 25 "$log" >&2
    done
    printf '%s: FAIL: %s\n' "$NETNS_TAG" "$*" >&2
    exit 1
}

# A test that cannot run here is skipped (77) — except in CI, where a skip would hide that the
# suite did not run at all.
netns_skip() {
    if [ "${CI:-}" = "true" ]; then
        printf '%s: FAIL (CI=true forbids skipping): %s\n' "$NETNS_TAG" "$*" >&2
        exit 1
    fi
    printf '%s: SKIP: %s\n' "$NETNS_TAG" "$*" >&2
    exit 77
}

netns_require_root() {
    [ "$(id -u)" -eq 0 ] || netns_skip "needs root (network namespaces); run as root or with sudo"
    ip netns list >/dev/null 2>&1 || netns_skip "'ip netns' does not work here"
}

netns_require_cmd() {
    local c
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 ||
            [ -x "$c" ] ||
            netns_skip "'$c' not found (scripts/install-deps.sh installs it)"
    done
}

netns_init() {
    NETNS_TAG=$1
    trap netns_cleanup EXIT
    # Turn signals into a normal exit so the EXIT trap runs.
    trap 'exit 130' INT
    trap 'exit 143' TERM
    trap 'exit 129' HUP
}

# Namespace names are files in /run/netns, not interface names: no 15-character limit there.
netns_name() {
    printf 'dl-%s-%s-%s' "$NETNS_TAG" "$1" "$$"
}

netns_add() {
    ip netns add "$1" || netns_fail "cannot create network namespace $1"
    NETNS_NAMES+=("$1")
    ip -n "$1" link set lo up || netns_fail "cannot bring up lo in $1"
}

netns_veth() {
    local ns_a=$1 if_a=$2 cidr_a=$3 ns_b=$4 if_b=$5 cidr_b=$6
    if [ ${#if_a} -gt 15 ] || [ ${#if_b} -gt 15 ]; then
        netns_fail "interface name longer than 15 characters: $if_a / $if_b"
    fi
    ip -n "$ns_a" link add "$if_a" type veth peer name "$if_b" netns "$ns_b" ||
        netns_fail "cannot create veth $ns_a:$if_a <-> $ns_b:$if_b"
    if [ "$cidr_a" != "-" ]; then ip -n "$ns_a" addr add "$cidr_a" dev "$if_a" || netns_fail "addr $cidr_a"; fi
    if [ "$cidr_b" != "-" ]; then ip -n "$ns_b" addr add "$cidr_b" dev "$if_b" || netns_fail "addr $cidr_b"; fi
    ip -n "$ns_a" link set "$if_a" up || netns_fail "cannot bring up $if_a"
    ip -n "$ns_b" link set "$if_b" up || netns_fail "cannot bring up $if_b"
}

netns_lan() {
    local lan=$1 port=0
    shift
    ip -n "$lan" link add br0 type bridge || netns_fail "cannot create a bridge in $lan"
    ip -n "$lan" link set br0 up || netns_fail "cannot bring up br0 in $lan"
    while [ $# -ge 3 ]; do
        netns_veth "$1" "$2" "$3" "$lan" "l$port" -
        ip -n "$lan" link set "l$port" master br0 || netns_fail "cannot add l$port to br0"
        port=$((port + 1))
        shift 3
    done
    [ $# -eq 0 ] || netns_fail "netns_lan: hosts come as <ns> <if> <cidr> triples"
}

netns_tmpdir() {
    NETNS_TMP=$(mktemp -d "${TMPDIR:-/tmp}/dhcplite-$NETNS_TAG.XXXXXX") || netns_fail "mktemp"
    NETNS_TMPDIRS+=("$NETNS_TMP")
    chmod 755 "$NETNS_TMP"
}

netns_spawn() {
    local ns=$1 log=$2
    shift 2
    # `ip netns exec` execs the command, so $! is the command's own PID.
    ip netns exec "$ns" "$@" >"$log" 2>&1 </dev/null &
    NETNS_LAST_PID=$!
    NETNS_PIDS+=("$NETNS_LAST_PID")
    NETNS_LOGS+=("$log")
}

netns_wait() {
    local limit=$1
    shift
    local deadline=$((SECONDS + limit))
    # Bounded polling: at most `limit` seconds (SECONDS has 1 s granularity, so +1 at worst).
    while :; do
        "$@" >/dev/null 2>&1 && return 0
        [ "$SECONDS" -le "$deadline" ] || return 1
        sleep 0.05
    done
}

netns__udp_bound() {
    [ -n "$(ip netns exec "$1" ss -Hlun "sport = :$2" 2>/dev/null)" ]
}

netns_wait_udp() {
    netns_wait "$3" netns__udp_bound "$1" "$2"
}

netns_alive() {
    kill -0 "$1" 2>/dev/null
}

# Stops one process we started; NETNS_LAST_STATUS gets its exit status (from `wait`).
netns_stop() {
    local pid=$1 limit=${2:-5} i
    NETNS_LAST_STATUS=
    if kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null
        for ((i = 0; i < limit * 20; i++)); do
            kill -0 "$pid" 2>/dev/null || break
            # A zombie child still answers kill -0; reap it once it has exited.
            [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" = "Z" ] && break
            sleep 0.05
        done
        if kill -0 "$pid" 2>/dev/null && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != "Z" ]; then
            kill -KILL "$pid" 2>/dev/null || true
        fi
    fi
    NETNS_LAST_STATUS=0
    wait "$pid" 2>/dev/null || NETNS_LAST_STATUS=$?
    local kept=() p
    for p in "${NETNS_PIDS[@]}"; do [ "$p" = "$pid" ] || kept+=("$p"); done
    NETNS_PIDS=("${kept[@]}")
    return 0
}

netns_cleanup() {
    local status=$? p ns d
    set +e
    trap - EXIT INT TERM HUP
    for p in "${NETNS_PIDS[@]}"; do
        kill -TERM "$p" 2>/dev/null
    done
    for p in "${NETNS_PIDS[@]}"; do
        local i
        for ((i = 0; i < 40; i++)); do
            kill -0 "$p" 2>/dev/null || break
            [ "$(awk '{print $3}' "/proc/$p/stat" 2>/dev/null)" = "Z" ] && break
            sleep 0.05
        done
        kill -KILL "$p" 2>/dev/null
        wait "$p" 2>/dev/null
    done
    NETNS_PIDS=()
    for ns in "${NETNS_NAMES[@]}"; do
        ip netns del "$ns" 2>/dev/null
    done
    NETNS_NAMES=()
    for d in "${NETNS_TMPDIRS[@]}"; do
        [ -n "$d" ] && [ -d "$d" ] && rm -rf -- "$d"
    done
    NETNS_TMPDIRS=()
    exit "$status"
}

# netns_pair <roleA> <ifA> <cidrA|-> <roleB> <ifB> <cidrB|->: two new namespaces (netns_name
# <role>) joined by a veth pair, addressed and up; their names in NETNS_A and NETNS_B.
NETNS_A=
NETNS_B=
netns_pair() {
    NETNS_A=$(netns_name "$1")
    NETNS_B=$(netns_name "$4")
    netns_add "$NETNS_A"
    netns_add "$NETNS_B"
    netns_veth "$NETNS_A" "$2" "$3" "$NETNS_B" "$5" "$6"
}
