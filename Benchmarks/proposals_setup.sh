# Shared by workflow_queries.sh, portal_wrk.sh and route_throughput.sh (sourced, not run): sets
# root (and changes to it), bin (an absolute folder holding the release products named in
# PRODUCTS, built unless BIN names a folder) and export_file (the generated export of ROWS
# proposals with SEED, Benchmarks/out/proposals-ROWS-utf-8-sig-seedSEED.csv, the same file as
# import_vs_sqlite.sh's, generated when missing). Expects die, ROWS, SEED and PRODUCTS to be set.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

if [[ -n "${BIN:-}" ]]; then
    bin="$BIN"
    echo "== using BIN=$bin (no build)" >&2
else
    for product in $PRODUCTS; do
        echo "== swift build -c release --product $product" >&2
        swift build -c release --product "$product" >&2
    done
    bin="$(swift build -c release --show-bin-path)"
fi
for product in $PRODUCTS; do
    [[ -x "$bin/$product" ]] || die "no $product in $bin"
done
bin="$(cd "$bin" && pwd)"

export_file="$root/Benchmarks/out/proposals-${ROWS}-utf-8-sig-seed${SEED}.csv"
if [[ ! -s "$export_file" ]]; then
    mkdir -p "$root/Benchmarks/out"
    echo "== generating $ROWS rows -> $export_file" >&2
    python3 "$root/Benchmarks/generate_proposals.py" --rows "$ROWS" --encoding utf-8-sig --seed "$SEED" \
        --out "$export_file.partial.$$"
    mv "$export_file.partial.$$" "$export_file"
fi
