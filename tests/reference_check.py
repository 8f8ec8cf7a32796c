#!/usr/bin/env python3
"""reference_check.py SCHEMA README - checks that the spec reference
(specs/README.md) mentions every key of the spec's JSON Schema
(specs/schema.json).

Every property name in the schema counts, at any depth: the names under
each `properties`, wherever it sits (top level, $defs, anyOf branches,
items...). The names of $defs entries and the patterns of
patternProperties are not keys and are left out.

A key is mentioned when the reference has it as code: an inline code span
that is the key (`key`, `key:`) or holds it as a YAML mapping key
(`key: value`, `{ key: 1, other: 2 }`), or a fenced YAML code block with a
line holding it as a mapping key (`key: 1`, `  key:`, `- key: x`,
`{ key: 1, other: 2 }`). A word that merely appears in prose does not
count, nor does a name in a list like `{ a, b }`.

Exit 0 printing "N keys, all documented"; exit 1 listing each missing key
with the schema paths where it occurs; exit 2 on bad usage."""
import json
import re
import sys

# Keywords whose value is one subschema.
ONE = ("additionalProperties", "items", "not", "contains", "propertyNames",
       "if", "then", "else", "unevaluatedProperties", "unevaluatedItems",
       "additionalItems", "contentSchema")
# Keywords whose value is a list of subschemas.
MANY = ("allOf", "anyOf", "oneOf", "prefixItems")
# Keywords whose value maps names (not keys of a spec) to subschemas.
NAMED = ("$defs", "definitions", "patternProperties", "dependentSchemas")


def pointer(path):
    return "#" + "".join(
        "/" + str(p).replace("~", "~0").replace("/", "~1") for p in path)


def walk(node, path, keys):
    """Adds to keys {name: [schema paths]} every property name under node."""
    if not isinstance(node, dict):
        return
    for kw, val in node.items():
        if kw == "properties" and isinstance(val, dict):
            for name, sub in val.items():
                where = path + ["properties", name]
                keys.setdefault(name, []).append(pointer(where))
                walk(sub, where, keys)
        elif kw in NAMED and isinstance(val, dict):
            for name, sub in val.items():
                walk(sub, path + [kw, name], keys)
        elif kw in ONE:
            walk(val, path + [kw], keys)
        elif kw in MANY and isinstance(val, list):
            for i, sub in enumerate(val):
                walk(sub, path + [kw, i], keys)


# `key:` where YAML has a mapping key: at the start (after indentation and
# "- "), or after "{" or "," in a flow mapping; a quoted key too.
KEY = re.compile(r"(?:^\s*(?:-\s+)*|[{,]\s*)"
                 r"([^\s:{},\[\]#\"'][^\s:{},\[\]]*|\"[^\"]+\"|'[^']+')"
                 r":(?=\s|$)")


def yaml_keys(line):
    return {k.strip("\"'") for k in KEY.findall(line)}


FENCE = re.compile(r"^\s*(```+|~~~+)\s*([A-Za-z0-9_+-]*)")
SPAN = re.compile(r"(`+)(.+?)\1", re.S)


def mentions(text):
    """The set of names the reference has as code."""
    found = set()
    prose = []
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = FENCE.match(lines[i])
        if not m:
            prose.append(lines[i])
            i += 1
            continue
        fence, lang = m.group(1), m.group(2).lower()
        i += 1
        block = []
        while i < len(lines) and not lines[i].lstrip().startswith(fence):
            block.append(lines[i])
            i += 1
        i += 1
        prose.append("")
        if lang in ("yaml", "yml"):
            for line in block:
                found.update(yaml_keys(re.sub(r"(^|\s)#.*$", "", line)))
    for m in SPAN.finditer("\n".join(prose)):
        code = " ".join(m.group(2).split())
        found.add(code[:-1] if code.endswith(":") else code)
        found.update(yaml_keys(code))
    return found


def main():
    if len(sys.argv) != 3:
        print("usage: reference_check.py SCHEMA README", file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    with open(sys.argv[2], encoding="utf-8") as f:
        text = f.read()
    keys = {}
    walk(schema, [], keys)
    known = mentions(text)
    missing = sorted(k for k in keys if k not in known)
    for k in missing:
        print(f"{sys.argv[2]}: key '{k}' is not documented "
              f"(schema: {', '.join(keys[k])})")
    if missing:
        print(f"{len(missing)} of {len(keys)} keys not documented")
        return 1
    print(f"{len(keys)} keys, all documented")
    return 0


if __name__ == "__main__":
    sys.exit(main())
