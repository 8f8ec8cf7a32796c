#!/usr/bin/env python3
"""junit_rules.py REPORT - the rules of ../shared/junit/GITLAB.md that an
XSD cannot check: no byte GitLab's parser rejects, XML 1.0, exactly one
<system-out> at most per testcase and never an empty one with attributes,
no type="symbol"/"yaml", failure and error text (not only a message),
unique classname + name, a file on every testcase, at most 30 MiB."""
import os
import re
import sys
import xml.etree.ElementTree as ET

path = sys.argv[1]
raw = open(path, "rb").read()
bad = []
if len(raw) > 30 << 20:
    bad.append("over 30 MiB")
if re.search(rb"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|&#(0*27|0+|x0*1b);", raw):
    bad.append("a control character")
try:
    raw.decode("utf-8")
except UnicodeDecodeError:
    bad.append("invalid UTF-8")
if not raw.startswith(b'<?xml version="1.0"'):
    bad.append("not XML 1.0")
root = ET.fromstring(raw)
seen = set()
for el in root.iter():
    if el.get("type") in ("symbol", "yaml"):
        bad.append(f"type={el.get('type')} on <{el.tag}>")
for case in root.iter("testcase"):
    key = (case.get("classname"), case.get("name"))
    if key in seen:
        bad.append(f"duplicate testcase {key}")
    seen.add(key)
    if not case.get("file"):
        bad.append(f"testcase {key} has no file")
    outs = case.findall("system-out")
    if len(outs) > 1:
        bad.append(f"testcase {key} has {len(outs)} <system-out>")
    for o in outs:
        if not (o.text or "").strip() and o.attrib:
            bad.append(f"testcase {key}: empty <system-out> with attributes")
    for p in case.findall("failure") + case.findall("error"):
        if not (p.text or "").strip():
            bad.append(f"testcase {key}: <{p.tag}> without text")
    att = [m for o in outs for m in re.findall(r"\[\[ATTACHMENT\|([^\]]*)\]\]", o.text or "")]
    if att and not (case.findall("failure") or case.findall("error")):
        bad.append(f"testcase {key}: an attachment on a passing test")
    for a in att:
        if not os.path.exists(a):
            bad.append(f"testcase {key}: attachment {a} does not exist")
for b in bad:
    print(f"{path}: {b}")
sys.exit(1 if bad else 0)
