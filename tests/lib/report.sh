# shellcheck shell=bash
# report.sh - pass, fail and skip lines and the count; the JUnit checks every report goes through.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# pass NAME / fail NAME LOGFILE
pass() { passed=$((passed + 1)); printf 'ok   %s\n' "$1"; }

fail() {
	failed=$((failed + 1)); failures+=("$1")
	printf 'FAIL %s\n' "$1"
	[ -n "${2:-}" ] && [ -f "$2" ] && sed 's/^/    | /' "$2" | head -n 60
	if [ -n "${KEEP_LOGS:-}" ] && [ -n "${2:-}" ]; then
		mkdir -p "$KEEP_LOGS" && cp "$2" "$KEEP_LOGS/$(echo "$1" | tr '/ ' '__').log"
	fi
}

# skip NAME WHY: a check that could not run here, and how to enable it.
# With REQUIRE_REFERENCES=1 (CI) a missing outside reference fails.
skip() {
	if [ "${REQUIRE_REFERENCES:-0}" = 1 ]; then
		fail "$1 (REQUIRE_REFERENCES=1: $2)"; return
	fi
	skipped=$((skipped + 1)); printf 'skip %s (%s)\n' "$1" "$2"
}

# skip_engine NAME WHY: a case the engine under test cannot pass because
# it lacks what the case checks (Podman: see run_podman); always a skip.
skip_engine() {
	skipped=$((skipped + 1)); printf 'skip %s (%s)\n' "$1" "$2"
}

# skip_optional NAME WHY: a check left out unless an environment variable
# asks for it (WHY says which); always a skip.
skip_optional() {
	skipped=$((skipped + 1)); printf 'skip %s (%s)\n' "$1" "$2"
}

# junit_ok REPORT LOG: the project's own JUnit schema and GitLab's rules as
# written down here (tests/golden/junit_rules.py), then the Jenkins XSD
# when it is found.
junit_ok() {
	xmllint --noout --schema "$OWN_XSD" "$1" >> "$2" 2>&1 &&
	    python3 tests/golden/junit_rules.py "$1" >> "$2" 2>&1 &&
	    { [ -z "$XSD" ] || xmllint --noout --schema "$XSD" "$1" >> "$2" 2>&1; }
}
