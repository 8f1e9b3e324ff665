#!/usr/bin/env bash
# Everything that is not a phone's DHCPINFORM gets no reply, is counted by reason, and the daemon
# lives on: DISCOVER, REQUEST, other/lower-case/NUL-terminated/no vendor class, BOOTREPLY, plain
# BOOTP (no option 53), nothing answerable requested, truncated at several places, a bad magic
# cookie, an overrunning option, 1- and 0-byte datagrams, garbage. Each is followed by a good
# INFORM that must be answered (the daemon is alive and has processed the bad one), and the
# SIGUSR1 counters must show the drops by reason.
# shellcheck source-path=SCRIPTDIR source=../lib/daemon.sh
. "$(dirname "$0")/../lib/daemon.sh"
daemon_test_init negative dhcpprobe.py scapy.layers.dhcp

server_and_phone 192.0.2.30/24

write_config "$T/dhcplite.yaml" srv0
daemon_start "$SRV" "$T/dhcplite.yaml"

client "$PHONE" silent --iface ph0 --ciaddr 192.0.2.30 --window 0.25 --drops-out "$T/drops.json" ||
    netns_fail "unwanted datagrams were answered, or a good INFORM after one was not"

daemon_alive || netns_fail "dhcplite died"
daemon_counters "$T/counters.txt"
netns_say "counters: $(cat "$T/counters.txt")"

"$PY" - "$T/counters.txt" "$T/drops.json" <<'EOF' || netns_fail "drop counters do not match what was sent"
import json, re, sys
line = open(sys.argv[1]).read()
sent = json.load(open(sys.argv[2]))
counts = {k: int(v) for k, v in re.findall(r"([a-z][a-z-]*)[=:] ?(\d+)", line)}
names = ["malformed", "not-bootrequest", "no-message-type", "not-inform", "no-vendor-class",
         "other-vendor-class", "nothing-requested", "no-profile"]
errors = []
missing = [n for n in names + ["reply"] if n not in counts]
if missing:
    errors.append(f"counter(s) {missing} not in the counters line")
if counts.get("reply") != sent["good"]:
    errors.append(f"reply={counts.get('reply')}, but {sent['good']} good INFORMs were answered")
for reason, n in sent["expected"].items():
    if counts.get(reason, 0) < n:
        errors.append(f"{reason}={counts.get(reason, 0)}, expected at least {n}")
if "received" in counts and counts["received"] != sent["cases"] + sent["good"]:
    errors.append(f"received={counts['received']}, {sent['cases'] + sent['good']} datagrams sent")
dropped = sum(counts.get(n, 0) for n in names)
if dropped != sent["cases"]:
    errors.append(f"{dropped} drops counted in all, {sent['cases']} unwanted datagrams sent")
for e in errors:
    print("negative: FAIL:", e, file=sys.stderr)
sys.exit(1 if errors else 0)
EOF

daemon_stop
netns_say "PASS"
