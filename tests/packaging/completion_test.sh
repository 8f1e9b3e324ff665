#!/bin/bash
# The bash completion of packaging/completion/ against the built programs: dhcputil's commands,
# a command's options, --format values and interface names; dhcplite's options and levels.
# Usage: completion_test.sh DHCPLITE DHCPUTIL
set -u
DHCPLITE=${1:?usage: completion_test.sh DHCPLITE DHCPUTIL}
DHCPUTIL=${2:?}
SRC=${DHCPLITE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
if [ ! -r /usr/share/bash-completion/bash_completion ]; then
    echo "bash-completion is not installed (scripts/install-deps.sh)"
    [ "${CI:-}" = true ] && exit 1
    exit 77
fi
BIN=$(mktemp -d)
trap 'rm -rf "$BIN"' EXIT
ln -s "$(realpath "$DHCPLITE")" "$BIN/dhcplite"
ln -s "$(realpath "$DHCPUTIL")" "$BIN/dhcputil"
export PATH="$BIN:$PATH"
# shellcheck disable=SC1091
source /usr/share/bash-completion/bash_completion
# shellcheck disable=SC1091
source "$SRC/packaging/completion/dhcputil"
# shellcheck disable=SC1091
source "$SRC/packaging/completion/dhcplite"
FAILED=0

# offers FUNCTION WORDS... -- EXPECTED...: completing the last word offers each EXPECTED.
offers() {
    local fn=$1
    shift
    local words=()
    while [ "$1" != -- ]; do words+=("$1"); shift; done
    shift
    COMP_WORDS=("${words[@]}")
    COMP_CWORD=$((${#words[@]} - 1))
    COMP_LINE="${words[*]}"
    COMP_POINT=${#COMP_LINE}
    COMPREPLY=()
    "$fn" "${words[0]}" "${words[-1]}" "${words[-2]}"
    local got=" ${COMPREPLY[*]} " want
    for want in "$@"; do
        if [[ $got != *" $want "* ]]; then
            echo "FAIL: '${words[*]}' does not offer $want (offers:$got)"
            FAILED=$((FAILED + 1))
            return
        fi
    done
    echo "ok: '${words[*]}' offers $*"
}

offers _dhcputil dhcputil "" -- encode decode config emulate-client bench help
offers _dhcputil dhcputil -Sip -- -SipServer
offers _dhcputil dhcputil encode --sip -- --sip-server --sip-address
offers _dhcputil dhcputil config --format "" -- netsh powershell isc-dhcpd kea dnsmasq cisco-ios mikrotik dhcplite
offers _dhcputil dhcputil config --format k -- kea
offers _dhcputil dhcputil emulate-client --interface "" -- lo
offers _dhcputil dhcputil emulate-client --exp -- --expect-sip-server --expect-web-server
offers _dhcputil dhcputil help e -- encode emulate-client
offers _dhcplite dhcplite --c -- --config --check-config
offers _dhcplite dhcplite --log-level "" -- error warning info debug

[ "$FAILED" = 0 ]
