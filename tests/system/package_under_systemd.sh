#!/bin/bash
# The Debian package under a real systemd: a minimal bookworm tree (mmdebstrap, cached by its
# package list under /var/cache/dhcplite-tests), booted with systemd-nspawn as PID 1 in a network
# namespace joined to a phone namespace by a veth pair (192.0.2.0/24). Inside: apt installs the
# .deb of scripts/build-deb.sh, the config is edited, and the unit starts, answers an INFORM
# byte-exactly, runs as dhcplite with no capabilities in its sandbox, reloads a good and keeps the
# old config on a bad one, fails in ExecStartPre on a missing user, stops with status 0, scores
# <= 2.0 in `systemd-analyze security`, and `apt purge` leaves nothing behind.
# Needs root, mmdebstrap, systemd-nspawn and the .deb ($DHCPLITE_DEB or build/deb/); without
# them it is skipped, under CI=true it fails. The cached tree never changes: each run boots an
# overlay of it that is thrown away.
set -u
SRC=${DHCPLITE_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
BUILD=${DHCPLITE_BUILD_DIR:-$SRC/build}
# shellcheck source-path=SCRIPTDIR source=../../scripts/lib/netns.sh
. "$SRC/scripts/lib/netns.sh"
PY=/usr/bin/python3

netns_init system
netns_require_root
netns_require_cmd mmdebstrap systemd-nspawn nsenter dpkg-deb dpkg-parsechangelog ip mount "$PY"
VERSION=$(dpkg-parsechangelog -l "$SRC/packaging/debian/changelog" -S Version)
DEB=${DHCPLITE_DEB:-$BUILD/deb/dhcplite_${VERSION}_amd64.deb}
[ -r "$DEB" ] || netns_skip "no package $DEB: run scripts/build-deb.sh first"
CACHE=${DHCPLITE_TEST_CACHE:-/var/cache/dhcplite-tests}

PASSED=0
pass() { echo "ok: $*"; PASSED=$((PASSED + 1)); }
check() {  # check WHAT COMMAND...: fails the test unless COMMAND succeeds
    local what=$1
    shift
    if "$@"; then pass "$what"; else netns_fail "$what"; fi
}

# --- the cached tree: the package's dependencies (first alternative, no versions) and systemd
deps=$(dpkg-deb -f "$DEB" Depends | tr ',' '\n' | sed -E 's/\|.*//; s/\(.*\)//; s/[[:space:]]//g' | grep -v '^$')
# shellcheck disable=SC2086  # one package name per word
packages=$(printf '%s\n' $deps systemd systemd-sysv dbus | sort -u | paste -sd, -)
key=$(printf 'bookworm apt %s' "$packages" | sha256sum | cut -c1-16)
TREE=$CACHE/bookworm-$key
if [ ! -d "$TREE" ]; then
    echo "building the cached tree $TREE ($packages)"
    mkdir -p "$CACHE"
    rm -rf "$TREE.partial"
    mmdebstrap --quiet --variant=apt --include="$packages" bookworm "$TREE.partial" ||
        netns_fail "mmdebstrap failed (needs the Debian mirror)"
    mv "$TREE.partial" "$TREE"
fi

# --- this run: an overlay of the tree, the namespaces, the booted container
netns_tmpdir
T=$NETNS_TMP
ROOT=$T/root
MOUNTED=
NSPAWN_PID=
system_cleanup() {
    local status=$?
    set +e
    if [ -n "$NSPAWN_PID" ] && kill -0 "$NSPAWN_PID" 2>/dev/null; then
        kill -TERM "$NSPAWN_PID"  # nspawn --boot: an orderly shutdown of the container
        local i
        for ((i = 0; i < 200; i++)); do kill -0 "$NSPAWN_PID" 2>/dev/null || break; sleep 0.1; done
        kill -KILL "$NSPAWN_PID" 2>/dev/null
        wait "$NSPAWN_PID" 2>/dev/null
    fi
    [ -n "$MOUNTED" ] && umount "$ROOT"
    (exit "$status")
    netns_cleanup
}
trap system_cleanup EXIT

mkdir -p "$T/upper" "$T/work" "$ROOT"
mount -t overlay overlay -o "lowerdir=$TREE,upperdir=$T/upper,workdir=$T/work" "$ROOT" ||
    netns_fail "cannot mount an overlay of $TREE"
MOUNTED=1
cp "$DEB" "$ROOT/root/dhcplite.deb"

CT=$(netns_name ct)
PHONE=$(netns_name phone)
netns_add "$CT"
netns_add "$PHONE"
netns_veth "$CT" eth0 192.0.2.1/24 "$PHONE" ph0 192.0.2.10/24

systemd-nspawn --quiet -D "$ROOT" --boot --register=no --keep-unit --console=passive \
    --network-namespace-path="/run/netns/$CT" >"$T/console.log" 2>&1 &
NSPAWN_PID=$!
SD=
for ((i = 0; i < 100; i++)); do
    SD=$(pgrep -P "$NSPAWN_PID" | head -n1)
    [ -n "$SD" ] && break
    sleep 0.1
done
[ -n "$SD" ] || netns_fail "systemd-nspawn did not start a container: $(tail -5 "$T/console.log")"
in_ct() { nsenter -t "$SD" -a "$@"; }
# systemctl answers once the container's PID 1 has its private bus; until then it fails.
state=
for ((i = 0; i < 600; i++)); do
    state=$(in_ct systemctl is-system-running 2>/dev/null)
    case $state in running | degraded) break ;; esac
    sleep 0.1
