# Warnings, sanitizers and hardening as INTERFACE targets (the fmt/CLI11 way): a target opts in by
# linking dhcplite::options; nothing is set on directories.
add_library(dhcplite_options INTERFACE)
add_library(dhcplite::options ALIAS dhcplite_options)

target_compile_options(dhcplite_options INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wsign-conversion -Wold-style-cast
  -Wnon-virtual-dtor -Woverloaded-virtual -Wnull-dereference -Wformat=2 -Wimplicit-fallthrough
  -Wcast-qual
  # GCC only (clang, used for the fuzzers, does not know them)
  $<$<CXX_COMPILER_ID:GNU>:-Wduplicated-cond -Wlogical-op -Wuseless-cast>)
if(DHCPLITE_WERROR)
  target_compile_options(dhcplite_options INTERFACE -Werror)
endif()

# Hardening for the shipped binaries: they parse untrusted packets.
target_compile_options(dhcplite_options INTERFACE -fstack-protector-strong -fstack-clash-protection
  $<$<NOT:$<CONFIG:Debug>>:-D_FORTIFY_SOURCE=2>)
target_link_options(dhcplite_options INTERFACE -Wl,-z,relro,-z,now)

if(DHCPLITE_SANITIZE)
  target_compile_options(dhcplite_options INTERFACE
    -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer)
  target_link_options(dhcplite_options INTERFACE -fsanitize=address,undefined -fno-sanitize-recover=all)
endif()
