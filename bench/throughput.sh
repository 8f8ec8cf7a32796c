#!/usr/bin/env bash
# throughput.sh [TESTS] - HTTP check throughput: one spec of TESTS (2000)
# GET tests, each with a status, a header, a JSONPath and a regex
# assertion, against Debian's nginx on 127.0.0.1; the same checks as a
# .hurl file run by Hurl (when `hurl` is on the PATH: `cargo install
# hurl`); and the single-connection ceiling, `wrk -t1 -c1`.  Prints
# "name=value" lines for bench/run, medians of 3 runs.
set -eu
cd "$(dirname "$0")/.."
n=${1:-2000}
SHAKEDOWN=${SHAKEDOWN:-./shakedown}
d=$(mktemp -d)
trap 'kill $(cat "$d/nginx.pid" 2>/dev/null) 2>/dev/null; rm -rf "$d"' EXIT
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
chmod 755 "$d"			# nginx's workers read it as www-data
mkdir -p "$d/www"
printf '{"id":7,"name":"widget","tags":["a","b"],"price":9.5}\n' > "$d/www/item.json"
cat > "$d/nginx.conf" <<CONF
worker_processes 1;
pid $d/nginx.pid;
error_log $d/error.log;
events { worker_connections 64; }
http {
	access_log off;
	types { application/json json; }
	keepalive_requests 100000;
	server {
		listen 127.0.0.1:$port;
		root $d/www;
		add_header X-Bench shakedown;
	}
}
CONF
nginx -c "$d/nginx.conf" -p "$d"
url=http://127.0.0.1:$port/item.json
for i in $(seq 50); do curl -sf -o /dev/null "$url" && break; sleep 0.05; done

# The spec and the .hurl file, the same 4 assertions a test.
{
	echo "name: throughput"
	echo "base_url: http://127.0.0.1:$port"
	echo "tests:"
	for i in $(seq "$n"); do
		cat <<T
  - name: item $i
    get: /item.json
    expect:
      status: 200
      headers: { x-bench: shakedown }
      json: { \$.id: 7 }
      body: { matches: '"name":"\\w+"' }
T
	done
} > "$d/spec.yaml"
for i in $(seq "$n"); do
	cat <<H
GET $url
HTTP 200
[Asserts]
header "X-Bench" == "shakedown"
jsonpath "\$.id" == 7
body matches /"name":"\\w+"/

H
done > "$d/checks.hurl"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
# wall seconds and peak RSS (KiB) of a command, by GNU time
measure() {
	/usr/bin/time -f '%e %M' -o "$d/time" "$@" > "$d/out" 2>&1 || {
		cat "$d/out" >&2; echo "throughput: '$*' failed" >&2; exit 1; }
	cat "$d/time"
}
: > "$d/sd"; : > "$d/hurl"
for r in 1 2 3; do
	measure "$SHAKEDOWN" run --no-color -q "$d/spec.yaml" >> "$d/sd"
	grep -q "^$n passed, 0 failed$" "$d/out" || { cat "$d/out" >&2; exit 1; }
	if command -v hurl > /dev/null; then
		measure hurl --test --jobs 1 "$d/checks.hurl" >> "$d/hurl"
	fi
done
echo "tests=$n"
echo "shakedown_seconds=$(cut -d' ' -f1 "$d/sd" | median)"
echo "shakedown_rss_kib=$(cut -d' ' -f2 "$d/sd" | sort -n | tail -1)"
if [ -s "$d/hurl" ]; then
	echo "hurl_seconds=$(cut -d' ' -f1 "$d/hurl" | median)"
	echo "hurl_rss_kib=$(cut -d' ' -f2 "$d/hurl" | sort -n | tail -1)"
	echo "hurl_version=$(hurl --version | head -1)"
fi
wrk -t1 -c1 -d5s "$url" > "$d/wrk" 2>&1
echo "wrk_rps=$(awk '/^Requests\/sec/ { print $2 }' "$d/wrk")"
echo "nginx_version=$(nginx -v 2>&1 | sed 's/^nginx version: //')"
