#pragma once
// `dhcputil emulate-client` and DHCPUtil's `-EmulateClient`: send the DHCPINFORM a Lync / Skype
// for Business phone sends, collect every answer, and say whether a phone would get working
// options 120 and 43 (exit 0) or what is wrong (exit 1).
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "emulate/emulate_classify.hpp"
#include "emulate/emulate_interface.hpp"

namespace dhcplite::util {

// The arguments after "emulate-client". Throws like the other subcommands (CommandError,
// wire::InputError, and the engines' net::NetworkError); runDhcputil turns those into one line
// and an exit code.
int runEmulate(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// DHCPUtil's spelling: the whole command line, one word of which is -EmulateClient (any case).
// The other options may be given DHCPUtil-style too (-Interface eth0, -ExpectSipServer x).
int runEmulateLegacy(const std::vector<std::string>& args, std::ostream& out, std::ostream& err);

// "-EmulateClient", "-emulateclient", "--emulate-client"...
bool isEmulateClientSwitch(std::string_view word);

std::string emulateHelp();

// One exchange for another command (check's DHCP step): the interface choice, DHCPINFORM,
// capture and classification of emulate-client, without printing. Throws as runEmulate does
// (net::NetworkError: about the interface, NotPermitted without privileges).
struct EmulateRequest {
    std::optional<std::string> interface;
    std::string vendorClass = "MS-UC-Client";
    std::vector<std::uint8_t> requestList{120, 43};
    double timeout = 3;
    unsigned retries = 2;
    double settle = 0;  // > 0: stop this many seconds after the first DHCPACK
};
struct EmulateOutcome {
    InterfaceInfo iface;
    ExchangeFacts facts;
    std::vector<CapturedReply> replies;
    ExchangeVerdict verdict;
};
EmulateOutcome emulateExchange(const EmulateRequest& request);

}  // namespace dhcplite::util
