#!/usr/bin/env bash
# Sets up and runs every test of dhcplite on Debian 12, as root: installs the packages, builds,
# builds the .deb, runs ctest (unit, command-line, server-checker, packaging and network-namespace
# integration tests, then the package booted under systemd: label system).
# Under CI=true: warnings are errors, a skipped test is a failure, the unit and integration tests
# run again in an AddressSanitizer + UndefinedBehaviorSanitizer build, and each fuzzer runs briefly.
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."

scripts/install-deps.sh

build=${BUILD_DIR:-build}
jobs=$(nproc)
ci=${CI:-}
werror=OFF
[ "$ci" = true ] && werror=ON

run_ctest() {  # run_ctest <build dir> [ctest args...]: fails on any failed or (under CI) skipped test
  local dir=$1; shift
  local log; log=$(mktemp)
  local rc=0
  # pipefail (set above) makes the pipeline fail when ctest does
  if ! ctest --test-dir "$dir" --output-on-failure --timeout 600 "$@" 2>&1 | tee "$log"; then
    rc=1
  fi
  if [ "$ci" = true ] && grep -qE '\*\*\*Skipped|Not Run' "$log"; then
    echo "test.sh: tests were skipped under CI=true; that is a failure" >&2
    rc=1
  fi
  rm -f "$log"
  return $rc
}

echo "== build ($build)"
cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDHCPLITE_WERROR=$werror
cmake --build "$build" -j"$jobs"

echo "== Debian package (scripts/build-deb.sh; the system test installs it under systemd)"
scripts/build-deb.sh

echo "== tests"
run_ctest "$build" -j"$jobs" -LE system
echo "== system test: the package under a real systemd (one at a time)"
run_ctest "$build" -L system

if [ "$ci" = true ] || [ "${SANITIZE:-}" = 1 ]; then
  # The unit tests, and the integration tests with the daemon and dhcputil built with sanitizers
  # (the namespace tests drive whatever binaries the build dir holds).
  echo "== unit and integration tests under ASan+UBSan ($build-asan)"
  cmake -S . -B "$build-asan" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DDHCPLITE_SANITIZE=ON -DDHCPLITE_WERROR=$werror
  cmake --build "$build-asan" -j"$jobs"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_ctest "$build-asan" -L 'unit|integration' -j"$jobs"
fi

if [ "$ci" = true ] || [ "${FUZZ:-}" = 1 ]; then
  # Each libFuzzer target for a short bounded time (clang build); any finding fails the run and
  # is kept in tests/fuzz/regressions/. Longer runs: scripts/fuzz.sh SECONDS.
  echo "== fuzzing, ${FUZZ_SECONDS:-10} s per target ($build-fuzz)"
  FUZZ_BUILD_DIR="$build-fuzz" FUZZ_JOBS="$jobs" scripts/fuzz.sh "${FUZZ_SECONDS:-10}"
fi
echo "test.sh: all tests passed"
