#!/usr/bin/env python3
"""schema_check.py SCHEMA SPEC - checks that specs/schema.json agrees with
the loader on SPEC: examples and e2e specs must validate; every malformed
spec under tests/bad/ must be rejected by the schema too, unless it carries
a "# schema: valid" line (its fault is beyond a JSON Schema: a bad regex,
an undefined variable, a duplicate name...)."""
import json
import sys

import jsonschema
import yaml


def load(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    if path.endswith(".json"):
        return json.loads(text), text
    return yaml.safe_load(text), text


def main():
    schema_path, spec = sys.argv[1], sys.argv[2]
    with open(schema_path, encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = "/bad/" in spec
    try:
        doc, text = load(spec)
        errors = sorted(validator.iter_errors(doc), key=lambda e: e.path)
    except (ValueError, yaml.YAMLError) as e:
        if bad:
            return 0
        print(f"{spec}: cannot parse: {e}")
        return 1
    want_valid = not bad or "# schema: valid" in text
    if want_valid and errors:
        for e in errors:
            print(f"{spec}: {list(e.path)}: {e.message}")
        return 1
    if not want_valid and not errors:
        print(f"{spec}: the loader rejects it but the schema accepts it")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
