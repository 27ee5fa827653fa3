#!/usr/bin/env bash
# Benchmark `meyasu import proposals` against `sqlite3 .import` on the same
# synthetic LoGo export, four ways in each run: the batch alone (`--defer-index`:
# the file's transaction), the catch-up alone (`meyasu index` right after it: the
# search index and similar-proposal links), the same file imported again (the
# nightly case: a cumulative export whose rows are all present), and the default
# import (batch and catch-up).
#
# Usage: Benchmarks/import_vs_sqlite.sh [ROWS] [ENCODING]
#   ROWS      responses in the generated export (default 100000)
#   ENCODING  utf-8-sig | utf-8 | cp932 (default utf-8-sig)
#
# Environment (all optional):
#   SEED=20250401     generator seed
#   RUNS=1            runs of each tool; the fastest wall time and the largest
#                     peak RSS are reported
#   MEYASU=/path/bin  use this binary instead of building the release product
#   BENCH_NO_CACHE=1  generate the export into the temp dir instead of reusing /
#                     keeping it under Benchmarks/out/
#   KEEP_TMP=1        keep the temp dir (workspaces, logs, /usr/bin/time output)
#   STRICT=1          exit 1 when a goal (the batch <= 5x sqlite3 wall time,
#                     <= 150 MB peak RSS) is missed
set -euo pipefail

ROWS="${1:-100000}"
ENCODING="${2:-utf-8-sig}"
SEED="${SEED:-20250401}"
RUNS="${RUNS:-1}"
GOAL_RATIO=5
GOAL_RSS_MB=150

die() { echo "import_vs_sqlite: $*" >&2; exit 2; }

[[ "$ROWS" =~ ^[0-9]+$ && "$ROWS" -gt 0 ]] || die "ROWS must be a positive integer (got '$ROWS')"
case "$ENCODING" in utf-8-sig|utf-8|cp932) ;; *) die "ENCODING must be utf-8-sig, utf-8 or cp932 (got '$ENCODING')";; esac
[[ "$RUNS" =~ ^[0-9]+$ && "$RUNS" -gt 0 ]] || die "RUNS must be a positive integer"
[[ "$SEED" =~ ^[0-9]+$ ]] || die "SEED must be an integer"

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"
cd "$root"

[[ -x /usr/bin/time ]] || die "GNU time is needed at /usr/bin/time (Debian: apt-get install time)"
command -v sqlite3 >/dev/null || die "sqlite3 is needed (Debian: apt-get install sqlite3)"
command -v python3 >/dev/null || die "python3 is needed to generate the export"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/meyasu-bench.XXXXXX")"
cleanup() {
    if [[ "${KEEP_TMP:-0}" == 1 ]]; then
        echo "temp dir kept: $tmp" >&2
    else
        rm -rf "$tmp"
    fi
}
trap cleanup EXIT

# --- (a) the release binary ------------------------------------------------
if [[ -n "${MEYASU:-}" ]]; then
    bin="$MEYASU"
    echo "== using MEYASU=$bin (no build)" >&2
else
    echo "== swift build -c release --product meyasu" >&2
    swift build -c release --product meyasu >&2
    bin="$(swift build -c release --show-bin-path)/meyasu"
fi
[[ -x "$bin" ]] || die "no executable meyasu at $bin"
bin="$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")"

# --- (b) the export --------------------------------------------------------
name="proposals-${ROWS}-${ENCODING}-seed${SEED}.csv"
if [[ "${BENCH_NO_CACHE:-0}" == 1 ]]; then
    export_file="$tmp/$name"
else
    mkdir -p "$root/Benchmarks/out"
    export_file="$root/Benchmarks/out/$name"
fi
if [[ -s "$export_file" ]]; then
    echo "== reusing $export_file" >&2
else
    echo "== generating $ROWS rows ($ENCODING, seed $SEED) -> $export_file" >&2
    partial="$export_file.partial.$$"
    gen_start=$(date +%s.%N)
    python3 "$root/Benchmarks/generate_proposals.py" --rows "$ROWS" --encoding "$ENCODING" \
        --seed "$SEED" --out "$partial"
    mv "$partial" "$export_file"
    gen_end=$(date +%s.%N)
    awk -v a="$gen_start" -v b="$gen_end" 'BEGIN { printf "   generated in %.1f s\n", b - a }' >&2
