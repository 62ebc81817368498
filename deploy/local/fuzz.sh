#!/usr/bin/env bash
# Coverage-guided fuzzing with libFuzzer (Swift's -sanitize=fuzzer, plus AddressSanitizer).
#
#   deploy/local/fuzz.sh                      every target for 15 s
#   deploy/local/fuzz.sh --seconds 600        every target for 10 minutes
#   deploy/local/fuzz.sh --target sse --seconds 3600
#
# Builds `aics-fuzz` in its own scratch path (.build-fuzz; see Package.swift, AICS_LIBFUZZER_RUNTIME)
# and runs each target from its committed seeds (Tests/Fuzz/Corpus/<target>) plus a working
# corpus that persists in .build-fuzz/fuzz/<target>/corpus between runs. Anything libFuzzer finds
# (crash-*, oom-*, timeout-*, leak-*) is copied to Tests/Fuzz/Findings/<target>/ and the script
# exits non-zero; FuzzTests replays Findings too, so a finding stays a regression test once fixed.
set -euo pipefail
cd "$(dirname "$0")/../.."
source deploy/local/lib.sh

seconds=15
targets=()
all_targets=(json inbound sse postgres)
while [ $# -gt 0 ]; do
  case "$1" in
    --seconds) seconds="${2:?--seconds needs a number}"; shift 2 ;;
    --target) targets+=("${2:?--target needs a name}"); shift 2 ;;
    -h|--help) sed -n '2,11p' "$0"; exit 0 ;;
    *) log "unknown option $1 (see --help)"; exit 2 ;;
  esac
done
[[ "$seconds" =~ ^[1-9][0-9]*$ ]] || { log "--seconds must be a positive whole number, not '$seconds'"; exit 2; }
[ ${#targets[@]} -gt 0 ] || targets=("${all_targets[@]}")
for target in "${targets[@]}"; do
  [[ " ${all_targets[*]} " == *" $target "* ]] || { log "unknown target '$target' (targets: ${all_targets[*]})"; exit 2; }
done

ensure_swift
resources=$(swiftc -print-target-info | sed -n 's/.*"runtimeResourcePath": "\(.*\)".*/\1/p')
runtime="$resources/clang/lib/linux/libclang_rt.fuzzer_no_main-$(uname -m).a"
[ -f "$runtime" ] || { log "libFuzzer's runtime is missing from the Swift toolchain: $runtime"; exit 1; }

log "building aics-fuzz with libFuzzer in .build-fuzz"
# (gold warns once per AddressSanitizer helper symbol; those lines are noise.)
AICS_LIBFUZZER_RUNTIME="$runtime" swift build --scratch-path .build-fuzz --product aics-fuzz 2>&1 \
  | { grep -v "Cannot export local symbol '__asan" || true; }
binary="$(AICS_LIBFUZZER_RUNTIME="$runtime" swift build --scratch-path .build-fuzz --product aics-fuzz --show-bin-path)/aics-fuzz"

# Per-target libFuzzer options: longest input and token dictionary.
options_for() {
  case "$1" in
    json) echo "-max_len=8192 -dict=Tests/Fuzz/Dictionaries/json.dict" ;;
    inbound) echo "-max_len=8192 -dict=Tests/Fuzz/Dictionaries/json.dict" ;;
    sse) echo "-max_len=4096 -dict=Tests/Fuzz/Dictionaries/sse.dict" ;;
    postgres) echo "-max_len=4096 -dict=Tests/Fuzz/Dictionaries/postgres.dict" ;;
  esac
}

summary=()
failed=()
for target in "${targets[@]}"; do
  work=".build-fuzz/fuzz/$target"
  mkdir -p "$work/corpus" "$work/artifacts"
  rm -f "$work/artifacts/"*
  log "fuzzing $target for ${seconds}s"
  status=0
  # shellcheck disable=SC2046  # the options are words on purpose
  # Swift's own crash backtracer is off: it reads memory in ways AddressSanitizer reports as a
  # second error; libFuzzer prints the stack and writes the input instead. Short allocation
  # stacks: recording full ones took most of the time of allocation-heavy targets (sse ~2x).
  AICS_FUZZ_TARGET="$target" SWIFT_BACKTRACE=enable=no ASAN_OPTIONS="detect_leaks=0:malloc_context_size=3" "$binary" \
    "$work/corpus" "Tests/Fuzz/Corpus/$target" \
    -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$work/artifacts/" $(options_for "$target") \
    >"$work/log" 2>&1 || status=$?
  # The last status line, e.g. "#123456 DONE cov: 812 ft: 2301 corp: 240/18Kb exec/s: 8230 rss: 90Mb".
  last=$(grep -E '^#[0-9]+' "$work/log" | tail -n 1 || true)
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log" | tail -n 1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log" | tail -n 1)
  cov=$(sed -n 's/.* cov: \([0-9]*\) ft: \([0-9]*\).*/cov \1, ft \2/p' <<<"$last")
  corpus=$(sed -n 's/.* corp: \([^ ]*\).*/\1/p' <<<"$last")
  found=$(find "$work/artifacts" -maxdepth 1 -type f \( -name 'crash-*' -o -name 'oom-*' -o -name 'timeout-*' -o -name 'leak-*' \) | sort)
  line="$target: ${seconds}s, ${runs:-?} runs (${speed:-?}/s), ${cov:-coverage ?}, corpus ${corpus:-?}"
  if [ -n "$found" ] || [ "$status" -ne 0 ]; then
    mkdir -p "Tests/Fuzz/Findings/$target"
    [ -z "$found" ] || cp $found "Tests/Fuzz/Findings/$target/"
    failed+=("$target")
    line+=", FAILED (exit $status): $(echo $found | wc -w) finding(s) copied to Tests/Fuzz/Findings/$target/"
    log "$target FAILED; the end of $work/log:"
    tail -n 40 "$work/log" >&2
  fi
  summary+=("$line")
done

log "fuzzing summary"
printf '  %s\n' "${summary[@]}" >&2
if [ ${#failed[@]} -gt 0 ]; then
  log "FUZZING FOUND PROBLEMS in: ${failed[*]}. Reproduce without the sanitizer build:"
  log "  swift build --product aics-fuzz && .build/debug/aics-fuzz TARGET Tests/Fuzz/Findings/TARGET/FILE"
  exit 1
fi
