#!/usr/bin/env bash
# Writes samples/routing/model.bin: the router's model trained from the shipped examples with the
# shipped organization.yaml, which `meyasu init` keeps so that a new workspace's first import
# need not train it. Run it after changing samples/routing/*.csv, the departments' duties, the
# routing settings or the training code; the test "init keeps the shipped model" fails until then.
# Usage: Benchmarks/ship_model.sh [--skip-build]   (needs sqlite3)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if [[ "${1:-}" != "--skip-build" ]]; then
    swift build -c release --package-path "$root" --product meyasu >/dev/null
fi
meyasu="$(swift build -c release --package-path "$root" --show-bin-path)/meyasu"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
out="$root/samples/routing/model.bin"
# A new workspace, without whatever model it kept from the old file: the first route trains one.
mkdir "$work/ws"
(cd "$work/ws" && "$meyasu" init >/dev/null && sqlite3 meyasu.sqlite "DELETE FROM routing_model" \
    && "$meyasu" route "会議室の予約" >/dev/null)
sqlite3 "$work/ws/meyasu.sqlite" "SELECT writefile('$work/fingerprint', fingerprint), writefile('$work/model', model) FROM routing_model" >/dev/null
cat "$work/fingerprint" "$work/model" > "$out"
echo "$out: $(wc -c < "$out") bytes (fingerprint $(head -c 32 "$out" | od -An -tx1 | tr -d ' \n' | cut -c1-16)…)"
