// Test helper: writes one emitted configuration to a file, so the checker tests (run_checker.sh)
// depend on the emitter library only, not on the dhcputil command line.
//
//   emit_write FORMAT OUTFILE [--scope CIDR] [--interface IF] [--cleanup]
//              [--sip-server FQDN]... [--sip-address IP]... [--web-server FQDN] [--port N]
//              [--scheme S] [--path P] [--vendor-class V] [--uc-identifier V]
//              [--ntp-server IP]... [--domain-search D]... [--vlan ID]
//
// Exit: 0 written, 64 bad arguments, 65 bad values, 73 cannot write.
#include <charconv>
#include <cstdio>
#include <fstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "emit/emit.hpp"
#include "util/exit_codes.hpp"
#include "wire/errors.hpp"

namespace {

using dhcplite::util::ExitCode;
using dhcplite::util::toInt;

int usage(const std::string& why) {
    std::fprintf(stderr, "emit_write: %s\n", why.c_str());
    return toInt(ExitCode::Usage);
}

}  // namespace

int main(int argc, char** argv) {
    namespace emit = dhcplite::util::emit;
    namespace wire = dhcplite::wire;
    const std::vector<std::string> args(argv + 1, argv + argc);
    if (args.size() < 2) return usage("usage: emit_write FORMAT OUTFILE [options]");
    const auto format = emit::parseFormat(args[0]);
    if (!format) return usage("unknown format '" + args[0] + "'");
    const std::string& outFile = args[1];

    wire::UcSettings settings;
    emit::EmitOptions options;
    try {
        for (std::size_t i = 2; i < args.size(); ++i) {
            const std::string& key = args[i];
            if (key == "--cleanup") {
                options.cleanup = true;
                continue;
            }
            if (i + 1 >= args.size()) return usage("missing value after " + key);
            const std::string& value = args[++i];
            if (key == "--scope") {
                options.scope = wire::Cidr::parse(value);
            } else if (key == "--interface") {
                options.interface = value;
            } else if (key == "--sip-server") {
                settings.sipServers.push_back(value);
            } else if (key == "--sip-address") {
                settings.sipAddresses.push_back(value);
            } else if (key == "--web-server") {
                settings.webServer = value;
            } else if (key == "--port") {
                std::uint16_t port = 0;
                const auto [end, ec] =
                    std::from_chars(value.data(), value.data() + value.size(), port);
                if (ec != std::errc{} || end != value.data() + value.size()) {
                    return usage("bad --port '" + value + "'");
                }
                settings.port = port;
            } else if (key == "--scheme") {
                settings.scheme = value;
            } else if (key == "--path") {
                settings.path = value;
            } else if (key == "--vendor-class") {
                settings.vendorClass = value;
            } else if (key == "--uc-identifier") {
                settings.ucIdentifier = value;
            } else if (key == "--ntp-server") {
                options.phone.ntpServers.push_back(wire::Ipv4::parse(value));
            } else if (key == "--domain-search") {
                options.phone.domainSearch.push_back(value);
            } else if (key == "--vlan") {
                std::uint16_t vlan = 0;
                const auto [end, ec] =
                    std::from_chars(value.data(), value.data() + value.size(), vlan);
                if (ec != std::errc{} || end != value.data() + value.size()) {
                    return usage("bad --vlan '" + value + "'");
                }
                options.phone.vlan = vlan;
            } else {
                return usage("unknown option " + key);
            }
        }
        const std::string text = emit::emitConfig(*format, settings, options);
        std::ofstream out(outFile, std::ios::binary | std::ios::trunc);
        out << text;
        out.close();
        if (!out) {
            std::fprintf(stderr, "emit_write: cannot write %s\n", outFile.c_str());
            return toInt(ExitCode::CantCreate);
        }
    } catch (const wire::InputError& e) {
        std::fprintf(stderr, "emit_write: %s\n", e.what());
        return toInt(ExitCode::DataErr);
    } catch (const std::invalid_argument& e) {
        return usage(e.what());
    } catch (const emit::CannotExpress& e) {
        std::fprintf(stderr, "emit_write: %s\n", e.what());
        return toInt(ExitCode::DataErr);
    }
    return toInt(ExitCode::Ok);
}