fi
file_bytes=$(stat -c %s "$export_file")

# Read the file once so that both tools start from the page cache.
cat "$export_file" >/dev/null

# /usr/bin/time -v output -> seconds / MB
wall_seconds() {
    awk -F': ' '/Elapsed \(wall clock\) time/ {
        n = split($NF, p, ":"); s = 0
        for (i = 1; i <= n; i++) s = s * 60 + p[i]
        printf "%.2f", s }' "$1"
}
rss_mb() {
    awk -F': ' '/Maximum resident set size/ { printf "%.1f", $NF / 1024 }' "$1"
}
min() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 < a + 0) ? b : a }'; }
max() { awk -v a="$1" -v b="$2" 'BEGIN { print (a == "" || b + 0 > a + 0) ? b : a }'; }

# --- (c)+(d) meyasu import and sqlite3 .import, interleaved run by run -------
# Interleaving spreads a noisy neighbour's load over all of them alike; the best wall time of
# each is compared.
b_wall=""; b_rss=""; c_wall=""; c_rss=""; a_wall=""; a_rss=""; f_wall=""; f_rss=""; m_rc=0
s_wall=""; s_rss=""

# init a workspace at $1
fresh_workspace() {
    mkdir -p "$1"
    if ! (cd "$1" && "$bin" init </dev/null >"$1.init.log" 2>&1); then
        cat "$1.init.log" >&2
        die "meyasu init failed"
    fi
}

# run meyasu in workspace $1 under /usr/bin/time into $2, the rest are its arguments;
# an import may exit 0 or 3
timed_meyasu() {
    local ws="$1" tfile="$2"
    shift 2
    if (cd "$ws" && /usr/bin/time -v -o "$tfile" "$bin" "$@" </dev/null >"$tfile.out" 2>"$tfile.err"); then
        m_rc=0
    else
        m_rc=$?
    fi
    if [[ "$m_rc" -ne 0 && "$m_rc" -ne 3 ]]; then
        tail -n 20 "$tfile.err" >&2 || true
        die "meyasu $* exited with $m_rc (0 or 3 expected)"
    fi
}

for run in $(seq 1 "$RUNS"); do
    ws="$tmp/workspace-$run-deferred"
    fresh_workspace "$ws"
    echo "== meyasu import proposals --defer-index, then meyasu index, then the file again (run $run/$RUNS)" >&2
    timed_meyasu "$ws" "$tmp/batch-$run.time" import proposals --defer-index "$export_file"
    import_rc=$m_rc
    b_wall=$(min "$b_wall" "$(wall_seconds "$tmp/batch-$run.time")")
    b_rss=$(max "$b_rss" "$(rss_mb "$tmp/batch-$run.time")")
    timed_meyasu "$ws" "$tmp/index-$run.time" index
    c_wall=$(min "$c_wall" "$(wall_seconds "$tmp/index-$run.time")")
    c_rss=$(max "$c_rss" "$(rss_mb "$tmp/index-$run.time")")
    # The nightly case: the same cumulative export again, every row already present.
    timed_meyasu "$ws" "$tmp/again-$run.time" import proposals --defer-index "$export_file"
    a_wall=$(min "$a_wall" "$(wall_seconds "$tmp/again-$run.time")")
    a_rss=$(max "$a_rss" "$(rss_mb "$tmp/again-$run.time")")
    rm -rf "$ws"

    ws="$tmp/workspace-$run-default"
    fresh_workspace "$ws"
    echo "== meyasu import proposals (run $run/$RUNS)" >&2
    timed_meyasu "$ws" "$tmp/full-$run.time" import proposals "$export_file"
    f_wall=$(min "$f_wall" "$(wall_seconds "$tmp/full-$run.time")")
    f_rss=$(max "$f_rss" "$(rss_mb "$tmp/full-$run.time")")
    rm -rf "$ws"
    m_rc=$import_rc

    echo "== sqlite3 :memory: .import (run $run/$RUNS)" >&2
    tfile="$tmp/sqlite-$run.time"
    if ! /usr/bin/time -v -o "$tfile" sqlite3 :memory: '.mode csv' ".import \"$export_file\" t" \
            </dev/null >"$tmp/sqlite-$run.out" 2>"$tmp/sqlite-$run.err"; then
        tail -n 20 "$tmp/sqlite-$run.err" >&2 || true
        die "sqlite3 .import failed"
    fi
    s_wall=$(min "$s_wall" "$(wall_seconds "$tfile")")
    s_rss=$(max "$s_rss" "$(rss_mb "$tfile")")
