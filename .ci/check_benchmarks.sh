#!/usr/bin/env bash
# CI: the on-demand benchmark tools of issue 5 still run end to end, on the debug build.
#
# Usage: .ci/check_benchmarks.sh BIN_FOLDER   (the folder holding meyasu and meyasu-bench)
#
# - Benchmarks/route_accuracy.sh with STRICT=1 and GOALS_ONLY=1: the router's accuracy on the
#   held-out split and on the independent holdout must meet issue 5's goals (top-1 >= 90%, top-3
#   >= 98%). Accuracy does not depend on the build, so the debug binary measures the same figures.
# - Benchmarks/import_vs_sqlite.sh and Benchmarks/route_throughput.sh on a few hundred rows: only
#   that they finish and print their report. Their speed figures mean nothing on a debug build;
#   they are quoted from release builds on demand (Benchmarks/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${1:?usage: .ci/check_benchmarks.sh BIN_FOLDER}"
bin="$(cd "$bin" && pwd)"
out="$(mktemp -d "${TMPDIR:-/tmp}/meyasu-ci-bench.XXXXXX")"
trap 'rm -rf "$out"' EXIT

# run NAME COMMAND...: runs the command (env assignments first, as with `env`), prints its output,
# and stops the check when it fails.
run() {
    local name="$1"
    shift
    echo "== $name"
    if ! env "$@" >"$out/$name" 2>"$out/$name.err"; then
        cat "$out/$name" "$out/$name.err"
        echo "check_benchmarks: $name failed" >&2
        exit 1
    fi
    cat "$out/$name"
}

# expect NAME FRAGMENT...: stops the check unless NAME's output has a line with each fragment.
expect() {
    local name="$1"
    shift
    for fragment in "$@"; do
        if ! grep -qF -- "$fragment" "$out/$name"; then
            echo "check_benchmarks: $name printed no line with '$fragment'" >&2
            exit 1
        fi
    done
}

run route_accuracy STRICT=1 GOALS_ONLY=1 MEYASU="$bin/meyasu" bash Benchmarks/route_accuracy.sh
expect route_accuracy "split: everything" "holdout: trained on the split's training part" \
    "goals (top-1 >= 90%"
run import_vs_sqlite MEYASU="$bin/meyasu" BENCH_NO_CACHE=1 bash Benchmarks/import_vs_sqlite.sh 300
expect import_vs_sqlite "meyasu import proposals --defer-index" \
    "the same file again (all rows present)" "meyasu exit code: 0"
run route_throughput BIN="$bin" bash Benchmarks/route_throughput.sh 300 1
expect route_throughput "proposals/s"
echo "check_benchmarks: all three ran"
