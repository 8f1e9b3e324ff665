#!/usr/bin/env bash
# The rest of the phone setup on the wire: `dhcputil config --ntp-server --domain-search --vlan`
# for dhcplite, Kea, dnsmasq and ISC dhcpd, each server run with what config wrote, and
# emulate-client's INFORM asking for them. Asserted from the DHCPACK bytes:
#   - options 42 and 4 carry both time servers, 4 bytes each, in order;
#   - option 119 decodes (RFC 3397) to the two search domains, in order; dhcplite and Kea send
#     config's uncompressed bytes exactly, dnsmasq 2.90 and dhcpd 4.4 compress (the second name
#     ends with a pointer to "schertz.local": ...04 636F7270 C000);
#   - a DHCPINFORM with vendor class CPE-OCPHONE gets option 43 = sub-option 10, length 2, the
#     VLAN ID 100 as 00 64 (dnsmasq appends an END sub-option, 255, which the phone skips).
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"
emu_init phone_setup
emu_require_dhcplite
netns_require_cmd kea-dhcp4 dnsmasq dhcpd

SRV=$(netns_name srv)
PH=$(netns_name phone)
netns_add "$SRV"
netns_add "$PH"
netns_veth "$SRV" srv0 192.0.2.1/24 "$PH" ph0 192.0.2.30/24

SRV_CONFIG_EXTRA=(--ntp-server 192.0.2.123 --ntp-server 198.51.100.123
    --domain-search schertz.local --domain-search corp.schertz.local --vlan 100)
common=(emulate-client --interface ph0 --timeout 1 --retries 0 --json)

for server in dhcplite kea dnsmasq dhcpd; do
    netns_say "---- $server"
    case $server in
    dhcplite) srv_dhcplite "$SRV" srv0 ;;
    *) "srv_$server" "$SRV" srv0 192.0.2.0/24 ;;
    esac

    # The phone asks for the time and the search list besides 120 and 43.
    emulate "$PH" "${common[@]}" --request 43,120,42,4,119
    emu_expect_rc 0 "$server: MS-UC-Client INFORM asking for 42, 4 and 119"
    "$PY" - "$EMU_OUT" "$server" <<'PYEOF' || { emu_show; netns_fail "$server: options 42, 4 or 119 are not what config set"; }
import json, sys

def names(data):
    """RFC 3397: names in RFC 1035 label form, pointers allowed (backwards only)."""
    out, i = [], 0
    while i < len(data):
        labels, j, jumped, hops = [], i, False, 0
        while True:
            n = data[j]
            if n == 0:
                j += 1
                break
            if n & 0xC0 == 0xC0:
                target = ((n & 0x3F) << 8) | data[j + 1]
                assert target < j and hops < 16, "bad compression pointer"
                if not jumped:
                    i, jumped = j + 2, True
                j, hops = target, hops + 1
                continue
            labels.append(data[j + 1:j + 1 + n].decode())
            j += 1 + n
        if not jumped:
            i = j
        out.append(".".join(labels))
    return out

answer = json.load(open(sys.argv[1]))["answers"][0]
options = {o["code"]: bytes.fromhex(o["hex"]) for o in answer["options"]}
addresses = bytes([192, 0, 2, 123, 198, 51, 100, 123])
assert options.get(42) == addresses, ("42", options.get(42))
assert options.get(4) == addresses, ("4", options.get(4))
assert names(options[119]) == ["schertz.local", "corp.schertz.local"], ("119", options[119].hex())
ours = bytes.fromhex("077363686572747A056C6F63616C00" "04636F7270077363686572747A056C6F63616C00")
compressed = bytes.fromhex("077363686572747A056C6F63616C00" "04636F7270C000")
assert options[119] == (ours if sys.argv[2] in ("dhcplite", "kea") else compressed), ("119", options[119].hex())
print("42 and 4:", options[42].hex(), " 119:", options[119].hex(), names(options[119]))
PYEOF

    # Lync Phone Edition's VLAN ask: vendor class CPE-OCPHONE, option 43 only.
    emulate "$PH" "${common[@]}" --vendor-class CPE-OCPHONE --request 43
    json_check "$EMU_OUT" "len(j['answers']) == 1 and [o['hex'] for o in j['answers'][0]['options']
        if o['code'] == 43][0].upper() in ('0A020064', '0A020064FF')" "$server: CPE-OCPHONE's option 43"
    netns_say "$server: CPE-OCPHONE option 43 = $("$PY" -c 'import json,sys; print([o["hex"] for o in json.load(open(sys.argv[1]))["answers"][0]["options"] if o["code"] == 43][0])' "$EMU_OUT")"

    srv_stop
done
netns_say "PASS"
