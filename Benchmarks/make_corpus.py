#!/usr/bin/env python3
"""Write a corpus of Japanese proposal text, one line of free text per line.

The lines are the free-text cells (件名, 現状と課題, 改善案, 期待される効果) of synthetic
exports from generate_proposals.py, split at line breaks, until the corpus holds MB
mebibytes. Used by normalize_vs_neologdn.sh and scrub_vs_regex.sh.

Usage: make_corpus.py OUT MB
"""
import csv
import io
import pathlib
import subprocess
import sys


def main() -> None:
    if len(sys.argv) != 3 or not sys.argv[2].isdigit():
        sys.exit(__doc__)
    path, target = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
    generator = pathlib.Path(__file__).with_name("generate_proposals.py")
    written, seed = 0, 1
    with open(path, "w", encoding="utf-8", newline="\n") as out:
        while written < target:
            export = subprocess.run([sys.executable, str(generator), "--rows", "20000", "--encoding", "utf-8",
                                     "--seed", str(seed)], check=True, capture_output=True).stdout.decode("utf-8")
            rows = csv.reader(io.StringIO(export))
            next(rows)
            for row in rows:
                for cell in row[9:13]:
                    for line in cell.split("\n"):
                        if line and written < target:
                            out.write(line + "\n")
                            written += len(line.encode("utf-8")) + 1
            seed += 1


if __name__ == "__main__":
    main()
