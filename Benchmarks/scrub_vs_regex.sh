#!/usr/bin/env bash
# Benchmark `meyasu scrub` against a plain regular-expression scrubber (Benchmarks/regex_scrub.py,
# Python `re`) on the same corpus, and score both on the labelled set
# Tests/MeyasuTests/Fixtures/pii-eval.jsonl (recall and precision over planted identifiers).
#
# Usage: Benchmarks/scrub_vs_regex.sh [MB]     (corpus size, default 40)
# Environment: MEYASU=/path/bin (skip the release build), RUNS=3 (best of N, interleaved).
set -euo pipefail

MB="${1:-40}"
RUNS="${RUNS:-3}"
NAME=scrub_vs_regex
source "$(dirname "${BASH_SOURCE[0]}")/corpus_setup.sh"

best_m=""; best_r=""
for run in $(seq 1 "$RUNS"); do
    echo "== run $run/$RUNS: meyasu scrub" >&2
    t0=$(seconds); "$bin" scrub < "$corpus" > "$out/scrub-meyasu.txt" 2>/dev/null; t1=$(seconds)
    m=$(python3 -c "print($t1 - $t0)")
    echo "== run $run/$RUNS: regex_scrub.py" >&2
    t0=$(seconds); python3 "$root/Benchmarks/regex_scrub.py" < "$corpus" > "$out/scrub-regex.txt"; t1=$(seconds)
    r=$(python3 -c "print($t1 - $t0)")
    best_m=$(python3 -c "print(min(float('$m'), float('${best_m:-inf}')))")
    best_r=$(python3 -c "print(min(float('$r'), float('${best_r:-inf}')))")
done

# The labelled set, one input per line, through both tools.
eval_set="$root/Tests/MeyasuTests/Fixtures/pii-eval.jsonl"
python3 -c 'import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    print(json.loads(line)["input"])' "$eval_set" > "$out/pii-eval-inputs.txt"
"$bin" scrub < "$out/pii-eval-inputs.txt" > "$out/pii-eval-meyasu.txt" 2>/dev/null
python3 "$root/Benchmarks/regex_scrub.py" < "$out/pii-eval-inputs.txt" > "$out/pii-eval-regex.txt"

python3 - "$corpus" "$best_m" "$best_r" "$RUNS" "$eval_set" "$out" <<'PY'
import json, os, sys
corpus, m, r, runs, eval_set, out = sys.argv[1], float(sys.argv[2]), float(sys.argv[3]), sys.argv[4], sys.argv[5], sys.argv[6]
mb = os.path.getsize(corpus) / 1048576
print(f"Scrubbing benchmark: {mb:.1f} MB corpus, best of {runs} run(s)")
print(f"{'tool':30} {'seconds':>8} {'MB/s':>8}")
print(f"{'meyasu scrub':30} {m:8.2f} {mb / m:8.1f}")
print(f"{'regex_scrub.py (Python re)':30} {r:8.2f} {mb / r:8.1f}")
print(f"throughput ratio meyasu / regex: {r / m:.2f}x")
cases = [json.loads(line) for line in open(eval_set, encoding="utf-8")]
placeholders = ["〔氏名〕", "〔電話番号〕", "〔メール〕", "〔職員番号〕", "〔個人番号〕", "〔住所〕", "〔郵便番号〕", "〔URL〕", "〔IP〕"]
def count(text): return sum(text.count(p) for p in placeholders)
planted = sum(len(c["planted"]) for c in cases)
print(f"labelled set: {planted} planted identifiers, {sum(1 for c in cases if not c['planted'])} look-alikes")
for name in ("meyasu", "regex"):
    outputs = open(f"{out}/pii-eval-{name}.txt", encoding="utf-8").read().split("\n")
    tp = fn = fp = exact = 0
    for case, output in zip(cases, outputs):
        if output == case["expected"]:
            tp += len(case["planted"]); exact += 1
            continue
        for kind, value in case["planted"]:
            if value in output: fn += 1
            else: tp += 1
        fp += max(0, count(output) - count(case["expected"]))
    recall, precision = tp / max(1, tp + fn), tp / max(1, tp + fp)
    print(f"{name:8} recall {recall:.3f}  precision {precision:.3f}  exact {exact}/{len(cases)}")
PY