done

# --- (e) the table ----------------------------------------------------------
echo
echo "Meyasu import benchmark: $ROWS rows, $ENCODING, seed $SEED, best of $RUNS run(s)"
echo "export: $export_file"
awk -v rows="$ROWS" -v bytes="$file_bytes" \
    -v bw="$b_wall" -v br="$b_rss" -v cw="$c_wall" -v cr="$c_rss" -v aw="$a_wall" -v ar="$a_rss" -v fw="$f_wall" -v fr="$f_rss" \
    -v sw="$s_wall" -v sr="$s_rss" -v rc="$m_rc" \
    -v goal_ratio="$GOAL_RATIO" -v goal_rss="$GOAL_RSS_MB" '
function rate(w) { return (w > 0) ? sprintf("%.0f", rows / w) : "n/a" }
function mbps(w) { return (w > 0) ? sprintf("%.1f", bytes / 1048576 / w) : "n/a" }
function ratio(w) { return (sw > 0) ? sprintf("%.2fx", w / sw) : "n/a" }
BEGIN {
    mb = bytes / 1048576
    printf "file size: %.1f MB (%d bytes)\n\n", mb, bytes
    printf "%-40s %8s %12s %10s %8s %10s\n", "what", "wall s", "peak RSS MB", "rows/s", "MB/s", "/ sqlite3"
    printf "%-40s %8s %12s %10s %8s %10s\n", "----------------------------------------", "--------", "------------", "----------", "--------", "----------"
    printf "%-40s %8.2f %12.1f %10s %8s %10s\n", "meyasu import proposals --defer-index", bw, br, rate(bw), mbps(bw), ratio(bw)
    printf "%-40s %8.2f %12.1f %10s %8s %10s\n", "meyasu index (the catch-up alone)", cw, cr, rate(cw), "", ratio(cw)
    printf "%-40s %8.2f %12.1f %10s %8s %10s\n", "meyasu import proposals (default)", fw, fr, rate(fw), mbps(fw), ratio(fw)
    printf "%-40s %8.2f %12.1f %10s %8s %10s\n", "the same file again (all rows present)", aw, ar, rate(aw), mbps(aw), ratio(aw)
    printf "%-40s %8.2f %12.1f %10s %8s %10s\n", "sqlite3 .import", sw, sr, rate(sw), mbps(sw), ""
    printf "\n"
    if (sw > 0) {
        printf "ratio of the batch (--defer-index) / sqlite3 .import (wall): %.2fx   goal <= %gx: %s\n", bw / sw, goal_ratio, (bw / sw <= goal_ratio) ? "ok" : "MISSED"
        printf "ratio of the default import / sqlite3 .import (wall): %.2fx (no goal)\n", fw / sw
    } else {
        printf "ratio meyasu / sqlite3 .import (wall): n/a (sqlite3 took < 0.01 s; use more rows)\n"
    }
    peak = (br > fr) ? br : fr
    if (cr > peak) peak = cr
    if (ar > peak) peak = ar
    printf "meyasu peak RSS: %.1f MB   goal <= %g MB: %s\n", peak, goal_rss, (peak <= goal_rss) ? "ok" : "MISSED"
    printf "meyasu exit code: %d%s\n", rc, (rc == 3) ? " (imported, some rows reported)" : ""
    missed = (sw > 0 && bw / sw > goal_ratio) || peak > goal_rss
    exit missed ? 10 : 0
}' && goals_met=1 || goals_met=0

if [[ "${STRICT:-0}" == 1 && "$goals_met" == 0 ]]; then
    exit 1
fi
exit 0