done
case $state in
    running | degraded) pass "systemd $(in_ct systemctl --version | head -n1 | cut -d' ' -f2) booted as PID 1 ($state)" ;;
    *) netns_fail "the container did not boot: '$state'" ;;
esac

# --- install: the user, the unit enabled and started (with the shipped loopback-only config)
in_ct env DEBIAN_FRONTEND=noninteractive apt-get install -y -q /root/dhcplite.deb \
    >"$T/apt-install.log" 2>&1 || netns_fail "apt-get install: $(tail -5 "$T/apt-install.log")"
pass "apt-get install ./dhcplite_${VERSION}_amd64.deb"
check "user and group dhcplite exist" in_ct sh -c 'getent passwd dhcplite >/dev/null && getent group dhcplite >/dev/null'
check "the unit is enabled" test "$(in_ct systemctl is-enabled dhcplite)" = enabled
check "the unit was started on install" test "$(in_ct systemctl is-active dhcplite)" = active
check "the shipped config listens on loopback only" in_ct grep -q '^  interfaces: \[lo\]$' /etc/dhcplite/dhcplite.yaml
check "dhcplite --version in the package: $VERSION" test "$(in_ct dhcplite --version)" = "dhcplite $VERSION"
mapfile -t FILES < <(in_ct dpkg-query -L dhcplite | sort)

# --- edit the config and start: an INFORM from the phone is answered byte-exactly
CONF=/etc/dhcplite/dhcplite.yaml
in_ct sed -i -e 's/^  interfaces: \[lo\]$/  interfaces: [eth0]/' "$CONF"
in_ct systemctl stop dhcplite
in_ct systemctl start dhcplite || netns_fail "systemctl start: $(in_ct journalctl -u dhcplite -n 10 --no-pager)"
check "started after the edit" test "$(in_ct systemctl is-active dhcplite)" = active

# dhcpprobe.py (tests/integration) builds the INFORM with scapy and checks the ACK byte by byte
# against what it writes itself from RFC 2131 and tests/data: op, xid, ciaddr, chaddr, 53=ACK,
# 54=192.0.2.1, then 120, 43 and 42 in the order of option 55 (the shipped profile sends 42
# always; asking for it fixes its place), END, padding.
inform() {  # inform <sip FQDN> [more dhcpprobe arguments]
    ip netns exec "$PHONE" "$PY" "$SRC/tests/integration/dhcpprobe.py" inform --iface ph0 \
        --ciaddr 192.0.2.10 --expect-server-id 192.0.2.1 --expect-dst 192.0.2.10 --prl 120,43,42 \
        --expect-sip "$1" --expect-web web.example.com --expect-option 42=C000020A "${@:2}"
}
check "an INFORM from the phone is answered byte-exactly" inform pool.example.com

