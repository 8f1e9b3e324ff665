// emulate-client's command line, in-process: help, DHCPUtil's -EmulateClient spelling, and every
// error that must end as one line and a sysexits code before anything is sent. (Sending needs
// root and a network namespace: tests/dhcputil/emulate/*.sh.)
#include <doctest/doctest.h>

#include <sstream>

#include "commands/commands.hpp"

using namespace dhcplite;

namespace {

struct Run {
    int rc = 0;
    std::string out, err;
};

Run run(const std::vector<std::string>& args) {
    std::ostringstream out, err;
    Run r;
    r.rc = util::runDhcputil(args, out, err);
    r.out = out.str();
    r.err = err.str();
    return r;
}

void checkError(const std::vector<std::string>& args, int rc, const std::string& message) {
    const auto r = run(args);
    CAPTURE(args);
    CHECK(r.rc == rc);
    CHECK(r.out.empty());
    CHECK(r.err == "dhcputil: " + message + "\n");
}

}  // namespace

TEST_CASE("help, in both spellings") {
    const auto modern = run({"emulate-client", "--help"});
    CHECK(modern.rc == 0);
    CHECK(modern.out.starts_with("Usage: dhcputil emulate-client [--interface IF]"));
    CHECK(modern.out.find("--expect-sip-server FQDN") != std::string::npos);
    CHECK(run({"help", "emulate-client"}).out == modern.out);
    CHECK(run({"-EmulateClient", "-Help"}).out == modern.out);
    CHECK(run({"-emulateclient", "--help"}).out == modern.out);
    CHECK(run({"--help"}).out.find("dhcputil emulate-client [options]") != std::string::npos);
    CHECK(run({"--help"}).out.find("-EmulateClient") != std::string::npos);
}

TEST_CASE("bad values: one line, before anything is sent") {
    checkError({"emulate-client", "--timeout", "abc"}, 65,
               "--timeout 'abc': not a number of seconds (e.g. 5 or 0.5) at character 1");
    checkError({"emulate-client", "--timeout", "0.01"}, 65,
               "--timeout '0.01': out of range (0.1..600 seconds) at character 1");
    checkError({"emulate-client", "--timeout", "1e3"}, 65,
               "--timeout '1e3': not a number of seconds (e.g. 5 or 0.5) at character 2");
    checkError({"emulate-client", "--retries", "11"}, 65,
               "--retries '11': out of range (0..10) at character 1");
    checkError(
        {"emulate-client", "--mac", "01:00:5e:00:00:01"}, 65,
        "--mac '01:00:5e:00:00:01': a multicast MAC address cannot be a phone's at character 1");
    checkError({"emulate-client", "--server", "255.255.255.255"}, 65,
               "--server '255.255.255.255': a DHCP server's unicast address is needed (leave "
               "--server out to "
               "broadcast) at character 1");
    checkError({"emulate-client", "--request", "120,0"}, 65,
               "--request '120,0': an option code is 1..254 (0 is pad, 255 is end) at character 5");
    checkError({"emulate-client", "--hostname", "a b"}, 65,
               "--hostname 'a b': only printable ASCII without spaces at character 2");
    checkError({"emulate-client", "--bogus"}, 64,
               "unknown option '--bogus' (see 'dhcputil emulate-client --help')");
    checkError(
        {"emulate-client", "stray"}, 64,
        "unexpected argument 'stray' for emulate-client (see 'dhcputil emulate-client --help')");
}

TEST_CASE("an interface that does not exist: 69, with the candidates") {
    const auto r = run({"emulate-client", "--interface", "no-such-if0"});
    CHECK(r.rc == 69);
    CHECK(r.out.empty());
    CHECK(r.err.starts_with("dhcputil: --interface 'no-such-if0': no such interface"));
    CHECK(r.err.find('\n') == r.err.size() - 1);
    // The DHCPUtil spelling reaches the same check.
    const auto legacy = run({"-EmulateClient", "-Interface", "no-such-if0", "-Timeout=1"});
    CHECK(legacy.rc == 69);
    CHECK(legacy.err == r.err);
}

TEST_CASE("DHCPUtil's switches that do not go with -EmulateClient") {
    checkError({"-EmulateClient", "-SipServer", "lync.example.com"}, 64,
               "-SipServer does not go with -EmulateClient (check the answer's values with "
               "-ExpectSipServer / "
               "-ExpectWebServer) (see 'dhcputil --help')");
    checkError({"-EmulateClient", "-Bogus"}, 64,
               "unknown switch '-Bogus' for -EmulateClient (see 'dhcputil --help')");
    checkError({"-EmulateClient", "stray"}, 64,
               "unexpected argument 'stray' for -EmulateClient (see 'dhcputil --help')");
    // -SipServer alone keeps working as before.
    CHECK(run({"-SipServer", "lync.schertz.local"}).rc == 0);
}
