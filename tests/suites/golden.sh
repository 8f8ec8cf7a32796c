# shellcheck shell=bash
# golden.sh - the golden suite of tests/run: run_golden.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# Golden JUnit reports, one per shape (pass, assertion failure, request
# error, never ready, crash; a folder NAME/ of specs run together: suites
# named alike), valid against the XSD, within GitLab's rules
# (tests/golden/junit_rules.py), and equal to tests/golden/NAME.xml once
# what varies is normalised.  The run's folder stands for the project
# folder (CI_PROJECT_DIR).  UPDATE_GOLDEN=1 rewrites the golden files.
run_golden() {
	local spec name d
	for spec in tests/golden/*.yaml tests/golden/*/; do
		[ -e "$spec" ] || continue
		name=$(basename "$spec" .yaml); d="$tmp/golden/$name"
		mkdir -p "$d"
		if grep -rq TEST_IMAGE "$spec" && [ -z "${TEST_IMAGE:-}" ]; then
			fail "golden/$name (no Docker Engine answers)"; continue
		fi
		CI_PROJECT_DIR=$d "$SHAKEDOWN" run --no-color --junit "$d/junit.xml" \
		    --report-dir "$d/report" "$spec" > "$d/log" 2>&1
		python3 tests/golden/normalize.py "$d/junit.xml" "$d" > "$d/got.xml" 2>> "$d/log"
		[ "${UPDATE_GOLDEN:-0}" = 1 ] && cp "$d/got.xml" "tests/golden/$name.xml"
		if CI_PROJECT_DIR=$d junit_ok "$d/junit.xml" "$d/log" &&
		    diff -u "tests/golden/$name.xml" "$d/got.xml" >> "$d/log"; then
			pass "golden/$name"
		else
			fail "golden/$name" "$d/log"
		fi
	done
}
