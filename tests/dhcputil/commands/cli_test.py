#!/usr/bin/python3
"""Command-line tests of the real dhcputil binary (env DHCPUTIL): the DHCPUtil output for
lync.schertz.local to the byte against tests/data/ms-uc-client.txt, the legacy switches in any
letter case, JSON, decode of options/packets/captures, -RunConfigScript, and the exit code and
the one-line message of every kind of bad input. Standard library only."""
import configparser
import json
import os
import random
import subprocess
import sys
import tempfile
import unittest

SOURCE_DIR = os.environ.get("DHCPLITE_SOURCE_DIR",
                            os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", "..")))
DATA_DIR = os.path.join(SOURCE_DIR, "tests", "data")
FIXTURES = os.path.join(DATA_DIR, "dhcputil")
DHCPUTIL = os.environ.get("DHCPUTIL", "")

sys.dont_write_bytecode = True  # nothing written into the source tree
sys.path.insert(0, FIXTURES)
import make_fixtures  # noqa: E402  (the pcap/packet builder checked in beside the fixtures)


def load_vectors():
    """tests/data/ms-uc-client.txt: INI-like sections, '#' comments."""
    parser = configparser.ConfigParser(comment_prefixes=("#",), inline_comment_prefixes=None)
    parser.optionxform = str
    with open(os.path.join(DATA_DIR, "ms-uc-client.txt"), encoding="utf-8") as f:
        parser.read_file(f)
    return parser


VECTORS = load_vectors()
LYNC = VECTORS["lync.schertz.local"]


def run(*args, cwd=None):
    p = subprocess.run([DHCPUTIL, *args], capture_output=True, cwd=cwd, timeout=60)
    return p.returncode, p.stdout.decode("utf-8"), p.stderr.decode("utf-8")


def dhcputil_text(v, sip):
    """What DHCPUtil.exe -SipServer prints (docs/design.md §10), built from the vector file."""
    subs = [v["sub%d" % i] for i in range(1, 6)]
    labels = ["UC Identifier", "URL Scheme", "Web Server FQDN", "Port", "Relative Path for Cert Prov"]
    lines = [
        "SIP Server FQDN : " + sip,
        "Certificate Provisioning Service URL : " + v["cert_prov_url"],
        "",
        "Option 120: " + v["option120"],
        "",
        "Vendor Class Identifier: MS-UC-Client",
        "Option 43 (for vendor=MS-UC-Client):",
    ]
    lines += ["\tsub-option %d <%s>: %s" % (i + 1, labels[i], subs[i]) for i in range(5)]
    lines += [
        "",
        "Option 43: " + v["option43"],
        "",
        "On the Windows DHCP server, in the folder of DHCPConfigScript.bat (it ships with Lync and",
        "Skype for Business Server), run:",
        "DHCPConfigScript.bat Configure MS-UC-Client " + " ".join([v["option120"]] + subs),
        "For other DHCP servers: dhcputil config --format "
        "netsh|powershell|isc-dhcpd|kea|dnsmasq|cisco-ios|mikrotik|dhcplite|fortigate|junos|aruba [same options]",
    ]
    return "\n".join(lines) + "\n"


class DhcputilTestCase(unittest.TestCase):
    def assert_error(self, args, code, message, cwd=None):
        """Exactly one line on stderr, nothing on stdout, the exit code."""
        rc, out, err = run(*args, cwd=cwd)
        self.assertEqual(rc, code, (args, err))
        self.assertEqual(out, "", args)
        self.assertEqual(err, "dhcputil: " + message + "\n", args)


class LegacySwitches(DhcputilTestCase):
    def test_output_matches_the_vectors_to_the_byte(self):
        rc, out, err = run("-SipServer", LYNC["sip_server"])
        self.assertEqual(rc, 0)
        self.assertEqual(err, "")
        self.assertEqual(out, dhcputil_text(LYNC, LYNC["sip_server"]))
        # and field by field, as an admin would copy them
        lines = out.splitlines()
        self.assertIn("Option 120: " + LYNC["option120"], lines)
        self.assertIn("Option 43: " + LYNC["option43"], lines)
        for i in range(1, 6):
            self.assertTrue(any(l.startswith("\tsub-option %d <" % i) and l.endswith(">: " + LYNC["sub%d" % i])
                                for l in lines), i)

    def test_second_vector(self):
        v = VECTORS["server.fqdn.company.com"]
        rc, out, err = run("-SipServer", v["sip_server"])
        self.assertEqual(rc, 0)
        self.assertEqual(err, "")  # exactly 180 hex characters: no Cisco warning
        self.assertIn("Option 120: " + v["option120"] + "\n", out)
        self.assertIn("\tsub-option 3 <Web Server FQDN>: " + v["sub3"] + "\n", out)
        option43 = [l for l in out.splitlines() if l.startswith("Option 43: ")][0][len("Option 43: "):]
        self.assertEqual(len(option43), int(v["option43_hexlen"]))

    def test_switches_are_case_insensitive(self):
        expected = dhcputil_text(LYNC, LYNC["sip_server"])
        for switch in ("-SipServer", "-sipserver", "-SIPSERVER", "-sIPsERVER", "--sipserver"):
            rc, out, _ = run(switch, "lync.schertz.local")
            self.assertEqual((rc, out), (0, expected), switch)
        rc, out, _ = run("-SIPSERVER", "lync.schertz.local", "-webserver", "lync.schertz.local")
        self.assertEqual((rc, out), (0, expected))

    def test_cisco_warning_past_180_hex_characters(self):
        rc, out, err = run("-SipServer", "lync.schertz.local", "-WebServer", "webservices.pool1.schertz.local")
        self.assertEqual(rc, 0)
        self.assertEqual(len(err.splitlines()), 1)
        self.assertTrue(err.startswith("dhcputil: warning: option 43 is 196 hex characters; Cisco IOS"))
        self.assertIn("dhcputil config --format cisco-ios", err)

    def test_run_config_script_writes_the_netsh_script(self):
        with tempfile.TemporaryDirectory() as tmp:
            rc, out, err = run("-SipServer", "lync.schertz.local", "-RunConfigScript", cwd=tmp)
            self.assertEqual(rc, 0)
            self.assertEqual(len(err.splitlines()), 1)
            self.assertIn("netsh cannot run on this system", err)
            path = os.path.join(tmp, "DHCPConfigScript-Configure.cmd")
            self.assertTrue(os.path.isfile(path))
            self.assertIn(path, out)
            self.assertTrue(out.startswith(dhcputil_text(LYNC, LYNC["sip_server"])))
            with open(path, encoding="utf-8") as f:
                script = f.read()
            self.assertIn("netsh dhcp server set optionvalue 120 Binary " + LYNC["option120"] + "\n", script)
            self.assertIn("netsh dhcp server set optionvalue 4 Binary vendor=MSUCClient " + LYNC["sub4"] + "\n",
                          script)
            rc, out, err = run("-SipServer", "lync.schertz.local", "-RunConfigScript", "-OutFile", "mine.cmd", cwd=tmp)
            self.assertEqual(rc, 0)
            self.assertTrue(os.path.isfile(os.path.join(tmp, "mine.cmd")))


class Encode(DhcputilTestCase):
    def test_json(self):
        rc, out, err = run("encode", "--sip-server", "lync.schertz.local", "--json")
        self.assertEqual((rc, err), (0, ""))
        doc = json.loads(out)
        self.assertEqual(doc["option120"], LYNC["option120"])
        self.assertEqual(doc["option43"], LYNC["option43"])
        self.assertEqual(doc["url"], LYNC["cert_prov_url"])
        self.assertEqual(doc["sipServers"], ["lync.schertz.local"])
        self.assertEqual(doc["webServer"], "lync.schertz.local")
        self.assertEqual(doc["vendorClass"], "MS-UC-Client")
        self.assertEqual([s["code"] for s in doc["subOptions"]], [1, 2, 3, 4, 5])
        self.assertEqual([s["hex"] for s in doc["subOptions"]], [LYNC["sub%d" % i] for i in range(1, 6)])
        self.assertEqual(doc["subOptions"][3]["text"], "443")
        self.assertEqual(doc["subOptions"][4]["label"], "Relative Path for Cert Prov")
        self.assertTrue(doc["configScriptLine"].startswith("DHCPConfigScript.bat Configure MS-UC-Client "
                                                           + LYNC["option120"]))
        self.assertEqual(doc["warnings"], [])

    def test_text_equals_the_legacy_switches(self):
        self.assertEqual(run("encode", "--sip-server", "lync.schertz.local")[1],
                         run("-SipServer", "lync.schertz.local")[1])

    def test_sfb2015_layout(self):
        """Skype for Business 2015's layout, from the real binary, both spellings."""
        sip = "server.fqdn.company.com"
        with open(os.path.join(FIXTURES, "encode-sfb2015-%s.txt" % sip), encoding="utf-8") as f:
            golden = f.read()
        self.assertEqual(run("encode", "--sip-server", sip, "--layout", "sfb2015"), (0, golden, ""))
        self.assertEqual(run("-SIPSERVER", sip, "-layout", "sfb2015"), (0, golden, ""))
        v = VECTORS[sip]
        full = golden.split("Full Option 43 value (Length: %s) : \n" % v["option43_hexlen"])[1]
        first, rest = full.split("\n")[:2]
        self.assertEqual(len(first.strip()), 75)
        self.assertEqual(len(first.strip()) + len(rest.strip()), int(v["option43_hexlen"]))
        self.assertIn("\nOption 120:\n%s\n" % v["option120"], golden)


class Decode(DhcputilTestCase):
    def test_windows_ack_option_43_with_nap(self):
        rc, out, err = run("decode", "--option", "43", LYNC["option43_windows_ack"])
        self.assertEqual((rc, err), (0, ""))
        self.assertIn("DHCP: Vendor Specific Information(43) = (Length: 90) 6 sub-options (", out)
        self.assertIn('        Unknown(220) = (Length: 3) "NAP" (4E4150)\n', out)
        self.assertIn("        Port(4) = (Length: 3) 443 (343433)\n", out)
        self.assertIn("Certificate Provisioning Service URL : " + LYNC["cert_prov_url"] + "\n", out)
        doc = json.loads(run("decode", "--option", "43", LYNC["option43_windows_ack"], "--json")[1])
        self.assertEqual(doc["option"]["subOptions"][5]["code"], 220)
        self.assertEqual(doc["option"]["subOptions"][5]["text"], "NAP")
        self.assertEqual(doc["url"], LYNC["cert_prov_url"])

    def test_compressed_option_120(self):
        hexval = make_fixtures.OPTION120_COMPRESSED.hex()
        rc, out, err = run("decode", "--option", "120", hexval)
        self.assertEqual((rc, err), (0, ""))
        self.assertIn("sip1.schertz.local, sip2.schertz.local [name compression used]", out)
        doc = json.loads(run("decode", "--option", "120", hexval, "--json")[1])
        self.assertEqual(doc["option"]["names"], ["sip1.schertz.local", "sip2.schertz.local"])
        self.assertTrue(doc["option"]["compressed"])
        self.assertEqual([h["id"] for h in doc["hints"]], ["option120-compressed"])

    def test_classic_mistakes_give_hints(self):
        cases = [
            ("120", b"lync.schertz.local".hex(), "option120-plain-text", "send " + LYNC["option120"]),
            ("120", LYNC["option120"][2:], "option120-missing-enc", "send " + LYNC["option120"]),
            ("43", LYNC["option43"].replace("0403343433", "040201BB"), "port-as-integer", "0403343433"),
            ("43", LYNC["option43"].encode().hex(), "hex-as-text", LYNC["cert_prov_url"]),
            ("43", "010C4D532D55432D436C69656E740209687474707303", "value-cut-short", "copy the whole value again"),
        ]
        for code, value, hint_id, fix_part in cases:
            rc, out, err = run("decode", "--option", code, value)
            self.assertEqual((rc, err), (1, ""), hint_id)
            self.assertIn("\nhint: ", "\n" + out, hint_id)
            doc = json.loads(run("decode", "--option", code, value, "--json")[1])
            ids = [h["id"] for h in doc["hints"]]
            self.assertIn(hint_id, ids)
            self.assertIn(fix_part, [h for h in doc["hints"] if h["id"] == hint_id][0]["fix"])

    def test_packet(self):
        inform = make_fixtures.inform().hex()
        rc, out, err = run("decode", "--packet", inform)
        self.assertEqual((rc, err), (0, ""))
        self.assertTrue(out.startswith("DHCP message, 300 bytes, DHCPINFORM\nop     : BOOTREQUEST (1)\n"))
        self.assertIn("xid    : 0x3903F326\n", out)
        self.assertIn("ciaddr : 192.168.1.50\n", out)
        self.assertIn("chaddr : 00:04:f2:a1:b2:c3\n", out)
        self.assertIn("DHCP: Vendor Class Identifier(60) = (Length: 12) MS-UC-Client (4D532D55432D436C69656E74)\n", out)
        self.assertIn("DHCP: Parameter Request List(55) = (Length: 2) 120, 43 (782B)\n", out)
        ack = json.loads(run("decode", "--packet", make_fixtures.ack_windows().hex(), "--json")[1])
        self.assertEqual(ack["message"]["messageType"], "DHCPACK")
        self.assertEqual(ack["message"]["url"], LYNC["cert_prov_url"])
        self.assertEqual(ack["message"]["sipServers"], ["lync.schertz.local"])
        # A whole Ethernet frame, as Wireshark copies it, is unwrapped.
        frame = make_fixtures.ethernet(make_fixtures.PHONE_MAC, make_fixtures.SERVER_MAC, 0x0800,
                                       make_fixtures.ipv4_udp("192.168.1.10", "192.168.1.50", 67, 68,
                                                              make_fixtures.ack_windows()))
        rc, out, err = run("decode", "--packet", frame.hex())
        self.assertEqual(rc, 0)
        self.assertTrue(out.startswith("Input: Ethernet frame 192.168.1.10:67 -> 192.168.1.50:68; "
                                       "the DHCP message starts at offset 42\n"))

    def test_pcap_fixtures_are_what_the_generator_makes(self):
        with tempfile.TemporaryDirectory() as tmp:
            subprocess.run([sys.executable, os.path.join(FIXTURES, "make_fixtures.py"), tmp], check=True)
            for name in make_fixtures.fixtures():
                with open(os.path.join(tmp, name), "rb") as a, open(os.path.join(FIXTURES, name), "rb") as b:
                    self.assertEqual(a.read(), b.read(), name)

    def test_pcap(self):
        path = os.path.join(FIXTURES, "msuc-exchange.pcap")
        rc, out, err = run("decode", "--pcap", path)
        self.assertEqual((rc, err), (1, ""))  # frame 5 is malformed
        self.assertIn("\nFrame 1, 2023-11-14 22:13:20.000000 UTC, 192.168.1.50:68 -> 255.255.255.255:67\n", out)
        self.assertIn(", VLAN 20\nDHCP message, 365 bytes, DHCPACK\n", out)
        self.assertIn("\nFrame 5: malformed DHCP message: ", out)
        self.assertIn("at offset 250 (frame offset 292)\n", out)
        self.assertTrue(out.endswith("Summary: 6 frames: 3 DHCP messages decoded, 1 malformed, "
                                     "2 other packets skipped\n"))
        rc, out, err = run("decode", "--pcap", path, "--json")
        self.assertEqual(rc, 1)
        doc = json.loads(out)
        self.assertEqual([m["frame"] for m in doc["messages"]], [1, 4, 6])
        self.assertEqual(doc["errors"][0]["frame"], 5)
        self.assertEqual(doc["errors"][0]["frameOffset"], 292)
        self.assertEqual((doc["frames"], doc["dhcpMessages"], doc["malformed"], doc["skipped"]), (6, 3, 1, 2))
        self.assertEqual(doc["messages"][1]["vlan"], 20)
        self.assertEqual(doc["messages"][1]["message"]["url"], LYNC["cert_prov_url"])
        self.assertTrue(doc["messages"][2]["message"]["sipCompressed"])
        for name, link in (("msuc-ack-sll.pcap", "Linux cooked capture (SLL)"),
                           ("msuc-ack-sll2.pcap", "Linux cooked capture v2 (SLL2)"),
                           ("msuc-ack-raw.pcap", "raw IP")):
            rc, out, err = run("decode", "--pcap", os.path.join(FIXTURES, name), "--json")
            self.assertEqual((rc, err), (0, ""), name)
            doc = json.loads(out)
            self.assertEqual(doc["linkType"], link)
            self.assertEqual(doc["messages"][0]["message"]["url"], LYNC["cert_prov_url"])


class BadInput(DhcputilTestCase):
    def test_values(self):
        self.assert_error(["encode", "--sip-server", "lync..local"], 65,
                          "--sip-server 'lync..local': empty label at character 6")
        label64 = "a" * 64
        self.assert_error(["encode", "--sip-server", label64 + ".com"], 65,
                          "--sip-server '%s.com': label 'aaaaaaaaaaaaaaaa...' is 64 octets (max 63) at character 1"
                          % label64)
        self.assert_error(["encode", "--sip-server", "lync.schertz.local", "--web-server", "web server.local"], 65,
                          "--web-server 'web server.local': ' ' is not allowed in a host name (letters, digits, '-')"
                          " at character 4")
        self.assert_error(["-SipServer", "lync_pool.local"], 65,
                          "-SipServer 'lync_pool.local': '_' is not allowed in a host name (letters, digits, '-')"
                          " at character 5")
        self.assert_error(["encode", "--sip-server", "a.example", "--port", "0"], 65,
                          "--port '0': port 0 is not a usable port (1..65535) at character 1")
        self.assert_error(["encode", "--sip-server", "a.example", "--port", "70000"], 65,
                          "--port '70000': port out of range (1..65535) at character 1")
        self.assert_error(["encode", "--sip-server", "a.example", "--path", "CertProv/x.svc"], 65,
                          "--path 'CertProv/x.svc': the path must start with '/' at character 1")

    def test_hex_and_packets(self):
        self.assert_error(["decode", "--option", "120", "0004F"], 65,
                          "--option 120: lone hex digit (every byte needs two digits) at character 5, near '0004F'")
        self.assert_error(["decode", "--option", "43", "01G2"], 65,
                          "--option 43: 'G' is not a hex digit at character 3, near '01G2'")
        truncated = make_fixtures.inform()[:200].hex()
        self.assert_error(["decode", "--packet", truncated], 65,
                          "--packet (200 bytes): datagram of 200 bytes is too short (a DHCP message has at least 240)"
                          " at offset 200")

    def test_files(self):
        self.assert_error(["decode", "--pcap", "/nonexistent/phone.pcap"], 66,
                          "--pcap '/nonexistent/phone.pcap': cannot read capture file: No such file or directory")
        with tempfile.TemporaryDirectory() as tmp:
            garbage = os.path.join(tmp, "garbage.pcap")
            with open(garbage, "wb") as f:
                f.write(b"\x00\x01garbage, not a capture file\xff" * 10)
            self.assert_error(["decode", "--pcap", garbage], 66,
                              "--pcap '%s': cannot read capture file: unknown file format" % garbage)
            self.assert_error(["config", "--format", "netsh", "--sip-server", "a.example", "--output",
                               os.path.join(tmp, "no", "such", "dir.cmd")], 73,
                              "--output '%s': cannot write: No such file or directory"
                              % os.path.join(tmp, "no", "such", "dir.cmd"))

    def test_usage(self):
        self.assert_error(["frobnicate"], 64, "unknown command 'frobnicate' (see 'dhcputil --help')")
        self.assert_error(["encode", "--frob"], 64, "unknown option '--frob' (see 'dhcputil encode --help')")
        self.assert_error(["-Frob", "x"], 64, "unknown switch '-Frob' (see 'dhcputil --help')")
        self.assert_error(["config", "--format", "bind9", "--sip-server", "a.example"], 64,
                          "--format 'bind9' is not one of netsh|powershell|isc-dhcpd|kea|dnsmasq|cisco-ios|mikrotik|"
                          "dhcplite|fortigate|junos|aruba (see 'dhcputil config --help')")

    def test_help_and_version(self):
        for args in (["--help"], ["help"], ["encode", "--help"], ["decode", "--help"], ["config", "--help"],
                     ["help", "decode"], ["-?"], ["--version"]):
            rc, out, err = run(*args)
            self.assertEqual((rc, err), (0, ""), args)
            self.assertTrue(out, args)

    def test_random_input_never_crashes(self):
        """Garbage hex: a result (0/1) or one line of error (65), never a crash or a hang."""
        rng = random.Random(20240601)
        seeds = [make_fixtures.inform(), make_fixtures.ack_windows(), make_fixtures.ack_dnsmasq(),
                 make_fixtures.OPTION43_WINDOWS, make_fixtures.OPTION120_COMPRESSED]
        for i in range(60):
            data = bytearray(rng.choice(seeds))
            for _ in range(rng.randint(1, 8)):
                data[rng.randrange(len(data))] = rng.randrange(256)
            if rng.random() < 0.3:
                data = data[:rng.randrange(1, len(data) + 1)]
            mode = ["--packet"] if i % 3 == 0 else ["--option", rng.choice(["43", "120", "55", "61"])]
            rc, out, err = run("decode", *mode, data.hex())
            self.assertIn(rc, (0, 1, 65), (mode, data.hex(), err))
            if rc == 65:
                self.assertEqual(out, "")
                self.assertEqual(len(err.splitlines()), 1)
            else:
                self.assertEqual(err, "")


PASTE_DIR = os.path.join(FIXTURES, "paste")


def read_case(path):
    """A golden case: 'args: ...', then '--- paste', '--- exit: N', '--- stderr', '--- stdout' sections."""
    with open(path, encoding="utf-8") as f:
        text = f.read()
    head, rest = text.split("\n--- paste\n", 1)
    paste, _, result = rest.partition("--- exit: ")
    case = {"args": head[len("args: "):].split(), "paste": paste, "exit": None, "stderr": "", "stdout": ""}
    if result:
        code, rest = result.split("\n", 1)
        case["exit"] = int(code)
        err, _, out = rest[len("--- stderr\n"):].partition("--- stdout\n")
        case["stderr"], case["stdout"] = err, out
    return case


class PastedGoldens(DhcputilTestCase):
    """tests/data/dhcputil/paste/*.case: what admins paste (DHCPUtil blocks of both layouts, the
    DHCPConfigScript.bat line, dumps, router config lines, byte lists) and the mistakes they make,
    each with the exact output, stderr line and exit code. DHCPLITE_UPDATE_GOLDEN=1 rewrites them
    (then read the diff before committing)."""

    def test_cases(self):
        names = sorted(n for n in os.listdir(PASTE_DIR) if n.endswith(".case"))
        self.assertGreaterEqual(len(names), 30)
        for name in names:
            path = os.path.join(PASTE_DIR, name)
            case = read_case(path)
            p = subprocess.run([DHCPUTIL, *case["args"]], input=case["paste"].encode(), capture_output=True,
                               timeout=60)
            out, err = p.stdout.decode("utf-8"), p.stderr.decode("utf-8")
            if os.environ.get("DHCPLITE_UPDATE_GOLDEN") == "1":
                with open(path, "w", encoding="utf-8") as f:
                    f.write("args: %s\n--- paste\n%s--- exit: %d\n--- stderr\n%s--- stdout\n%s"
                            % (" ".join(case["args"]), case["paste"], p.returncode, err, out))
                continue
            with self.subTest(case=name):
                self.assertEqual(p.returncode, case["exit"], err)
                self.assertEqual(err, case["stderr"])
                self.assertEqual(out, case["stdout"])
                if p.returncode == 65:
                    self.assertEqual(len(err.splitlines()), 1)
                    self.assertLessEqual(len(err), 400)  # a window, never the whole paste

    def test_json_refusal(self):
        """--json: a refusal is a JSON object on stdout as well as the one line on stderr."""
        rc, out, err = run("decode", "--option", "43", "010C4D53G2", "--json")
        self.assertEqual(rc, 65)
        doc = json.loads(out)
        self.assertEqual(doc["error"]["exitCode"], 65)
        self.assertEqual(doc["error"]["position"], 9)
        self.assertEqual(doc["error"]["near"], "010C4D53G2")
        self.assertEqual(err, "dhcputil: " + doc["error"]["message"] + "\n")
        rc, out, err = run("decode", "--option", "43", "--json")
        self.assertEqual(rc, 64)
        self.assertEqual(json.loads(out)["error"]["exitCode"], 64)
        self.assertEqual(err, "dhcputil: " + json.loads(out)["error"]["message"] + "\n")
        rc, out, err = run("decode", "--option", "120", "lync.schertz.local", "--json")
        self.assertEqual(rc, 65)
        self.assertIn("option 120 for it is " + LYNC["option120"], json.loads(out)["error"]["message"])

    def test_config_script_line_as_words(self):
        """The DHCPConfigScript.bat line typed after 'decode', as words; and text that is neither."""
        words = ["DHCPConfigScript.bat", "Configure", "MS-UC-Client", LYNC["option120"]] + \
            [LYNC["sub%d" % i] for i in range(1, 6)]
        rc, out, err = run("decode", *words)
        self.assertEqual((rc, err), (0, ""))
        self.assertTrue(out.startswith("Pasted: DHCPConfigScript.bat line, 6 values\n"))
        self.assertTrue(out.endswith("Certificate Provisioning Service URL : " + LYNC["cert_prov_url"] + "\n"))
        self.assert_error(["decode", "hello"], 64,
                          "decode without --option, --packet or --pcap reads a pasted DHCPUtil output block or a "
                          "DHCPConfigScript.bat line, and this is neither (see 'dhcputil decode --help')")

    def test_encoded_values_survive_every_paste_form(self):
        """Property, through the binary: what encode prints, wrapped at any column, indented, lower
        case or as a byte list, decodes to the same bytes."""
        rng = random.Random(20261203)
        for fqdn in ("lync.schertz.local", "sip.pool01.emea.contoso.com"):
            doc = json.loads(run("encode", "--sip-server", fqdn, "--json")[1])
            for code, value in (("120", doc["option120"]), ("43", doc["option43"])):
                forms = [",".join("0x" + value[i:i + 2] for i in range(0, len(value), 2)),
                         "[byte[]](" + ", ".join("0x" + value[i:i + 2] for i in range(0, len(value), 2)) + ")"]
                for _ in range(6):
                    col = rng.randint(1, len(value))
                    text = "\n".join(" " * rng.randint(0, 4) + value[i:i + col] for i in range(0, len(value), col))
                    forms.append(text.lower() if rng.random() < 0.5 else text)
                for form in forms:
                    p = subprocess.run([DHCPUTIL, "decode", "--option", code, "-", "--json"], input=form.encode(),
                                       capture_output=True, timeout=60)
                    self.assertEqual(p.returncode, 0, (form, p.stderr))
                    self.assertEqual(json.loads(p.stdout)["option"]["hex"], value, form)


if __name__ == "__main__":
    if not DHCPUTIL or not os.access(DHCPUTIL, os.X_OK):
        print("cli_test: set DHCPUTIL to the dhcputil binary", file=sys.stderr)
        sys.exit(2)
    unittest.main(verbosity=2)
