#!/usr/bin/env bash
# overshoot.sh [RUNS] - readiness overshoot: the time between the app
# answering (its listen() returning) and shakedown's first test reaching
# it, both read from the same clock inside the container.  The app starts
# listening 2 s after it starts.  Prints every run on stderr, then
# "name=value" lines: the median, min and max over RUNS (20).
set -eu
cd "$(dirname "$0")/.."
runs=${1:-20}
SHAKEDOWN=${SHAKEDOWN:-./shakedown}
ctx=$(mktemp -d)
export BENCH_IMAGE=shakedown-bench/slow-app:run-$$	# this run's own, removed at exit
trap 'docker rmi -f "$BENCH_IMAGE" > /dev/null 2>&1; rm -rf "$ctx"' EXIT
gcc -static -O2 -D_GNU_SOURCE -o "$ctx/testsrv" tests/server/testsrv.c
cat > "$ctx/Dockerfile" <<'DOCKERFILE'
FROM scratch
COPY testsrv /testsrv
CMD ["/testsrv", "-a", "0.0.0.0", "-P", "80", "-d", "2000"]
DOCKERFILE
docker build -q -t "$BENCH_IMAGE" "$ctx" > "$ctx/build.log" 2>&1 ||
    { cat "$ctx/build.log" >&2; exit 3; }
: > "$ctx/ms"
for i in $(seq 1 "$runs"); do
	out=$("$SHAKEDOWN" run --verbose --no-color --report-dir "$ctx/report" bench/overshoot.yaml)
	line=$(printf '%s\n' "$out" | grep -m1 -o 'clock listen=[0-9]* now=[0-9]*')
	[ -n "$line" ] || { printf '%s\n' "$out" >&2; exit 1; }
	ms=$(echo "$line" | awk -F'[= ]' '{ printf "%.1f", ($5 - $3) / 1e6 }')
	echo "bench: overshoot, run $i of $runs: $ms ms" >&2
	echo "$ms" >> "$ctx/ms"
done
sort -n "$ctx/ms" | awk '{ v[NR] = $1 } END {
	m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
	printf "overshoot_runs=%d\novershoot_median_ms=%.1f\novershoot_min_ms=%.1f\novershoot_max_ms=%.1f\n", NR, m, v[1], v[NR] }'
