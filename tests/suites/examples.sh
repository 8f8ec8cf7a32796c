# shellcheck shell=bash
# examples.sh - the examples suite of tests/run: run_examples.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# The todo example (a JSON API, an HTML page, an Atom feed) against its
# real app, with its API token a secret that must leave no trace.
run_examples() {
	local dir="$tmp/todo" rc image
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
	TODO_IMAGE=$image API_TOKEN=ex4mple/T0ken+9 "$SHAKEDOWN" run --no-color \
	    --junit "$dir/junit.xml" --report-dir "$dir/report" -v specs/examples/todo/ \
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
}
