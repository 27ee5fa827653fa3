#!/usr/bin/env bash
# Benchmark `meyasu survey summary --format json --by all` (every single and paired breakdown)
# against hand-written SQL GROUP BY queries of the same counts in Debian's sqlite3, on the same
# database, in the same run.
#
# Usage: Benchmarks/survey_summary_vs_sqlite.sh [RESPONDENTS]
#   RESPONDENTS  synthetic responses in one fiscal year (default 1000000)
#
# Environment (all optional):
#   SEED=20240701     generator seed
#   RUNS=5            timed runs of each tool, interleaved; the best wall time of each is reported
#   MEYASU=/path/bin  use this binary instead of building the release product
#   BENCH_NO_CACHE=1  generate the export into the temp dir instead of Benchmarks/out/
#   KEEP_TMP=1        keep the temp dir (workspace, outputs, SQL)
#   STRICT=1          exit 1 when a goal (< 1 s, <= 2x the SQL) is missed
set -euo pipefail

RESPONDENTS="${1:-1000000}"
SEED="${SEED:-20240701}"
RUNS="${RUNS:-5}"
YEAR=2024
GOAL_SECONDS=1
GOAL_RATIO=2

die() { echo "survey_summary_vs_sqlite: $*" >&2; exit 2; }
[[ "$RESPONDENTS" =~ ^[0-9]+$ && "$RESPONDENTS" -gt 0 ]] || die "RESPONDENTS must be a positive integer (got '$RESPONDENTS')"
[[ "$RUNS" =~ ^[0-9]+$ && "$RUNS" -gt 0 ]] || die "RUNS must be a positive integer"
[[ "$SEED" =~ ^[0-9]+$ ]] || die "SEED must be an integer"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"
command -v sqlite3 >/dev/null || die "sqlite3 is needed (Debian: apt-get install sqlite3)"
command -v python3 >/dev/null || die "python3 is needed to generate the export"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/meyasu-survey-bench.XXXXXX")"
cleanup() { if [[ "${KEEP_TMP:-0}" == 1 ]]; then echo "temp dir kept: $tmp" >&2; else rm -rf "$tmp"; fi; }
trap cleanup EXIT

# --- the release binary ----------------------------------------------------------------------
if [[ -n "${MEYASU:-}" ]]; then
    bin="$MEYASU"
else
    echo "== swift build -c release --product meyasu" >&2
    swift build -c release --product meyasu >&2
    bin="$(swift build -c release --show-bin-path)/meyasu"
fi
[[ -x "$bin" ]] || die "no executable meyasu at $bin"

# --- the export (cached) ---------------------------------------------------------------------
name="survey-${RESPONDENTS}-${YEAR}-seed${SEED}.csv"
if [[ "${BENCH_NO_CACHE:-0}" == 1 ]]; then export_file="$tmp/$name"; else mkdir -p "$root/Benchmarks/out"; export_file="$root/Benchmarks/out/$name"; fi
if [[ -s "$export_file" ]]; then
    echo "== reusing $export_file" >&2
else
    echo "== generating $RESPONDENTS responses -> $export_file" >&2
    python3 Benchmarks/generate_survey.py --year "$YEAR" --respondents "$RESPONDENTS" --seed "$SEED" \
        --out "$export_file.partial.$$" 2>/dev/null
    mv "$export_file.partial.$$" "$export_file"
fi

# --- a workspace with the responses imported --------------------------------------------------
ws="$tmp/workspace"
mkdir -p "$ws"
(cd "$ws" && "$bin" init >/dev/null)
echo "== meyasu import survey ($RESPONDENTS responses)" >&2
start=$(date +%s.%N)
(cd "$ws" && "$bin" import survey "$export_file" >"$tmp/import.out" 2>"$tmp/import.err") || {
    rc=$?; [[ $rc -eq 3 ]] || { tail -5 "$tmp/import.err" >&2; die "meyasu import survey exited with $rc"; }; }
import_seconds=$(awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }')
db="$ws/meyasu.sqlite"

