#!/usr/bin/env bash
# Flood protection against the running daemon, with the default limits (10 replies per 60 s per
# MAC and per destination address; the config says nothing about rate-limit):
#   A. one MAC sends 5,000 INFORMs in 5 s, ciaddr rotating over 40 of its own addresses (so only
#      the per-MAC count can stop it): it gets its burst of 10 and then at most one per 6 s;
#   B. 2,000 INFORMs from 2,000 random MACs, all with ciaddr = a victim's address: a sniffer on
#      the victim's link counts the replies that reach it — again the burst and no more;
#   and during both, a well-behaved phone on another link gets every answer. The counters move
#   by exactly what was sent: received (plus any kernel drop) = sent, reply + rate-limited =
#   received, and reply = the answers counted on the wire.
# The attacker (192.0.2.2-.41) and the victim (.50) share one link with the server (.1), a
# bridge in a namespace of its own: a reply leaves by the interface its request came in on, so
# a victim worth aiming at is one that interface reaches. The phone (.66) has a link of its own
# to the server (.65). All within 192.0.2.0/24 (RFC 5737).
# shellcheck source-path=SCRIPTDIR source=../lib/daemon.sh
. "$(dirname "$0")/../lib/daemon.sh"
daemon_test_init flood hostile_client.py

# udp_drops <ns>: datagrams the kernel dropped for full socket buffers in <ns> (/proc/net/snmp
# Udp RcvbufErrors), so "received by the daemon + dropped by the kernel == sent" can be exact.
udp_drops() {
    # shellcheck disable=SC2016  # awk's own $ fields
    ip netns exec "$1" awk '$1 == "Udp:" { if (!h) { for (i = 2; i <= NF; i++) col[$i] = i; h = 1 }
                                           else { print $col["RcvbufErrors"] } }' /proc/net/snmp
}

SRV=$(netns_name srv)
LAN=$(netns_name lan)
ATK=$(netns_name atk)
PHONE=$(netns_name phone)
VIC=$(netns_name vic)
for ns in "$SRV" "$LAN" "$ATK" "$PHONE" "$VIC"; do netns_add "$ns"; done
netns_lan "$LAN" "$SRV" hs0 192.0.2.1/26 "$ATK" ha0 192.0.2.2/26 "$VIC" hv0 192.0.2.50/26
netns_veth "$SRV" hs1 192.0.2.65/26 "$PHONE" hp0 192.0.2.66/26
for n in $(seq 3 41); do
    ip -n "$ATK" addr add "192.0.2.$n/26" dev ha0 || netns_fail "addr 192.0.2.$n"
done

cat >"$T/dhcplite.yaml" <<YAML
control-socket: off  # the test leaves the host's /run/dhcplite alone
# written by flood.sh: no rate-limit key, so the defaults apply
log-level: debug
user: nobody
group: nogroup
listen:
  interfaces: [hs0, hs1]
default:
  sip-servers: [lync.example.com]
YAML
daemon_start "$SRV" "$T/dhcplite.yaml"

# phone_start <tag> <xid-base>: the well-behaved phone, 4 INFORMs a second apart, in the background.
phone_start() {
    netns_spawn "$PHONE" "$T/phone-$1.log" "$PY" "$CLIENT" phone --iface hp0 --mac 02:00:5E:66:00:01 \
        --ciaddr 192.0.2.66 --count 4 --interval 1 --xid-base "$2" --out "$T/phone-$1.json"
    PHONE_PID=$NETNS_LAST_PID
}
exited() {  # a child that has exited is a zombie until netns_stop reaps it
    ! kill -0 "$1" 2>/dev/null || [ "$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null)" = Z ]
}
phone_wait() {
    netns_wait 30 exited "$PHONE_PID" || netns_fail "the phone did not finish within 30 s"
    netns_stop "$PHONE_PID" 1
    [ "$NETNS_LAST_STATUS" = 0 ] || netns_fail "the phone missed answers during the flood: $(cat "$T/phone-$1.json" 2>/dev/null)"
}

# check <phase> <sent> <answers-key> <answers-file>: the counters and the answers seen agree with
# the default limits (the file also gives the seconds the flood lasted).
check() {
    "$PY" - "$@" "$T/before-$1.txt" "$T/after-$1.txt" "$T/drops-$1" "$T/phone-$1.json" <<'PYEOF' ||
import json, re, sys
phase, sent, key, answers_file, before, after, drops, phone = sys.argv[1:]
sent = int(sent)
counts = lambda f: {k: int(v) for k, v in re.findall(r"([a-z][a-z-]*)=(\d+)", open(f).read())}
b, a = counts(before), counts(after)
d = {k: a[k] - b.get(k, 0) for k in a}
first, last = (int(n) for n in open(drops).read().split())  # before, after
dropped = last - first
phone = json.load(open(phone))
answers = json.load(open(answers_file))
seen = answers[key]
window = answers["elapsed"] + answers.get("grace", 1.5)
limit, per = 10, 6.0  # the defaults: 10 per 60 s, one back every 6 s
most = limit + 1 + int(window / per)
errors = []
total = sent + phone["sent"]
if d["received"] + dropped != total:
    errors.append(f"received {d['received']} + kernel drops {dropped} != {total} sent")
if d["reply"] + d["rate-limited"] != d["received"]:
    errors.append(f"reply {d['reply']} + rate-limited {d['rate-limited']} != received {d['received']}")
if d["reply"] != seen + phone["answered"]:
    errors.append(f"reply moved by {d['reply']}, but {seen} flood answers + {phone['answered']} phone answers were seen")
if not limit <= seen <= most:
    errors.append(f"{seen} flood INFORMs answered in {window:.1f} s; the limit allows {limit}..{most}")
if d["rate-limited"] < d["received"] - most - phone["sent"]:
    errors.append(f"rate-limited moved by only {d['rate-limited']}")
if phone["answered"] != phone["sent"]:
    errors.append(f"the phone got {phone['answered']} of {phone['sent']} answers")
for e in errors:
    print(f"flood {phase}: FAIL: {e}", file=sys.stderr)
print(f"flood {phase}: sent {sent} (+{phone['sent']} phone), received {d['received']}, kernel drops {dropped}, "
      f"reply {d['reply']}, rate-limited {d['rate-limited']}, flood answers {seen} (allowed {limit}..{most}), "
      f"phone {phone['answered']}/{phone['sent']}", file=sys.stderr)
sys.exit(1 if errors else 0)
PYEOF
        netns_fail "phase $1: the counters or the answers are not what the limits allow"
}

