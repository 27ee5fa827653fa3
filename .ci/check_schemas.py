"""Checks the JSON Schemas in schemas/ against what Meyasu reads and writes.

    python3 .ci/check_schemas.py [MEYASU_BINARY]

Always: every schema is a valid draft 2020-12 schema whose properties all have a description, and
the shipped configuration files (samples/meyasu.yaml, samples/forms/*, samples/organization.yaml)
validate against theirs.

With the path of a built binary (e.g. .build/debug/meyasu): in a temporary workspace made by
`meyasu init`, it imports the sample exports (or a tiny CSV of its own when there are none yet)
with `--format json`, also as a dry run, with --defer-index and with a file that must be rejected, and
validates every output against schemas/import-report.schema.json (and the status of its index phase); then it validates
`meyasu proposals list --format json` (also with --search) against schemas/proposals-list.schema.json, and after a
hand-over, a status change, an answer and a note `meyasu proposals show` against proposal-detail, `history` against
proposal-history and `stale` against proposals-stale; the survey samples
are imported the same way and `meyasu survey summary --format json` is validated against
schemas/survey-summary.schema.json, `meyasu figures import --format json` against the import report's,
`meyasu doctor --format json` against schemas/doctor.schema.json.

Needs jsonschema and PyYAML (pip install jsonschema PyYAML). Exits 1 when anything fails.
"""
import json
import os
import pathlib
import subprocess
import sys
import tempfile

import jsonschema
import yaml

root = pathlib.Path(__file__).resolve().parent.parent
failed = 0


def fail(message):
    global failed
    failed += 1
    print(f"FAILED: {message}")


