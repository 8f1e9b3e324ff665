#!/bin/bash
# Writes emitted configurations (through emit_write, the emitter library) for several settings and
# runs the real server's own checker on each: kea-dhcp4 -t, dhcpd -4 -t -cf, dnsmasq --test -C.
# Also checks that the checker rejects a corrupted copy, so this test can fail.
#
#   run_checker.sh kea|isc-dhcpd|dnsmasq /path/to/emit_write
#
# Exit 0 all accepted; 1 a config was rejected; 77 the checker is not installed (under CI=true a
# missing checker is a failure instead: CI installs them with scripts/install-deps.sh).
set -u

checker=${1:?usage: run_checker.sh kea|isc-dhcpd|dnsmasq EMIT_WRITE}
emit_write=${2:?usage: run_checker.sh kea|isc-dhcpd|dnsmasq EMIT_WRITE}

case "$checker" in
  kea)       bin=/usr/sbin/kea-dhcp4; ext=json ;;
  isc-dhcpd) bin=/usr/sbin/dhcpd;     ext=conf ;;
  dnsmasq)   bin=/usr/sbin/dnsmasq;   ext=conf ;;
  *) echo "run_checker.sh: unknown checker '$checker'" >&2; exit 64 ;;
esac

if [ ! -x "$bin" ]; then
  if [ "${CI:-}" = "true" ]; then
    echo "FAIL: $bin is not installed (CI=true: scripts/install-deps.sh should have installed it)" >&2
    exit 1
  fi
  echo "SKIP: $bin is not installed"
  exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Runs the checker on one file; prints its output on failure.
check() {
  local file=$1 log=$tmp/check.log
  case "$checker" in
    kea)       "$bin" -t "$file" >"$log" 2>&1 ;;
    isc-dhcpd) : >"$tmp/leases"; "$bin" -4 -t -q -cf "$file" -lf "$tmp/leases" -pf "$tmp/pid" >"$log" 2>&1 ;;
    dnsmasq)   "$bin" --test -C "$file" >"$log" 2>&1 ;;
  esac
  local rc=$?
  if [ $rc -ne 0 ]; then sed 's/^/    /' "$log" >&2; fi
  return $rc
}

failures=0
count=0
variant() {
  local name=$1; shift
  local file=$tmp/$name.$ext
  "$emit_write" "$checker" "$file" "$@"
  local rc=$?
  if [ $rc -eq 65 ] && [ "$name" = "odd-vendor-class" ]; then
    echo "ok   $name (the settings are refused before any config is written)"
    return
  fi
  if [ $rc -ne 0 ]; then
    echo "FAIL $name: emit_write exited $rc" >&2
    failures=$((failures + 1))
    return
  fi
  count=$((count + 1))
  if check "$file"; then
    echo "ok   $name"
  else
    echo "FAIL $name: $bin rejected $file:" >&2
    sed 's/^/    | /' "$file" >&2
    failures=$((failures + 1))
  fi
}

variant lync            --scope 192.0.2.0/24 --sip-server lync.schertz.local
variant cisco-limit     --scope 192.0.2.0/24 --sip-server server.fqdn.company.com
variant two-names-long  --scope 10.0.0.0/8 --sip-server pool1.example.com --sip-server pool2.example.com \
                        --web-server a-much-longer-web-server-name.branch.example.com --port 4443 \
                        --path /CertProv/CertProvisioningService.svc
variant addresses       --scope 198.51.100.128/25 --sip-address 192.0.2.10 --sip-address 192.0.2.11 \
                        --web-server web.example.com --interface lo
variant phone-setup     --scope 192.0.2.0/24 --sip-server lync.schertz.local \
                        --ntp-server 192.0.2.123 --ntp-server 198.51.100.123 \
                        --domain-search schertz.local --domain-search corp.schertz.local --vlan 100
variant vlan-only       --scope 203.0.113.0/24 --sip-server pool.example.com --vlan 4094
variant odd-vendor-class --scope 192.0.2.0/24 --sip-server lync.schertz.local \
                        --vendor-class "MS UC,Client#'1'\"x\"\\" --scheme http --port 80

# The checker must reject a broken copy, or the checks above prove nothing.
broken=$tmp/broken.$ext
"$emit_write" "$checker" "$broken" --scope 192.0.2.0/24 --sip-server lync.schertz.local || exit 1
echo 'this-is-not-a-valid-statement {' >>"$broken"
if check "$broken" 2>/dev/null; then
  echo "FAIL: $bin accepted a corrupted file; the checks above prove nothing" >&2
  failures=$((failures + 1))
else
  echo "ok   a corrupted file is rejected"
fi

if [ $count -eq 0 ]; then echo "FAIL: nothing was checked" >&2; exit 1; fi
[ $failures -eq 0 ] || exit 1
echo "$checker accepted all $count emitted configurations"
