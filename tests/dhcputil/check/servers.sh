#!/usr/bin/env bash
# dhcputil check against real servers in network namespaces: knot (authoritative DNS), nginx
# (HTTP on 80, HTTPS on 4443, TLS on 5061 by SNI and by address), chrony -x (NTP that never
# touches the clock), a DNS server that never answers and hostile TLS endpoints. Certificates
# are made here with openssl from a test CA. One set of servers serves every scenario: each
# scenario has its own DNS domain and names, so nothing is reconfigured between them and the
# scenarios run at the same time. Each is asserted on its exit code and on the line of the
# check that fails (or warns).
set -u
SOURCE_DIR=${DHCPLITE_SOURCE_DIR:-$(cd "$(dirname "$0")/../../.." && pwd)}
# shellcheck source-path=SCRIPTDIR source=../../../scripts/lib/netns.sh
. "$SOURCE_DIR/scripts/lib/netns.sh"
HERE=$(cd "$(dirname "$0")" && pwd)
PY=/usr/bin/python3

netns_init check
netns_require_root
netns_require_cmd ip ss openssl knotd nginx chronyd timeout setpriv unshare "$PY"
[ -x "${DHCPUTIL:-}" ] || netns_skip "DHCPUTIL (the dhcputil binary) is not set"
[ -x "${DHCPLITE:-}" ] || netns_skip "DHCPLITE (the dhcplite binary) is not set"
netns_tmpdir
T=$NETNS_TMP
mkdir -p "$T/pki" "$T/knot/zones" "$T/knot/db" "$T/nginx/tmp" "$T/chrony" "$T/runs"

# One segment (a bridge in its own namespace): the servers, the phone, and a second DHCP server
# for the conflict run.
LAN=$(netns_name lan) SRV=$(netns_name srv) PHONE=$(netns_name phone) SRV2=$(netns_name srv2)
for ns in "$LAN" "$SRV" "$PHONE" "$SRV2"; do netns_add "$ns"; done
netns_lan "$LAN" "$SRV" s0 192.0.2.1/24 "$PHONE" p0 192.0.2.100/24 "$SRV2" s0 192.0.2.2/24
# .10 web, .11/.12 pool front ends, .13 web without port 80, .20 hostile TLS, .53 DNS,
# .54 a DNS server that never answers, .123 NTP, .124 nothing at all.
for a in 10 11 12 13 20 53 54 123 124; do
    ip -n "$SRV" addr add "192.0.2.$a/24" dev s0 || netns_fail "address 192.0.2.$a"
done

# ---- certificates ----
P=$T/pki
openssl_quiet() { openssl "$@" >>"$P/openssl.log" 2>&1 || netns_fail "openssl $1 failed (see above)"; }
make_ca() {  # make_ca <name> <CN>
    openssl_quiet req -x509 -newkey rsa:2048 -nodes -keyout "$P/$1.key" -out "$P/$1.pem" -subj "/CN=$2" \
        -days 3650 -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
}
leaf() {  # leaf <name> <ca> <days> <CN> <dns names...>; one key for every leaf keeps this fast
    local name=$1 ca=$2 days=$3 cn=$4 san="" n
    shift 4
    for n in "$@"; do san+="${san:+,}DNS:$n"; done
    printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' "$san" >"$P/$name.ext"
    openssl_quiet req -new -key "$P/leaf.key" -subj "/CN=$cn" -out "$P/$name.csr"
    openssl_quiet x509 -req -in "$P/$name.csr" -CA "$P/$ca.pem" -CAkey "$P/$ca.key" -set_serial "$RANDOM$RANDOM" \
        -days "$days" -sha256 -extfile "$P/$name.ext" -out "$P/$name.pem"
}
make_ca ca "dhcplite test root"
# Weak on purpose: a 1024-bit key, signed with SHA-1 (served by bad_tls_server.py at level 0).
openssl_quiet genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 -out "$P/weak.key"
printf 'subjectAltName=DNS:weak.h.test\n' >"$P/weak.ext"
openssl_quiet req -new -key "$P/weak.key" -subj "/CN=weak.h.test" -out "$P/weak.csr"
openssl_quiet x509 -req -in "$P/weak.csr" -CA "$P/ca.pem" -CAkey "$P/ca.key" -set_serial 7 -days 400 -sha1 \
    -extfile "$P/weak.ext" -out "$P/weak.pem"
