// Profiles: `default:` and `sites:`. Each key is read by its row of the profile key table
// (profile_keys.hpp); a site inherits the keys it leaves out from `default`, row by row, and every
// profile is then checked whole. Schema reference: docs/configuration.md "Profiles".
#include <fmt/format.h>

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>

#include "config/sections.hpp"
#include "wire/dhcp_constants.hpp"

namespace dhcplite::config::detail {

namespace {

struct Origin {
    NodeRef node;            // the value node of the key
    bool inherited = false;  // taken from `default` into a site
};
using Origins = std::array<Origin, kMaxProfileKeys>;

// The profile keys written in `keys` (a mapping read with names that include every profile key).
ProfileNodes readProfileKeys(const ValueReader& r, const Keys& keys, const Path& path,
                             Profile& profile) {
    ProfileNodes given{};
    const auto table = profileKeys();
    for (std::size_t k = 0; k < table.size(); ++k) {
        const Entry& entry = keys[table[k].name];
        if (!entry.given()) continue;
        given[k] = entry.value;
        table[k].read(r, entry.value, path.child(table[k].name), profile);
    }
    return given;
}

bool hasOption(const Profile& profile, std::uint8_t code) {
    switch (code) {
    case wire::opt::SipServers:
    case wire::opt::VendorSpecific: return true;
    case wire::opt::TimeServer: return !profile.timeServers.empty();
    case wire::opt::DnsServer: return !profile.dnsServers.empty();
    case wire::opt::DomainName: return !profile.domainName.empty();
    case wire::opt::NtpServer: return !profile.ntpServers.empty();
    case wire::opt::DomainSearch: return !profile.domainSearch.empty();
    default:
        return std::any_of(profile.rawOptions.begin(), profile.rawOptions.end(),
                           [code](const wire::Option& o) { return o.code == code; });
    }
}

// The profile key that the field names of wire::encodeUc's errors (wire/option43.hpp) belong to.
std::string_view keyOfUcField(const std::string& field, const Origins& origins) {
    if (field == "SIP server FQDN" || field == "SIP server address") return "sip-servers";
    if (field == "web server FQDN") {
        return origins[profileKeyIndex("web-server")].node.valid() ? "web-server" : "sip-servers";
    }
    if (field == "port" || field == "path") return field;
    if (field == "URL scheme") return "scheme";
    return {};
}

// Checks that need the whole (merged) profile.
void finishProfile(const ValueReader& r, Profile& profile, const Origins& origins,
                   NodeRef profileNode, const Path& path, const Option43Sizes& sizes) {
    const bool isSite = !profile.subnets.empty();
    const Path defaultPath{nullptr, "default"};
    // Where a key's value was written: in this profile, or in `default` for a site.
    const auto keyPath = [&](std::size_t k) {
        return (origins[k].inherited ? defaultPath : path).child(profileKeys()[k].name);
    };
    const auto inheritedNote = [&](std::size_t k) {
        return origins[k].inherited && isSite
                   ? fmt::format(" (inherited by site '{}')", escaped(profile.name))
                   : std::string();
    };
    const auto& uc = profile.uc;
    if (uc.sipServers.empty() && uc.sipAddresses.empty()) {
        r.fail(profileNode, path,
               isSite ? "no sip-servers: give them in this site or in `default`"
                      : "no sip-servers: every profile needs them");
    }
    if (uc.sipServers.empty() && uc.webServer.empty()) {
        const auto k = profileKeyIndex("sip-servers");
        r.fail(origins[k].node, keyPath(k),
               "the SIP servers are IPv4 addresses, so `web-server:` is needed: a phone builds its "
               "certificate URL from a web server FQDN" +
                   inheritedNote(k));
    }
    for (std::size_t i = 0; i < profile.alwaysSend.size(); ++i) {
        const std::uint8_t code = profile.alwaysSend[i];
        if (hasOption(profile, code)) continue;
        const auto k = profileKeyIndex("always-send");
        const NodeRef list = origins[k].node;
        const NodeRef item = list.isSequence() ? list.item(i) : list;
        const Path base = keyPath(k);
        r.fail(item, list.isSequence() ? base.at(i) : base,
               fmt::format("always-send lists option {}, but this profile has no option {}{}{}",
                           code, code,
                           code == wire::opt::MessageType || code == wire::opt::ServerId
                               ? " (53 and 54 are always sent anyway)"
                               : "",
                           inheritedNote(k)));
    }
    // A Config that loads must encode: an encoding error is reported at the key it comes from.
    try {
        (void)wire::encodeUc(uc);
    } catch (const wire::InputError& e) {
        const std::string_view key = keyOfUcField(e.field(), origins);
        const std::size_t k = key.empty() ? kNoIndex : profileKeyIndex(key);
        if (k == kNoIndex || !origins[k].node.valid()) r.fail(profileNode, path, e.what());
        r.fail(origins[k].node, keyPath(k), e.what() + inheritedNote(k));
    }
    std::size_t size = 0;
    try {
        size = worstCaseReplySize(profile, sizes);
    } catch (const wire::InputError& e) {
        r.fail(profileNode, path, e.what());
    }
    if (size > wire::kMinClientMessage) {
        r.fail(
            profileNode, path,
            fmt::format("the largest reply for this profile is {} bytes, {} more than the {} every "
                        "client must accept (a {}-byte datagram, RFC 2131 §2); send fewer or "
                        "shorter options",
                        size, size - wire::kMinClientMessage, wire::kMinClientMessage,
                        wire::kMinClientDatagram));
    }
}

// A site's `subnets:`, each a CIDR in no other site and not twice in this one.
struct SeenSubnet {
    std::size_t site;
    NodeRef node;
};
using SubnetIndex = std::unordered_map<std::uint64_t, SeenSubnet>;

void readSubnets(const ValueReader& r, NodeRef node, const Path& sp, std::size_t site,
                 SubnetIndex& subnets, const Config& config, Profile& profile) {
    r.forEachItem(
        node, sp, "a list of subnets (CIDR, like 198.51.100.0/24)",
        [&](NodeRef item, const Path& ip) {
            const std::string_view text =
                r.scalar(item, ip, "a subnet (CIDR, like 198.51.100.0/24)");
            wire::Cidr cidr;
            try {
                cidr = wire::Cidr::parse(text);
            } catch (const wire::InputError& err) {
                r.failInput(item, ip, "subnet", err);
            }
            const std::uint64_t key = (std::uint64_t{cidr.network.value} << 8) | cidr.length;
            const auto [it, inserted] = subnets.emplace(key, SeenSubnet{site, item});
            if (!inserted) {
                const auto first = it->second;
                const std::string firstName =
                    first.site == site ? profile.name : config.sites[first.site].name;
                r.fail(item, ip,
                       first.site == site
                           ? fmt::format(
                                 "subnet {} is listed twice in site '{}' (first at line {})",
                                 cidr.toString(), escaped(firstName), first.node.position().line)
                           : fmt::format("subnet {} of site '{}' is already in site '{}' "
                                         "(sites[{}], line {}); "
                                         "a subnet belongs to one site",
                                         cidr.toString(), escaped(profile.name), escaped(firstName),
                                         first.site, first.node.position().line));
            }
            profile.subnets.push_back(cidr);
        });
    if (profile.subnets.empty()) r.fail(node, sp, "a site needs at least one subnet");
}

}  // namespace

DefaultDraft loadDefault(const ValueReader& reader, NodeRef node, const Path& path,
                         const Option43Sizes& sizes, Config& config) {
    const Keys keys =
        reader.readKeys(node, path, profileKeyNames(), Level::Default, "a mapping of profile keys");
    DefaultDraft draft;
    draft.given = readProfileKeys(reader, keys, path, draft.profile);
    Profile profile = draft.profile;
    profile.name = "default";
    Origins origins{};
    for (std::size_t k = 0; k < profileKeys().size(); ++k)
        origins[k] = Origin{draft.given[k], false};
    finishProfile(reader, profile, origins, node, path, sizes);
    config.defaultProfile = std::move(profile);
    return draft;
}

void loadSites(const ValueReader& reader, NodeRef node, const Path& path,
               const std::optional<DefaultDraft>& defaults, const Option43Sizes& sizes,
               Config& config) {
    if (!node.isSequence()) reader.failType(node, path, "a list of sites");
    SubnetIndex subnets;
    std::unordered_map<std::string_view, NodeRef> names;
    subnets.reserve(node.size() * 2);
    names.reserve(node.size());
    config.sites.reserve(node.size());
    const auto table = profileKeys();
    for (std::size_t i = 0; i < node.size(); ++i) {
        const Path p = path.at(i);
        const NodeRef siteNode = node.item(i);
        const Keys keys =
            reader.readKeys(siteNode, p, siteKeyNames(), Level::Site,
                            "a site (a mapping with `name:`, `subnets:` and profile keys)");
        const Entry& nameEntry = keys["name"];
        if (!nameEntry.given()) reader.fail(siteNode, p.child("name"), "a site needs `name:`");
        const Path np = p.child("name");
        const NodeRef nameNode = nameEntry.value;
        std::string name = reader.printable(nameNode, np, "site name", 255);
        if (name == "default") {
            reader.fail(nameNode, np,
                        "'default' is the default profile's name; give the site another name");
        }
        if (const auto [it, inserted] = names.emplace(nameNode.scalar(), nameNode); !inserted) {
            reader.fail(nameNode, np,
                        fmt::format("site name '{}' is used twice (first at line {})",
                                    escaped(name), it->second.position().line));
        }
        const Entry& subnetsEntry = keys["subnets"];
        if (!subnetsEntry.given()) {
            reader.fail(siteNode, p.child("subnets"),
                        "a site needs `subnets:` (a list of CIDR prefixes)");
        }

        Profile profile;
        const ProfileNodes given = readProfileKeys(reader, keys, p, profile);
        profile.name = std::move(name);
        readSubnets(reader, subnetsEntry.value, p.child("subnets"), i, subnets, config, profile);

        Origins origins{};
        for (std::size_t k = 0; k < table.size(); ++k) {
            if (given[k].valid() || !defaults || !defaults->given[k].valid()) {
                origins[k] = Origin{given[k], false};
                continue;
            }
            origins[k] = Origin{defaults->given[k], true};
            table[k].inherit(profile, defaults->profile);
        }
        finishProfile(reader, profile, origins, siteNode, p, sizes);
        config.sites.push_back(std::move(profile));
    }
}

}  // namespace dhcplite::config::detail
