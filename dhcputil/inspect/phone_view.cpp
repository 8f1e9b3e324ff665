// The phone's view of an answer: the SIP server and the certificate provisioning URL it would
// build from options 120 and 43 (docs/design.md §1), as text and as JSON.
#include "inspect/describe.hpp"

#include <string_view>

#include <fmt/format.h>

#include "util/text.hpp"
#include "wire/address.hpp"
#include "wire/errors.hpp"
#include "wire/hex.hpp"
#include "wire/option120.hpp"
#include "wire/option43.hpp"

namespace dhcplite::util {

using wire::ByteView;

UcView extractUc(const wire::OptionList& options) {
    std::optional<wire::Bytes> o120;
    std::optional<wire::Bytes> o43;
    if (const auto* o = options.find(wire::opt::SipServers)) {
        o120 = o->data;
    }
    if (const auto* o = options.find(wire::opt::VendorSpecific)) {
        o43 = o->data;
    }
    return extractUc(o120, o43);
}

UcView extractUc(const std::optional<wire::Bytes>& option120,
                 const std::optional<wire::Bytes>& option43) {
    UcView uc;
    if (option120 && !option120->empty()) {
        try {
            const auto servers = wire::decodeSipServers(*option120);
            uc.sipAddresses = servers.encoding == wire::SipEncoding::Addresses;
            uc.sipCompressed = servers.usedCompression;
            if (uc.sipAddresses) {
                for (const auto& a : servers.addresses) {
                    uc.sipServers.push_back(a.toString());
                }
            } else {
                uc.sipServers = servers.names;
            }
        } catch (const wire::WireError&) {
            // Malformed: the describer and diagnose() say why; the phone gets no SIP server.
        }
    }
    if (option43 && !option43->empty()) {
        uc.has43 = true;
        try {
            const auto subs = wire::decodeSubOptions(*option43);
            const auto first = [&](std::uint8_t code) -> std::optional<std::string> {
                for (const auto& s : subs.items) {
                    if (s.code == code) {
                        return wire::toString(s.data);
                    }
                }
                return std::nullopt;
            };
            uc.ucIdentifier = first(wire::msuc::UcIdentifier);
            uc.scheme = first(wire::msuc::UrlScheme);
            uc.webServer = first(wire::msuc::WebServerFqdn);
            uc.port = first(wire::msuc::WebServerPort);
            uc.path = first(wire::msuc::CertProvRelPath);
            if (uc.scheme && uc.webServer && uc.port && uc.path) {
                uc.url = wire::certProvisioningUrl(*uc.scheme, *uc.webServer, *uc.port, *uc.path);
            }
        } catch (const wire::WireError&) {
            // As above: no URL can be built from a value that does not parse.
        }
    }
    return uc;
}

std::string renderUcSummary(const UcView& uc) {
    std::string out;
    if (!uc.sipServers.empty()) {
        out += fmt::format("{} : {}\n", uc.sipAddresses ? "SIP Server Address" : "SIP Server FQDN",
                           wire::escapeForDisplay(joined(uc.sipServers)));
    }
    if (uc.url) {
        out += fmt::format("Certificate Provisioning Service URL : {}\n",
                           wire::escapeForDisplay(*uc.url));
    }
    return out;
}

void writeUcJson(JsonWriter& json, const UcView& uc) {
    json.stringArray(uc.sipAddresses ? "sipAddresses" : "sipServers", uc.sipServers);
    if (uc.sipCompressed) {
        json.field("sipCompressed", true);
    }
    if (uc.webServer) {
        json.field("webServer", *uc.webServer);
    }
    if (uc.url) {
        json.field("url", *uc.url);
    } else {
        json.field("url", nullptr);
    }
}

}  // namespace dhcplite::util