make_ca other "another CA"
openssl_quiet genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out "$P/leaf.key"

# Scenario domains (DESIGN of the test: one domain per scenario, see the table below).
DOMAINS=(h p2 we ws wr wm ca2 nosrv ext no80 nontp nxpool)
good_pools=() good_webs=()
for d in "${DOMAINS[@]}"; do
    good_pools+=("pool.$d.test" "sip.$d.test")
    case $d in we | ws | wm) ;; *) good_webs+=("web.$d.test" "ucupdates-r2.$d.test") ;; esac
done
good_pools+=(pool.other.test)
leaf pool-good ca 400 pool.h.test "${good_pools[@]}"
leaf web-good ca 400 web.h.test "${good_webs[@]}"
leaf pool-expired ca -1 pool.p2.test pool.p2.test sip.p2.test
leaf web-expired ca -1 web.we.test web.we.test ucupdates-r2.we.test
leaf web-soon ca 10 web.ws.test web.ws.test ucupdates-r2.ws.test
leaf web-noname ca 400 other.wm.test other.wm.test ucupdates-r2.wm.test
leaf pool-wild ca 400 "*.wr.test" "*.wr.test"
leaf pool-ca2 other 400 pool.ca2.test pool.ca2.test sip.ca2.test

# ---- DNS: one zone per scenario ----
zone() {  # zone <domain>; the healthy records, with the scenario's one change
    local d=$1 z="$T/knot/zones/$1.zone"
    {
        # shellcheck disable=SC2016  # $ORIGIN and $TTL are zone-file directives
        printf '$ORIGIN %s.\n$TTL 60\n' "$d"
        printf '@ SOA ns.%s. admin.%s. 1 3600 600 86400 60\n@ NS ns\nns A 192.0.2.53\n' "$d" "$d"
        [ "$d" = other.test ] && { printf 'pool A 192.0.2.11\n'; return; }
        case $d in
            nxpool.test) ;;
            p2.test) printf 'pool A 192.0.2.11\npool A 192.0.2.12\n' ;;
            *) printf 'pool A 192.0.2.11\n' ;;
        esac
        printf 'sip A 192.0.2.11\n'
        if [ "$d" = no80.test ]; then
            printf 'web A 192.0.2.13\nucupdates-r2 A 192.0.2.13\n'
        else
            printf 'web A 192.0.2.10\nucupdates-r2 A 192.0.2.10\n'
        fi
        printf 'lyncdiscoverinternal A 192.0.2.10\nlyncdiscover A 192.0.2.10\n'
        case $d in
            nosrv.test) ;;
            ext.test) printf '_sipinternaltls._tcp SRV 0 0 5061 pool.other.test.\n' ;;
            *) printf '_sipinternaltls._tcp SRV 0 0 5061 pool.%s.\n' "$d" ;;
        esac
        printf '_ntp._udp SRV 0 0 123 ntp\n'
        if [ "$d" = nontp.test ]; then printf 'ntp A 192.0.2.124\n'; else printf 'ntp A 192.0.2.123\n'; fi
    } >"$z"
}
{
    printf 'server:\n    rundir: "%s/knot"\n    listen: 192.0.2.53@53\n' "$T"
    printf 'log:\n  - target: stderr\n    any: warning\n'
    printf 'database:\n    storage: "%s/knot/db"\n' "$T"
    printf 'template:\n  - id: default\n    storage: "%s/knot/zones"\n    file: "%%s.zone"\n' "$T"
    printf '    journal-content: none\n    zonefile-sync: -1\n'
    printf 'zone:\n'
    for d in "${DOMAINS[@]}" other; do printf '  - domain: %s.test\n' "$d"; done
} >"$T/knot/knot.conf"
for d in "${DOMAINS[@]}" other; do zone "$d.test"; done

