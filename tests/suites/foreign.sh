# shellcheck shell=bash
# foreign.sh - the foreign suite of tests/run: run_foreign.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# The foreign container, network and volume made at the start are still
# there after every other suite.
run_foreign() {
	[ -n "$foreign" ] || return 0
	if docker container inspect "shakedown-foreign-$run_tag" > /dev/null 2>&1 &&
	    docker network inspect "shakedown-foreign-$run_tag" > /dev/null 2>&1 &&
	    docker volume inspect "shakedown-foreign-$run_tag" > /dev/null 2>&1; then
		pass "lifecycle/another-runs-objects-survive"
	else
		fail "lifecycle/another-runs-objects-survive"
	fi
}
