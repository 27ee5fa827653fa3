#!/usr/bin/env bash
# Builds the libFuzzer targets and runs each for SECONDS (default 600), then prints a table.
#
#   Fuzz/run.sh [SECONDS] [TARGET…]        e.g. Fuzz/run.sh 60 FuzzCSV FuzzDecoder
#
# Targets: FuzzDecoder FuzzCSV FuzzProfile FuzzNormalizer FuzzScrubber (all when none is named).
# New corpus entries go to Fuzz/work/<target>/ (git-ignored; the seeds in Fuzz/corpus/<target>/
# are read, never written), logs to Fuzz/work/<target>.log, crash, hang and out-of-memory inputs
# to Fuzz/findings/ (git-ignored). After a finding the target is started again for the rest of
# its time, up to MAX_FINDINGS (default 3) findings per target. Everything runs under nice -n 19.
# Not part of CI: run it on demand.
set -euo pipefail
cd "$(dirname "$0")"
FUZZ_DIR=$(pwd)
ROOT=$(cd .. && pwd)

SECONDS_EACH=${1:-600}
shift || true
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then
  TARGETS=(FuzzDecoder FuzzCSV FuzzProfile FuzzNormalizer FuzzScrubber)
fi
MAX_FINDINGS=${MAX_FINDINGS:-3}
SCRATCH=${FUZZ_SCRATCH:-$ROOT/.build-fuzz}

# The toolchain's own libFuzzer (lib/clang/*/lib/linux/libclang_rt.fuzzer*.a) is what
# -sanitize=fuzzer links: no Debian package is needed with the swift.org toolchain.
if [ "${SKIP_BUILD:-0}" != 1 ]; then
  nice -n 19 swift build --package-path "$FUZZ_DIR" --scratch-path "$SCRATCH" \
    -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
fi
BIN=$(swift build --package-path "$FUZZ_DIR" --scratch-path "$SCRATCH" --show-bin-path \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library)

mkdir -p "$FUZZ_DIR/work" "$FUZZ_DIR/findings"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=0:abort_on_error=1:symbolize=1}
export MEYASU_ROOT=$ROOT
# Swift's own crash backtracer would run inside AddressSanitizer's report; libFuzzer's is enough.
export SWIFT_BACKTRACE=${SWIFT_BACKTRACE:-enable=no}

declare -A execs corpus found elapsed
for target in "${TARGETS[@]}"; do
  case $target in
    FuzzDecoder|FuzzCSV|FuzzProfile) dict=csv.dict; max_len=16384 ;;
    FuzzNormalizer|FuzzScrubber) dict=text.dict; max_len=4096 ;;
    *) echo "unknown target $target" >&2; exit 64 ;;
  esac
  mkdir -p "$FUZZ_DIR/work/$target"
  log=$FUZZ_DIR/work/$target.log
  : > "$log"
  execs[$target]=0
  found[$target]=0
  start=$(date +%s)
  while true; do
    left=$(( SECONDS_EACH - ($(date +%s) - start) ))
    [ "$left" -gt 0 ] || break
    before=$(ls "$FUZZ_DIR/findings" | grep -c "^$target-" || true)
    set +e
    nice -n 19 "$BIN/$target" -max_total_time="$left" -timeout=10 -rss_limit_mb=2048 \
      -max_len="$max_len" -dict="$FUZZ_DIR/dict/$dict" -print_final_stats=1 \
      -artifact_prefix="$FUZZ_DIR/findings/$target-" \
      "$FUZZ_DIR/work/$target" "$FUZZ_DIR/corpus/$target" >>"$log" 2>&1
    status=$?
    set -e
    run_execs=$(grep -a 'stat::number_of_executed_units' "$log" | tail -1 | awk '{print $2}')
    # A crashed run prints no final stats: its last status line carries the count.
    if [ "$status" -ne 0 ]; then
      run_execs=$(grep -aoE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    fi
    execs[$target]=$(( ${execs[$target]} + ${run_execs:-0} ))
    after=$(ls "$FUZZ_DIR/findings" | grep -c "^$target-" || true)
    found[$target]=$(( ${found[$target]} + after - before ))
    [ "$status" -eq 0 ] && break
    echo "$target: a finding (exit $status), see $log and findings/" >&2
    [ "${found[$target]}" -ge "$MAX_FINDINGS" ] && break
    echo "--- restarted after a finding ---" >>"$log"
  done
  corpus[$target]=$(( $(ls "$FUZZ_DIR/work/$target" | wc -l) + $(ls "$FUZZ_DIR/corpus/$target" | wc -l) ))
  elapsed[$target]=$(( $(date +%s) - start ))
  echo "$target: ${elapsed[$target]} s, ${execs[$target]} executions, ${found[$target]} findings" >&2
done

printf '%-16s %8s %12s %8s %9s\n' target seconds executions corpus findings
for target in "${TARGETS[@]}"; do
  printf '%-16s %8s %12s %8s %9s\n' "$target" "${elapsed[$target]}" "${execs[$target]}" "${corpus[$target]}" "${found[$target]}"
done
