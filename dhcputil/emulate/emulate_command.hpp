#pragma once
// `dhcputil emulate-client` and DHCPUtil's `-EmulateClient`: send the DHCPINFORM a Lync / Skype
// for Business phone sends, collect every answer, and say whether a phone would get working
// options 120 and 43 (exit 0) or what is wrong (exit 1).
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

namespace dhcplite::util {

// The arguments after "emulate-client". Throws like the other subcommands (CommandError,
// wire::InputError); runDhcputil turns those into one line and an exit code.
int runEmulate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// DHCPUtil's spelling: the whole command line, one word of which is -EmulateClient (any case).
// The other options may be given DHCPUtil-style too (-Interface eth0, -ExpectSipServer x).
int runEmulateLegacy(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// "-EmulateClient", "-emulateclient", "--emulate-client"...
bool isEmulateClientSwitch(std::string_view word);

std::string emulateHelp();

}  // namespace dhcplite::util