# ---- web and TLS: nginx, certificates chosen by SNI and by address ----
srv_block() {  # srv_block <listen...> -- <cert> [server_name]
    local listens=() cert name
    while [ "$1" != -- ]; do listens+=("$1"); shift; done
    cert=$2 name=${3:-}
    printf '  server {\n'
    for l in "${listens[@]}"; do printf '    listen %s;\n' "$l"; done
    [ -n "$name" ] && printf '    server_name %s;\n' "$name"
    printf '    ssl_certificate %s/%s.pem;\n    ssl_certificate_key %s/leaf.key;\n' "$P" "$cert" "$P"
    printf '    location / { return 200 "certificate provisioning\\n"; }\n  }\n'
}
{
    printf 'worker_processes 1;\npid %s/nginx/nginx.pid;\nerror_log %s/nginx/error.log;\n' "$T" "$T"
    printf 'events { worker_connections 256; }\nhttp {\n  access_log off;\n  default_type text/plain;\n'
    for k in client_body proxy fastcgi uwsgi scgi; do printf '  %s_temp_path %s/nginx/tmp/%s;\n' "$k" "$T" "$k"; done
    srv_block "192.0.2.10:80 default_server" "192.0.2.10:4443 ssl default_server" -- web-good
    srv_block "192.0.2.10:4443 ssl" -- web-expired web.we.test
    srv_block "192.0.2.10:4443 ssl" -- web-soon web.ws.test
    srv_block "192.0.2.10:4443 ssl" -- web-noname web.wm.test
    srv_block "192.0.2.13:4443 ssl default_server" -- web-good
    srv_block "192.0.2.11:5061 ssl default_server" -- pool-good
    srv_block "192.0.2.11:5061 ssl" -- pool-wild pool.wr.test
    srv_block "192.0.2.11:5061 ssl" -- pool-ca2 pool.ca2.test
    srv_block "192.0.2.12:5061 ssl default_server" -- pool-expired
    printf '}\n'
} >"$T/nginx/nginx.conf"

printf 'port 123\nbindaddress 192.0.2.123\nallow all\nlocal stratum 8\ncmdport 0\npidfile %s/chrony/pid\ndriftfile %s/chrony/drift\n' \
    "$T" "$T" >"$T/chrony/chrony.conf"

# dhcplite for the DHCP step: options 120 and 43 as the healthy scenario has them, 15 and 42.
cat >"$T/dhcplite.yaml" <<YAML
control-socket: off  # the test leaves the host's /run/dhcplite alone
user: nobody
group: nogroup
rate-limit: off
listen:
  interfaces: [s0]
default:
  sip-servers: [pool.h.test]
  web-server: web.h.test
  port: 4443
  domain-name: h.test
  ntp-servers: [192.0.2.123]
YAML
chmod 644 "$T/dhcplite.yaml"
sed 's/pool\.h\.test/pool2.h.test/' "$T/dhcplite.yaml" >"$T/dhcplite2.yaml" && chmod 644 "$T/dhcplite2.yaml"
cp "$DHCPUTIL" "$T/dhcputil" && chmod 755 "$T/dhcputil"

# ---- start everything ----
netns_spawn "$SRV" "$T/dhcplite.log" "$DHCPLITE" --config "$T/dhcplite.yaml"
netns_spawn "$SRV" "$T/knot.log" knotd -c "$T/knot/knot.conf"
netns_spawn "$SRV" "$T/nginx.log" nginx -p "$T/nginx" -c "$T/nginx/nginx.conf" -g "daemon off;"
netns_spawn "$SRV" "$T/chrony.log" chronyd -x -d -u root -f "$T/chrony/chrony.conf"
netns_spawn "$SRV" "$T/sink.log" "$PY" "$HERE/dns_sink.py" 192.0.2.54
netns_spawn "$SRV" "$T/bad.log" "$PY" "$HERE/bad_tls_server.py" 192.0.2.20 7001 "$P/weak.pem" "$P/weak.key"
tcp_bound() { [ -n "$(ip netns exec "$SRV" ss -Hltn "sport = :$1" 2>/dev/null)" ]; }
netns_wait_udp "$SRV" 53 10 || netns_fail "knot does not listen on UDP 53"
netns_wait_udp "$SRV" 123 10 || netns_fail "chrony does not listen on UDP 123"
netns_wait 10 tcp_bound 5061 || netns_fail "nginx does not listen on 5061"
netns_wait 10 tcp_bound 7004 || netns_fail "the hostile TLS server does not listen"
netns_wait 10 grep -q ready "$T/sink.log" || netns_fail "the silent DNS server did not start"
netns_wait 10 grep -q 'started version=' "$T/dhcplite.log" || netns_fail "dhcplite did not start"

