#!/usr/bin/env bash
# Runs dhcplite's libFuzzer targets (tests/fuzz/) for a bounded time each and prints what they did.
#
#   scripts/fuzz.sh [--merge] [SECONDS-PER-TARGET] [TARGET...]
#
# SECONDS defaults to 60; TARGETs default to all (packet option120 option43 text config responder
# frame emulate pcap pasted dns sntp control_request).
# Builds the clang fuzz build in $FUZZ_BUILD_DIR (default build-fuzz): the whole project compiled
# by clang with -fsanitize=fuzzer-no-link,address,undefined, the targets linked with
# -fsanitize=fuzzer (tests/fuzz/CMakeLists.txt, -DDHCPLITE_FUZZ=ON). Each target fuzzes a copy
# of its seed corpus kept in the build directory (it grows from run to run there); the repository
# is only written to when a target finds something, or with --merge:
#   - a crash, leak, timeout or out-of-memory input is copied to tests/fuzz/regressions/<target>/
#     (replayed by ctest from then on) and the script exits 1;
#   - --merge keeps the inputs that add the most coverage in tests/fuzz/corpus/<target>/ (beside
#     the seed-* files, < 200 files and < 1 MB in all; tests/fuzz/select_corpus.py).
# Environment: FUZZ_BUILD_DIR, FUZZ_RSS_MB (default 2048), FUZZ_TIMEOUT (seconds per input,
# default 10), FUZZ_JOBS (targets fuzzed at once, default 1).
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")/.."
root=$PWD

all_targets=(packet option120 option43 text config responder frame emulate pcap pasted dns sntp control_request)
merge=0
seconds=60
targets=()
for arg in "$@"; do
  case $arg in
    --merge) merge=1 ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    ''|*[!0-9]*)
      if [[ " ${all_targets[*]} " == *" $arg "* ]]; then
        targets+=("$arg")
      else
        echo "fuzz.sh: unknown target or option '$arg' (targets: ${all_targets[*]}; seconds: a number)" >&2
        exit 64
      fi ;;
    *) seconds=$arg ;;
  esac
done
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
if [ "$seconds" -lt 1 ]; then
  echo "fuzz.sh: seconds per target must be at least 1" >&2
  exit 64
fi

build=${FUZZ_BUILD_DIR:-build-fuzz}
rss=${FUZZ_RSS_MB:-2048}
timeout=${FUZZ_TIMEOUT:-10}
parallel=${FUZZ_JOBS:-1}

for tool in clang clang++; do
  if ! command -v $tool >/dev/null; then
    echo "fuzz.sh: $tool not found (Debian: apt-get install clang libclang-rt-14-dev libfuzzer-14-dev)" >&2
    exit 69
  fi
done

# Largest input per target: a datagram up to an Ethernet MTU (a frame a few bytes more, the
# emulate target a few frames), option values a little over one RFC 3396 join, YAML and pasted
# text a few kilobytes, a capture file a few frames, a DNS answer over UDP 512 bytes, EDNS more.
max_len() {
  case $1 in
    packet|responder) echo 1500 ;;
    option120|option43|text) echo 600 ;;
    config|pasted) echo 4096 ;;
    frame) echo 1600 ;;
    emulate|pcap) echo 8192 ;;
    dns) echo 1500 ;;
    sntp) echo 128 ;;
    control_request) echo 1024 ;;  # four times the request limit
  esac
}
# Dictionaries (tests/fuzz/dict/<name>.dict) help the mutator find keys and option codes.
dict_for() {
  case $1 in
    packet|responder) echo "$root/tests/fuzz/dict/dhcp.dict" ;;
    config) echo "$root/tests/fuzz/dict/config.dict" ;;
    frame|emulate|pcap) echo "$root/tests/fuzz/dict/frame.dict" ;;
    pasted) echo "$root/tests/fuzz/dict/pasted.dict" ;;
    *) echo "" ;;
  esac
}

start=$(date +%s)
echo "== configure and build the fuzz targets ($build, clang)"
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
flags+=" -Wno-unknown-warning-option"  # the GCC-only warnings in cmake/project_options.cmake
CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DDHCPLITE_FUZZ=ON -DDHCPLITE_WERROR=OFF -DCMAKE_CXX_FLAGS="$flags" >/dev/null
cmake --build "$build" -j"$(nproc)" --target fuzz_all
built=$(date +%s)
echo "build took $((built - start)) s"

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

