#!/usr/bin/env bash
# Installs every Debian 12 package that dhcplite's build, demo and tests need.
# Idempotent and fast when everything is present: apt-get runs only when a package is missing.
# The DHCP servers are installed for their config checkers and as test peers; a temporary
# policy-rc.d stops their packages from starting them as services on this machine.
set -euo pipefail

packages=(
  # build
  g++ cmake ninja-build make pkg-config git
  libfmt-dev libyaml-cpp-dev libboost-program-options-dev libpcap-dev doctest-dev nlohmann-json3-dev
  # tests: network namespaces, independent clients and decoders, the real servers' checkers
  iproute2 procps python3 python3-scapy nmap isc-dhcp-relay
  kea-dhcp4-server isc-dhcp-server dnsmasq-base
  # systemd-analyze verify/security on the shipped unit
  systemd
  # emulate-client cross-checks: an independent decoder of the captured exchange
  tshark
  # dhcputil check: DNS (c-ares), HTTP (libcurl), TLS and X.509 (OpenSSL); only dhcputil links them
  libc-ares-dev libcurl4-openssl-dev libssl-dev
  # dhcputil check's integration test: authoritative DNS, web/TLS servers, an NTP server, openssl
  knot nginx libnginx-mod-stream chrony openssl
  # the Debian package (scripts/build-deb.sh), its man pages and completion, and the test that
  # boots it under a real systemd (tests/system: mmdebstrap + systemd-nspawn)
  debhelper dpkg-dev fakeroot lintian pandoc bash-completion mmdebstrap systemd-container
  # promtool (the daemon's metrics file is checked with `promtool check metrics`)
  prometheus
  # fuzzing (clang's libFuzzer), profiling and the benchmark chart
  clang libfuzzer-14-dev libclang-rt-14-dev valgrind gnuplot-nox
  # the house format (tests/style: clang-format 14 over every C++ source)
  clang-format-14
)

if [ "$(id -u)" -ne 0 ]; then
  echo "install-deps: must run as root (apt-get install)" >&2
  exit 77
fi

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed; then
    missing+=("$p")
  fi
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
policy=/usr/sbin/policy-rc.d
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# dhcplite install-deps: never start services while installing\nexit 101\n' > "$policy"
  chmod 755 "$policy"
  trap 'rm -f "$policy"' EXIT
fi
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"