# For the run that uses the host's resolver: its own resolv.conf, bind-mounted in a private
# mount namespace that ends with the process (nothing to clean up, the host's file untouched).
printf 'nameserver 192.0.2.53\n' >"$T/resolv.conf"

# ---- scenarios: all at once, each into its own files ----
BASE=(--no-dhcp --dns-server 192.0.2.53 --ca-file "$P/ca.pem" --port 4443 --timeout 2)
PIDS=()
run() {  # run <name> <dhcputil check args...>
    local name=$1
    shift
    (
        rc=0
        timeout 30 ip netns exec "$PHONE" "$DHCPUTIL" check "$@" >"$T/runs/$name.out" 2>"$T/runs/$name.err" || rc=$?
        echo "$rc" >"$T/runs/$name.rc"
    ) &
    PIDS+=($!)
}
scenario() {  # scenario <name> <domain> [extra args...]: the base options for the domain's pool and web
    local name=$1 d=$2
    shift 2
    run "$name" "${BASE[@]}" --sip-server "pool.$d" --web-server "web.$d" "$@"
}
scenario healthy h.test
scenario healthy_json h.test --json
(
    rc=0
    # shellcheck disable=SC2016  # expanded by the inner sh
    timeout 30 ip netns exec "$PHONE" unshare --mount --propagation private sh -c \
        'mount --bind "$1" /etc/resolv.conf && shift && exec "$@"' sh "$T/resolv.conf" "$DHCPUTIL" check --no-dhcp \
        --ca-file "$P/ca.pem" --port 4443 --sip-server pool.h.test --web-server web.h.test \
        >"$T/runs/host_resolver.out" 2>"$T/runs/host_resolver.err" || rc=$?
    echo "$rc" >"$T/runs/host_resolver.rc"
) &
PIDS+=($!)
scenario only_tls h.test --only tls
scenario pool_one_expired p2.test
scenario web_expired we.test
scenario web_expiring ws.test --warn-days 30
scenario web_expiring_quiet ws.test --warn-days 5
scenario wildcard_registrar wr.test
scenario web_name_missing wm.test
scenario other_ca ca2.test
scenario no_srv nosrv.test
run srv_other_domain "${BASE[@]}" --sip-server pool.other.test --sip-domain ext.test --web-server web.ext.test
scenario pool_mismatch ext.test
scenario no_port_80 no80.test
scenario no_ntp nontp.test
scenario pool_unresolved nxpool.test
run dns_dead --no-dhcp --dns-server 192.0.2.54 --ca-file "$P/ca.pem" --timeout 1 --sip-server pool.h.test
run certs_pool --certs-only pool.p2.test:5061 web.h.test:4443 --dns-server 192.0.2.53 --ca-file "$P/ca.pem"
run certs_healthy --certs-only pool.h.test:5061 192.0.2.10:4443 --dns-server 192.0.2.53 --ca-file "$P/ca.pem" --json
run hostile --certs-only 192.0.2.20:7001 192.0.2.20:7002 192.0.2.20:7003 --ca-file "$P/ca.pem" --timeout 1
run weak_cert --certs-only 192.0.2.20:7004 --ca-file "$P/ca.pem"
run bad_port --no-dhcp --dns-server 192.0.2.53 --sip-server pool.h.test --port 0
run bad_label "${BASE[@]}" --sip-server pool.bad_label.test
run bad_ca --no-dhcp --dns-server 192.0.2.53 --ca-file "$T/missing.pem" --sip-server pool.h.test
printf 'not a certificate\n' >"$T/junk.pem"
run junk_ca --no-dhcp --dns-server 192.0.2.53 --ca-file "$T/junk.pem" --sip-server pool.h.test
run dhcp_healthy --interface p0 --dns-server 192.0.2.53 --ca-file "$P/ca.pem" --timeout 2
run dhcp_no_interface --interface nope0 --dns-server 192.0.2.53 --timeout 1
(
    rc=0
    timeout 30 ip netns exec "$PHONE" setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all \
        "$T/dhcputil" check --interface p0 --timeout 1 >"$T/runs/dhcp_not_root.out" 2>"$T/runs/dhcp_not_root.err" || rc=$?
    echo "$rc" >"$T/runs/dhcp_not_root.rc"
) &
PIDS+=($!)
for p in "${PIDS[@]}"; do wait "$p"; done
# Once more each on its own, for figures that are not slowed by the others (printed, not judged).
PIDS=()
run solo_no_dhcp "${BASE[@]}" --sip-server pool.h.test --web-server web.h.test --json
wait "${PIDS[0]}"
PIDS=()
run solo_dhcp --interface p0 --dns-server 192.0.2.53 --ca-file "$P/ca.pem" --timeout 2 --json
wait "${PIDS[0]}"

