# bench/lib.sh - what the benchmark scripts share (sourced, not run):
# medians, wall clocks, progress lines, and the bench directory that
# bench/setup.sh prepares (nginx, specs, .hurl files, the floors).

# median: the median of the numbers on stdin, one a line
median() {
	sort -g | awk '{ v[NR] = $1 } END {
		if (NR == 0) exit 1
		m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		printf "%.6g\n", m }'
}

# pair_ratio A B: the median of the ratios line by line of files A and B
# (the runs of one round side by side: the load they shared cancels)
pair_ratio() {
	paste "$1" "$2" | awk '$2 > 0 { print $1 / $2 }' | median
}

# say MESSAGE: a progress line on stderr
say() { printf 'bench: %s\n' "$*" >&2; }

# wall FILE CMD...: run CMD, its output to FILE.out; append its wall
# seconds to FILE; fail (with its output on stderr) when CMD fails
wall() {
	local f=$1 t0 t1
	shift
	t0=$EPOCHREALTIME
	"$@" > "$f.out" 2>&1 || {
		cat "$f.out" >&2; echo "bench: '$*' failed" >&2; return 1; }
	t1=$EPOCHREALTIME
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f\n", b - a }' >> "$f"
}

# peak_kib FILE CMD...: run CMD under GNU time, its peak RSS (KiB) appended
# to FILE; fail when CMD fails
peak_kib() {
	local f=$1
	shift
	/usr/bin/time -f %M -o "$f.m" "$@" > "$f.out" 2>&1 || {
		cat "$f.out" >&2; echo "bench: '$*' failed" >&2; return 1; }
	tail -1 "$f.m" >> "$f"
}

# bench_dir [DIR]: use DIR, prepared by bench/setup.sh, or prepare a fresh
# one, which bench_cleanup stops and removes.  Sets B (the directory),
# PORT0 and PORT1 (nginx pinned on CPU 0 and on CPU 1).
bench_dir() {
	B_OWN=
	if [ -n "${1:-}" ]; then
		B=$1
	else
		B=$(mktemp -d)
		B_OWN=1
		bench/setup.sh "$B" > /dev/null || { bench_cleanup; exit 1; }
	fi
	PORT0=$(cat "$B/port.cpu0")
	PORT1=$(cat "$B/port.cpu1")
}

# bench_cleanup: stop and remove the directory bench_dir prepared, if it did
bench_cleanup() {
	if [ -n "${B_OWN:-}" ]; then
		bench/setup.sh --stop "$B"
		rm -rf "$B"
	fi
}
