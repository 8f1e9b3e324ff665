#!/usr/bin/env bash
# Privilege drop, seen from outside through /proc/PID/status of the running daemon:
#   - user nobody / group nogroup: real, effective, saved and fs uid/gid are nobody's/nogroup's,
#     no supplementary groups, no effective capabilities — and it still answers;
#   - no user configured, started as root without `run-as-root: true`: refuses to start with a
#     non-zero exit and a one-line message saying why.
# shellcheck source-path=SCRIPTDIR source=../lib/daemon.sh
. "$(dirname "$0")/../lib/daemon.sh"
daemon_test_init privileges dhcpprobe.py scapy.layers.dhcp

server_and_phone 192.0.2.50/24

nobody_ids

write_config "$T/dhcplite.yaml" srv0
daemon_start "$SRV" "$T/dhcplite.yaml"
# The answer proves the drop happened after binding port 67 and that it still works.
client "$PHONE" inform --iface ph0 --ciaddr 192.0.2.50 --expect-server-id 192.0.2.1 \
    --expect-vector lync.schertz.local || netns_fail "no answer after dropping privileges"

status=/proc/$DAEMON_PID/status
sed -n 's/^\(Uid\|Gid\|Groups\|CapInh\|CapPrm\|CapEff\|CapBnd\|CapAmb\|NoNewPrivs\):/    &/p' "$status" >&2
read -r _ ruid euid suid fsuid < <(grep '^Uid:' "$status")
read -r _ rgid egid sgid fsgid < <(grep '^Gid:' "$status")
groups=$(grep '^Groups:' "$status" | cut -d: -f2 | tr -d ' \t')
capeff=$(grep '^CapEff:' "$status" | awk '{print $2}')
for u in "$ruid" "$euid" "$suid" "$fsuid"; do
    [ "$u" = "$NOBODY_UID" ] || netns_fail "Uid: $ruid $euid $suid $fsuid, expected all $NOBODY_UID (nobody)"
done
for g in "$rgid" "$egid" "$sgid" "$fsgid"; do
    [ "$g" = "$NOGROUP_GID" ] || netns_fail "Gid: $rgid $egid $sgid $fsgid, expected all $NOGROUP_GID (nogroup)"
done
[ -z "$groups" ] || [ "$groups" = "$NOGROUP_GID" ] ||
    netns_fail "supplementary groups not cleared: $groups"
[ "$capeff" = 0000000000000000 ] || netns_fail "CapEff is $capeff, expected 0"
daemon_stop

netns_say "no user configured, started as root: must refuse"
grep -v -E '^(user|group):' "$T/dhcplite.yaml" >"$T/nouser.yaml"
chmod 644 "$T/nouser.yaml"
ip netns exec "$SRV" timeout 10 "$DHCPLITE" --config "$T/nouser.yaml" --foreground \
    >"$T/nouser.log" 2>&1 </dev/null
rc=$?
sed 's/^/    /' "$T/nouser.log" >&2
[ "$rc" != 124 ] || netns_fail "dhcplite kept running as root with no user configured"
[ "$rc" != 0 ] || netns_fail "dhcplite exited 0 although it refused to run as root"
grep -qiE 'user|root' "$T/nouser.log" || netns_fail "no message saying why it refused (exit $rc)"
netns_say "refused with exit $rc"

netns_say "run-as-root: true is the explicit way to stay root"
{ cat "$T/nouser.yaml"; echo "run-as-root: true"; } >"$T/asroot.yaml"
daemon_start "$SRV" "$T/asroot.yaml"
client "$PHONE" inform --iface ph0 --ciaddr 192.0.2.50 --expect-server-id 192.0.2.1 \
    --expect-vector lync.schertz.local >/dev/null 2>&1 || netns_fail "no answer with run-as-root: true"
daemon_stop

netns_say "PASS"
