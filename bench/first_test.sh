#!/usr/bin/env bash
# first_test.sh [RUNS] - time to first test on the demo's Hello World
# image: shakedown (start, wait until ready, test, remove) against the
# shell job teams write today (docker run -d, sleep 5, a curl retry loop
# every 2 s, docker stop, docker rm).  Medians of RUNS (3); prints
# "name=value" lines for bench/run.
set -eu
cd "$(dirname "$0")/.."
runs=${1:-3}
SHAKEDOWN=${SHAKEDOWN:-./shakedown}
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
image=$(specs/examples/hello/build.sh shakedown-bench/hello:latest)
cat > "$d/first.yaml" <<SPEC
name: first-test
app: { image: "$image", port: 80 }
ready: { http: /, timeout: 30s }
tests:
  - get: /
    expect: { body: { contains: Hello } }
SPEC
shell_job() {
	local id port i
	id=$(docker run -d -p 127.0.0.1::80 "$image")
	sleep 5
	port=$(docker port "$id" 80/tcp | head -1 | sed 's/.*://')
	for i in 1 2 3 4 5; do
		curl -sf "http://127.0.0.1:$port/" | grep -q Hello && break
		sleep 2
	done
	docker stop "$id" > /dev/null
	docker rm "$id" > /dev/null
}
median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
now() { date +%s.%N; }
: > "$d/sd"; : > "$d/sh"
for r in $(seq "$runs"); do
	t0=$(now); "$SHAKEDOWN" run -q --no-color --report-dir "$d/r" "$d/first.yaml" > "$d/out"
	t1=$(now); awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", b - a }' >> "$d/sd"
	t0=$(now); shell_job; t1=$(now); awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f\n", b - a }' >> "$d/sh"
done
echo "first_shakedown_seconds=$(median < "$d/sd")"
echo "first_shell_seconds=$(median < "$d/sh")"