# ---- assertions ----
FAILED=0
show() { printf -- '---- %s (exit %s) ----\n' "$1" "$(cat "$T/runs/$1.rc")" >&2; cat "$T/runs/$1.out" "$T/runs/$1.err" >&2; }
bad() { show "$1"; printf '%s: FAIL: %s: %s\n' "$NETNS_TAG" "$1" "$2" >&2; FAILED=1; }
expect_rc() { [ "$(cat "$T/runs/$1.rc")" = "$2" ] || bad "$1" "exit status $(cat "$T/runs/$1.rc"), expected $2"; }
# expect_line <run> <regex>: a line of stdout matches (grep -E)
expect_line() { grep -Eq -- "$2" "$T/runs/$1.out" || bad "$1" "no line matches: $2"; }
expect_no_line() { ! grep -Eq -- "$2" "$T/runs/$1.out" || bad "$1" "a line matches: $2"; }
expect_err() {  # one line on stderr matching, nothing on stdout
    if ! { [ "$(wc -l <"$T/runs/$1.err")" -eq 1 ] && grep -Eq -- "$2" "$T/runs/$1.err" && [ ! -s "$T/runs/$1.out" ]; }; then
        bad "$1" "stderr is not the one line '$2'"
    fi
}
json() { "$PY" -c 'import json,sys; j=json.load(open(sys.argv[1])); sys.exit(0 if eval(sys.argv[2]) else 1)' \
    "$T/runs/$1.out" "$2" || bad "$1" "JSON: $2"; }

expect_rc healthy 0
expect_no_line healthy '^(WARN|FAIL|SKIP) '
expect_line healthy '^OK    dns   _sipinternaltls\._tcp\.h\.test SRV: pool\.h\.test:5061 '
expect_line healthy '^OK    http  http://web\.h\.test/CertProv/CertProvisioningService\.svc @192\.0\.2\.10: HTTP 200'
expect_line healthy '^OK    http  https://web\.h\.test:4443/CertProv/CertProvisioningService\.svc @192\.0\.2\.10: HTTP 200'
expect_line healthy '^OK    tls   pool\.h\.test:5061 @192\.0\.2\.11: registrar TLSv1\.[23]: CN=pool\.h\.test; .*(399|400) days left'
expect_line healthy '^OK    tls   web\.h\.test:4443 @192\.0\.2\.10: web server '
expect_line healthy '^OK    ntp   ntp\.h\.test:123 @192\.0\.2\.123: stratum 8, '
expect_line healthy '^SIP domain  : h\.test \(derived from the pool FQDN pool\.h\.test; --sip-domain to change\)'
expect_line healthy '^DNS servers : 192\.0\.2\.53 \(--dns-server\)'
expect_line healthy '^Result: OK \(.* 0 warnings, 0 failed, 0 skipped\); exit 0$'

expect_rc host_resolver 0
expect_line host_resolver '^DNS servers : 192\.0\.2\.53 \(the host.s resolver, /etc/resolv\.conf\)'

