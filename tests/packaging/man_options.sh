#!/bin/bash
# Every long option that --help prints is in the man page: for dhcplite --help and dhcplite(8),
# and for every command that `dhcputil --help` lists (dhcputil COMMAND --help) and the DHCPUtil
# switches of `dhcputil --help`, in dhcputil(1). The commands are read from the overview, so a
# new subcommand or option is checked without touching this test.
# Usage: man_options.sh DHCPLITE DHCPUTIL MAN_DIR
set -u
DHCPLITE=${1:?usage: man_options.sh DHCPLITE DHCPUTIL MAN_DIR}
DHCPUTIL=${2:?}
MAN_DIR=${3:?}
FAILED=0
CHECKED=0

for page in dhcplite.8 dhcputil.1 dhcplite.yaml.5; do
    if [ ! -s "$MAN_DIR/$page" ]; then
        echo "FAIL: $MAN_DIR/$page missing (pandoc not installed? scripts/install-deps.sh)"
        [ "${CI:-}" = true ] && exit 1
        exit 77
    fi
done

# The page as plain words: roff's \- is a dash, font changes \f[B] \f[R] and \fB go.
plain() { sed -e 's/\\://g' -e 's/\\-/-/g' -e 's/\\f\[[A-Z]*\]//g' -e 's/\\f[A-Z]//g' "$1"; }

# check PAGE WHAT OPTIONS...: each option must occur in PAGE as a whole word.
check() {
    local page=$1 what=$2
    shift 2
    local text opt
    text=$(plain "$MAN_DIR/$page")
    for opt in "$@"; do
        CHECKED=$((CHECKED + 1))
        if ! grep -qE -- "(^|[^A-Za-z0-9-])${opt}([^A-Za-z0-9-]|$)" <<<"$text"; then
            echo "FAIL: $page lacks $opt (from $what)"
            FAILED=$((FAILED + 1))
        fi
    done
}

# ("--expect-..." in a sentence is a family of options, not one.)
long_options() { grep -oE -- '--[a-z][a-z0-9-]*' | grep -v -- '-$' | sort -u; }

mapfile -t opts < <("$DHCPLITE" --help | long_options)
[ ${#opts[@]} -ge 5 ] || { echo "FAIL: dhcplite --help lists only ${#opts[@]} long options"; exit 1; }
check dhcplite.8 "dhcplite --help" "${opts[@]}"

overview=$("$DHCPUTIL" --help)
# The commands: "  dhcputil WORD ..." lines of the overview, but help and --version.
mapfile -t commands < <(sed -nE 's/^  dhcputil ([a-z][a-z-]*).*/\1/p' <<<"$overview" | grep -vx help | sort -u)
[ ${#commands[@]} -ge 5 ] || { echo "FAIL: dhcputil --help lists only ${#commands[@]} commands"; exit 1; }
for cmd in "${commands[@]}"; do
    check dhcputil.1 "dhcputil --help (command)" "$cmd"
    mapfile -t opts < <("$DHCPUTIL" "$cmd" --help | long_options)
    [ ${#opts[@]} -ge 1 ] || { echo "FAIL: dhcputil $cmd --help lists no long option"; FAILED=$((FAILED + 1)); }
    check dhcputil.1 "dhcputil $cmd --help" "${opts[@]}"
done
# DHCPUtil.exe's switches: a dash and a capital, e.g. -SipServer.
mapfile -t switches < <(grep -oE -- '(^|[ [])-[A-Z][A-Za-z]+' <<<"$overview" | tr -d ' [' | sort -u)
[ ${#switches[@]} -ge 4 ] || { echo "FAIL: dhcputil --help lists only ${#switches[@]} DHCPUtil switches"; exit 1; }
check dhcputil.1 "dhcputil --help (DHCPUtil switch)" "${switches[@]}"

echo "$CHECKED names checked, $FAILED missing"
[ "$FAILED" = 0 ]
