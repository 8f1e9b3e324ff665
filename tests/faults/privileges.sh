#!/usr/bin/env bash
# What the running daemon really holds, read from /proc/PID/status, and what it refuses:
#
#   A. started as root, user: nobody, group: nogroup → uid/gid nobody/nogroup (real, effective,
#      saved, fs), no supplementary group (root's are gone), CapInh/CapPrm/CapEff/CapAmb and
#      CapBnd all 0, NoNewPrivs 1 — and it answers.
#   B. started as systemd starts it (setpriv: nobody, ambient CAP_NET_BIND_SERVICE, bounding
#      set just that) → all capability sets 0 but the bounding set, which stays at
#      CAP_NET_BIND_SERVICE (dropping it needs CAP_SETPCAP; with no_new_privs set and nothing
#      permitted, no execve could use it) — and it answers.
#   C. root, no user:                       → exit 78, "refusing to run as root"
#   D. root, user: root                     → exit 78, names run-as-root
#   E. root, user: root + run-as-root: true → runs as uid 0, a warning logged, no capabilities
#      (CapBnd 0 too), NoNewPrivs 1, answers
#   F. root, no user + run-as-root: true    → same
#   G. group: without user:                 → exit 78; an unknown user → 78
#   H. started as another unprivileged user, user: nobody → exit 77 (switching needs root)
# shellcheck source-path=SCRIPTDIR source=../lib/daemon.sh
. "$(dirname "$0")/../lib/daemon.sh"
daemon_test_init privs faultclient.py
netns_require_cmd setpriv

server_and_phone 192.0.2.40/24

nobody_ids
# Another unprivileged account for H: daemon (1) on Debian; any non-root, non-nobody user works.
other_user=$(getent passwd daemon >/dev/null && echo daemon)

config() {  # <file> <extra top-level lines...>
    local file=$1
    shift
    {
        echo "log-level: debug"
        echo "control-socket: off"  # the test leaves the host's /run/dhcplite alone
        printf '%s\n' "$@"
        printf 'listen:\n  interfaces: [srv0]\ndefault:\n  sip-servers: [lync.schertz.local]\n'
    } >"$file"
    chmod 644 "$file"
}

field() {  # <name> → the value(s) after "Name:" in the daemon's /proc status
    sed -n "s/^$1:[[:space:]]*//p" "/proc/$DAEMON_PID/status"
}
expect_field() {  # <name> <expected> <case>
    local got
    got=$(field "$1" | tr -s ' \t' ' ' | sed 's/ $//')
    [ "$got" = "$2" ] || netns_fail "$3: $1 is '$got', expected '$2'"
}
show_status() {
    grep -E '^(Uid|Gid|Groups|CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' \
        "/proc/$DAEMON_PID/status" | sed 's/^/      /' >&2
}
answers() {
    client "$PHONE" once --iface ph0 --ciaddr 192.0.2.40 --expect-server-id 192.0.2.1 --tries 5 \
        >/dev/null || netns_fail "$1: no answer"
}
# refused <case> <code> <message regex> <config> [prefix...]: runs to its end (bounded), checks.
refused() {
    local what=$1 code=$2 message=$3 file=$4
    shift 4
    ip netns exec "$SRV" timeout 10 "$@" "$DHCPLITE" --config "$file" >"$T/refused.log" 2>&1 </dev/null
    local rc=$?
    netns_say "$what: exit $rc: $(head -n 3 "$T/refused.log" | tr '\n' ' ')"
    [ "$rc" != 124 ] || netns_fail "$what: still running after 10 s, expected a refusal"
    [ "$rc" = "$code" ] || netns_fail "$what: exit $rc, expected $code"
    grep -qE -- "$message" "$T/refused.log" || netns_fail "$what: no message matching '$message'"
    [ "$(wc -l <"$T/refused.log")" -le 2 ] || netns_fail "$what: more than a short message"
}

zero=0000000000000000
all_caps_zero() {  # <case> [bounding]
    expect_field CapInh $zero "$1"
    expect_field CapPrm $zero "$1"
    expect_field CapEff $zero "$1"
    expect_field CapAmb $zero "$1"
    expect_field CapBnd "${2:-$zero}" "$1"
    expect_field NoNewPrivs 1 "$1"
}

netns_say "A. root start, user nobody, group nogroup"
config "$T/a.yaml" "user: nobody" "group: nogroup"
daemon_start "$SRV" "$T/a.yaml"
show_status
answers A
expect_field Uid "$NOBODY_UID $NOBODY_UID $NOBODY_UID $NOBODY_UID" A
expect_field Gid "$NOGROUP_GID $NOGROUP_GID $NOGROUP_GID $NOGROUP_GID" A
expect_field Groups "" A
all_caps_zero A
log_has "credentials uid=$NOBODY_UID/$NOBODY_UID/$NOBODY_UID/$NOBODY_UID .* groups=none cap-eff=$zero" ||
    netns_fail "A: the debug credentials line is missing or wrong"
daemon_stop

netns_say "B. as systemd starts it: User=nobody, AmbientCapabilities=CAP_NET_BIND_SERVICE"
config "$T/b.yaml"
daemon_start "$SRV" "$T/b.yaml" setpriv --reuid=nobody --regid=nogroup --clear-groups \
    --inh-caps=-all,+net_bind_service --ambient-caps=-all,+net_bind_service \
    --bounding-set=-all,+net_bind_service
show_status
answers B
expect_field Uid "$NOBODY_UID $NOBODY_UID $NOBODY_UID $NOBODY_UID" B
expect_field Groups "" B
# CAP_NET_BIND_SERVICE is bit 10: 0x400.
all_caps_zero B 0000000000000400
daemon_stop

netns_say "C-D. root without saying so"
config "$T/c.yaml"
refused "C. no user" 78 "refusing to run as root.*run-as-root: true" "$T/c.yaml"
config "$T/d.yaml" "user: root"
refused "D. user: root" 78 "root.*run-as-root: true" "$T/d.yaml"

netns_say "E. user: root with run-as-root: true"
config "$T/e.yaml" "user: root" "run-as-root: true"
daemon_start "$SRV" "$T/e.yaml"
show_status
answers E
expect_field Uid "0 0 0 0" E
all_caps_zero E
log_has "^(warning: |<4>)running as root \(run-as-root: true\)" || netns_fail "E: no warning about running as root"
daemon_stop

netns_say "F. no user, run-as-root: true"
config "$T/f.yaml" "run-as-root: true"
daemon_start "$SRV" "$T/f.yaml"
answers F
expect_field Uid "0 0 0 0" F
all_caps_zero F
log_has "^(warning: |<4>)running as root \(run-as-root: true\)" || netns_fail "F: no warning about running as root"
daemon_stop

netns_say "G. group without user; unknown user"
config "$T/g.yaml" "group: nogroup"
refused "G. group without user" 78 "group.*without .?user" "$T/g.yaml"
config "$T/g2.yaml" "user: dl-no-such-user-$$"
refused "G. unknown user" 78 "user: no such user" "$T/g2.yaml"

if [ -n "$other_user" ]; then
    netns_say "H. started as $other_user, configured user nobody"
    refused "H. not root, other user" 77 "cannot switch from uid" "$T/a.yaml" \
        setpriv --reuid="$other_user" --regid="$other_user" --clear-groups \
        --inh-caps=-all,+net_bind_service --ambient-caps=-all,+net_bind_service
fi
netns_say "PASS"
