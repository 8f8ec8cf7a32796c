# shellcheck shell=bash
# reports.sh - the reports suite of tests/run: run_reports.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# --tap, --json, --html on a run with passes, failures and an error: prove
# parses the TAP, the JSON holds every expectation, headless Chromium
# renders the HTML (which loads nothing from outside).
run_reports() {
	local d="$tmp/reports" n
	mkdir -p "$d"
	"$SHAKEDOWN" run --no-color --tap "$d/r.tap" --json "$d/r.json" --html "$d/r.html" \
	    --report-dir "$d/report" tests/e2e/pass.yaml tests/e2e/fail-every-kind.yaml \
	    tests/e2e/refused.yaml > "$d/log" 2>&1
	if prove -e cat "$d/r.tap" > "$d/prove" 2>&1; grep -q 'Tests: 12 Failed: 2)' "$d/prove" &&
	    ! grep -q 'Parse errors' "$d/prove"; then
		pass "reports/tap"
	else
		fail "reports/tap" "$d/prove"
	fi
	if python3 - "$d/r.json" > "$d/json.log" 2>&1 <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["summary"]["passed"] == 9 and d["summary"]["failed"] == 1 and d["summary"]["errors"] == 1 and d["summary"]["skipped"] == 1, d["summary"]
t = d["suites"][1]["tests"][1]
assert t["status"] == "failed" and len(t["assertions"]) == 6, t
assert [a["ok"] for a in t["assertions"]] == [False] * 6
ok = d["suites"][0]["tests"][0]["assertions"]
assert ok and all(a["ok"] and a["message"] is None for a in ok), ok
PY
	then
		pass "reports/json"
	else
		fail "reports/json" "$d/json.log"
	fi
	if ! command -v chromium > /dev/null; then
		fail "reports/html (chromium is needed)"; return
	fi
	timeout 120 chromium --headless --no-sandbox --disable-gpu --dump-dom \
	    "file://$d/r.html" > "$d/dom" 2> "$d/chromium.log"
	n=$(grep -o 'class="t failed"' "$d/dom" | wc -l)
	if [ "$n" = 1 ] && grep -q 'header .x-missing.: expected to be present' "$d/dom" &&
	    grep -q 'e2e-pass' "$d/dom" && ! grep -qE '(src|href)="(https?:)?//' "$d/r.html"; then
		pass "reports/html"
	else
		fail "reports/html ($n failed tests rendered)" "$d/chromium.log"
	fi
	reports_markdown "$d"
}

# --markdown FILE: the totals, a row per suite in command-line order (with
# --jobs too), each failure with its lines in a code block; names and
# lines that would break Markdown (pipes, HTML, backticks, GitLab's
# references, a quick action) stay text, as cmark-gfm (GitHub's and GitLab's
# CommonMark with tables) renders them.
reports_markdown() {
	local d=$1 log="$1/md.log"
	cat > "$d/md.yaml" <<'YAML'
name: "md | <b>bold</b> @all #1"
base_url: ${BASE_URL}
tests:
  - name: "a|b `x` <script>s</script>"
    get: /hello
    expect:
      body: { equals: "``` <i>i</i> /merge | ````" }
YAML
	"$SHAKEDOWN" run --no-color -j 4 --markdown "$d/r.md" --report-dir "$d/report-md" \
	    tests/e2e/pass.yaml tests/e2e/fail-every-kind.yaml tests/e2e/refused.yaml \
	    "$d/md.yaml" > "$log" 2>&1
	if ! command -v cmark-gfm > /dev/null; then
		fail "reports/markdown (cmark-gfm is needed)"; return
	fi
	cmark-gfm -e table "$d/r.md" > "$d/md.html" 2>> "$log"
	if python3 - "$d/r.md" "$d/md.html" >> "$log" 2>&1 <<'PY'
import re, sys
md = open(sys.argv[1], encoding="utf-8").read()
html = open(sys.argv[2], encoding="utf-8").read()
lines = md.split("\n")
assert re.fullmatch(r"## ❌ shakedown: 9 passed, 3 failed, 1 skipped · 4 spec files · [0-9.]+ s", lines[0]), lines[0]
rows = [l for l in lines if l.startswith("| ") and not l.startswith("| Suite") and not l.startswith("| :")]
want = [r"e2e-pass \| 8 \| 8 \| 0 \| 0", r"e2e-fail \| 2 \| 1 \| 1 \| 0", r"e2e-refused \| 2 \| 0 \| 1 \| 1",
        r"md \\\| \\<b\\>bold\\</b\\> \\@all \\#1 \| 1 \| 0 \| 1 \| 0"]
assert len(rows) == 4 and all(re.match(r"\| " + w + r" \| [0-9.]+ s \|$", r) for r, w in zip(rows, want)), rows
for f in ["**e2e-fail › everything is wrong** · `tests/e2e/fail-every-kind.yaml:19`",
          "\n  status: expected one of 200, 201, got 404 Not Found\n",
          "\n  header 'x-missing': expected to be present\n",
          "\n  error: GET http://127.0.0.1:"]:
    assert f in md, f
# Rendered: one table of 6 columns, no tag from a name or a body, the
# failure's line whole in a code block.
assert html.count("<table>") == 1 and html.count("<tr>") == 5, html
assert html.count("<td ") == 4 * 6 and html.count("<th ") == 6
assert not re.search(r"<(b|i|script)>", html), html
assert "<td align=\"left\">md | &lt;b&gt;bold&lt;/b&gt; @all #1</td>" in html
assert "<strong>md | &lt;b&gt;bold&lt;/b&gt; @all #1 › a|b `x` &lt;script&gt;s&lt;/script&gt;</strong>" in html
assert "  body: expected &quot;``` &lt;i&gt;i&lt;/i&gt; /merge | ````&quot;, got" in html
assert html.count("<pre><code>") == 3 and not re.search(r"^/", md, re.M)
PY
	then
		pass "reports/markdown"
	else
		fail "reports/markdown" "$log"
	fi
}