expect_rc healthy_json 0
json healthy_json "j['result'] == 'ok' and j['exit_code'] == 0 and all(set(c) >= {'step','target','status','detail','fix'} for c in j['checks'])"
json healthy_json "any(c['step'] == 'tls' and c['days_left'] >= 399 for c in j['checks'])"
json healthy_json "any(c['step'] == 'ntp' and 'offset_ms' in c for c in j['checks'])"
json healthy_json "j['timings_us']['total'] > 0 and 'dns' in j['timings_us']"

expect_rc only_tls 0
expect_no_line only_tls '^[A-Z]+ +(dns|http|ntp) '
expect_line only_tls '^OK    tls   pool\.h\.test:5061 @192\.0\.2\.11'

expect_rc pool_one_expired 2
expect_line pool_one_expired '^FAIL  tls   pool\.p2\.test:5061 @192\.0\.2\.12: registrar: expired (today|1 day ago) '
expect_line pool_one_expired '^            fix: renew the certificate on 192\.0\.2\.12 \(pool\.p2\.test:5061\)'
expect_line pool_one_expired '^OK    tls   pool\.p2\.test:5061 @192\.0\.2\.11: '

expect_rc web_expired 2
expect_line web_expired '^FAIL  tls   web\.we\.test:4443 @192\.0\.2\.10: web server: expired '

expect_rc web_expiring 1
expect_line web_expiring '^WARN  tls   web\.ws\.test:4443 @192\.0\.2\.10: web server: expires in (9|10) days .*under --warn-days 30'
expect_rc web_expiring_quiet 0

expect_rc wildcard_registrar 2
expect_line wildcard_registrar '^FAIL  tls   pool\.wr\.test:5061 @192\.0\.2\.11: registrar: wildcard certificate \(\*\.wr\.test\)'

expect_rc web_name_missing 2
expect_line web_name_missing "^FAIL  tls   web\.wm\.test:4443 @192\.0\.2\.10: web server: web\.wm\.test is not among the certificate's names \(other\.wm\.test, ucupdates-r2\.wm\.test\)"

expect_rc other_ca 2
expect_line other_ca '^FAIL  tls   pool\.ca2\.test:5061 @192\.0\.2\.11: registrar: chain not trusted by --ca-file .*issuer CN=another CA'

expect_rc no_srv 1
expect_line no_srv '^WARN  dns   _sipinternaltls\._tcp\.nosrv\.test SRV: NXDOMAIN: phones fall back to option 120'
expect_line no_srv '^            fix: add _sipinternaltls\._tcp\.nosrv\.test\. SRV 0 0 5061 pool\.nosrv\.test\.'

expect_rc srv_other_domain 1
expect_line srv_other_domain '^WARN  dns   pool\.other\.test \(SRV _sipinternaltls\._tcp\.ext\.test\): target pool\.other\.test is outside ext\.test'

expect_rc pool_mismatch 1
expect_line pool_mismatch '^WARN  dns   pool\.ext\.test vs _sipinternaltls\._tcp\.ext\.test: option 120 names pool\.ext\.test, the SRV record pool\.other\.test:5061'

expect_rc no_port_80 2
expect_line no_port_80 '^FAIL  http  http://web\.no80\.test/CertProv/CertProvisioningService\.svc @192\.0\.2\.13: "Error downloading certificate chain"'
expect_line no_port_80 '^OK    http  https://web\.no80\.test:4443/'

expect_rc no_ntp 1
expect_line no_ntp '^WARN  ntp   ntp\.nontp\.test:123 @192\.0\.2\.124: '
expect_line no_ntp '^WARN  ntp   time: no NTP server answered: phones fall back to time\.windows\.com'

expect_rc pool_unresolved 2
expect_line pool_unresolved '^FAIL  dns   pool\.nxpool\.test A: pool FQDN \(option 120\) does not resolve: NXDOMAIN'

expect_rc dns_dead 2
expect_line dns_dead '^FAIL  dns   192\.0\.2\.54: no answer from 192\.0\.2\.54 within 1 s'

expect_rc certs_pool 2
expect_line certs_pool '^FAIL  tls   pool\.p2\.test:5061 @192\.0\.2\.12: registrar: expired'
expect_line certs_pool '^OK    tls   pool\.p2\.test:5061 @192\.0\.2\.11: '
expect_line certs_pool '^OK    tls   web\.h\.test:4443 @192\.0\.2\.10: '

