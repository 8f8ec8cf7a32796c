# shellcheck shell=bash
# bad.sh - the bad suite of tests/run: run_bad.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

run_bad() {
	local spec expect log rc n
	for spec in tests/bad/*.yaml tests/bad/*.yml tests/bad/*.json; do
		[ -f "$spec" ] || continue
		expect=${spec%.*}.err
		log="$tmp/bad.log"
		"$SHAKEDOWN" check "$spec" > "$tmp/out" 2> "$tmp/err"
		rc=$?
		{
			echo "exit $rc (expected 2)"
			echo "--- expected stderr"; cat "$expect" 2>/dev/null
			echo "--- got stderr"; cat "$tmp/err"
		} > "$log"
		if [ "$rc" = 2 ] && [ -f "$expect" ] && cmp -s "$expect" "$tmp/err"; then
			pass "bad/${spec#tests/bad/}"
		else
			fail "bad/${spec#tests/bad/}" "$log"
		fi
	done
	# The folder at once: every one of its specs counted invalid.
	n=$(ls tests/bad/*.yaml tests/bad/*.yml tests/bad/*.json 2> /dev/null | wc -l)
	"$SHAKEDOWN" check tests/bad/ > "$tmp/out" 2> "$tmp/err"
	rc=$?
	if [ "$rc" = 2 ] && [ "$(tail -n 1 "$tmp/err")" = "$n of $n spec files invalid" ]; then
		pass "bad/the-whole-folder"
	else
		{ echo "exit $rc, expected 2 and '$n of $n spec files invalid'"; tail -n 3 "$tmp/err"; } > "$tmp/bad.log"
		fail "bad/the-whole-folder" "$tmp/bad.log"
	fi
}
