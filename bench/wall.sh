#!/usr/bin/env bash
# wall.sh [DIR] [ROUNDS] - wall times of 2,000 tests, in one interleaved
# run: each round runs shakedown, the libcurl floor (build/bench/floor URL
# 2000 full) and Hurl (when `hurl` is on the PATH), one after the other, on
# both bodies, with the client pinned on CPU 0 and the server on CPU 0
# (pin "one") or on CPU 1 (pin "two"); ROUNDS (7) rounds, then the median
# of each, and the median of the ratios round by round (shakedown's run
# over the floor's, over Hurl's, run side by side).  DIR is
# bench/setup.sh's (a fresh one without DIR).  Prints "name=value" lines,
# seconds.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
SHAKEDOWN=${SHAKEDOWN:-./shakedown}
bench_dir "${1:-}"
rounds=${2:-7}
w=$(mktemp -d)
trap 'rm -rf "$w"; bench_cleanup' EXIT
hurl=
command -v hurl > /dev/null && hurl=hurl

for r in $(seq "$rounds"); do
	say "wall times, round $r of $rounds"
	for pin in one two; do
		port=$PORT0
		[ $pin = two ] && port=$PORT1
		for body in small big; do
			path=/item.json
			[ $body = big ] && path=/big.json
			k=${pin}_$body
			wall "$w/shakedown_$k" taskset -c 0 "$SHAKEDOWN" run -q --no-color \
			    -u "http://127.0.0.1:$port" --report-dir "$w/r" "$B/${body}2000.yaml"
			grep -q '^2000 passed, 0 failed' "$w/shakedown_$k.out" ||
			    { cat "$w/shakedown_$k.out" >&2; exit 1; }
			wall "$w/floor_$k" taskset -c 0 build/bench/floor \
			    "http://127.0.0.1:$port$path" 2000 full
			if [ -n "$hurl" ]; then
				wall "$w/hurl_$k" taskset -c 0 hurl --test --jobs 1 \
				    --variable "base=http://127.0.0.1:$port" "$B/$body.hurl"
			fi
		done
	done
done
echo "wall_rounds=$rounds"
for pin in one two; do
	for body in small big; do
		for who in shakedown floor hurl; do
			f=$w/${who}_${pin}_$body
			[ -s "$f" ] || continue
			echo "wall_${who}_${pin}_$body=$(median < "$f")"
			echo "wall_${who}_${pin}_${body}_all=$(tr '\n' ' ' < "$f" | sed 's/ $//')"
			[ $who = shakedown ] ||
			    echo "wall_ratio_${who}_${pin}_$body=$(pair_ratio "$w/shakedown_${pin}_$body" "$f")"
		done
	done
done
[ -n "$hurl" ] && echo "hurl_version=$(hurl --version | head -1)"
# Information, not a target: wrk's single-connection ceiling, pinned as
# the tests (client CPU 0, server CPU 1).
if command -v wrk > /dev/null; then
	taskset -c 0 wrk -t1 -c1 -d3s "http://127.0.0.1:$PORT1/item.json" > "$w/wrk" 2>&1 &&
	    echo "wrk_rps=$(awk '/^Requests\/sec/ { print $2 }' "$w/wrk")"
fi
echo "nginx_version=$(nginx -v 2>&1 | sed 's/^nginx version: //')"
