#!/usr/bin/env bash
# Routing throughput: the router as the import uses it (the workspace's kept model, keywords and
# hints), in process and on one thread, over the proposals of a generated export, against two
# named baselines in the same run: the router's rules alone (no learned model) and the Text
# stage's key forms of the same titles and bodies.
#
# Usage: Benchmarks/route_throughput.sh [ROWS] [PASSES]
#   ROWS    proposals in the generated export (default 20000)
#   PASSES  timed passes over them; the fastest is reported (default 3)
#
# Environment (optional):
#   SEED=20250401     generator seed
#   BIN=/path/folder  use meyasu and meyasu-bench from this folder instead of building release
#   KEEP_TMP=1        keep the temporary workspace
set -euo pipefail

ROWS="${1:-20000}"
PASSES="${2:-3}"
SEED="${SEED:-20250401}"
die() { echo "route_throughput: $*" >&2; exit 2; }
[[ "$ROWS" =~ ^[0-9]+$ && "$ROWS" -gt 0 ]] || die "ROWS must be a positive integer (got '$ROWS')"
[[ "$PASSES" =~ ^[0-9]+$ && "$PASSES" -gt 0 ]] || die "PASSES must be a positive integer (got '$PASSES')"
[[ "$SEED" =~ ^[0-9]+$ ]] || die "SEED must be an integer"

PRODUCTS="meyasu meyasu-bench"
# shellcheck source=proposals_setup.sh
source "$(dirname "${BASH_SOURCE[0]}")/proposals_setup.sh"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/meyasu-route.XXXXXX")"
cleanup() { if [[ "${KEEP_TMP:-0}" == 1 ]]; then echo "kept: $tmp" >&2; else rm -rf "$tmp"; fi; }
trap cleanup EXIT

echo "== meyasu init and import --defer-index ($ROWS proposals)" >&2
(cd "$tmp" && "$bin/meyasu" init >/dev/null)
(cd "$tmp" && "$bin/meyasu" import proposals --defer-index "$export_file" >/dev/null) || [[ $? -eq 3 ]] || die "the import failed"

echo
"$bin/meyasu-bench" route "$tmp" "$PASSES"
