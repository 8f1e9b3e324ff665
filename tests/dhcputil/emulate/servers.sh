#!/usr/bin/env bash
# emulate-client against four DHCP servers, each running the configuration `dhcputil config`
# writes for it with the same values (the vector of docs/design.md §2.3, §2.4): dhcplite, Kea, dnsmasq, ISC dhcpd.
# All four must give Result: Success and the same decoded values, and tshark, reading the --pcap
# file, must agree with emulate-client. All of it while a socket holds UDP ports 67 and 68 in the
# phone's namespace (a DHCP client or server on the phone's host): emulate-client sends on a raw
# socket and listens with a packet capture, so it never needs either port.
#
# What each server does differently (seen here, asserted where it is a fact worth keeping):
#   dhcplite  53, 54, then the requested options in option-55 order (120, 43); 360 bytes.
#   Kea 2.2   53, 43, 54, 61, 120: its own order, not option 55's, and it echoes the client
#             identifier (RFC 6842). It DROPS DHCPUtil's own INFORM ("failed to parse packet …
#             option buffer truncated"): option 54 with length 0 is not a valid server identifier
#             — the reason emulate-client sends the phone's INFORM by default.
#   dnsmasq   adds 1 (netmask) and 28 (broadcast) unasked, echoes option 60 last, ends option 43
#             with an END sub-option (86 bytes instead of 85; emulate-client notes it), and matches
#             the vendor class as a substring. It answers to the request's source port (here 68
#             anyway: emulate-client always sends from 68, as a phone does).
#   dhcpd     53, 54, 120, 43; answers INFORM only because the subnet is `authoritative;`.
# With a vendor class that differs only in letter case ("ms-uc-client", checked below), dhcplite
# stays silent (its drop counter says "other-vendor-class"), while Kea, dnsmasq and dhcpd answer
# with a DHCPACK without 120 and 43 — emulate-client's "no-answer" and "no-options" diagnoses.
# dnsmasq's substring match is case-sensitive, so it does not match either.
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
emu_init servers
emu_require_dhcplite
netns_require_cmd kea-dhcp4 dnsmasq dhcpd tshark

SRV=$(netns_name srv)
PH=$(netns_name phone)
netns_add "$SRV"
netns_add "$PH"
netns_veth "$SRV" srv0 192.0.2.1/24 "$PH" ph0 192.0.2.30/24

# A program holding both DHCP ports on the phone's host.
netns_spawn "$PH" "$T/holder.log" "$PY" "$EMU_DIR/holder.py" "$T/holder.count" 120
netns_wait 10 netns__udp_bound "$PH" 68 || netns_fail "the port holder does not hold UDP 68"
netns_wait 10 netns__udp_bound "$PH" 67 || netns_fail "the port holder does not hold UDP 67"

common=(emulate-client --interface ph0 --timeout 1 --retries 0 --hostname CX600)

for server in dhcplite kea dnsmasq dhcpd; do
    netns_say "---- $server"
    case $server in
    dhcplite) srv_dhcplite "$SRV" srv0 ;;
    *) "srv_$server" "$SRV" srv0 192.0.2.0/24 ;;
    esac

    # The phone's INFORM: success, the expected values, and tshark agrees.
    emulate "$PH" "${common[@]}" --json --pcap "$T/$server.pcap" --expect-sip-server "$SIP" \
        --expect-web-server "$SIP"
    emu_expect_rc 0 "$server"
    cp "$EMU_OUT" "$T/$server.json"
    json_check "$EMU_OUT" "j['result'] == 'success' and j['dhcpServer'] == '192.0.2.1'
        and j['sipServers'] == ['$SIP'] and j['url'] == '$URL' and len(j['answers']) == 1
        and j['answers'][0]['source'] == '192.0.2.1' and j['answers'][0]['destination'] == '192.0.2.30'
        and j['answers'][0]['destinationPort'] == 68" "$server: the JSON report is not what was configured"
    "$PY" "$EMU_DIR/tshark_check.py" "$T/$server.pcap" "$EMU_OUT" >&2 ||
        netns_fail "$server: tshark's reading of the capture disagrees with emulate-client"
    codes=$("$PY" -c 'import json,sys; print(",".join(str(o["code"]) for o in json.load(open(sys.argv[1]))["answers"][0]["options"]))' "$EMU_OUT")
    netns_say "$server answered with options $codes"
    case $server in
    dhcplite | dhcpd)
        [ "$codes" = "53,54,120,43" ] || netns_fail "$server: options $codes, expected 53,54,120,43" ;;
    kea)
        json_check "$EMU_OUT" "61 in [o['code'] for o in j['answers'][0]['options']]" \
            "kea: the client identifier (61) is no longer echoed; update the notes in servers.sh" ;;
    dnsmasq)
        json_check "$EMU_OUT" "60 in [o['code'] for o in j['answers'][0]['options']]
            and 'suboption-trailing-end' in [f['id'] for f in j['diagnosis']]" \
            "dnsmasq: option 60 echo or the END inside option 43 is gone; update the notes in servers.sh" ;;
    esac

    # The text output has DHCPUtil's result block.
    emulate "$PH" "${common[@]}"
    emu_expect_rc 0 "$server (text)"
    if ! { grep -qx "Result: Success" "$EMU_OUT" && grep -qx "DHCP Server : 192.0.2.1" "$EMU_OUT" &&
        grep -qx "SIP Server FQDN : $SIP" "$EMU_OUT" &&
        grep -qx "Certificate Provisioning Service URL : $URL" "$EMU_OUT"; }; then
        emu_show
        netns_fail "$server: the text output lacks DHCPUtil's result block"
    fi

    # DHCPUtil's own INFORM (zero-length 54, 120, 43).
    emulate "$PH" "${common[@]}" --dhcputil-style --json
    if [ "$server" = kea ]; then
        emu_expect_rc 1 "kea with DHCPUtil's INFORM (Kea 2.2 drops it; if it answers now, update the notes)"
        json_check "$EMU_OUT" "[f['id'] for f in j['diagnosis']] == ['no-answer']" "kea: DHCPUtil-style diagnosis"
    else
        emu_expect_rc 0 "$server with DHCPUtil's INFORM"
    fi

    # A vendor class that differs in letter case: no server may hand out the options.
    emulate "$PH" "${common[@]}" --vendor-class ms-uc-client --json
    emu_expect_rc 1 "$server with vendor class ms-uc-client"
    outcome=$("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["diagnosis"][0]["id"])' "$EMU_OUT")
    netns_say "$server with vendor class 'ms-uc-client': $outcome"
    case $outcome in
    no-answer | no-options) ;;
    *) emu_show; netns_fail "$server with vendor class ms-uc-client: unexpected diagnosis $outcome" ;;
    esac

    srv_stop
done

# The same decoded values from all four.
"$PY" - "$T" <<'PYEOF' || netns_fail "the four servers' answers decode to different values"
import json, sys
values = {}
for s in ("dhcplite", "kea", "dnsmasq", "dhcpd"):
    j = json.load(open(f"{sys.argv[1]}/{s}.json"))
    a = j["answers"][0]
    values[s] = (tuple(a["sipServers"]), a["webServer"], a["url"], j["result"])
if len(set(values.values())) != 1:
    for s, v in values.items():
        print(s, v, file=sys.stderr)
    sys.exit(1)
print("all four:", values["dhcplite"])
PYEOF

# The ACKs really went to the port someone else holds.
grep -q '68=[1-9]' "$T/holder.count" 2>/dev/null || netns_fail "the port holder saw no datagram on port 68"
netns_say "port holder: $(cat "$T/holder.count")"
netns_say "PASS"
