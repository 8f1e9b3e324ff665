#!/bin/bash
# One version everywhere: the top of packaging/debian/changelog (its only source) is what
# dhcplite --version, dhcputil --version and the man pages' footers print, and, when
# scripts/build-deb.sh has run, the .deb's Version field and file name.
# Usage: version_test.sh DHCPLITE DHCPUTIL MAN_DIR
set -u
DHCPLITE=${1:?usage: version_test.sh DHCPLITE DHCPUTIL MAN_DIR}
DHCPUTIL=${2:?}
MAN_DIR=${3:?}
SRC=${DHCPLITE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${DHCPLITE_BUILD_DIR:-$SRC/build}
FAILED=0
pass() { echo "ok: $*"; }
fail() { echo "FAIL: $*"; FAILED=$((FAILED + 1)); }
same() {  # same WHAT GOT WANTED
    if [ "$2" = "$3" ]; then pass "$1: $2"; else fail "$1 is '$2', the changelog says '$3'"; fi
}

want=$(dpkg-parsechangelog -l "$SRC/packaging/debian/changelog" -S Version) || { fail "dpkg-parsechangelog"; exit 1; }
[[ $want =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]] || fail "changelog version '$want' is not X.Y.Z (a native package)"

same "dhcplite --version" "$("$DHCPLITE" --version)" "dhcplite $want"
same "dhcputil --version" "$("$DHCPUTIL" --version)" "dhcputil (dhcplite) $want"
same "dhcputil -Version" "$("$DHCPUTIL" -Version)" "dhcputil (dhcplite) $want"
for page in dhcplite.8 dhcputil.1 dhcplite.yaml.5; do
    footer=$(grep -m1 '^\.TH ' "$MAN_DIR/$page" | grep -oE 'dhcplite [0-9][0-9.]*' || true)
    same "$page footer" "$footer" "dhcplite $want"
done

# The package, if built: dpkg-deb reads the control file, not the name.
for deb in "$BUILD"/deb/dhcplite_*_amd64.deb; do
    [ -e "$deb" ] || continue
    if [ "$deb" = "$BUILD/deb/dhcplite_${want}_amd64.deb" ]; then
        same "$(basename "$deb") Version" "$(dpkg-deb -f "$deb" Version)" "$want"
    else
        echo "note: $(basename "$deb") is from another version (stale), not checked"
    fi
done

[ "$FAILED" = 0 ]
