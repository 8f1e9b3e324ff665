#!/usr/bin/env bash
# dhcplite in five minutes: builds the project if needed, shows the option bytes and the DHCP
# server configuration that dhcputil writes for a Lync/Skype for Business pool, then starts the
# dhcplite daemon with packaging/dhcplite.example.yaml in a throwaway pair of network namespaces,
# lets a phone (a scapy-built DHCPINFORM) ask, and decodes the answer. Everything it creates —
# namespaces, processes, temporary files — is removed when it ends, however it ends.
#
# Needs root (network namespaces); installs the packages of scripts/install-deps.sh itself. Nothing is sent
# on this machine's own interfaces: both ends of the network live in the namespaces, with
# addresses from 192.0.2.0/24 (RFC 5737 documentation range).
#
# Environment: DHCPLITE_BUILD_DIR (default: <repo>/build), or DHCPLITE and DHCPUTIL to use
# already built binaries.
set -u -o pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
BUILD=${DHCPLITE_BUILD_DIR:-$ROOT/build}
PY=/usr/bin/python3
PROBE=$ROOT/tests/integration/dhcpprobe.py
SIP=lync.schertz.local
# shellcheck source-path=SCRIPTDIR source=lib/netns.sh
. "$ROOT/scripts/lib/netns.sh"

if [ -t 1 ]; then BOLD=$'\033[1m' PLAIN=$'\033[0m'; else BOLD='' PLAIN=''; fi
section() {
    printf '\n%s== %s ==%s\n\n' "$BOLD" "$*" "$PLAIN"
}
indent() { sed 's/^/    /'; }

netns_init demo
netns_require_root
# The demo sets itself up on a fresh Debian 12: packages first (fast when all are present).
"$ROOT/scripts/install-deps.sh" || netns_fail "installing the Debian packages failed"
netns_require_cmd cmake ninja ip ss "$PY"
"$PY" -c 'import scapy.layers.dhcp' 2>/dev/null || netns_fail "python3-scapy is missing: run scripts/install-deps.sh"
netns_tmpdir
T=$NETNS_TMP

# ------------------------------------------------------------------------------------------------
section "Building dhcplite (cmake + ninja, in ${BUILD#"$ROOT"/})"
if [ -z "${DHCPLITE:-}" ] || [ -z "${DHCPUTIL:-}" ]; then
    if [ ! -f "$BUILD/CMakeCache.txt" ]; then
        cmake -S "$ROOT" -B "$BUILD" -G Ninja >"$T/build.log" 2>&1 ||
            { tail -n 30 "$T/build.log"; netns_fail "cmake configure failed"; }
    fi
    cmake --build "$BUILD" --target dhcplite dhcputil >>"$T/build.log" 2>&1 ||
        { tail -n 30 "$T/build.log"; netns_fail "build failed"; }
    DHCPLITE=$BUILD/dhcplite/server/dhcplite
    DHCPUTIL=$BUILD/dhcputil/dhcputil
fi
[ -x "$DHCPLITE" ] || netns_fail "no dhcplite binary at $DHCPLITE"
[ -x "$DHCPUTIL" ] || netns_fail "no dhcputil binary at $DHCPUTIL"
echo "dhcplite: $DHCPLITE"
echo "dhcputil: $DHCPUTIL"

# ------------------------------------------------------------------------------------------------
section "1. What a phone needs for the pool $SIP: options 120 and 43 (dhcputil encode)"
echo "\$ dhcputil encode --sip-server $SIP"
"$DHCPUTIL" encode --sip-server "$SIP" | indent || netns_fail "dhcputil encode failed"

# ------------------------------------------------------------------------------------------------
section "2. The same as configuration for your DHCP server (dhcputil config)"
"$DHCPUTIL" config --format kea --scope 192.0.2.0/24 --sip-server "$SIP" >"$T/kea-dhcp4.json" ||
    netns_fail "dhcputil config --format kea failed"
"$DHCPUTIL" config --format netsh --scope 192.0.2.0/24 --sip-server "$SIP" >"$T/netsh.txt" ||
    netns_fail "dhcputil config --format netsh failed"
