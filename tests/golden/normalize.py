#!/usr/bin/env python3
"""normalize.py REPORT [DIR] - prints a JUnit report with what changes from
run to run replaced: times, timestamps, host names, ports, run ids, dates,
and the run's folder DIR (as REPORT-DIR)."""
import re
import sys

text = open(sys.argv[1], encoding="utf-8").read()
if len(sys.argv) > 2:
    text = text.replace(sys.argv[2], "REPORT-DIR")
rules = [
    (r'time="[0-9.]+"', 'time="T"'),
    (r'timestamp="[^"]+"', 'timestamp="TS"'),
    (r'hostname="[^"]+"', 'hostname="HOST"'),
    (r'127\.0\.0\.1:\d+', '127.0.0.1:PORT'),
    (r'shakedown-[0-9a-f]{12}-', 'shakedown-RUN-'),
    (r'bodies/[0-9a-f]{12}-', 'bodies/RUN-'),
    (r'shakedown-test-[0-9a-f]{12}/', 'shakedown-test/'),   # tests/run's per-run images
    (r'\[\d+ ms\]', '[N ms]'),
    (r'after \d+ ms, \d+ attempts?', 'after N ms, N attempts'),
    (r'\(\d+ ms\)', '(N ms)'),
    (r'Date: [^\n<]+', 'Date: DATE'),
    (r'after \d+ ms', 'after N ms'),
    (r'container [0-9a-f]{12}', 'container ID'),
    (r'app at http://[^\n]*\n', ''),
    (r'(GET http://127\.0\.0\.1:PORT/[^:\s]*): [^\n"&]+', r'\1: REASON'),   # a crashing app may die before
]                                       # its port is known
for pat, rep in rules:
    text = re.sub(pat, rep, text)
sys.stdout.write(text)
