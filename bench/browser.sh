#!/usr/bin/env bash
# browser.sh [RUNS] [N] - the cost of browser tests, on the todo example's
# image (its front end at /app/, busybox httpd): one spec of N browser
# tests (open /app/, wait until the script has shown the list, check the
# title, the list and that no error came) then N HTTP tests (GET
# /cgi-bin/todos, its status and a JSONPath), run RUNS times (5) after one
# untimed run.  From each run's JUnit report: the first browser test's time
# is the time from the app being ready to the first browser check, since
# Chromium is started on first use, inside it; the time per browser test
# after it is (sum of the N - first) / (N - 1); the same two for the HTTP
# tests beside them.  Medians of the runs.  Prints "name=value" lines.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
runs=${1:-5}
n=${2:-10}
SHAKEDOWN=${SHAKEDOWN:-./shakedown}
chromium=${SHAKEDOWN_CHROMIUM:-$(command -v chromium || true)}
# Without Chromium there is no figure, and the table says why.
if [ -z "$chromium" ]; then
	echo "browser_skipped=no chromium on the PATH (apt-get install chromium)"
	exit 0
fi
[ "$n" -ge 2 ] || { echo "bench: browser: N must be 2 or more" >&2; exit 1; }
d=$(mktemp -d)
image=shakedown-bench/todo:run-$$	# this run's own, removed at exit
trap 'docker rmi -f "$image" > /dev/null 2>&1; rm -rf "$d"' EXIT
image=$(specs/examples/todo/build.sh "$image" 2> "$d/build.log") ||
    { cat "$d/build.log" >&2; exit 1; }
{
	cat <<SPEC
name: bench-browser
app: { image: "$image", port: 80, env: { API_TOKEN: bench-token-0123 } }
ready: { http: /app/, timeout: 30s }
tests:
SPEC
	for i in $(seq "$n"); do
		cat <<SPEC
  - name: browser $i
    browser:
      open: /app/
      steps:
        - wait: { js: "window.appReady === true" }
    expect:
      title: Todos (0)
      elements: { "#todos li": { count: 0 }, ".empty": { visible: true } }
      errors: { count: 0 }
SPEC
	done
	for i in $(seq "$n"); do
		cat <<SPEC
  - name: http $i
    get: /cgi-bin/todos
    expect: { status: 200, json: { \$: { count: 0 } } }
SPEC
	done
} > "$d/browser.yaml"

# times KIND JUNIT: the times (s) of the testcases "KIND 1".."KIND N", one
# a line, in order
times() {
	xmllint --xpath "//testcase[starts-with(@name, '$1 ')]/@time" "$2" |
	    grep -o '"[0-9.]*"' | tr -d '"'
}
# first_rest KIND JUNIT: "FIRST PER_TEST_AFTER" of those times
first_rest() {
	times "$1" "$2" | awk -v n="$n" '
	NR == 1 { first = $1; next }
	{ rest += $1 }
	END {
		if (NR != n) { print "bench: browser: " NR " " kind " testcases, not " n > "/dev/stderr"; exit 1 }
		printf "%.6f %.6f\n", first, rest / (n - 1) }' kind="$1"
}
run_once() {
	"$SHAKEDOWN" run -q --no-color --junit "$1" --report-dir "$d/report" \
	    "$d/browser.yaml" > "$d/out" 2>&1 || { cat "$d/out" >&2; return 1; }
}
say "browser tests: warming up"
run_once "$d/warm.xml"
: > "$d/bfirst"; : > "$d/brest"; : > "$d/hfirst"; : > "$d/hrest"; : > "$d/wall"
for r in $(seq "$runs"); do
	say "browser tests, run $r of $runs"
	wall "$d/wall" run_once "$d/j$r.xml"
	read -r f p <<< "$(first_rest browser "$d/j$r.xml")"
	echo "$f" >> "$d/bfirst"; echo "$p" >> "$d/brest"
	read -r f p <<< "$(first_rest http "$d/j$r.xml")"
	echo "$f" >> "$d/hfirst"; echo "$p" >> "$d/hrest"
done
all() { tr '\n' ' ' < "$1" | sed 's/ $//'; }
echo "browser_tests=$n"
echo "browser_first_seconds=$(median < "$d/bfirst")"
echo "browser_first_seconds_all=$(all "$d/bfirst")"
echo "browser_per_test_seconds=$(median < "$d/brest")"
echo "browser_per_test_seconds_all=$(all "$d/brest")"
echo "browser_http_first_seconds=$(median < "$d/hfirst")"
echo "browser_http_per_test_seconds=$(median < "$d/hrest")"
echo "browser_http_per_test_seconds_all=$(all "$d/hrest")"
echo "browser_spec_wall_seconds=$(median < "$d/wall")"
echo "chromium_version=$("$chromium" --version 2> /dev/null | head -n 1)"