def load_schema(name):
    schema = json.loads((root / "schemas" / name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return schema


def undescribed(node, path="#"):
    """Paths of properties without a description.

    Conditional parts (if/then/else, not, contains) only refine properties described elsewhere.
    """
    found = []
    if isinstance(node, dict):
        for name, sub in node.get("properties", {}).items():
            if isinstance(sub, dict) and "description" not in sub:
                found.append(f"{path}/properties/{name}")
        for key, sub in node.items():
            if key in ("if", "then", "else", "not", "contains", "const", "enum", "default", "examples"):
                continue
            found += undescribed(sub, f"{path}/{key}")
    elif isinstance(node, list):
        for index, sub in enumerate(node):
            found += undescribed(sub, f"{path}/{index}")
    return found


def readable(error):
    """The error's message, without the whole document where jsonschema would print it."""
    if error.validator in ("contains", "minContains", "maxContains") and "description" in error.schema:
        return error.schema["description"]
    if error.validator == "not" and "propertyNames" in error.relative_schema_path:
        return f"the key `{error.instance}` does not apply to this role; remove it or change the role"
    return error.message


def validate(schema_name, document, where):
    """Validates `document` and prints one line per error; True when it is valid."""
    validator = jsonschema.Draft202012Validator(load_schema(schema_name), format_checker=jsonschema.FormatChecker())
    errors = sorted(validator.iter_errors(document), key=lambda error: list(map(str, error.path)))
    for error in errors:
        print(f"  {where}: {'/'.join(map(str, error.path)) or '(top)'}: {readable(error)}")
    print(f"schema {schema_name}: {where} {'FAILED' if errors else 'ok'}")
    return not errors


# 1. The schemas themselves.
schema_names = sorted(p.name for p in (root / "schemas").glob("*.schema.json"))
for name in schema_names:
    try:
        schema = load_schema(name)
    except (json.JSONDecodeError, jsonschema.SchemaError) as error:
        fail(f"schemas/{name} is not a valid JSON Schema: {error}")
        continue
    for path in undescribed(schema):
        fail(f"schemas/{name}: {path} has no description")
    print(f"schema {name}: well-formed")

# 2. The shipped configuration files.
form_files = sorted(
    str(p.relative_to(root)) for p in (root / "samples/forms").iterdir() if p.suffix in (".yaml", ".yml", ".json")
)
pairs = [
    ("meyasu.schema.json", ["samples/meyasu.yaml"]),
    ("form-profile.schema.json", form_files),
    ("organization.schema.json", ["samples/organization.yaml"]),
    ("indicators.schema.json", ["samples/indicators.yaml"]),
]
for schema_name, files in pairs:
    for name in files:
        text = (root / name).read_text(encoding="utf-8")
        document = json.loads(text) if name.endswith(".json") else yaml.safe_load(text)
        if not validate(schema_name, document, name):
            failed += 1


# 3. The JSON outputs of a built binary.
def run(binary, arguments, where, codes, cwd):
    """Runs meyasu; returns its stdout parsed as JSON, or None after reporting a failure."""
    environment = {k: v for k, v in os.environ.items() if k != "MEYASU_CONFIG"}
    try:
        result = subprocess.run([binary, *arguments], cwd=cwd, env=environment, capture_output=True, timeout=300)
    except subprocess.TimeoutExpired:
        fail(f"{where}: meyasu {' '.join(arguments)} took more than 300 s")
        return None
    if result.returncode not in codes:
        fail(f"{where}: exit code {result.returncode}, expected one of {sorted(codes)}; "
             f"stderr: {result.stderr.decode('utf-8', 'replace').strip()}")
        return None
    if not arguments or "--format" not in arguments:
        return result
    try:
        document = json.loads(result.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        fail(f"{where}: standard output is not UTF-8 JSON ({error})")
        return None
    if isinstance(document, dict) and "exit_code" in document and document["exit_code"] != result.returncode:
        fail(f"{where}: exit_code says {document['exit_code']} but the process exited {result.returncode}")
    return document


def check_binary(binary):
    global failed
    with tempfile.TemporaryDirectory(prefix="meyasu-schemas-") as temporary:
        temporary = pathlib.Path(temporary)
        config = temporary / "workspace" / "meyasu.yaml"
        if run(binary, ["init", "--config", str(config)], "meyasu init", {0}, temporary) is None:
            return

        exports = sorted((root / "samples/exports").glob("proposals-*.csv"))
        if not exports:
            tiny = temporary / "tiny.csv"
            tiny.write_text(
                "回答ID,回答日時,件名,改善案\r\n"
                "R-0001,2025/06/12 14:03:27,会議資料のペーパーレス化,タブレットで資料を共有する\r\n"
                "R-0002,2025/02/30 09:00:00,日付の誤り,存在しない日付の行\r\n",
                encoding="utf-8",
            )
            exports = [tiny]
            print("samples/exports/ holds no CSV yet; using a tiny export with one bad-date row instead")
        files = [str(p) for p in exports]
        common = ["--format", "json", "--config", str(config)]

        # The index phase of a proposal import: skipped on a dry run, deferred with --defer-index,
        # then done by the next import (which adds no proposal but indexes the deferred ones).
        runs = [
            ("import --dry-run", ["import", "proposals", "--dry-run", *common, *files], {0, 3}, len(files), "skipped"),
            ("import --defer-index", ["import", "proposals", "--defer-index", *common, *files], {0, 3}, len(files), "deferred"),
            ("import", ["import", "proposals", *common, *files], {0, 3}, len(files), "done"),
        ]
        rejected = temporary / "not-an-export.csv"
        rejected.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        runs.append(("import of a rejected file", ["import", "proposals", *common, str(rejected)], {65}, 1, "done"))
        surveys = [str(p) for p in sorted((root / "samples/exports").glob("survey-*.csv"))]
        if surveys:
            runs += [
                ("import survey --dry-run", ["import", "survey", "--dry-run", *common, *surveys], {0, 3}, len(surveys), None),
                ("import survey", ["import", "survey", *common, *surveys], {0, 3}, len(surveys), None),
                ("import survey of a rejected file", ["import", "survey", *common, str(rejected)], {65}, 1, None),
            ]
        for where, arguments, codes, expected_files, index_status in runs:
            report = run(binary, arguments, where, codes, temporary)
            if report is None:
                continue
            if not validate("import-report.schema.json", report, f"meyasu {where}"):
                failed += 1
            elif len(report["files"]) != expected_files:
                fail(f"meyasu {where}: {len(report['files'])} file entries for {expected_files} files")
            elif report.get("index", {}).get("status") != index_status:
                fail(f"meyasu {where}: index phase {report.get('index')}, expected status {index_status}")

        if surveys:
            for year, extra in [("2024", ["--by", "all"]), ("2023", [])]:
                where = f"survey summary --year {year} {' '.join(extra)}".strip()
                summary = run(binary, ["survey", "summary", "--year", year, *extra, *common], where, {0}, temporary)
                if summary is None:
                    continue
                if not validate("survey-summary.schema.json", summary, f"meyasu {where}"):
                    failed += 1
                elif not summary["indicators"] or not summary["breakdowns"]:
                    fail(f"meyasu {where}: no indicators or no breakdowns after importing the survey samples")
        figures = temporary / "figures.csv"
        figures.write_text("indicator,fiscal_year,value,part\r\novertime_hours,2025,11.5,\r\nnot_an_indicator,2025,1,\r\n", encoding="utf-8")
        report = run(binary, ["figures", "import", *common, str(figures)], "figures import", {3}, temporary)
        if report is not None and not validate("import-report.schema.json", report, "meyasu figures import"):
            failed += 1

        listing = run(binary, ["proposals", "list", *common], "proposals list", {0}, temporary)
        if listing is not None:
            if not validate("proposals-list.schema.json", listing, "meyasu proposals list"):
                failed += 1
            elif not listing:
                fail("meyasu proposals list: the list is empty after importing the exports")
            else:
                first = str(listing[0]["id"])
                moved = run(binary, ["proposals", "assign", first, "--department", "kanzai", "--reason", "庁舎の設備の件",
                                     "--config", str(config)], "proposals assign", {0}, temporary)
                # The workflow: a status change, an answer drafted and published, a note.
                worked = [
                    run(binary, ["proposals", "answer", first, "--as", "kanzai", "--status", "検討中", "--text", "検討します。",
                                 "--publish", "--config", str(config)], "proposals answer", {0}, temporary),
                    run(binary, ["proposals", "note", first, "--as", "kanzai", "--text", "予算を確認", "--config", str(config)],
                        "proposals note", {0}, temporary),
                ]
                detail = run(binary, ["proposals", "show", first, "--as", "kanzai", *common], "proposals show", {0}, temporary)
                if detail is not None and not validate("proposal-detail.schema.json", detail, "meyasu proposals show"):
                    failed += 1
                elif detail is not None and moved is not None and not detail["history"]:
                    fail("meyasu proposals show: the hand-over is missing from the history")
                elif detail is not None and None not in worked and (detail["published_answer"] is None or not detail["notes"]):
                    fail("meyasu proposals show --as: the published answer or the note is missing")
                history = run(binary, ["proposals", "history", first, *common], "proposals history", {0}, temporary)
                if history is not None and not validate("proposal-history.schema.json", history, "meyasu proposals history"):
                    failed += 1
                elif history is not None and len(history) < 4:
                    fail("meyasu proposals history: fewer than four events after a hand-over, a status change and an answer")
                searched = run(binary, ["proposals", "list", "--search", "会議", "--from", "2020-01-01", *common],
                               "proposals list --search", {0}, temporary)
                if searched is not None and not validate("proposals-list.schema.json", searched, "meyasu proposals list --search"):
                    failed += 1
                stale = run(binary, ["proposals", "stale", "--days", "0", *common], "proposals stale", {0}, temporary)
                if stale is not None and not validate("proposals-stale.schema.json", stale, "meyasu proposals stale"):
                    failed += 1
                elif stale is not None and not stale["departments"]:
                    fail("meyasu proposals stale --days 0: no department after importing the exports")

        decision = run(binary, ["route", "--format", "json", "--config", str(config), "冬の朝、職員駐車場前の道が凍って危ない\n除雪をお願いしたい"],
                       "route", {0}, temporary)
        if decision is not None and not validate("routing-decision.schema.json", decision, "meyasu route"):
            failed += 1
        health = run(binary, ["doctor", *common], "doctor", {0}, temporary)
        if health is not None and not validate("doctor.schema.json", health, "meyasu doctor"):
            failed += 1
        labelled = sorted((root / "samples/routing").glob("part-*.csv"))[:1]
        if labelled:
            evaluation = run(binary, ["route", "evaluate", str(labelled[0]), *common], "route evaluate", {0, 3}, temporary)
            if evaluation is not None and not validate("routing-evaluation.schema.json", evaluation, "meyasu route evaluate"):
                failed += 1


if len(sys.argv) > 1:
    binary = pathlib.Path(sys.argv[1]).resolve()
    if binary.is_file() and os.access(binary, os.X_OK):
        check_binary(str(binary))
    else:
        print(f"SKIPPED the JSON output checks: no executable at {sys.argv[1]} (build with `swift build`)")

sys.exit(1 if failed else 0)
