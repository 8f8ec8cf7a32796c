#!/usr/bin/env bash
# instructions.sh [DIR] - instructions per test, counted by callgrind (a
# count does not move with the machine's load): (Ir(2000 tests) -
# Ir(200 tests)) / 1800, for shakedown and for the libcurl floor
# (build/bench/floor URL N full), on the 54-byte body and on the 2.7 KB
# JSON body (and the 54-byte one with no two tests' expect: equal), against DIR's nginx on CPU 0 (bench/setup.sh; a fresh one
# without DIR).  Two counts run at a time.  Prints "name=value" lines.
set -eu
cd "$(dirname "$0")/.."
. bench/lib.sh
SHAKEDOWN=${SHAKEDOWN:-./shakedown}
bench_dir "${1:-}"
w=$(mktemp -d)
trap 'rm -rf "$w"; bench_cleanup' EXIT

# count NAME CMD...: the instructions of CMD (every process callgrind
# followed), into $w/NAME.ir; the command's own output into $w/NAME.out
count() {
	local name=$1
	shift
	valgrind --tool=callgrind --callgrind-out-file=/dev/null "$@" \
	    > "$w/$name.out" 2> "$w/$name.log" || {
		cat "$w/$name.out" "$w/$name.log" >&2
		echo "instructions.sh: '$*' failed" >&2
		return 1
	}
	sed -n 's/.*Collected : //p' "$w/$name.log" |
	    awk '{ s += $1 } END { if (NR) printf "%.0f\n", s; else exit 1 }' > "$w/$name.ir"
}

jobs=()
for body in small big; do
	path=/item.json
	[ $body = big ] && path=/big.json
	for n in 200 2000; do
		jobs+=("shakedown_${body}_$n $SHAKEDOWN run -q --no-color --report-dir $w/r-$body-$n $B/$body$n.yaml")
		jobs+=("floor_${body}_$n build/bench/floor http://127.0.0.1:$PORT0$path $n full")
	done
done
for n in 200 2000; do
	jobs+=("shakedown_varied_$n $SHAKEDOWN run -q --no-color --report-dir $w/r-varied-$n $B/varied$n.yaml")
done
running=0
for j in "${jobs[@]}"; do
	if [ $running -ge 2 ]; then
		wait -n || exit 1
		running=$((running - 1))
	fi
	say "callgrind ${j%% *}"
	# shellcheck disable=SC2086 # the job's words: paths without blanks
	count $j &
	running=$((running + 1))
done
while [ $running -gt 0 ]; do
	wait -n || exit 1
	running=$((running - 1))
done
for body in small big varied; do
	for n in 200 2000; do
		grep -q "^$n passed, 0 failed" "$w/shakedown_${body}_$n.out" ||
		    { cat "$w/shakedown_${body}_$n.out" >&2; exit 1; }
	done
done

for who in shakedown floor; do
	for body in small big; do
		a=$(cat "$w/${who}_${body}_200.ir")
		b=$(cat "$w/${who}_${body}_2000.ir")
		echo "ir_${who}_${body}_200=$a"
		echo "ir_${who}_${body}_2000=$b"
		echo "ir_per_test_${who}_${body}=$(( (b - a) / 1800 ))"
	done
done
a=$(cat "$w/shakedown_varied_200.ir")
b=$(cat "$w/shakedown_varied_2000.ir")
echo "ir_shakedown_varied_200=$a"
echo "ir_shakedown_varied_2000=$b"
echo "ir_per_test_shakedown_varied=$(( (b - a) / 1800 ))"
echo "valgrind_version=$(valgrind --version)"
