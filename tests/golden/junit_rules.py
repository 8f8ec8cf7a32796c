#!/usr/bin/env python3
"""junit_rules.py REPORT - the rules of ../shared/junit/GITLAB.md that an
XSD cannot check: no byte GitLab's parser rejects, XML 1.0, exactly one
<system-out> at most per testcase and never an empty one with attributes,
no type="symbol"/"yaml", failure and error text (not only a message),
classname + name unique in the whole report (GitLab keeps one of equal
keys), a file on every testcase, at most 30 MiB, and attachments GitLab
can open: only on failed tests, the first line of <system-out>, a path
relative to the project folder (CI_PROJECT_DIR, else the working
directory) of a file that exists; no other "[[ATTACHMENT|" anywhere (the
app's text must not forge one)."""
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
    base = os.environ.get("CI_PROJECT_DIR") or "."
    failed = bool(case.findall("failure") or case.findall("error"))
    texts = [(p.tag, p.text or "") for p in case] + [("name", case.get("name") or "")]
    for tag, text in texts:
        marks = [m.start() for m in re.finditer(re.escape("[[ATTACHMENT|"), text)]
        if tag == "system-out" and marks and marks[0] == 0:
            marks = marks[1:]       # shakedown's own link, the first line
            m = re.match(r"\[\[ATTACHMENT\|([^\]\[|\n]*)\]\]\n", text)
            if not m:
                bad.append(f"testcase {key}: a malformed attachment line")
            elif not failed:
                bad.append(f"testcase {key}: an attachment on a passing test")
            elif m.group(1).startswith("/"):
                bad.append(f"testcase {key}: attachment {m.group(1)} is not relative "
                           "to the project folder")
            elif not os.path.isfile(os.path.join(base, m.group(1))):
                bad.append(f"testcase {key}: attachment {m.group(1)} does not exist "
                           f"in {base}")
        if marks:
            bad.append(f"testcase {key}: a forged [[ATTACHMENT| in <{tag}>")
for b in bad:
    print(f"{path}: {b}")
sys.exit(1 if bad else 0)