# --- the SQL baseline: the same counts, hand-written ------------------------------------------
# For the whole year, each of the 6 dimensions and each of the 15 pairs: respondents, and per
# question the answers given, the favourable ones and their sum (for the mean). Two ways: every
# table straight from the responses (22 scans), and the finest combination first, every table
# from it (1 scan); the faster is the baseline.
slots=$(sqlite3 "$db" "SELECT group_concat(slot, ' ') FROM (SELECT slot FROM survey_question ORDER BY slot)")
dims=(bureau department age gender job position)
aggregates="COUNT(*) AS respondents"
for s in $slots; do aggregates+=", COUNT(a$s) AS n$s, SUM(a$s >= 4) AS f$s, SUM(a$s) AS s$s"; done
sums="SUM(respondents)"
for s in $slots; do sums+=", SUM(n$s), SUM(f$s), SUM(s$s)"; done
groupings=("")
for ((i = 0; i < 6; i++)); do groupings+=("${dims[i]}"); done
for ((i = 0; i < 6; i++)); do for ((j = i + 1; j < 6; j++)); do groupings+=("${dims[i]}, ${dims[j]}"); done; done
{
    for g in "${groupings[@]}"; do
        if [[ -z "$g" ]]; then echo "SELECT $aggregates FROM survey_response WHERE fiscal_year = $YEAR;"
        else echo "SELECT $g, $aggregates FROM survey_response WHERE fiscal_year = $YEAR GROUP BY $g;"; fi
    done
} >"$tmp/direct.sql"
{
    echo "CREATE TEMP TABLE cube AS SELECT bureau, department, age, gender, job, position, $aggregates FROM survey_response WHERE fiscal_year = $YEAR GROUP BY bureau, department, age, gender, job, position;"
    for g in "${groupings[@]}"; do
        if [[ -z "$g" ]]; then echo "SELECT $sums FROM cube;"; else echo "SELECT $g, $sums FROM cube GROUP BY $g;"; fi
    done
} >"$tmp/cube.sql"

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }

# Warm the page cache for both.
cat "$db" >/dev/null
(cd "$ws" && "$bin" survey summary --year "$YEAR" --format json --by all >"$tmp/summary.json")
python3 -c "import json,sys; d=json.load(open(sys.argv[1])); print('   summary: %d questions, %d breakdown groups, %d hidden' % (len(d['indicators']), len(d['breakdowns']), sum(g['suppressed'] for g in d['breakdowns'])))" "$tmp/summary.json" >&2
sqlite3 "$db" <"$tmp/cube.sql" >"$tmp/cube.out"

m_best=""; d_best=""; c_best=""
for run in $(seq 1 "$RUNS"); do
    echo "== run $run/$RUNS" >&2
    t0=$(now); (cd "$ws" && "$bin" survey summary --year "$YEAR" --format json --by all >/dev/null); t1=$(now)
    m_best=$(min "$m_best" "$(elapsed "$t0" "$t1")")
    t0=$(now); sqlite3 "$db" <"$tmp/direct.sql" >/dev/null; t1=$(now)
    d_best=$(min "$d_best" "$(elapsed "$t0" "$t1")")
    t0=$(now); sqlite3 "$db" <"$tmp/cube.sql" >/dev/null; t1=$(now)
    c_best=$(min "$c_best" "$(elapsed "$t0" "$t1")")
done

echo
echo "Survey summary benchmark: $RESPONDENTS responses (FY$YEAR, seed $SEED), best of $RUNS interleaved runs"
echo "import (once, for the record): ${import_seconds} s; database $(du -m "$db" | cut -f1) MB"
awk -v m="$m_best" -v d="$d_best" -v c="$c_best" -v goal_s="$GOAL_SECONDS" -v goal_r="$GOAL_RATIO" '
BEGIN {
    sql = (d < c) ? d : c
    printf "%-58s %8s\n", "what", "wall s"
    printf "%-58s %8.3f\n", "meyasu survey summary --format json --by all", m
    printf "%-58s %8.3f\n", "sqlite3: 22 GROUP BY queries on the responses", d
    printf "%-58s %8.3f\n", "sqlite3: one GROUP BY to a cube, 22 GROUP BY on it", c
    printf "\nratio meyasu / best SQL: %.2fx   goal <= %gx: %s\n", m / sql, goal_r, (m / sql <= goal_r) ? "ok" : "MISSED"
    printf "meyasu wall time: %.3f s   goal < %g s: %s\n", m, goal_s, (m < goal_s) ? "ok" : "MISSED"
    exit (m / sql <= goal_r && m < goal_s) ? 0 : 10
}' && met=1 || met=0
[[ "${STRICT:-0}" == 1 && "$met" == 0 ]] && exit 1
exit 0
