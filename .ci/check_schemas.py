"""Validates the shipped configuration files against the JSON Schemas in schemas/."""
import json
import pathlib
import sys

import jsonschema
import yaml

root = pathlib.Path(__file__).resolve().parent.parent
pairs = [
    ("meyasu.schema.json", ["samples/meyasu.yaml"]),
    ("form-profile.schema.json", sorted(str(p.relative_to(root)) for p in (root / "samples/forms").glob("*.yaml"))),
    ("organization.schema.json", ["samples/organization.yaml"]),
]
failed = 0
for schema_name, files in pairs:
    schema = json.loads((root / "schemas" / schema_name).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    for name in files:
        document = yaml.safe_load((root / name).read_text(encoding="utf-8"))
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
        for error in errors:
            print(f"{name}: {'/'.join(map(str, error.path)) or '(top)'}: {error.message}")
        failed += bool(errors)
        print(f"schema {schema_name}: {name} {'FAILED' if errors else 'ok'}")
for name in ["import-report.schema.json", "proposals-list.schema.json"]:
    jsonschema.Draft202012Validator.check_schema(json.loads((root / "schemas" / name).read_text(encoding="utf-8")))
    print(f"schema {name}: well-formed")
sys.exit(1 if failed else 0)
