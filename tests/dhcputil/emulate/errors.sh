#!/usr/bin/env bash
# How emulate-client picks its interface, and how it fails: one line on stderr and a sysexits
# code, never a stack trace. No interface named: the only usable one, even without a default
# route (DHCPUtil's bare -EmulateClient); of two, none with a default route → 64 with the
# candidates; exactly one with a default route → that one; two → 64 listing both; a missing
# interface → 69; a down one → 69; without root/CAP_NET_RAW → 77. DHCPUtil's -EmulateClient
# spelling runs the same code.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
emu_init errors
netns_require_cmd setpriv

netns_pair phone ph0 192.0.2.30/24 peer p0 192.0.2.1/24
PH=$NETNS_A PEER=$NETNS_B

# expect_error <rc> <stderr pattern> <what> -- <dhcputil args...>
expect_error() {
    local rc=$1 pattern=$2 what=$3
    shift 4
    emulate "$PH" "$@"
    emu_expect_rc "$rc" "$what"
    [ "$(wc -l <"$EMU_ERR")" -eq 1 ] || { emu_show; netns_fail "$what: stderr is not one line"; }
    grep -q -- "$pattern" "$EMU_ERR" || { emu_show; netns_fail "$what: stderr does not match '$pattern'"; }
    [ ! -s "$EMU_OUT" ] || { emu_show; netns_fail "$what: something was printed on stdout"; }
    netns_say "$what: $(cat "$EMU_ERR")"
}

# One usable interface and no default route: DHCPUtil's bare -EmulateClient picks it.
emulate "$PH" -EmulateClient -Timeout 0.3 -Retries 0
emu_expect_rc 1 "the only interface, no default route, nobody answering"
grep -q "^hint: no DHCP server answered the DHCPINFORM (1 DHCPINFORM sent over 0.3 s, broadcast on ph0)" "$EMU_OUT" ||
    { emu_show; netns_fail "bare -EmulateClient did not use ph0"; }

netns_veth "$PH" ph1 198.51.100.30/24 "$PEER" p1 198.51.100.1/24
expect_error 64 "several interfaces have an IPv4 address and none has a default route: ph0 (.*ph1 (" \
    "two interfaces, no default route" -- emulate-client --timeout 0.2

ip -n "$PH" route add default via 192.0.2.1 || netns_fail "default route"
emulate "$PH" emulate-client --timeout 0.3 --retries 0 --json
emu_expect_rc 1 "the only interface of two with a default route, nobody answering"
json_check "$EMU_OUT" "j['interface'] == 'ph0' and j['ciaddr'] == '192.0.2.30' and j['sent'] == 1
    and j['diagnosis'][0]['id'] == 'no-answer'" "automatic interface choice"

ip -n "$PH" route add default via 198.51.100.1 metric 200 || netns_fail "second default route"
expect_error 64 "several interfaces have an IPv4 address and a default route: ph0 (.*ph1 (" \
    "two default routes" -- emulate-client --timeout 0.2
expect_error 69 "--interface 'nope0': no such interface; up Ethernet interfaces: " "missing interface" -- \
    emulate-client --interface nope0
ip -n "$PH" link set ph1 down
expect_error 69 "--interface 'ph1' is down" "interface down" -- emulate-client --interface ph1
expect_error 64 "unknown switch '-Bogus' for -EmulateClient" "DHCPUtil spelling, bad switch" -- \
    -EmulateClient -Bogus

# DHCPUtil's spelling, any case, -Switch value and -Switch=value.
emulate "$PH" -EmulateClient -interface ph0 -TIMEOUT=0.3 -Retries 0 -HostName CX600
emu_expect_rc 1 "-EmulateClient with nobody answering"
if ! { grep -qx "Result: Failure" "$EMU_OUT" &&
    grep -q "^hint: no DHCP server answered the DHCPINFORM (1 DHCPINFORM sent over 0.3 s, broadcast on ph0)" "$EMU_OUT"; }; then
    emu_show
    netns_fail "-EmulateClient output"
fi

# Without privileges: a copy of the binary any user can run, started as nobody with no
# capabilities at all.
cp "$DHCPUTIL" "$T/dhcputil"
chmod 755 "$T/dhcputil"
EMU_RC=0
timeout 30 ip netns exec "$PH" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
    --bounding-set=-all "$T/dhcputil" emulate-client --interface ph0 --timeout 0.3 \
    >"$T/noperm.out" 2>"$T/noperm.err" || EMU_RC=$?
EMU_OUT=$T/noperm.out
EMU_ERR=$T/noperm.err
emu_expect_rc 77 "without root"
if ! { [ "$(wc -l <"$EMU_ERR")" -eq 1 ] && grep -q "needs root or CAP_NET_RAW" "$EMU_ERR"; }; then
    emu_show
    netns_fail "without root: the message"
fi
netns_say "without root: $(cat "$EMU_ERR")"
netns_say "PASS"
