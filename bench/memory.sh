#!/usr/bin/env bash
# memory.sh [DIR] [ROUNDS] - peak RSS (GNU time's %M, KiB) of `shakedown
# run` over 1, 2,000 and 20,000 tests on the 54-byte body, against DIR's
# nginx on CPU 0 (bench/setup.sh; a fresh one without DIR); ROUNDS (3)
# interleaved rounds, the median of each.  Prints "name=value" lines.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
SHAKEDOWN=${SHAKEDOWN:-./shakedown}
bench_dir "${1:-}"
rounds=${2:-3}
w=$(mktemp -d)
trap 'rm -rf "$w"; bench_cleanup' EXIT

for r in $(seq "$rounds"); do
	say "peak RSS at 1 / 2,000 / 20,000 tests, round $r of $rounds"
	for n in 1 2000 20000; do
		peak_kib "$w/rss_$n" "$SHAKEDOWN" run -q --no-color \
		    --report-dir "$w/r" "$B/small$n.yaml"
		grep -q "^$n passed, 0 failed" "$w/rss_$n.out" ||
		    { cat "$w/rss_$n.out" >&2; exit 1; }
	done
done
for n in 1 2000 20000; do
	echo "rss_${n}_kib=$(median < "$w/rss_$n")"
	echo "rss_${n}_kib_all=$(tr '\n' ' ' < "$w/rss_$n" | sed 's/ $//')"
done
