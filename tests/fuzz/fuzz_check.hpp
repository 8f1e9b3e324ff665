#pragma once
// What every fuzz target uses to state a property. A broken property prints one line naming the
// target's check, then aborts: libFuzzer records the input as a crash, and the replay program
// (ctest) fails with the same line. Works the same in both builds (see CMakeLists.txt).
#include <fmt/format.h>

#include <cstdio>
#include <cstdlib>
#include <string>

namespace dhcplite::fuzz {

[[noreturn]] inline void fail(const char* file, int line, const char* condition,
                              const std::string& detail) {
    std::fprintf(stderr, "%s:%d: fuzz property broken: %s: %s\n", file, line, condition,
                 detail.c_str());
    std::fflush(stderr);
    std::abort();
}

}  // namespace dhcplite::fuzz

// FUZZ_CHECK(condition, "format {}", args...): the detail is only formatted when the check fails.
#define FUZZ_CHECK(condition, ...)                                                            \
    do {                                                                                      \
        if (!(condition)) {                                                                   \
            ::dhcplite::fuzz::fail(__FILE__, __LINE__, #condition, fmt::format(__VA_ARGS__)); \
        }                                                                                     \
    } while (false)
