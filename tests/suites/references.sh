# shellcheck shell=bash
# references.sh - the references suite of tests/run: run_references.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# The outside references: each JUnit check also runs the Jenkins XSD when
# it is found; say once that it was not.
run_references() {
	[ -n "$XSD" ] && return 0
	skip "references/jenkins-junit-xsd" "not found: every JUnit report is checked by tests/golden/junit.xsd and junit_rules.py only; put shared/ beside the clone or set SHAKEDOWN_JUNIT_XSD=jenkins-junit.xsd"
}