# --- the control socket, in the unit's RuntimeDirectory=, and dhcputil stats through it
check "the control socket /run/dhcplite/control.sock is dhcplite:dhcplite, mode 660" \
    test "$(in_ct stat -c '%U:%G %a' /run/dhcplite/control.sock)" = "dhcplite:dhcplite 660"
stats_json=$(in_ct dhcputil stats --json 2>&1) || true
check "dhcputil stats (as root, through the socket) counts that answer" "$PY" -c \
    'import json, sys; sys.exit(0 if json.loads(sys.argv[1])["totals"]["replied"] >= 1 else 1)' \
    "$stats_json"

# --- who it runs as, and the sandbox
show() { in_ct systemctl show -P "$1" dhcplite; }
MAIN=$(show MainPID)
[ "$MAIN" -gt 0 ] 2>/dev/null || netns_fail "no MainPID"
status=$(in_ct cat "/proc/$MAIN/status")
uid=$(in_ct id -u dhcplite)
gid=$(in_ct id -g dhcplite)
field() { awk -v k="$1:" '$1 == k { $1 = ""; sub(/^ /, ""); print }' <<<"$status"; }
check "User=dhcplite in the unit" test "$(show User)" = dhcplite
check "runs as uid $uid (real, effective, saved, fs)" test "$(field Uid)" = "$uid $uid $uid $uid"
check "runs as gid $gid" test "$(field Gid)" = "$gid $gid $gid $gid"
for c in CapEff CapPrm CapInh CapAmb; do
    check "$c is empty" test "$(field $c)" = 0000000000000000
done
check "CapBnd is CAP_NET_BIND_SERVICE only" test "$(field CapBnd)" = 0000000000000400
check "no_new_privs is set" test "$(field NoNewPrivs)" = 1
check "a seccomp filter is in force" test "$(field Seccomp)" = 2
mounts=$(in_ct cat "/proc/$MAIN/mountinfo")
check "ProtectSystem=strict: / is read-only for it" grep -qE '^[0-9]+ [0-9]+ [^ ]+ [^ ]+ / ro[, ]' <<<"$mounts"
check "PrivateTmp: it has its own /tmp" grep -qE '^[0-9]+ [0-9]+ [^ ]+ [^ ]+ /tmp ' <<<"$mounts"
check "ProtectHome: /root is out of reach" bash -c "! nsenter -t $MAIN -m ls /root >/dev/null 2>&1"
check "ProtectSystem in the unit" test "$(show ProtectSystem)" = strict
families=$(show RestrictAddressFamilies | tr ' ' '\n' | sort | paste -sd' ' -)
check "RestrictAddressFamilies in the unit: $families" test "$families" = "AF_INET AF_NETLINK AF_UNIX"
score=$(in_ct systemd-analyze security --no-pager dhcplite 2>&1 | sed -nE 's/.*Overall exposure level for dhcplite.service: ([0-9.]+).*/\1/p')
[ -n "$score" ] || netns_fail "systemd-analyze security printed no score"
check "systemd-analyze security dhcplite (booted, not --offline): $score <= 2.0" awk -v s="$score" 'BEGIN { exit !(s <= 2.0) }'

