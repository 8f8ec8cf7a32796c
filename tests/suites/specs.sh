# shellcheck shell=bash
# specs.sh - the specs suite of tests/run: run_specs.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

run_specs() {
	local log="$tmp/specs.log" f
	if "$SHAKEDOWN" check specs/ > "$log" 2>&1; then
		pass "specs/check"
	else
		fail "specs/check" "$log"
	fi
	# Every key of the schema is in the reference (specs/README.md).
	if python3 tests/reference_check.py specs/schema.json specs/README.md > "$log" 2>&1; then
		pass "specs/reference-documents-every-key"
	else
		fail "specs/reference-documents-every-key" "$log"
	fi
	if ! python3 -c 'import jsonschema, yaml' 2>/dev/null; then
		echo "tests/run: python3-jsonschema and python3-yaml are needed" >&2
		fail "specs/schema (python3-jsonschema missing)"
		return
	fi
	for f in specs/examples/*.yaml specs/examples/*.json specs/examples/*/*.yaml \
	    specs/examples/*/*.json tests/e2e/*.yaml tests/e2e/more/*.yaml tests/e2e/compose/*/spec.yaml \
	    tests/e2e/*.json tests/examples/*.yaml tests/bad/*.yaml tests/bad/*.json; do
		[ -f "$f" ] || continue
		if python3 tests/schema_check.py specs/schema.json "$f" > "$log" 2>&1; then
			pass "schema/$f"
		else
			fail "schema/$f" "$log"
		fi
	done
}
