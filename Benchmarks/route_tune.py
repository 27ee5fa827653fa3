#!/usr/bin/env python3
"""Choose the router's weights (organization.yaml `routing:`) by cross-validation on the
training split only, never on the held-out test file.

Coordinate descent: each setting in turn takes the value from its grid that maximises
5-fold cross-validated top-1 accuracy (ties: top-3) of `meyasu route evaluate FILE --folds 5`
in a workspace whose organization.yaml is rewritten for each trial.

Usage: route_tune.py MEYASU WORKSPACE TRAIN.csv [ROUNDS]
Prints the best settings as a YAML `routing:` block.
"""
import json
import pathlib
import re
import subprocess
import sys

GRID = {
    "learned_temperature": [0.04, 0.08, 0.12, 0.16, 0.2, 0.25, 0.3, 0.35],
    "keyword_weight": [0.0, 0.1, 0.2, 0.35, 0.5, 0.8, 1.2],
    "hint_weight": [0.0, 0.5, 1.0, 1.5, 2.5],
    "title_weight": [1.0, 1.5, 2.0, 3.0],
    "smoothing": [0.03, 0.1, 0.3, 1.0],
    "duties_weight": [0.0, 1.0, 2.0, 4.0],
}


def main() -> None:
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    meyasu, workspace, train = sys.argv[1], pathlib.Path(sys.argv[2]), sys.argv[3]
    rounds = int(sys.argv[4]) if len(sys.argv) > 4 else 2
    organization = workspace / "organization.yaml"
    original = re.sub(r"\nrouting:\n(  .*\n)*", "\n", organization.read_text(encoding="utf-8"))
    # The start is Meyasu's defaults (Organization.RoutingSettings).
    settings = {"learned_temperature": 0.2, "keyword_weight": 0.1, "hint_weight": 2.5,
                "title_weight": 1.0, "smoothing": 0.3, "duties_weight": 2.0}

    def score(candidate):
        block = "routing:\n" + "".join(f"  {k}: {v}\n" for k, v in candidate.items())
        organization.write_text(original.rstrip("\n") + "\n" + block, encoding="utf-8")
        out = subprocess.run([meyasu, "route", "evaluate", train, "--folds", "5", "--format", "json"],
                             cwd=workspace, capture_output=True, text=True)
        result = json.loads(out.stdout)
        return (result["accuracy"], result["top3_accuracy"])

    best = score(settings)
    print(f"start {settings} -> {best}", file=sys.stderr)
    for _ in range(rounds):
        for key, values in GRID.items():
            for value in values:
                trial = dict(settings, **{key: value})
                result = score(trial)
                if result > best:
                    best, settings = result, trial
                    print(f"{key}={value} -> {result}", file=sys.stderr)
    score(settings)
    print(f"# 5-fold cross-validated on {pathlib.Path(train).name}: top-1 {best[0]:.3f}, top-3 {best[1]:.3f}")
    print("routing:")
    for key, value in settings.items():
        print(f"  {key}: {value}")


if __name__ == "__main__":
    main()
