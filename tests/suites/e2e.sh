# shellcheck shell=bash
# e2e.sh - the e2e suite of tests/run: run_e2e.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

e2e_one() {
	local spec=$1 name=$2 dir="$tmp/e2e/$2"
	mkdir -p "$dir"
	if check_case "$spec" "$dir/log" "$dir"; then
		pass "e2e/$name"
	else
		fail "e2e/$name" "$dir/log"
	fi
}

# Every case; a compose case once under each Compose version (or the one
# its "# compose: v2" directive names).  No compiled test is kept in memory
# (SHAKEDOWN_SPEC_MEMORY=0): each case's tests are read and compiled again
# from their file at their turn, as past the budget of a very long spec;
# the other suites run with the default budget, which keeps them.
# E2E_MATCH=TEXT runs only the cases whose name holds TEXT.
run_e2e() {
	local spec name v only why
	local -x SHAKEDOWN_SPEC_MEMORY=0
	for spec in tests/e2e/*.yaml tests/e2e/*.json tests/e2e/compose/*/spec.yaml; do
		[ -f "$spec" ] || continue
		name=${spec#tests/e2e/}
		[[ $name == *"${E2E_MATCH:-}"* ]] || continue
		why=$(case_unmet "$spec")
		if [ -n "$why" ]; then
			skip "e2e/$name" "$why"
			continue
		fi
		if ! grep -q '^compose:' "$spec"; then
			case_env=()
			e2e_one "$spec" "$name"
			continue
		fi
		only=$(directive "$spec" compose)
		for v in v1 v2; do
			[ -n "$only" ] && [ "$only" != "$v" ] && continue
			if ! compose_has "$v"; then
				skip "e2e/$name[compose $v]" "Compose $v is not available here"
				continue
			fi
			read -r -a case_env <<< "$(compose_env "$v")"
			e2e_one "$spec" "$name[compose $v]"
		done
	done
	case_env=()
}
