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
log="$(mktemp -d "${TMPDIR:-/tmp}/meyasu-ci-bench.XXXXXX")"
trap 'rm -rf "$log"' EXIT

# Runs a benchmark with its output in $log/NAME, then checks that each later argument is a line
# fragment of that output.
check() {
    local name="$1" command="$2"
    shift 2
    echo "== $name"
    if ! bash -c "$command" >"$log/$name" 2>"$log/$name.err"; then
        cat "$log/$name" "$log/$name.err"
        echo "check_benchmarks: $name failed" >&2
        exit 1
    fi
    for fragment in "$@"; do
        if ! grep -qF -- "$fragment" "$log/$name"; then
            cat "$log/$name"
            echo "check_benchmarks: $name printed no line with '$fragment'" >&2
            exit 1
        fi
    done
    cat "$log/$name"
}

check route_accuracy "STRICT=1 GOALS_ONLY=1 MEYASU='$bin/meyasu' Benchmarks/route_accuracy.sh" \
    "split: everything" "holdout: trained on the split's training part" "goals (top-1 >= 90%"
check import_vs_sqlite "MEYASU='$bin/meyasu' BENCH_NO_CACHE=1 Benchmarks/import_vs_sqlite.sh 300" \
    "meyasu import proposals --defer-index" "the same file again (all rows present)" \
    "meyasu exit code: 0"
check route_throughput "BIN='$bin' Benchmarks/route_throughput.sh 300 1" \
    "proposals/s"
echo "check_benchmarks: all three ran"
