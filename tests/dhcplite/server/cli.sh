#!/bin/bash
# dhcplite's command line and --check-config as a user meets them: exit codes (64 usage, 66
# unreadable, 78 bad config, 0 ok) and the one-line messages. No root, no network.
set -u
BIN=${1:?usage: cli.sh path/to/dhcplite}
SRC=${DHCPLITE_SOURCE_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PASSED=0
FAILED=0

# expect NAME CODE PATTERN -- ARGS...: runs dhcplite, checks the exit code and that stdout+stderr
# match the extended regex PATTERN.
expect() {
    local name=$1 code=$2 pattern=$3
    shift 4
    "$BIN" "$@" >"$TMP/out" 2>&1
    local rc=$?
    if [ "$rc" = "$code" ] && grep -qE -- "$pattern" "$TMP/out"; then
        echo "ok: $name"
        PASSED=$((PASSED + 1))
    else
        echo "FAIL: $name: exit $rc (wanted $code), output:"
        sed 's/^/    /' "$TMP/out"
        FAILED=$((FAILED + 1))
    fi
}

expect "--help" 0 "^Usage: dhcplite --config FILE" -- --help
expect "--version" 0 "^dhcplite [0-9]+\.[0-9]+\.[0-9]+$" -- --version
expect "unknown flag → 64" 64 "^dhcplite: unrecognised option '--bogus'; try 'dhcplite --help'$" -- --bogus
expect "no --config → 64" 64 "--config FILE is required" --
expect "bad --log-level → 64" 64 "'loud' is not one of" -- --config x --log-level loud
expect "stray argument → 64" 64 "too many positional" -- --config x extra

expect "--check-config on the shipped example → 0" 0 \
    "dhcplite.example.yaml: OK: 3 profiles \(default \+ 2 sites\), 2 vendor classes" -- \
    --check-config --config "$SRC/packaging/dhcplite.example.yaml"

printf 'log-level: info\ndefault:\n  sip-servers: [pool.example.com]\n  port: seventy\n' >"$TMP/broken.yaml"
expect "--check-config on a broken config → 78 with file:line:col" 78 \
    "^$TMP/broken.yaml:4:[0-9]+: default.port: " -- --check-config --config "$TMP/broken.yaml"
expect "--check-config on a missing file → 66" 66 "$TMP/missing.yaml" -- \
    --check-config --config "$TMP/missing.yaml"
expect "the daemon on a broken config → 78 before touching the network" 78 \
    "broken.yaml:4:[0-9]+:" -- --config "$TMP/broken.yaml"
expect "the daemon on a missing file → 66" 66 "missing.yaml" -- --config "$TMP/missing.yaml"

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
