# shellcheck shell=bash
# shellcheck disable=SC2034  # SIP, URL and the EMU_* results are read by the scripts that source this
# Sourced by the emulate-client integration tests: the namespace helpers (scripts/lib/netns.sh),
# running `dhcputil emulate-client` inside a namespace, and starting the four DHCP servers it is
# cross-checked against — dhcplite, Kea, dnsmasq and ISC dhcpd — each in a namespace, in the
# foreground, with the configuration `dhcputil config` writes for it, every file in the test's
# temporary directory, stopped by PID. Nothing here touches the machine's own interfaces or
# services.
#
# Environment (set by ctest): DHCPUTIL, DHCPLITE, DHCPLITE_SOURCE_DIR. Without root or a tool the
# test exits 77 (skipped); under CI=true it fails instead (netns_skip).
set -u

EMU_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
SOURCE_DIR=${DHCPLITE_SOURCE_DIR:-$(cd "$EMU_DIR/../../.." && pwd)}
# shellcheck source-path=SCRIPTDIR source=../../../scripts/lib/netns.sh
. "$SOURCE_DIR/scripts/lib/netns.sh"

PY=/usr/bin/python3  # Debian's (the python3 on PATH may be another interpreter)
T=
SRV_PID=
SRV_LOG=
EMU_RC=
EMU_OUT=
EMU_ERR=
EMU_N=0

# More `dhcputil config` options for the srv_* helpers (phone_setup.sh: --ntp-server ...).
SRV_CONFIG_EXTRA=()

# The profile every server is configured with (the vector of docs/design.md §2.3, §2.4).
SIP=lync.schertz.local
URL=https://lync.schertz.local:443/CertProv/CertProvisioningService.svc

# emu_init <test-name>: checks, cleanup trap, a temporary directory in $T.
emu_init() {
    netns_init "$1"
    netns_require_root
    netns_require_cmd ip ss timeout "$PY"
    [ -n "${DHCPUTIL:-}" ] || netns_skip "DHCPUTIL (path of the dhcputil binary) is not set"
    [ -x "$DHCPUTIL" ] || netns_skip "dhcputil binary not found: $DHCPUTIL"
    netns_tmpdir
    T=$NETNS_TMP
}

emu_require_dhcplite() {
    [ -n "${DHCPLITE:-}" ] || netns_skip "DHCPLITE (path of the dhcplite binary) is not set"
    [ -x "$DHCPLITE" ] || netns_skip "dhcplite binary not found: $DHCPLITE"
}

# emulate <ns> <args...>: dhcputil emulate-client in <ns>, bounded by an outer timeout. Sets
# EMU_RC, EMU_OUT (stdout file), EMU_ERR (stderr file).
emulate() {
    local ns=$1
    shift
    EMU_N=$((EMU_N + 1))
    EMU_OUT=$T/emulate-$EMU_N.out
    EMU_ERR=$T/emulate-$EMU_N.err
    EMU_RC=0
    timeout 60 ip netns exec "$ns" "$DHCPUTIL" "$@" >"$EMU_OUT" 2>"$EMU_ERR" || EMU_RC=$?
}

# emu_show: the last run's output, for the test log.
emu_show() {
    sed 's/^/    | /' "$EMU_OUT" "$EMU_ERR" >&2
}

# emu_expect_rc <rc> <what>: fail with the output shown unless the last run exited with <rc>.
emu_expect_rc() {
    if [ "$EMU_RC" != "$1" ]; then
        emu_show
        netns_fail "$2: emulate-client exited with $EMU_RC, expected $1"
    fi
}

# json_check <file> <python expression over `j`> <what>: fail unless it is true.
json_check() {
    "$PY" - "$1" "$2" <<'PYEOF' || { emu_show; netns_fail "$3"; }
import json, sys
j = json.load(open(sys.argv[1]))
ok = eval("(" + sys.argv[2].strip() + ")", {"j": j})
if not ok:
    print("json_check failed:", sys.argv[2], file=sys.stderr)
sys.exit(0 if ok else 1)
PYEOF
}

# ---- servers: each srv_* starts one in the foreground in <ns>, logging to $SRV_LOG, and waits
# (bounded) until it listens on UDP 67. SRV_PID is its PID; stop it with srv_stop.

srv__wait() {
    local ns=$1 name=$2
    if ! netns_wait 15 netns__udp_bound "$ns" 67; then
        netns_alive "$SRV_PID" || netns_fail "$name exited at start"
        netns_fail "$name does not listen on UDP 67 after 15 s"
    fi
    netns_alive "$SRV_PID" || netns_fail "$name exited at start"
}