# --- reload: a good config is taken; a bad one is refused with file:line:column, the old answers
journal() { in_ct journalctl -u dhcplite --no-pager -o cat; }
# journal_wait <count before> <extended regex>: until more lines than before match (bounded)
journal_wait() {
    local i
    for ((i = 0; i < 300; i++)); do
        [ "$(journal | grep -cE -- "$2")" -gt "$1" ] && return 0
        sleep 0.1
    done
    return 1
}
in_ct sed -i -e 's/^  sip-servers: \[pool.example.com\]/  sip-servers: [pool2.example.com]/' "$CONF"
before=$(journal | grep -cE 'reloaded config=')
in_ct systemctl reload dhcplite || netns_fail "systemctl reload (good config): $(journal | tail -5)"
check "systemctl reload: the journal says reloaded" journal_wait "$before" 'reloaded config='
check "...and the new config answers (pool2.example.com)" inform pool2.example.com
in_ct sed -i -e 's/^  port: 443 /  port: seventy /' "$CONF"
line=$(in_ct grep -n '^  port: seventy' "$CONF" | cut -d: -f1)
before=$(journal | grep -cE "$CONF:$line:[0-9]+: ")
in_ct systemctl reload dhcplite || netns_fail "systemctl reload (bad config)"
check "a bad reload is logged with $CONF:$line:column" journal_wait "$before" "$CONF:$line:[0-9]+: .*port"
check "after the bad reload the old config still answers" inform pool2.example.com
check "and the service is still active" test "$(in_ct systemctl is-active dhcplite)" = active

# --- a user that does not exist: ExecStartPre (--check-config) refuses, with one clear line
in_ct sed -i -e 's/^  port: seventy /  port: 443 /' -e 's/^user: dhcplite/user: no-such-user/' "$CONF"
in_ct systemctl restart dhcplite 2>/dev/null && netns_fail "restart with a missing user succeeded"
# ExecStartPre exits 78; Restart= retries it (StartLimitBurst=3 in the unit), then it stays failed.
for ((i = 0; i < 600; i++)); do
    [ "$(in_ct systemctl is-active dhcplite)" = failed ] && break
    sleep 0.1
done
st=$(in_ct systemctl show -P Result,NRestarts dhcplite | paste -sd' ' -)
check "a missing user fails the start and it stays failed ($st)" test "$(in_ct systemctl is-active dhcplite)" = failed
check "...in ExecStartPre (the control process), status 78" journal_wait 0 'Control process exited, code=exited, status=78'
check "...so ExecStart never ran: no Main process line" bash -c "! nsenter -t $SD -a journalctl -u dhcplite --no-pager -o cat | grep -q 'Main process exited, code=exited, status=78'"
check "...with the journal line naming it" journal_wait 0 "$CONF: user: no such user 'no-such-user'"

# --- stop: exit status 0
in_ct sed -i -e 's/^user: no-such-user/user: dhcplite/' "$CONF"
in_ct systemctl reset-failed dhcplite
in_ct systemctl start dhcplite || netns_fail "start after restoring the user"
check "an INFORM is answered again" inform pool2.example.com
in_ct systemctl stop dhcplite
check "systemctl stop: ExecMainStatus=0" test "$(show ExecMainStatus)" = 0
check "...and ExecMainCode=exited" test "$(show ExecMainCode)" = 1

# --- purge: no file, unit or user left
in_ct env DEBIAN_FRONTEND=noninteractive apt-get purge -y -q dhcplite >"$T/apt-purge.log" 2>&1 ||
    netns_fail "apt-get purge: $(tail -5 "$T/apt-purge.log")"
left=()
for f in "${FILES[@]}"; do
    [ "$f" = /. ] && continue
    # Directories shared with other packages stay (/usr/sbin, /etc, ...); files must go.
    if in_ct test -e "$f" && ! in_ct test -d "$f"; then left+=("$f"); fi
done
check "apt purge removed every file of the package (${#FILES[@]} paths)" test ${#left[@]} = 0
check "/etc/dhcplite is gone" bash -c "! nsenter -t $SD -a test -e /etc/dhcplite"
check "no unit file or enablement link is left" bash -c "! nsenter -t $SD -a find /etc/systemd /lib/systemd /usr/lib/systemd -name 'dhcplite*' | grep -q ."
check "systemd knows no dhcplite.service" bash -c "[ \"\$(nsenter -t $SD -a systemctl show -P LoadState dhcplite)\" = not-found ]"
check "no user dhcplite" bash -c "! nsenter -t $SD -a getent passwd dhcplite"
check "no group dhcplite" bash -c "! nsenter -t $SD -a getent group dhcplite"

echo "$PASSED checks passed"
