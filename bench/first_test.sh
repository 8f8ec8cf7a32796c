#!/usr/bin/env bash
# first_test.sh [RUNS] - time to first test on the demo's Hello World
# image: shakedown (create, start, wait until ready, test, remove) against
# the naive floor, the least a shell job can do: docker create, docker
# start, docker port, poll / with curl every 10 ms until it answers, one
# request (the test), docker rm -f.  RUNS (5) interleaved runs (one of
# each, untimed, first); the medians and the median of the ratios run by
# run.  Prints "name=value" lines.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
runs=${1:-5}
SHAKEDOWN=${SHAKEDOWN:-./shakedown}
d=$(mktemp -d)
image=shakedown-bench/hello:run-$$	# this run's own, removed at exit
trap 'docker rmi -f "$image" > /dev/null 2>&1; rm -rf "$d"' EXIT
image=$(specs/examples/hello/build.sh "$image" 2> "$d/build.log") ||
    { cat "$d/build.log" >&2; exit 1; }
cat > "$d/first.yaml" <<SPEC
name: first-test
app: { image: "$image", port: 80 }
ready: { http: /, timeout: 30s }
tests:
  - get: /
    expect: { body: { contains: Hello } }
SPEC
naive() {
	local id port i
	id=$(docker create -p 127.0.0.1::80 "$image")
	docker start "$id" > /dev/null
	port=$(docker port "$id" 80/tcp | head -1 | sed 's/.*://')
	for i in $(seq 3000); do
		curl -s -o /dev/null "http://127.0.0.1:$port/" && break
		sleep 0.01
	done
	curl -sf "http://127.0.0.1:$port/" | grep -q Hello
	docker rm -f -v "$id" > /dev/null
}
run_shakedown() {
	"$SHAKEDOWN" run -q --no-color --report-dir "$d/r" "$d/first.yaml"
}
say "time to first test: warming up"
run_shakedown > "$d/warm.out" 2>&1 || { cat "$d/warm.out" >&2; exit 1; }
naive
: > "$d/sd"; : > "$d/naive"
for r in $(seq "$runs"); do
	say "time to first test, run $r of $runs"
	wall "$d/sd" run_shakedown
	wall "$d/naive" naive
done
echo "first_shakedown_seconds=$(median < "$d/sd")"
echo "first_shakedown_seconds_all=$(tr '\n' ' ' < "$d/sd" | sed 's/ $//')"
echo "first_naive_seconds=$(median < "$d/naive")"
echo "first_naive_seconds_all=$(tr '\n' ' ' < "$d/naive" | sed 's/ $//')"
echo "first_ratio=$(pair_ratio "$d/sd" "$d/naive")"
echo "docker_version=$(docker version --format '{{.Server.Version}}' 2>/dev/null)"
