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

# The example runs as user dhcplite, which a test machine need not have: a copy names nobody.
chmod 755 "$TMP"
sed -e 's/^user: .*/user: nobody/' -e 's/^group: .*/group: nogroup/' \
    "$SRC/packaging/dhcplite.example.yaml" >"$TMP/dhcplite.example.yaml"
chmod 644 "$TMP/dhcplite.example.yaml"
expect "--check-config on the shipped example → 0" 0 \
    "dhcplite.example.yaml: OK: 3 profiles \(default \+ 2 sites\), 2 vendor classes" -- \
    --check-config --config "$TMP/dhcplite.example.yaml"
sed -e 's/^user: .*/user: nobody/' -e 's/^group: .*/group: nogroup/' \
    "$SRC/packaging/dhcplite.yaml" >"$TMP/package.yaml"
chmod 644 "$TMP/package.yaml"
expect "--check-config on the package's /etc/dhcplite/dhcplite.yaml → 0" 0 \
    "package.yaml: OK: 3 profiles .* interfaces lo, user nobody" -- \
    --check-config --config "$TMP/package.yaml"

# What a start would refuse, which the loader cannot see (docs/operation.md, "--check-config").
mini='default:\n  sip-servers: [pool.example.com]\n'
printf "user: no-such-user-dlx\n$mini" >"$TMP/nouser.yaml"
expect "--check-config: a user that does not exist → 78" 78 \
    "^$TMP/nouser.yaml: user: no such user 'no-such-user-dlx'" -- --check-config --config "$TMP/nouser.yaml"
printf "user: nobody\ngroup: no-such-group-dlx\n$mini" >"$TMP/nogroup.yaml"
expect "--check-config: a group that does not exist → 78" 78 \
    "^$TMP/nogroup.yaml: group: no such group 'no-such-group-dlx'" -- --check-config --config "$TMP/nogroup.yaml"
printf "listen:\n  interfaces: [dlx-none0]\n$mini" >"$TMP/noif.yaml"
expect "--check-config: an interface that does not exist → warning, 0" 0 \
    "^$TMP/noif.yaml: warning: interface dlx-none0 \(listen.interfaces\) does not exist.*exit 69" -- \
    --check-config --config "$TMP/noif.yaml"
if [ "$(id -u)" = 0 ]; then
    mkdir -m 700 "$TMP/private"
    printf "user: nobody\ngroup: nogroup\n$mini" >"$TMP/private/dhcplite.yaml"
    chmod 644 "$TMP/private/dhcplite.yaml"
    expect "--check-config: a file the configured user cannot reach → 78" 78 \
        "user: nobody \(uid [0-9]+ gid [0-9]+\) could not read this file .* stopped at $TMP/private;" -- \
        --check-config --config "$TMP/private/dhcplite.yaml"
    chmod 755 "$TMP/private"
    chmod 600 "$TMP/private/dhcplite.yaml"
    expect "--check-config: a file the configured user cannot read → 78" 78 \
        "stopped at $TMP/private/dhcplite.yaml;" -- --check-config --config "$TMP/private/dhcplite.yaml"
    chmod 644 "$TMP/private/dhcplite.yaml"
    expect "--check-config: the same file, readable → 0" 0 "OK: 1 profile" -- \
        --check-config --config "$TMP/private/dhcplite.yaml"
else
    echo "note: not root, the unreadable-file cases need files owned by another user (unit tests cover the rule)"
fi

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
