#!/usr/bin/env bash
# The hostile corpus against the running daemon: every packet in tests/hostile/corpus (92, each
# named for what it breaks) is sent from a client namespace, each followed by a good INFORM from
# a phone not seen before. Asserted: no reply where none is due (bounded wait, on port 68 and on
# 67, and to the outside addresses the corpus names, which the client owns here so a stray
# reply would be seen), exactly one DHCPACK where one is due, every good INFORM answered, the
# daemon alive at the end, and the SIGUSR1 counters moved by exactly the expected amounts per
# reason (plus `truncated` and `relay-info-dropped`).
# shellcheck source-path=SCRIPTDIR source=../lib/daemon.sh
. "$(dirname "$0")/../lib/daemon.sh"
daemon_test_init corpus hostile_client.py
HOSTILE_DIR=$(dirname "$CLIENT")

netns_pair srv hs0 192.0.2.1/24 cli hc0 192.0.2.30/24
SRV=$NETNS_A CLI=$NETNS_B
# The corpus's outside addresses live on the client too, routed there from the server: a reply
# the daemon must not send would arrive where this test listens instead of vanishing.
for a in 198.51.100.77/32 198.51.100.1/32; do
    ip -n "$CLI" addr add "$a" dev hc0 || netns_fail "addr $a"
done
ip -n "$SRV" route add 198.51.100.0/24 via 192.0.2.30 || netns_fail "route to 198.51.100.0/24"

{
    cat "$HOSTILE_DIR/corpus.yaml"
    printf 'user: nobody\ngroup: nogroup\nlisten:\n  interfaces: [hs0]\n'
} >"$T/dhcplite.yaml"
"$DHCPLITE" --config "$T/dhcplite.yaml" --check-config >"$T/check.txt" 2>&1 ||
    netns_fail "the test config does not load: $(cat "$T/check.txt")"
daemon_start "$SRV" "$T/dhcplite.yaml"
daemon_counters "$T/before.txt"

client "$CLI" corpus --iface hc0 --server 192.0.2.1 --good-ciaddr 192.0.2.30 \
    --corpus-dir "$HOSTILE_DIR/corpus" --table "$HOSTILE_DIR/corpus/expected.tsv" \
    --out "$T/sent.json" || netns_fail "a corpus packet got a reply it should not have, or a due one went missing"

daemon_alive || netns_fail "dhcplite died during the corpus"
daemon_counters "$T/after.txt"
netns_say "counters: $(cat "$T/after.txt")"
"$PY" "$CLIENT" diff "$T/before.txt" "$T/after.txt" >"$T/delta.json" || netns_fail "cannot read the counters"

"$PY" - "$T/delta.json" "$T/sent.json" <<'PYEOF' || netns_fail "the counters did not move as the corpus says"
import json, sys
delta = json.load(open(sys.argv[1]))
sent = json.load(open(sys.argv[2]))
want = dict(sent["expected"])
want["reply"] = want.get("reply", 0) + sent["good"]  # each good INFORM is answered once
errors = []
verdicts = ["reply", "malformed", "not-bootrequest", "no-message-type", "not-inform", "no-vendor-class",
            "other-vendor-class", "nothing-requested", "no-profile", "bad-address", "rate-limited"]
for v in verdicts:
    if v not in delta:
        errors.append(f"no `{v}` in the counters line")
    elif delta[v] != want.get(v, 0):
        errors.append(f"{v} moved by {delta[v]}, expected {want.get(v, 0)}")
for flag in ("truncated", "relay-info-dropped"):
    if delta.get(flag) != sent["flags"].get(flag, 0):
        errors.append(f"{flag} moved by {delta.get(flag)}, expected {sent['flags'].get(flag, 0)}")
total = sent["cases"] + sent["good"]
for k, v in (("received", total), ("replied", want["reply"]), ("other-interface", 0), ("send-errors", 0),
             ("receive-errors", 0)):
    if delta.get(k) != v:
        errors.append(f"{k} moved by {delta.get(k)}, expected {v}")
for e in errors:
    print("corpus: FAIL:", e, file=sys.stderr)
print(f"corpus: {sent['cases']} hostile packets + {sent['good']} good INFORMs; counters moved by "
      + ", ".join(f"{v}={delta.get(v)}" for v in verdicts + ["truncated", "relay-info-dropped"]), file=sys.stderr)
sys.exit(1 if errors else 0)
PYEOF

# The log stays one line per event: the newline inside a vendor class came out escaped.
grep -qF 'vendor-class="MS-UC-Client\x0Ainfo: counters reply=999 \x1B[2J"' "$DAEMON_LOG" ||
    netns_fail "no escaped decision line for the log-injection packet"
if grep -q '^info: counters reply=999' "$DAEMON_LOG" || grep -q "$(printf '\033')" "$DAEMON_LOG"; then
    netns_fail "a vendor class started a line of its own in the log"
fi

daemon_stop
netns_say "PASS: $(grep -c . "$HOSTILE_DIR/corpus/expected.tsv") table lines, daemon up throughout, exit 0"
