#!/usr/bin/env bash
# Benchmark `meyasu normalize --mode key` against neologdn.normalize (neologdn from PyPI, in a
# virtualenv under Benchmarks/out/) on the same corpus of Japanese proposal-like lines.
#
# Usage: Benchmarks/normalize_vs_neologdn.sh [MB]     (corpus size, default 40; at least 30)
# Environment: MEYASU=/path/bin (skip the release build), RUNS=3 (best of N, interleaved).
set -euo pipefail

MB="${1:-40}"
RUNS="${RUNS:-3}"
NAME=normalize_vs_neologdn
source "$(dirname "${BASH_SOURCE[0]}")/corpus_setup.sh"
bytes=$(stat -c %s "$corpus")
lines=$(wc -l < "$corpus")

# --- neologdn in a virtualenv ---------------------------------------------------------------
venv="$out/neologdn-venv"
if [[ ! -x "$venv/bin/python" ]] || ! "$venv/bin/python" -c 'import neologdn' 2>/dev/null; then
    echo "== installing neologdn into $venv" >&2
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet neologdn
fi
neologdn_version=$("$venv/bin/python" -c 'import neologdn; print(neologdn.__version__)')
cat > "$out/neologdn_lines.py" <<'PY'
import sys
import neologdn
normalize = neologdn.normalize
write = sys.stdout.write
for line in sys.stdin:
    write(normalize(line.rstrip("\n")) + "\n")
PY


best_m=""; best_n=""
for run in $(seq 1 "$RUNS"); do
    echo "== run $run/$RUNS: meyasu normalize --mode key" >&2
    t0=$(seconds); "$bin" normalize --mode key < "$corpus" > "$out/normalize-meyasu.txt"; t1=$(seconds)
    m=$(python3 -c "print($t1 - $t0)")
    echo "== run $run/$RUNS: neologdn.normalize, line by line" >&2
    t0=$(seconds); "$venv/bin/python" "$out/neologdn_lines.py" < "$corpus" > "$out/normalize-neologdn.txt"; t1=$(seconds)
    n=$(python3 -c "print($t1 - $t0)")
    best_m=$(python3 -c "print(min(float('$m'), float('${best_m:-inf}')))")
    best_n=$(python3 -c "print(min(float('$n'), float('${best_n:-inf}')))")
done

python3 - "$bytes" "$lines" "$best_m" "$best_n" "$neologdn_version" "$RUNS" "$out" <<'PY'
import sys
size, lines, m, n, version, runs, out = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4]), sys.argv[5], sys.argv[6], sys.argv[7]
mb = size / 1048576
print(f"Normalisation benchmark: {mb:.1f} MB, {lines} lines, best of {runs} run(s)")
print(f"{'tool':36} {'seconds':>8} {'MB/s':>8}")
print(f"{'meyasu normalize --mode key':36} {m:8.2f} {mb / m:8.1f}")
print(f"{'neologdn ' + version + ' normalize (per line)':36} {n:8.2f} {mb / n:8.1f}")
ratio = n / m
print(f"throughput ratio meyasu / neologdn: {ratio:.2f}x   goal >= 3x: {'ok' if ratio >= 3 else 'MISSED'}")
same = sum(1 for a, b in zip(open(f"{out}/normalize-meyasu.txt", encoding="utf-8"), open(f"{out}/normalize-neologdn.txt", encoding="utf-8")) if a.lower() == b.lower())
print(f"lines identical to neologdn's output (case-folded): {same} of {lines} ({100 * same / lines:.1f}%)")
PY
