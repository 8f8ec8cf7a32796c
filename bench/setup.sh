#!/usr/bin/env bash
# setup.sh DIR - the benchmarks' fixtures in DIR: the floors built into
# build/bench/ (floor: libcurl alone; yaml_floor: libyaml's parser alone),
# two Debian nginx servers on 127.0.0.1, ports the kernel chose, one
# pinned on CPU 0 (DIR/port.cpu0) and one on CPU 1 (DIR/port.cpu1), each
# serving /item.json (54 bytes) and /big.json (2,747 bytes of JSON) with
# an X-Bench header; the specs (DIR/small{1,200,2000,20000}.yaml,
# DIR/big{200,2000}.yaml against the CPU 0 server, DIR/check10000.yaml),
# and the same tests for Hurl (DIR/small.hurl, DIR/big.hurl, one test,
# repeated, with {{base}} for the server).  Every test: status 200, a
# header, $.id and $.name, a body regex.
# setup.sh --stop DIR stops DIR's servers.
set -eu
cd "$(dirname "$0")/.."

stop() {
	local f
	for f in "$1"/nginx.cpu*/nginx.pid; do
		[ -s "$f" ] && kill "$(cat "$f")" 2>/dev/null
	done
	return 0
}
if [ "${1:-}" = --stop ]; then
	stop "$2"
	exit 0
fi
d=${1:?usage: setup.sh DIR | setup.sh --stop DIR}
mkdir -p "$d" build/bench
d=$(cd "$d" && pwd)
chmod 755 "$d"			# nginx's workers read it as an unprivileged user

CC=${CC:-cc}
$CC -O2 -o build/bench/floor bench/floor.c -lcurl
$CC -O2 -I/usr/include/x86_64-linux-gnu -o build/bench/yaml_floor \
    bench/yaml_floor.c -lyaml -ljansson

# The bodies.
mkdir -p "$d/www"
printf '{"id":7,"name":"widget","tags":["a","b"],"price":9.5}\n' > "$d/www/item.json"
awk 'BEGIN {
	printf "{\"id\": 7, \"name\": \"widget\", \"items\": ["
	for (i = 0; i < 32; i++) {
		p = i * 1.25
		printf "%s{\"sku\": \"SKU-%04d\", \"name\": \"item%d\", \"qty\": %d, \"price\": %s, \"tags\": [\"x\", \"y\"]}",
		    i ? ", " : "", i, i, i, p == int(p) ? sprintf("%.1f", p) : sprintf("%g", p)
	}
	printf "]}\n" }' > "$d/www/big.json"
chmod 644 "$d/www"/*

# serve CPU: an nginx pinned on CPU on a free port; prints the port
serve() {
	local cpu=$1 s=$d/nginx.cpu$1 port try i
	mkdir -p "$s"
	chmod 755 "$s"
	for try in 1 2 3; do
		port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
		cat > "$s/nginx.conf" <<CONF
worker_processes 1;
pid $s/nginx.pid;
error_log $s/error.log;
events { worker_connections 64; }
http {
	access_log off;
	types { application/json json; }
	keepalive_requests 1000000;
	server {
		listen 127.0.0.1:$port;
		root $d/www;
		add_header X-Bench shakedown;
	}
}
CONF
		taskset -c "$cpu" nginx -c "$s/nginx.conf" -p "$s" 2> "$s/start.log" || continue
		for i in $(seq 100); do
			if curl -sf -o /dev/null "http://127.0.0.1:$port/item.json"; then
				echo "$port"
				return 0
			fi
			sleep 0.05
		done
		stop "$d"
	done
	cat "$s/start.log" "$s/error.log" >&2 2>/dev/null
	echo "setup.sh: nginx does not start on CPU $cpu" >&2
	return 1
}
stop "$d"
serve 0 > "$d/port.cpu0"
if [ "$(nproc)" -gt 1 ]; then
	serve 1 > "$d/port.cpu1"
else				# one CPU: "different CPUs" cannot be had
	echo "setup.sh: one CPU only: the second server is on CPU 0 too" >&2
	cp "$d/port.cpu0" "$d/port.cpu1"
fi
port=$(cat "$d/port.cpu0")

# spec N PATH [varied]: N tests of PATH, against the CPU 0 server; with
# "varied" no two tests' expect: are equal ($.id below 8 + the test's
# number), as in most real specs, so that nothing compiled for one test
# serves another
spec() {
	awk -v n="$1" -v path="$2" -v varied="${3:-}" -v base="http://127.0.0.1:$port" 'BEGIN {
		print "name: bench"
		print "base_url: " base
		print "tests:"
		for (i = 1; i <= n; i++) {
			print "  - name: item " i
			print "    get: " path
			print "    expect:"
			print "      status: 200"
			print "      headers: { x-bench: shakedown }"
			if (varied)
				print "      json: { $.id: { below: " 8 + i " }, $.name: widget }"
			else
				print "      json: { $.id: 7, $.name: widget }"
			print "      body: { matches: '\''\"name\": ?\"\\w+\"'\'' }"
		} }'
}
for n in 1 200 2000 20000; do spec "$n" /item.json > "$d/small$n.yaml"; done
for n in 200 2000; do spec "$n" /big.json > "$d/big$n.yaml"; done
for n in 200 2000; do spec "$n" /item.json varied > "$d/varied$n.yaml"; done
spec 10000 /item.json varied > "$d/check10000.yaml"

# hurl N PATH: the same N tests as a .hurl file
hurl_file() {
	awk -v n="$1" -v path="$2" 'BEGIN {
		for (i = 1; i <= n; i++) {
			print "GET {{base}}" path
			print "HTTP 200"
			print "[Asserts]"
			print "header \"X-Bench\" == \"shakedown\""
			print "jsonpath \"$.id\" == 7"
			print "jsonpath \"$.name\" == \"widget\""
			print "body matches /\"name\": ?\"\\w+\"/"
			print ""
		} }'
}
hurl_file 2000 /item.json > "$d/small.hurl"
hurl_file 2000 /big.json > "$d/big.hurl"
echo "$d: nginx on 127.0.0.1:$port (CPU 0) and 127.0.0.1:$(cat "$d/port.cpu1") (CPU 1)"
