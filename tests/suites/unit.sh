# shellcheck shell=bash
# unit.sh - the unit suite of tests/run: run_unit.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

run_unit() {
	local log="$tmp/unit.log" line name
	"$UNIT" > "$log" 2>&1
	while IFS= read -r line; do
		case $line in
		"ok   "*) pass "unit/${line#ok   }" ;;
		"FAIL "*) name=${line#FAIL }
			grep -A0 -B30 "^FAIL $name\$" "$log" | grep '^    ' > "$tmp/unit-$name.log"
			fail "unit/$name" "$tmp/unit-$name.log" ;;
		esac
	done < "$log"
	if ! grep -q ' passed, 0 failed$' "$log"; then
		grep -q ' passed, ' "$log" || fail "unit (crashed)" "$log"
	fi
}
