#!/usr/bin/env bash
# check.sh [DIR] [ROUNDS] - `shakedown check` of 10,000 tests against the
# load floor, build/bench/yaml_floor (libyaml's event parser alone), on the
# same file (DIR/check10000.yaml, bench/setup.sh's; a fresh DIR without
# one): wall seconds, ROUNDS (5) interleaved rounds, the medians and the
# median of the ratios round by round; then the
# peak RSS of each (GNU time's %M, KiB), measured apart so that GNU time's
# own start is not in the times.  Prints "name=value" lines.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
SHAKEDOWN=${SHAKEDOWN:-./shakedown}
bench_dir "${1:-}"
rounds=${2:-5}
w=$(mktemp -d)
trap 'rm -rf "$w"; bench_cleanup' EXIT
spec=$B/check10000.yaml

say "check of 10,000 tests against the yaml floor, $rounds rounds"
for r in $(seq "$rounds"); do
	wall "$w/check" "$SHAKEDOWN" check "$spec"
	wall "$w/floor" build/bench/yaml_floor "$spec"
done
peak_kib "$w/check_rss" "$SHAKEDOWN" check "$spec"
peak_kib "$w/floor_rss" build/bench/yaml_floor "$spec"
echo "check_10000_seconds=$(median < "$w/check")"
echo "check_10000_seconds_all=$(tr '\n' ' ' < "$w/check" | sed 's/ $//')"
echo "yaml_floor_10000_seconds=$(median < "$w/floor")"
echo "yaml_floor_10000_seconds_all=$(tr '\n' ' ' < "$w/floor" | sed 's/ $//')"
echo "check_10000_ratio=$(pair_ratio "$w/check" "$w/floor")"
echo "check_10000_rss_kib=$(cat "$w/check_rss")"
echo "yaml_floor_10000_rss_kib=$(cat "$w/floor_rss")"
