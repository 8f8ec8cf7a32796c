#!/usr/bin/env bash
# scale.sh - --jobs 2 over 8 spec files, each with its own container,
# against running them one after the other; peak memory reading a 1 MiB
# and a 100 MiB body (streamed past the cap, counted and hashed).  Prints
# "name=value" lines for bench/run.
set -eu
cd "$(dirname "$0")/.."
SHAKEDOWN=${SHAKEDOWN:-./shakedown}
d=$(mktemp -d)
image=shakedown-bench/hello:run-$$	# this run's own, removed at exit
trap 'kill $(cat "$d/srv.pid" 2>/dev/null) 2>/dev/null; docker rmi -f "$image" > /dev/null 2>&1; rm -rf "$d"' EXIT
. bench/lib.sh

# 1. --jobs 2 over 8 containers, each ready after 1 s (its app sleeps).
image=$(specs/examples/hello/build.sh "$image")
for i in 1 2 3 4 5 6 7 8; do
	cat > "$d/job$i.yaml" <<SPEC
name: job-$i
app: { image: "$image", port: 80, cmd: [sh, -c, "sleep 1; exec httpd -f -p 80 -h /www"] }
ready: { http: /, timeout: 30s }
tests:
  - get: /
    expect: { body: { contains: Hello } }
  - exec: [test, -f, /www/index.html]
SPEC
done
say "8 spec files with their own containers, one after the other"
t0=$(date +%s.%N)
"$SHAKEDOWN" run -q --no-color --report-dir "$d/r" "$d"/job?.yaml > "$d/seq.log"
t1=$(date +%s.%N)
say "the same 8 with --jobs 2"
"$SHAKEDOWN" run -q --no-color -j 2 --report-dir "$d/r" "$d"/job?.yaml > "$d/par.log"
t2=$(date +%s.%N)
echo "jobs_sequential_seconds=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", b - a }')"
echo "jobs_2_seconds=$(awk -v a="$t1" -v b="$t2" 'BEGIN { printf "%.2f", b - a }')"

# 2. Peak memory with a 1 MiB and a 100 MiB body: size and digest only.
make -s build/testsrv
build/testsrv -p "$d/port" > /dev/null 2>&1 &
echo $! > "$d/srv.pid"
for i in $(seq 50); do [ -s "$d/port" ] && break; sleep 0.05; done
for mib in 1 100; do
	say "peak RSS reading a $mib MiB body"
	bytes=$((mib << 20))
	sum=$(head -c "$bytes" /dev/zero | tr '\0' x | sha256sum | cut -d' ' -f1)
	cat > "$d/body$mib.yaml" <<SPEC
name: body-$mib
base_url: http://127.0.0.1:$(cat "$d/port")
tests:
  - get: /big?bytes=$bytes
    expect: { size: $bytes, sha256: $sum }
SPEC
	/usr/bin/time -f %M -o "$d/m" "$SHAKEDOWN" run -q --no-color "$d/body$mib.yaml" > "$d/body.log" ||
	    { cat "$d/body.log" >&2; exit 1; }
	echo "body_${mib}mib_rss_kib=$(cat "$d/m")"
done