# run_target <target>: fuzzes it in $build/fuzz-run/<target>/ (corpus/, artifacts/, fuzz-0.log)
run_target() {
  local t=$1
  local dir=$root/$build/fuzz-run/$t
  mkdir -p "$dir/corpus"
  rm -rf "$dir/artifacts" && mkdir -p "$dir/artifacts"
  rm -f "$dir"/fuzz-*.log
  cp -n "$root/tests/fuzz/corpus/$t"/* "$dir/corpus/" 2>/dev/null || true
  local dict; dict=$(dict_for "$t")
  local args=(-max_total_time="$seconds" -rss_limit_mb="$rss" -timeout="$timeout" -jobs=1 -workers=1
              -max_len="$(max_len "$t")" -print_final_stats=1 -artifact_prefix="$dir/artifacts/")
  [ -n "$dict" ] && args+=(-dict="$dict")
  # -jobs=1: libFuzzer runs the target in a child process and logs to fuzz-0.log in the cwd.
  (cd "$dir" && "$root/$build/tests/fuzz/fuzz_$t" "${args[@]}" corpus "$root/tests/fuzz/regressions/$t" \
     >"$dir/driver.log" 2>&1) || true
}

running=0
for t in "${targets[@]}"; do
  echo "== fuzz $t for ${seconds} s"
  run_target "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$parallel" ]; then
    wait -n || true
    running=$((running - 1))
  fi
done
wait

# Summary, and what was found.
found=0
printf '\n%-10s %12s %10s %8s %8s  %s\n' target executions "execs/s" corpus new findings
for t in "${targets[@]}"; do
  dir=$root/$build/fuzz-run/$t
  log=$dir/fuzz-0.log
  execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" 2>/dev/null | tail -1 | awk '{print $2}')
  rate=$(grep -o 'stat::average_exec_per_sec: *[0-9]*' "$log" 2>/dev/null | tail -1 | awk '{print $2}')
  new=$(grep -o 'stat::new_units_added: *[0-9]*' "$log" 2>/dev/null | tail -1 | awk '{print $2}')
  corpus=$(find "$dir/corpus" -type f | wc -l)
  findings=()
  for f in "$dir"/artifacts/*; do
    [ -e "$f" ] || continue
    name=$(basename "$f")
    case $name in crash-*|leak-*|timeout-*|oom-*) ;; *) continue ;; esac
    found=1
    # An input already kept (perhaps renamed) is a known, still unfixed bug: do not copy it again.
    known=""
    for k in "$root/tests/fuzz/regressions/$t"/*; do
      if [ -f "$k" ] && cmp -s "$f" "$k"; then known=$(basename "$k"); break; fi
    done
    if [ -n "$known" ]; then
      findings+=("$name (known: regressions/$t/$known)")
    else
      cp "$f" "$root/tests/fuzz/regressions/$t/$name"
      findings+=("$name")
    fi
  done
  if [ -z "$execs" ] && [ ${#findings[@]} -eq 0 ]; then
    findings=("no statistics: see $log and $dir/driver.log")
    found=1
  fi
  printf '%-10s %12s %10s %8s %8s  %s\n' "$t" "${execs:--}" "${rate:--}" "$corpus" "${new:--}" \
    "${findings[*]:-none}"
done

for t in "${targets[@]}"; do
  dir=$root/$build/fuzz-run/$t
  if compgen -G "$dir/artifacts/*" >/dev/null; then
    echo
    echo "== $t: what the fuzzer reported (tail of $dir/fuzz-0.log)"
    tail -n 60 "$dir/fuzz-0.log" 2>/dev/null || cat "$dir/driver.log"
    echo "   copied to tests/fuzz/regressions/$t/; reproduce: $build/tests/fuzz/fuzz_$t tests/fuzz/regressions/$t/<file>"
  fi
done

if [ "$merge" = 1 ]; then
  echo
  echo "== merge: keep the inputs that add the most coverage in tests/fuzz/corpus/ (< 200 files, < 1 MB)"
  for t in "${targets[@]}"; do
    dir=$root/$build/fuzz-run/$t
    rm -rf "$dir/merge" && mkdir -p "$dir/merge/first"
    cp "$root/tests/fuzz/corpus/$t"/seed-* "$dir/merge/first/"
    # Seeds first, then every other input (edges only, no hit counts: a smaller, steadier set);
    # the control file says which edges each input reached first.
    if (cd "$dir" && "$root/$build/tests/fuzz/fuzz_$t" -merge=1 -use_counters=0 -merge_control_file="$dir/merge/control" \
          -max_len="$(max_len "$t")" -rss_limit_mb="$rss" -timeout="$timeout" \
          "$dir/merge/first" "$root/tests/fuzz/corpus/$t" "$dir/corpus" >"$dir/merge.log" 2>&1); then
      printf '%-10s ' "$t"
      /usr/bin/python3 "$root/tests/fuzz/select_corpus.py" "$dir/merge/control" "$root/tests/fuzz/corpus/$t"
    else
      echo "fuzz.sh: merging $t failed, see $dir/merge.log" >&2
      found=1
    fi
  done
fi

echo
echo "fuzz.sh: $(( $(date +%s) - start )) s in all (build $((built - start)) s, ${seconds} s per target)"
if [ "$found" = 1 ]; then
  echo "fuzz.sh: findings above; the inputs are in tests/fuzz/regressions/ (ctest now replays them)" >&2
  exit 1
fi
echo "fuzz.sh: no findings"