# ---- A: one MAC, many addresses ------------------------------------------------------------
daemon_counters "$T/before-A.txt"
udp_drops "$SRV" >"$T/drops-A"
phone_start A 0x73000000
start_a=$(date +%s.%N)
client "$ATK" flood --iface ha0 --mac 02:00:5E:AA:00:01 --ciaddrs 192.0.2.2-41 --count 5000 --seconds 5 \
    --out "$T/flood-A.json" || netns_fail "the flood client failed"
phone_wait A
daemon_counters "$T/after-A.txt"
udp_drops "$SRV" >>"$T/drops-A"
check A 5000 answered "$T/flood-A.json"
grep -q 'verdict=rate-limited .*limited-by=mac' "$DAEMON_LOG" || netns_fail "no rate-limited decision line with limited-by=mac"

# ---- A': a reload keeps the state ----------------------------------------------------------
# SIGHUP, then 20 more from the flooding MAC: together with phase A it still gets no more than
# the one burst plus one per 6 s since A began (a reload that reset the tables would hand it
# another 10 at once).
kill -HUP "$DAEMON_PID"
netns_wait 5 grep -q '^info: reloaded' "$DAEMON_LOG" || netns_fail "no reload within 5 s of SIGHUP"
client "$ATK" flood --iface ha0 --mac 02:00:5E:AA:00:01 --ciaddrs 192.0.2.2-41 --count 20 --seconds 0.5 \
    --xid-base 0x75000000 --out "$T/flood-R.json" || netns_fail "the flood client failed"
"$PY" - "$T/flood-A.json" "$T/flood-R.json" "$start_a" <<'PYEOF' || netns_fail "the reload reset the flood state"
import json, sys, time
a, r = (json.load(open(f)) for f in sys.argv[1:3])
elapsed = time.time() - float(sys.argv[3])
most = 10 + 1 + int(elapsed / 6.0)
print(f"flood A': {a['answered']} + {r['answered']} answers in {elapsed:.1f} s across a reload, at most {most} allowed",
      file=sys.stderr)
sys.exit(0 if a["answered"] + r["answered"] <= most else 1)
PYEOF

# ---- B: many MACs, one victim address --------------------------------------------------------
netns_spawn "$VIC" "$T/sniff.log" "$PY" "$CLIENT" sniff --iface hv0 --ready "$T/sniff.ready" --out "$T/sniff.json"
SNIFF_PID=$NETNS_LAST_PID
netns_wait 10 test -s "$T/sniff.ready" || netns_fail "the sniffer on the victim's link did not start"
daemon_counters "$T/before-B.txt"
udp_drops "$SRV" >"$T/drops-B"
phone_start B 0x74000000
start=$(date +%s.%N)
client "$ATK" spoof --iface ha0 --victim 192.0.2.50 --count 2000 --seconds 2 --out "$T/spoof.json" ||
    netns_fail "the spoofing client failed"
phone_wait B
sleep 1.5  # the last replies reach the victim's link
netns_stop "$SNIFF_PID" 5
if [ "$NETNS_LAST_STATUS" != 0 ] || [ ! -s "$T/sniff.json" ]; then
    netns_fail "the sniffer did not report"
fi
daemon_counters "$T/after-B.txt"
udp_drops "$SRV" >>"$T/drops-B"
# What the victim saw, with the time it was exposed (from the first spoofed INFORM to now).
"$PY" - "$T/sniff.json" "$start" >"$T/victim.json" <<'PYEOF'
import json, sys, time
s = json.load(open(sys.argv[1]))
print(json.dumps({"replies": s["replies"], "elapsed": time.time() - float(sys.argv[2]), "grace": 0}))
PYEOF
check B 2000 replies "$T/victim.json"
grep -q 'verdict=rate-limited .*limited-by=address' "$DAEMON_LOG" || netns_fail "no rate-limited decision line with limited-by=address"

daemon_alive || netns_fail "dhcplite died under the flood"
netns_say "counters: $(cat "$T/after-B.txt")"
daemon_stop
netns_say "PASS"
