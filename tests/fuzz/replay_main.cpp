// The plain build of a fuzz target (the fmt/CLI11 way): main() runs LLVMFuzzerTestOneInput once
// over every file in the directories (or files) given, in name order, so ctest replays the seed
// corpus and every input that ever crashed without clang or libFuzzer. Any broken property aborts
// (fuzz_check.hpp), a sanitizer report fails the run; the input's path is printed first so the
// failing one is the last line before the report.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>
#include <vector>

#include "util/exit_codes.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

namespace fs = std::filesystem;

// READMEs and .gitkeep explain or hold a directory; they are not inputs.
bool isInput(const fs::path& path) {
    const std::string name = path.filename().string();
    return !name.starts_with('.') && !name.starts_with("README");
}

bool readFile(const fs::path& path, std::vector<std::uint8_t>& out) {
    std::error_code ec;
    const std::uintmax_t size = fs::file_size(path, ec);
    std::ifstream in(path, std::ios::binary);
    if (ec || !in) return false;
    out.resize(static_cast<std::size_t>(size));
    in.read(reinterpret_cast<char*>(out.data()), static_cast<std::streamsize>(out.size()));
    return in.gcount() == static_cast<std::streamsize>(out.size());
}

}  // namespace

int main(int argc, char** argv) {
    using dhcplite::util::ExitCode;
    using dhcplite::util::toInt;
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s DIR|FILE...  (runs the fuzz target once over each input)\n",
                     argv[0]);
        return toInt(ExitCode::Usage);
    }
    std::size_t total = 0;
    for (int i = 1; i < argc; ++i) {
        const fs::path arg = argv[i];
        std::vector<fs::path> inputs;
        std::error_code ec;
        if (fs::is_directory(arg, ec)) {
            for (const auto& entry : fs::directory_iterator(arg, ec)) {
                if (entry.is_regular_file() && isInput(entry.path()))
                    inputs.push_back(entry.path());
            }
            std::sort(inputs.begin(), inputs.end());
        } else if (fs::is_regular_file(arg, ec)) {
            inputs.push_back(arg);
        } else {
            // A mistyped corpus directory would otherwise replay nothing and pass.
            std::fprintf(stderr, "replay: %s: no such file or directory\n", arg.c_str());
            return toInt(ExitCode::NoInput);
        }
        if (ec) {
            std::fprintf(stderr, "replay: %s: %s\n", arg.c_str(), ec.message().c_str());
            return toInt(ExitCode::NoInput);
        }
        std::vector<std::uint8_t> bytes;
        for (const fs::path& input : inputs) {
            if (!readFile(input, bytes)) {
                std::fprintf(stderr, "replay: %s: cannot read\n", input.c_str());
                return toInt(ExitCode::NoInput);
            }
            std::fprintf(stderr, "replay: %s (%zu bytes)\n", input.c_str(), bytes.size());
            // A copy of exactly the input's size, so ASan sees a read one past the end.
            const std::vector<std::uint8_t> exact(bytes.begin(), bytes.end());
            LLVMFuzzerTestOneInput(exact.data(), exact.size());
        }
        std::printf("replay: %zu input%s from %s\n", inputs.size(), inputs.size() == 1 ? "" : "s",
                    arg.c_str());
        total += inputs.size();
    }
    std::printf("replay: %zu input%s ran clean\n", total, total == 1 ? "" : "s");
    return 0;
}
