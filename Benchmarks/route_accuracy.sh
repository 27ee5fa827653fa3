#!/usr/bin/env bash
# Measures the router's accuracy the way docs/routing.md reports it, in one run:
#   1. the held-out 20% of the hand-written set (Benchmarks/route_split.py, fixed seed), with the
#      router trained on the other 80% and the template-made rows: everything, rules alone
#      (--rules-only) and the learned model without keywords (--no-keywords); and, for comparison
#      across sessions, the part of it from parts a–i (回答ID below 3,000,000: the 329 proposals
#      the split held out before parts j–o were written);
#   2. Benchmarks/data/route-holdout.csv: 280 proposals written apart from Meyasu (from the
#      organisation's reference only, never trained or tuned on), with the same training;
#   3. the same holdout with the router as `meyasu init` ships it (every shipped example).
# Usage: Benchmarks/route_accuracy.sh [--skip-build]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ "${1:-}" != "--skip-build" ]]; then
    swift build -c release --package-path "$root" >/dev/null
fi
meyasu="$root/.build/release/meyasu"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 "$root/Benchmarks/route_split.py" "$work/split" >/dev/null
mkdir "$work/trained" "$work/shipped"
(cd "$work/trained" && "$meyasu" init >/dev/null \
    && "$meyasu" route train --replace "$work/split/route-train.csv" "$root/samples/routing/templates.csv" >/dev/null)
(cd "$work/shipped" && "$meyasu" init >/dev/null)

# Prints "top-1  top-3  routed-directly  right" from `route evaluate --format json`.
measure() {
    local dir="$1"
    shift
    (cd "$dir" && "$meyasu" route evaluate "$@" --format json) | python3 -c '
import json, sys
r = json.load(sys.stdin)
print("%5.1f%%  %5.1f%%  %4d" % (r["accuracy"] * 100, r["top3_accuracy"] * 100, r["proposals"]))'
}

test_rows="$work/split/route-test.csv"
python3 - "$test_rows" "$work/split/route-test-a-i.csv" <<'PY'
import csv, sys
with open(sys.argv[1], encoding="utf-8-sig", newline="") as source:
    rows = list(csv.reader(source))
with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as target:
    writer = csv.writer(target, lineterminator="\r\n")
    writer.writerow(rows[0])
    writer.writerows(row for row in rows[1:] if int(row[0]) < 3_000_000)
PY
holdout="$root/Benchmarks/data/route-holdout.csv"
printf '%-58s %6s  %6s  %4s\n' "router / test set" "top-1" "top-3" "n"
printf '%-58s %s\n' "split: everything" "$(measure "$work/trained" "$test_rows")"
printf '%-58s %s\n' "split, parts a-i only (the earlier 329)" "$(measure "$work/trained" "$work/split/route-test-a-i.csv")"
printf '%-58s %s\n' "split: rules alone (--rules-only)" "$(measure "$work/trained" "$test_rows" --rules-only)"
printf '%-58s %s\n' "split: learned model and hints (--no-keywords)" "$(measure "$work/trained" "$test_rows" --no-keywords)"
printf '%-58s %s\n' "split: 5-fold cross-validation on the training part" "$(measure "$work/trained" "$work/split/route-train.csv" --folds 5)"
printf '%-58s %s\n' "holdout: trained on the split's training part" "$(measure "$work/trained" "$holdout")"
printf '%-58s %s\n' "holdout: rules alone" "$(measure "$work/trained" "$holdout" --rules-only)"
printf '%-58s %s\n' "holdout: as shipped (every shipped example)" "$(measure "$work/shipped" "$holdout")"
