#!/bin/bash
# systemd's own checkers on the shipped unit and sysusers file:
#  - systemd-analyze verify (it insists that ExecStart= binaries exist, so it runs on a copy
#    whose /usr/sbin/dhcplite is rewritten to the binary just built: same unit, real path);
#  - systemd-sysusers into a scratch root: the dedicated user is created as declared;
#  - systemd-analyze security --offline: the exposure score, printed (not asserted).
set -u
BIN=$(realpath "${1:?usage: systemd_unit.sh path/to/dhcplite}")
SRC=${DHCPLITE_SOURCE_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)}
UNIT="$SRC/packaging/systemd/dhcplite.service"
SYSUSERS="$SRC/packaging/systemd/dhcplite.conf"
if ! command -v systemd-analyze >/dev/null; then
    if [ "${CI:-}" = true ]; then echo "FAIL: systemd-analyze missing"; exit 1; fi
    echo "SKIP: systemd-analyze not installed"; exit 77
fi
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
PASSED=0
FAILED=0
pass() { echo "ok: $*"; PASSED=$((PASSED + 1)); }
fail() { echo "FAIL: $*"; FAILED=$((FAILED + 1)); }

# The unit must name the installed path; the copy swaps it for the build's.
grep -q '^ExecStart=/usr/sbin/dhcplite --config /etc/dhcplite/dhcplite.yaml$' "$UNIT" \
    && pass "ExecStart names /usr/sbin/dhcplite" || fail "ExecStart line changed"
grep -q '^ExecStartPre=/usr/sbin/dhcplite --check-config --config /etc/dhcplite/dhcplite.yaml$' "$UNIT" \
    && pass "ExecStartPre runs --check-config" || fail "ExecStartPre line changed"
# The control socket and the metrics file live in /run/dhcplite, made by systemd for User=.
grep -q '^RuntimeDirectory=dhcplite$' "$UNIT" \
    && pass "RuntimeDirectory=dhcplite (control socket, metrics file)" || fail "no RuntimeDirectory=dhcplite"

mkdir -p "$TMP/unit"
sed "s|/usr/sbin/dhcplite|$BIN|g" "$UNIT" >"$TMP/unit/dhcplite.service"
if systemd-analyze verify "$TMP/unit/dhcplite.service" >"$TMP/verify" 2>&1; then
    pass "systemd-analyze verify"
else
    fail "systemd-analyze verify:"; sed 's/^/    /' "$TMP/verify"
fi
# verify exits 0 on some warnings; any line about our unit is a finding.
if grep -q "dhcplite.service" "$TMP/verify"; then
    fail "systemd-analyze verify warned:"; sed 's/^/    /' "$TMP/verify"
else
    pass "no warnings about dhcplite.service"
fi

if command -v systemd-sysusers >/dev/null; then
    mkdir -p "$TMP/root/etc"
    if systemd-sysusers --root="$TMP/root" "$SYSUSERS" >"$TMP/sysusers" 2>&1 \
        && grep -qE '^dhcplite:x:[0-9]+:[0-9]+:.*:/usr/sbin/nologin$' "$TMP/root/etc/passwd" \
        && grep -qE '^dhcplite:x:[0-9]+:' "$TMP/root/etc/group"; then
        pass "systemd-sysusers creates user and group dhcplite"
    else
        fail "systemd-sysusers:"; cat "$TMP/sysusers" "$TMP/root/etc/passwd" 2>/dev/null | sed 's/^/    /'
    fi
fi

if systemd-analyze security --offline=true "$TMP/unit/dhcplite.service" >"$TMP/security" 2>&1; then
    echo "info: $(grep -E 'Overall exposure level' "$TMP/security")"
fi

echo "$PASSED passed, $FAILED failed"
[ "$FAILED" = 0 ]