srv__spawn() {
    local ns=$1 name=$2
    shift 2
    SRV_LOG=$T/$name.log
    netns_spawn "$ns" "$SRV_LOG" "$@"
    SRV_PID=$NETNS_LAST_PID
}

# srv_dhcplite <ns> <iface> [sip-server]
srv_dhcplite() {
    local ns=$1 iface=$2 sip=${3:-$SIP} conf=$T/dhcplite-$1.yaml
    "$DHCPUTIL" config --format dhcplite --sip-server "$sip" "${SRV_CONFIG_EXTRA[@]}" --output "$conf" ||
        netns_fail "dhcputil config --format dhcplite failed"
    # The generated file is for /etc/dhcplite; here: our interface, log to stderr, no user switch
    # to a user that may not exist (nobody exists everywhere).
    sed -i -e 's/^log-level: .*/log-level: debug/' -e 's/^user: .*/user: nobody/' \
        -e 's/^group: .*/group: nogroup/' "$conf"
    printf 'listen:\n  interfaces: [%s]\ncontrol-socket: off\n' "$iface" >>"$conf"
    chmod 644 "$conf"
    srv__spawn "$ns" "dhcplite-$ns" "$DHCPLITE" --config "$conf" --foreground
    srv__wait "$ns" dhcplite
}

# srv_kea <ns> <iface> <scope>
srv_kea() {
    local ns=$1 iface=$2 scope=$3 conf=$T/kea-dhcp4.conf
    netns_require_cmd kea-dhcp4
    "$DHCPUTIL" config --format kea --scope "$scope" --interface "$iface" --sip-server "$SIP" \
        "${SRV_CONFIG_EXTRA[@]}" --output "$conf" || netns_fail "dhcputil config --format kea failed"
    # Only the lease file moves out of /var/lib/kea; everything else is as generated.
    sed -i "s|/var/lib/kea/kea-leases4.csv|$T/kea-leases4.csv|" "$conf"
    mkdir -p "$T/kea-run"
    # Kea 2.2 puts its PID file and its logger lock file where these say (defaults: /run/kea,
    # /var/run/kea): keep both in the test's directory.
    srv__spawn "$ns" kea env KEA_PIDFILE_DIR="$T/kea-run" KEA_LOCKFILE_DIR="$T/kea-run" \
        kea-dhcp4 -c "$conf"
    srv__wait "$ns" kea-dhcp4
}

# srv_dnsmasq <ns> <iface> <scope>
srv_dnsmasq() {
    local ns=$1 iface=$2 scope=$3 conf=$T/dnsmasq.conf
    netns_require_cmd dnsmasq
    "$DHCPUTIL" config --format dnsmasq --scope "$scope" --interface "$iface" --sip-server "$SIP" \
        "${SRV_CONFIG_EXTRA[@]}" --output "$conf" || netns_fail "dhcputil config --format dnsmasq failed"
    # --port=0: no DNS; --conf-file: this file only (not /etc/dnsmasq.conf); run as root so the
    # lease and PID files in $T stay writable.
    srv__spawn "$ns" dnsmasq dnsmasq --keep-in-foreground --log-facility=- --log-dhcp \
        --conf-file="$conf" --port=0 --interface="$iface" --bind-interfaces \
        --dhcp-leasefile="$T/dnsmasq.leases" --pid-file="$T/dnsmasq.pid" --user=root
    srv__wait "$ns" dnsmasq
}

# srv_dhcpd <ns> <iface> <scope>
srv_dhcpd() {
    local ns=$1 iface=$2 scope=$3 conf=$T/dhcpd.conf
    netns_require_cmd dhcpd
    "$DHCPUTIL" config --format isc-dhcpd --scope "$scope" --interface "$iface" --sip-server "$SIP" \
        "${SRV_CONFIG_EXTRA[@]}" --output "$conf" || netns_fail "dhcputil config --format isc-dhcpd failed"
    : >"$T/dhcpd.leases"
    srv__spawn "$ns" dhcpd dhcpd -4 -f -d -cf "$conf" -lf "$T/dhcpd.leases" -pf "$T/dhcpd.pid" "$iface"
    srv__wait "$ns" dhcpd
}

# srv_stop: stop the server started last (SIGTERM, bounded wait, SIGKILL).
srv_stop() {
    [ -n "$SRV_PID" ] || return 0
    netns_stop "$SRV_PID" 5
    SRV_PID=
}