echo "\$ dhcputil config --format kea --scope 192.0.2.0/24 --sip-server $SIP > kea-dhcp4.json"
indent <"$T/kea-dhcp4.json"
echo
echo "\$ dhcputil config --format netsh --scope 192.0.2.0/24 --sip-server $SIP > netsh.txt"
indent <"$T/netsh.txt"
echo
echo "(other formats: isc-dhcpd, dnsmasq, powershell, cisco-ios, mikrotik, dhcplite — dhcputil config --help)"

# ------------------------------------------------------------------------------------------------
section "3. Or let dhcplite answer the phones: a throwaway network"
SRV=$(netns_name srv)
PHONE=$(netns_name phone)
netns_add "$SRV"
netns_add "$PHONE"
# eth0 on both sides, as in the example config's `interfaces: [eth0]`.
netns_veth "$SRV" eth0 192.0.2.1/24 "$PHONE" eth0 192.0.2.10/24
cat <<EOF
    phone                                    server
    eth0 192.0.2.10/24  <-- veth pair -->  eth0 192.0.2.1/24, dhcplite on UDP 67
    namespace $PHONE           namespace $SRV
EOF

# ------------------------------------------------------------------------------------------------
section "4. dhcplite with packaging/dhcplite.example.yaml"
# The example runs as user/group "dhcplite" (the systemd unit's); on a fresh machine that user
# does not exist, so the demo uses nobody/nogroup — and debug logging, to see the decision.
sed -e 's/^user: .*/user: nobody/' -e 's/^group: .*/group: nogroup/' \
    -e 's/^log-level: .*/log-level: debug/' \
    "$ROOT/packaging/dhcplite.example.yaml" >"$T/dhcplite.yaml"
chmod 644 "$T/dhcplite.yaml"
echo "changed for the demo:"
diff "$ROOT/packaging/dhcplite.example.yaml" "$T/dhcplite.yaml" | grep '^[<>]' | indent
echo
echo "\$ dhcplite --config dhcplite.yaml --check-config"
"$DHCPLITE" --config "$T/dhcplite.yaml" --check-config 2>&1 | indent
[ "${PIPESTATUS[0]}" = 0 ] || netns_fail "the demo config does not pass --check-config"
echo "\$ dhcplite --config dhcplite.yaml --foreground        (in $SRV)"
netns_spawn "$SRV" "$T/dhcplite.log" "$DHCPLITE" --config "$T/dhcplite.yaml" --foreground
DAEMON_PID=$NETNS_LAST_PID
netns_wait_udp "$SRV" 67 10 || netns_fail "dhcplite does not listen on UDP 67"
echo "    listening on UDP 67, pid $DAEMON_PID, running as: $(ps -o user= -p "$DAEMON_PID")"

# ------------------------------------------------------------------------------------------------
section "5. A phone asks: DHCPINFORM from 192.0.2.10 with vendor class MS-UC-Client (scapy)"
ip netns exec "$PHONE" "$PY" "$PROBE" inform --iface eth0 --ciaddr 192.0.2.10 --no-check \
    --mac 00:04:f2:12:34:56 --hostname CX600-demo --request-hex-out "$T/inform.hex" --hex-out "$T/ack.hex" \
    2>"$T/probe.log" || { indent <"$T/probe.log"; netns_fail "the phone got no answer"; }
echo "The INFORM, decoded by dhcputil:"
echo "\$ dhcputil decode --packet <the INFORM's bytes>"
"$DHCPUTIL" decode --packet "$(cat "$T/inform.hex")" | indent

# ------------------------------------------------------------------------------------------------
section "6. dhcplite's answer, decoded by dhcputil"
grep 'reply from' "$T/probe.log" | sed 's/^dhcpprobe: //' | indent
echo "\$ dhcputil decode --packet $(cut -c1-48 "$T/ack.hex")…"
"$DHCPUTIL" decode --packet "$(cat "$T/ack.hex")" | indent ||
    netns_fail "dhcputil could not decode the answer"

# ------------------------------------------------------------------------------------------------
section "7. The daemon's log (SIGUSR1 adds its counters; SIGTERM stops it)"
kill -USR1 "$DAEMON_PID"
netns_wait 3 grep -q 'malformed' "$T/dhcplite.log"
netns_stop "$DAEMON_PID" 5
indent <"$T/dhcplite.log"
echo "    (exit status $NETNS_LAST_STATUS)"

# ------------------------------------------------------------------------------------------------
section "Cleaning up"
echo "removing network namespaces $PHONE and $SRV, and $T"
netns_cleanup
