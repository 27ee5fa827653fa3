#!/usr/bin/env bash
# Benchmark the departments' interactive queries on 100,000 proposals: a department's queue page
# of 50 and a 3-character search, p50/p99, against named baselines in the same run (the same
# page as raw SQL; a LIKE scan for the search). Goal: p99 < 20 ms for both.
#
# Usage: Benchmarks/workflow_queries.sh [ROWS] [RUNS]
#   ROWS  proposals in the generated export (default 100000)
#   RUNS  timed runs of each query (default 500)
#
# Environment (optional):
#   SEED=20250401     generator seed (the export is shared with import_vs_sqlite.sh)
#   BIN=/path/folder  use meyasu and meyasu-bench from this folder instead of building release
#   KEEP_TMP=1        keep the temporary workspace
set -euo pipefail

ROWS="${1:-100000}"
RUNS="${2:-500}"
SEED="${SEED:-20250401}"
die() { echo "workflow_queries: $*" >&2; exit 2; }
[[ "$ROWS" =~ ^[0-9]+$ && "$ROWS" -gt 0 ]] || die "ROWS must be a positive integer (got '$ROWS')"
[[ "$RUNS" =~ ^[0-9]+$ && "$RUNS" -ge 10 ]] || die "RUNS must be 10 or more (got '$RUNS')"

PRODUCTS="meyasu meyasu-bench"
# shellcheck source=proposals_setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/proposals_setup.sh"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/meyasu-workflow.XXXXXX")"
cleanup() { if [[ "${KEEP_TMP:-0}" == 1 ]]; then echo "kept: $tmp" >&2; else rm -rf "$tmp"; fi; }
trap cleanup EXIT

echo "== meyasu init and import ($ROWS proposals)" >&2
(cd "$tmp" && "$bin/meyasu" init >/dev/null)
start=$(date +%s.%N)
(cd "$tmp" && "$bin/meyasu" import proposals "$export_file" >/dev/null) || [[ $? -eq 3 ]] || die "the import failed"
end=$(date +%s.%N)
awk -v a="$start" -v b="$end" 'BEGIN { printf "import: %.2f s\n", b - a }'
sqlite3 "$tmp/meyasu.sqlite" "SELECT 'links between similar proposals: ' || COUNT(*) FROM proposal_similar;"

echo
"$bin/meyasu-bench" "$tmp/meyasu.sqlite" "$RUNS"
