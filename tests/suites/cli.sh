# shellcheck shell=bash
# cli.sh - the cli suite of tests/run: run_cli.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# tests/cli.cases: "exit | args | text that stdout+stderr must hold", one a line.
run_cli() {
	local line want args text out rc n=0
	while IFS= read -r line; do
		case $line in ""|"#"*) continue ;; esac
		n=$((n + 1))
		want=$(echo "${line%%|*}" | tr -d ' ')
		args=${line#*|}; text=${args#*|}; args=${args%%|*}
		text=$(echo "$text" | sed 's/^ *//; s/ *$//')
		read -r -a argv <<< "$args"
		out=$("$SHAKEDOWN" "${argv[@]}" 2>&1 < /dev/null); rc=$?
		printf 'args: %s\nexit %s (expected %s)\nexpected text: %s\n--- output\n%s\n' \
		    "$args" "$rc" "$want" "$text" "$out" > "$tmp/cli.log"
		if [ "$rc" = "$want" ] && grep -qF -- "$text" <<< "$out"; then
			pass "cli/$n:$args"
		else
			fail "cli/$n:$args" "$tmp/cli.log"
		fi
	done < tests/cli.cases
}
