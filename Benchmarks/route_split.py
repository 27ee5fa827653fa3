#!/usr/bin/env python3
"""Split the hand-written routing set (samples/routing/part-*.csv) into a training and a
held-out test file, by a fixed seed, for `meyasu route train` / `meyasu route evaluate`.

A row goes to the test file when SHA-256(seed + ":" + 回答ID) mod 100 < TEST_PERCENT, so the
split is stable across runs and machines and does not depend on file order. The
template-made rows (samples/routing/templates.csv) are never tested on: they would flatter
the figures; pass them to `route train` alongside the training file if wanted.

Usage: route_split.py OUT_DIR [--seed 20250401] [--test-percent 20]
Writes OUT_DIR/route-train.csv and OUT_DIR/route-test.csv (UTF-8 with BOM, CRLF).
"""
import argparse
import csv
import hashlib
import pathlib


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out_dir")
    parser.add_argument("--seed", default="20250401")
    parser.add_argument("--test-percent", type=int, default=20)
    args = parser.parse_args()
    root = pathlib.Path(__file__).resolve().parent.parent
    out = pathlib.Path(args.out_dir)
    out.mkdir(parents=True, exist_ok=True)
    header = None
    parts = {"train": [], "test": []}
    for path in sorted((root / "samples/routing").glob("part-*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            file_header = next(reader)
            header = header or file_header
            if file_header != header:
                raise SystemExit(f"{path.name}: its header differs from the other parts")
            for row in reader:
                digest = hashlib.sha256(f"{args.seed}:{row[0]}".encode()).digest()
                bucket = int.from_bytes(digest[:8], "big") % 100
                parts["test" if bucket < args.test_percent else "train"].append(row)
    for name, rows in parts.items():
        with open(out / f"route-{name}.csv", "w", encoding="utf-8-sig", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(header)
            writer.writerows(rows)
        print(f"{out / f'route-{name}.csv'}: {len(rows)} proposals")


if __name__ == "__main__":
    main()
