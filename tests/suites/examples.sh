# shellcheck shell=bash
# examples.sh - the examples suite of tests/run: run_examples.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# The todo example (a JSON API, an HTML page, an Atom feed, a front end
# driven in Chromium) against its real app, with its API token a secret
# that must leave no trace.  Without chromium the browser spec (ui.yaml)
# is left out and reported as skipped.
run_examples() {
	local dir="$tmp/todo" rc image f specs=()
	if [ -z "${TEST_IMAGE:-}" ]; then
		fail "examples/todo (no Docker Engine answers)"
		return
	fi
	mkdir -p "$dir"
	if ! image=$(specs/examples/todo/build.sh "shakedown-test-$run_tag/todo:latest" 2> "$dir/log"); then
		fail "examples/todo (build.sh failed)" "$dir/log"
		return
	fi
	images+=("$image")
	if have_chromium; then
		specs=(specs/examples/todo/)
	else
		for f in specs/examples/todo/*.yaml; do
			[ "$f" = specs/examples/todo/ui.yaml ] || specs+=("$f")
		done
		skip "examples/todo/ui.yaml" "no chromium on the PATH: scripts/deps.sh --test installs it"
	fi
	TODO_IMAGE=$image API_TOKEN=ex4mple/T0ken+9 "$SHAKEDOWN" run --no-color \
	    --junit "$dir/junit.xml" --report-dir "$dir/report" -v "${specs[@]}" \
	    > "$dir/stdout" 2> "$dir/stderr"
	rc=$?
	{ echo "exit $rc"; cat "$dir/stdout" "$dir/stderr"; } > "$dir/log"
	if [ "$rc" = 0 ] && grep -qE '^[0-9]{2,} passed, 0 failed$' "$dir/stdout" &&
	    junit_ok "$dir/junit.xml" "$dir/log" &&
	    python3 tests/no_trace.py ex4mple/T0ken+9 "$dir" >> "$dir/log"; then
		pass "examples/todo"
	else
		fail "examples/todo" "$dir/log"
	fi
	if have_chromium; then
		examples_ui_fails "$image"
	else
		skip "examples/todo-ui-fails" "no chromium on the PATH: scripts/deps.sh --test installs it"
	fi
}

# The todo front end's deliberately failing browser test
# (tests/examples/todo-ui-fails.yaml) against the same image: exit 1; the
# failed testcase carries [[ATTACHMENT|….png]], a file that exists (relative
# to the project folder, CI_PROJECT_DIR) and is a PNG; the HTML report
# shows that image (<img>); the console names the file; the token typed
# into the page's password field leaves no trace.
examples_ui_fails() {
	local image=$1 dir="$tmp/todo-ui-fails" rc att png
	mkdir -p "$dir"
	CI_PROJECT_DIR=$dir TODO_IMAGE=$image API_TOKEN=ex4mple/T0ken+9 "$SHAKEDOWN" run \
	    --no-color --junit "$dir/junit.xml" --html "$dir/report.html" \
	    --report-dir "$dir/report" tests/examples/todo-ui-fails.yaml \
	    > "$dir/stdout" 2> "$dir/stderr"
	rc=$?
	att=$(grep -o '\[\[ATTACHMENT|[^]|]*\.png\]\]' "$dir/junit.xml" 2> /dev/null | head -n 1 |
	    sed 's/^\[\[ATTACHMENT|//; s/\]\]$//')
	png=$dir/$att
	{ echo "exit $rc (expected 1)"; echo "attachment: ${att:-none}"; cat "$dir/stdout" "$dir/stderr"
	  ls -lR "$dir/report"; } > "$dir/log" 2>&1
	if [ "$rc" = 1 ] && grep -qE '^[0-9]+ passed, 1 failed$' "$dir/stdout" &&
	    examples_png_ok "$dir" "$att" >> "$dir/log" 2>&1 &&
	    grep -qF "$(basename "$png")" "$dir/stdout" &&
	    CI_PROJECT_DIR=$dir junit_ok "$dir/junit.xml" "$dir/log" &&
	    python3 tests/no_trace.py ex4mple/T0ken+9 "$dir" >> "$dir/log"; then
		pass "examples/todo-ui-fails (screenshot attached, a PNG, shown in the HTML report)"
	else
		fail "examples/todo-ui-fails" "$dir/log"
	fi
}

# examples_png_ok DIR ATT: ATT (relative to DIR) is a PNG, the attachment
# of the failed browser testcase of DIR/junit.xml, and DIR/report.html has
# an <img> of those very bytes (a path relative to the report, or a data:
# URL).  Says what is wrong.
examples_png_ok() {
	local dir=$1 att=$2 sig name
	[ -n "$att" ] || { echo "no [[ATTACHMENT|….png]] in junit.xml"; return 1; }
	[ -f "$dir/$att" ] || { echo "the attachment $att does not exist"; return 1; }
	sig=$(head -c 8 "$dir/$att" | od -An -tx1 | tr -d ' \n')
	[ "$sig" = 89504e470d0a1a0a ] || { echo "$att is not a PNG (starts $sig)"; return 1; }
	name=$(xmllint --xpath "string(//testcase[failure][contains(., '[[ATTACHMENT|$att]]')]/@name)" \
	    "$dir/junit.xml" 2> /dev/null)
	case $name in
	*"never added"*) ;;
	*) echo "the attachment is not on the failed browser testcase (got '${name}')"; return 1 ;;
	esac
	python3 - "$dir/report.html" "$dir/$att" <<-'PY'
	import base64, html.parser, os, sys, urllib.parse
	report, png = sys.argv[1], open(sys.argv[2], "rb").read()
	srcs = []
	class P(html.parser.HTMLParser):
	    def handle_starttag(self, tag, attrs):
	        if tag == "img":
	            srcs.append(dict(attrs).get("src") or "")
	P().feed(open(report, encoding="utf-8").read())
	for s in srcs:
	    if s.startswith("data:image/png;base64,"):
	        if base64.b64decode(s.split(",", 1)[1]) == png:
	            sys.exit(0)
	        continue
	    f = os.path.join(os.path.dirname(report), urllib.parse.unquote(s))
	    if os.path.isfile(f) and open(f, "rb").read() == png:
	        sys.exit(0)
	print(f"report.html has no <img> of the screenshot (img src: {srcs})")
	sys.exit(1)
	PY
}
