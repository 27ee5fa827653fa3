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
# Environment (optional):
#   MEYASU=/path/bin  use this binary (implies no build; CI passes the debug build's)
#   STRICT=1          exit 1 when issue 5's goals (top-1 >= 90%, top-3 >= 98%) are missed on the
#                     split or on the independent holdout, both with learning
#   GOALS_ONLY=1      measure only those two rows (what CI checks; a quarter of the time on a
#                     release build, a seventh on a debug one)
set -euo pipefail
GOAL_TOP1=90
GOAL_TOP3=98
root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ "${1:-}" != "--skip-build" && -z "${MEYASU:-}" ]]; then
    swift build -c release --package-path "$root" >/dev/null
fi
meyasu="${MEYASU:-$root/.build/release/meyasu}"
[[ -x "$meyasu" ]] || { echo "route_accuracy: no executable meyasu at $meyasu" >&2; exit 2; }
meyasu="$(cd "$(dirname "$meyasu")" && pwd)/$(basename "$meyasu")"  # the runs below change folder
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

python3 "$root/Benchmarks/route_split.py" "$work/split" >/dev/null
mkdir "$work/trained" "$work/shipped"
(cd "$work/trained" && "$meyasu" init >/dev/null \
    && "$meyasu" route train --replace "$work/split/route-train.csv" "$root/samples/routing/templates.csv" >/dev/null)
goals_only="${GOALS_ONLY:-0}"
[[ "$goals_only" == 1 ]] || (cd "$work/shipped" && "$meyasu" init >/dev/null)

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
# Prints one row of the table, and keeps it in `line`; a failed measurement stops the script
# (a command substitution inside printf's arguments would not).
row() {
    local label="$1"
    shift
    line="$(measure "$@")"
    printf '%-58s %s\n' "$label" "$line"
}
# A row that is not one of the goals' (skipped with GOALS_ONLY=1).
more() {
    if [[ "$goals_only" != 1 ]]; then row "$@"; fi
}
printf '%-58s %6s  %6s  %4s\n' "router / test set" "top-1" "top-3" "n"
row "split: everything" "$work/trained" "$test_rows"
split_line="$line"
more "split, parts a-i only (the earlier 329)" "$work/trained" "$work/split/route-test-a-i.csv"
more "split: rules alone (--rules-only)" "$work/trained" "$test_rows" --rules-only
more "split: learned model and hints (--no-keywords)" "$work/trained" "$test_rows" --no-keywords
more "split: 5-fold cross-validation on the training part" \
    "$work/trained" "$work/split/route-train.csv" --folds 5
row "holdout: trained on the split's training part" "$work/trained" "$holdout"
holdout_line="$line"
more "holdout: rules alone" "$work/trained" "$holdout" --rules-only
more "holdout: as shipped (every shipped example)" "$work/shipped" "$holdout"

# Issue 5's goals, on the two sets measured with learning.
missed=0
for pair in "split:$split_line" "holdout:$holdout_line"; do
    name="${pair%%:*}"
    read -r top1 top3 _ <<<"${pair#*:}"
    if ! awk -v a="${top1%\%}" -v b="${top3%\%}" -v g1="$GOAL_TOP1" -v g3="$GOAL_TOP3" \
        'BEGIN { exit !(a >= g1 && b >= g3) }'; then
        echo "goal missed on the $name: top-1 $top1 (goal >= $GOAL_TOP1%)," \
            "top-3 $top3 (goal >= $GOAL_TOP3%)"
        missed=1
    fi
done
if [[ "$missed" == 0 ]]; then
    echo "goals (top-1 >= $GOAL_TOP1%, top-3 >= $GOAL_TOP3%, split and holdout with learning): met"
fi
if [[ "${STRICT:-0}" == 1 && "$missed" == 1 ]]; then exit 1; fi
exit 0
