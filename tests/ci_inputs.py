#!/usr/bin/env python3
"""ci_inputs.py FILE... - what GitLab's schema cannot see in our templates:
a component's every $[[ inputs.x ]] is declared in its spec: header and
every declared input is used; an include: that passes inputs to one of
ours passes only declared ones; every job that runs shakedown keeps its
report (artifacts: when: always, reports: junit)."""
import os
import re
import sys

import yaml


class Loader(yaml.SafeLoader):
    pass


Loader.add_constructor("!reference", lambda l, n: l.construct_sequence(n))


def declared(path):
    docs = list(yaml.load_all(open(path), Loader=Loader))
    if len(docs) < 2 or "spec" not in (docs[0] or {}):
        return None
    return set((docs[0]["spec"].get("inputs") or {}).keys())


bad = []
for path in sys.argv[1:]:
    text = open(path).read()
    names = declared(path)
    body = text.split("\n---\n", 1)[-1]
    used = set(re.findall(r"\$\[\[\s*inputs\.([\w-]+)\s*\]\]", body))
    if names is not None:
        bad += [f"{path}: input '{u}' used but not declared" for u in used - names]
        bad += [f"{path}: input '{n}' declared but never used" for n in names - used]
    doc = list(yaml.load_all(text, Loader=Loader))[-1] or {}
    for inc in doc.get("include") or []:
        if not isinstance(inc, dict) or "inputs" not in inc:
            continue
        target = os.path.join(os.path.dirname(path), os.path.basename(inc.get("file", "")))
        want = declared(target) if os.path.exists(target) else None
        if want is None:
            bad.append(f"{path}: inputs passed to {inc.get('file')}, which has no spec:")
            continue
        bad += [f"{path}: {inc['file']} has no input '{k}'" for k in set(inc["inputs"]) - want]
    def artifacts(job, depth=0):
        """A job's artifacts:, or those of the job it extends."""
        if "artifacts" in job or depth > 5:
            return job.get("artifacts") or {}
        parent = doc.get(job.get("extends")) if isinstance(job.get("extends"), str) else None
        return artifacts(parent, depth + 1) if isinstance(parent, dict) else {}

    for name, job in doc.items():
        if not isinstance(job, dict) or "shakedown run" not in str(job.get("script", "")):
            continue
        art = artifacts(job)
        if art.get("when") != "always" or "junit" not in (art.get("reports") or {}):
            bad.append(f"{path}: job {name} does not keep its JUnit report always")
for b in bad:
    print(b)
sys.exit(1 if bad else 0)
