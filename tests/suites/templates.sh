# shellcheck shell=bash
# templates.sh - the templates suite of tests/run: run_templates.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# Every CI template: its inputs (tests/ci_inputs.py, always), and GitLab's
# schema (../shared/gitlab/ci.json) when found.
run_templates() {
	local f
	for f in ci-templates/*.yml; do
		[ -f "$f" ] || continue
		if python3 tests/ci_inputs.py "$f" > "$tmp/ci.log" 2>&1; then
			pass "ci-templates/inputs/${f#ci-templates/}"
		else
			fail "ci-templates/inputs/${f#ci-templates/}" "$tmp/ci.log"
		fi
		if [ -z "$CI_VALIDATOR" ]; then
			skip "ci-templates/gitlab-schema/${f#ci-templates/}" \
			    "GitLab's CI schema not found: put shared/ beside the clone or set SHAKEDOWN_GITLAB_CI_VALIDATOR=validate-ci.py"
		elif python3 "$CI_VALIDATOR" "$f" > "$tmp/ci.log" 2>&1; then
			pass "ci-templates/gitlab-schema/${f#ci-templates/}"
		else
			fail "ci-templates/gitlab-schema/${f#ci-templates/}" "$tmp/ci.log"
		fi
	done
}
