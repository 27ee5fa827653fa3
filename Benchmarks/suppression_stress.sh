#!/usr/bin/env bash
# The difference attack on many random years: how many years and tables were checked, how many
# leaks were found (goal: 0). On demand; `swift test` runs only a few of these years.
#
# Usage: Benchmarks/suppression_stress.sh [YEARS] [FIRST]
#   YEARS  random years to check (default 200)
#   FIRST  the first seed (default 41: SuppressionTests.randomYears checks seeds 1-40)
#
# Each year is the fixture of Tests/MeyasuTests/SuppressionTests.swift (87 respondents in 5 課,
# a 課 of 12 with 3 women, every other band spread by the seed; even seeds leave some bands
# unanswered). Its groups and each of its two questions' figures are hidden as the summary hides
# them, then a brute force tries, for every shown total, every way of taking away shown groups
# inside it that are disjoint from each other, looking for a remainder of 1-4 (k = 5).
#
# Environment: CONFIGURATION=debug|release (default debug; release builds the tests in release
# first, about ten minutes, then runs about five times faster).
set -euo pipefail

YEARS="${1:-200}"
FIRST="${2:-41}"
CONFIGURATION="${CONFIGURATION:-debug}"
[[ "$YEARS" =~ ^[0-9]+$ && "$YEARS" -gt 0 ]] || { echo "suppression_stress: YEARS must be a positive integer" >&2; exit 2; }
[[ "$FIRST" =~ ^[0-9]+$ ]] || { echo "suppression_stress: FIRST must be an integer" >&2; exit 2; }

cd "$(dirname "${BASH_SOURCE[0]}")/.."
log="$(mktemp "${TMPDIR:-/tmp}/meyasu-stress.XXXXXX")"
trap 'rm -f "$log"' EXIT
start=$(date +%s)
status=0
MEYASU_STRESS_YEARS="$YEARS" MEYASU_STRESS_FIRST="$FIRST" \
    swift test -c "$CONFIGURATION" --filter 'SuppressionStressTests' >"$log" 2>&1 || status=$?
grep -E '^stress' "$log" || { tail -20 "$log" >&2; echo "suppression_stress: the test did not report (exit $status)" >&2; exit 2; }
echo "($(($(date +%s) - start)) s, $CONFIGURATION build)"
exit "$status"