expect_rc certs_healthy 0
json certs_healthy "j['result'] == 'ok' and len(j['checks']) == 2 and all(c['status'] == 'ok' for c in j['checks'])"

expect_rc hostile 2
expect_line hostile '^FAIL  tls   192\.0\.2\.20:7001: web server: TLS handshake failed: '
expect_line hostile '^FAIL  tls   192\.0\.2\.20:7002: web server: connection (reset|closed) (during the TLS handshake|as it was opened)'
expect_line hostile '^FAIL  tls   192\.0\.2\.20:7003: web server: TLS handshake did not finish within 1000 ms'

expect_rc weak_cert 1
expect_line weak_cert '^WARN  tls   192\.0\.2\.20:7004: web server: SHA-1 signature on CN=weak\.h\.test; RSA key of 1024 bits \(under 2048\)'

expect_rc bad_port 65
expect_err bad_port '^dhcputil: --port .*port 0'
expect_rc bad_label 65
expect_err bad_label "^dhcputil: --sip-server .*'_' is not allowed"
expect_rc bad_ca 66
expect_err bad_ca "^dhcputil: --ca-file '.*missing\.pem': cannot read it"
expect_rc junk_ca 65
expect_err junk_ca "^dhcputil: --ca-file '.*junk\.pem': no PEM certificate"

expect_rc dhcp_healthy 0
expect_no_line dhcp_healthy '^(WARN|FAIL) '
expect_line dhcp_healthy '^OK    dhcp  MS-UC-Client INFORM on p0: DHCPACK from 192\.0\.2\.1: option 120 pool\.h\.test, option 43 https://web\.h\.test:4443/CertProv/CertProvisioningService\.svc \(1 server answered\)'
expect_line dhcp_healthy '^OK    dhcp  CPE-OCPHONE INFORM on p0: no answer'
expect_line dhcp_healthy '^OK    tls   pool\.h\.test:5061 @192\.0\.2\.11'
expect_line dhcp_healthy '^OK    ntp   192\.0\.2\.123:123: stratum 8'
expect_rc dhcp_no_interface 69
expect_err dhcp_no_interface "^dhcputil: --interface 'nope0': no such interface"
expect_rc dhcp_not_root 77
expect_err dhcp_not_root '^dhcputil: .*(root|CAP_NET_RAW)'

# A second DHCP server on the segment with another pool: the conflict a phone cannot resolve.
netns_spawn "$SRV2" "$T/dhcplite2.log" "$DHCPLITE" --config "$T/dhcplite2.yaml"
netns_wait 10 grep -q 'started version=' "$T/dhcplite2.log" || netns_fail "the second dhcplite did not start"
PIDS=()
run dhcp_conflict --interface p0 --only dhcp --timeout 2 --dns-server 192.0.2.54
wait "${PIDS[0]}"
expect_rc dhcp_conflict 2
expect_line dhcp_conflict '^FAIL  dhcp  MS-UC-Client INFORM on p0: 2 DHCP servers answered with different values; a phone takes the first'
expect_line dhcp_conflict '^OK    dhcp  MS-UC-Client INFORM on p0: DHCPACK from 192\.0\.2\.[12]: .*\(2 servers answered\)'
expect_no_line dhcp_conflict '^[A-Z]+ +(dns|http|tls|ntp) '
expect_no_line dhcp_conflict '^DNS servers'  # --only dhcp looks nothing up

for r in solo_no_dhcp solo_dhcp; do
    expect_rc "$r" 0
    json "$r" "j['result'] == 'ok'"
    netns_say "$r: timings (µs) $("$PY" -c 'import json,sys; print(json.load(open(sys.argv[1]))["timings_us"])' "$T/runs/$r.out")"
done

[ -z "${CHECK_SHOW:-}" ] || for r in $CHECK_SHOW; do show "$r"; done
[ "$FAILED" -eq 0 ] || netns_fail "some scenarios failed (above)"
rcs=("$T"/runs/*.rc)
netns_say "all ${#rcs[@]} runs as expected"
