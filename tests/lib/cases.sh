# shellcheck shell=bash
# cases.sh - an e2e case: its directives (leading '# key: value' lines) and running it.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# Directives: leading "# key: value" lines of an e2e spec.
directive() { sed -n "s/^# $2: //p" "$1"; }

# have_chromium: Debian's chromium is on the PATH (browser: tests drive it;
# scripts/deps.sh --test installs it).
have_chromium() { command -v chromium > /dev/null 2>&1; }

# case_unmet SPEC: why the machine cannot run the case (its "# needs:"),
# or nothing; the suite reports such a case as skipped.
case_unmet() {
	case $(directive "$1" needs) in
	ipv6) [ -n "${V6_URL:-}" ] || echo "no IPv6 loopback (::1) to listen on here" ;;
	chromium) have_chromium ||
	    echo "no chromium on the PATH: scripts/deps.sh --test installs it" ;;
	esac
}

check_case() {
	local spec=$1 log=$2 dir=$3 want rc=0 s args=() junit="$dir/junit.xml" color
	local t0 t1 lim st project
	# The case's folder stands for the project folder (GitLab's
	# CI_PROJECT_DIR, which attachments are relative to), unless the case
	# sets one; ${CASE_DIR} names it in args.
	local -x CASE_DIR=$dir
	project=$(directive "$spec" env | tr ' ' '\n' | sed -n 's/^CI_PROJECT_DIR=//p')
	project=${project:-$dir}
	want=$(directive "$spec" exit); want=${want:-0}
	# ${NAME} in args comes from the environment (never evaluated as shell).
	read -r -a args <<< "$(directive "$spec" args | perl -pe 's/\$\{(\w+)\}/$ENV{$1}/g')"
	color=--no-color
	[ "$(directive "$spec" color)" = auto ] && color=
	if [ "$(directive "$spec" needs)" = docker ] && [ -z "${TEST_IMAGE:-}" ]; then
		echo "needs a Docker Engine; none answers (${DOCKER_HOST:-unix:///var/run/docker.sock})" > "$log"
		return 1
	fi
	t0=$(date +%s.%N)
	env CI_PROJECT_DIR="$dir" "${case_env[@]}" $(directive "$spec" env) "$SHAKEDOWN" run $color --junit "$junit" \
	    --report-dir "$dir/report" "${args[@]}" "$spec" > "$dir/stdout" 2> "$dir/stderr"
	rc=$?
	t1=$(date +%s.%N)
	{ echo "command: $SHAKEDOWN run --junit $junit ${args[*]} $spec"
	  echo "exit $rc (expected $want)"; echo "--- stdout"; cat "$dir/stdout"
	  echo "--- stderr"; cat "$dir/stderr"; } > "$log"
	[ "$rc" = "$want" ] || return 1
	while IFS= read -r s; do
		[ -n "$s" ] || continue
		grep -qF -- "$(printf '%b' "$s")" "$dir/stdout" ||
		    { echo "stdout lacks: $s" >> "$log"; return 1; }
	done <<< "$(directive "$spec" stdout)"
	while IFS= read -r s; do
		[ -n "$s" ] || continue
		grep -qF -- "$s" "$dir/stderr" || { echo "stderr lacks: $s" >> "$log"; return 1; }
	done <<< "$(directive "$spec" stderr)"
	while IFS= read -r s; do
		[ -n "$s" ] || continue
		grep -qF -- "$(printf '%b' "$s")" "$dir/stdout" &&
		    { echo "stdout has, but must not: $s" >> "$log"; return 1; }
	done <<< "$(directive "$spec" stdout-lacks)"
	if [ "$(directive "$spec" junit)" = valid ]; then
		CI_PROJECT_DIR=$project junit_ok "$junit" "$log" || return 1
		if LC_ALL=C grep -qP '[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]' "$junit"; then
			echo "junit holds a control byte" >> "$log"; return 1
		fi
	fi
	while IFS= read -r s; do
		[ -n "$s" ] || continue
		grep -qF -- "$s" "$junit" || { echo "junit lacks: $s" >> "$log"; return 1; }
	done <<< "$(directive "$spec" junit-has)"
	# A secret must leave no trace in any output of the run.
	while IFS= read -r s; do
		[ -n "$s" ] || continue
		python3 tests/no_trace.py "$s" "$dir" >> "$log" || return 1
	done <<< "$(directive "$spec" no-trace)"
	# Behaviour bounds, far from any speed target: fail fast, deadlines
	# (not under valgrind, which runs every instruction 20 to 50 times slower).
	[ -n "${VALGRIND:-}" ] && return 0
	lim=$(directive "$spec" max-seconds)
	if [ -n "$lim" ] && ! awk -v a="$t0" -v b="$t1" -v l="$lim" 'BEGIN { exit !(b - a <= l) }'; then
		echo "took $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') s, more than $lim s" >> "$log"
		return 1
	fi
	lim=$(directive "$spec" start-seconds)
	if [ -n "$lim" ]; then
		st=$(xmllint --xpath 'string(//testcase[contains(@name, ": start")]/@time)' "$junit")
		echo "start testcase took $st s (bounds $lim)" >> "$log"
		awk -v t="$st" -v lo="${lim%-*}" -v hi="${lim#*-}" 'BEGIN { exit !(t >= lo && t <= hi) }' || return 1
	fi
	return 0
}
