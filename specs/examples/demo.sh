#!/usr/bin/env bash
# demo.sh - `make demo`: serves the example site with busybox httpd on a
# free 127.0.0.1 port, runs specs/examples/hello.yaml and hello.json
# against it, writes shakedown-report/junit.xml, and stops the server
# whatever happens.
set -u
cd "$(dirname "$0")/../.." || exit 2
SHAKEDOWN=${SHAKEDOWN:-./shakedown}
REPORT=${REPORT:-shakedown-report}
busybox=$(command -v busybox) || { echo "demo: busybox is needed (apt-get install busybox-static)" >&2; exit 3; }

pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

# busybox httpd cannot bind port 0: try random high ports until one binds.
for _ in $(seq 1 20); do
	port=$((20000 + RANDOM % 40000))
	"$busybox" httpd -f -p "127.0.0.1:$port" -h specs/examples/site &
	pid=$!
	sleep 0.2
	kill -0 "$pid" 2>/dev/null && break
	pid=
done
[ -n "$pid" ] || { echo "demo: busybox httpd could not bind a port" >&2; exit 3; }

mkdir -p "$REPORT"
echo "demo: example site on http://127.0.0.1:$port (busybox httpd, pid $pid)"
BASE_URL="http://127.0.0.1:$port" "$SHAKEDOWN" run --junit "$REPORT/junit.xml" \
    specs/examples/hello.yaml specs/examples/hello.json
rc=$?
echo "demo: JUnit report in $REPORT/junit.xml (exit $rc)"
xsd=../shared/junit/jenkins-junit.xsd
if [ "$rc" -eq 0 ] && [ -f "$xsd" ] && command -v xmllint > /dev/null; then
	xmllint --noout --schema "$xsd" "$REPORT/junit.xml" || rc=1
fi
exit "$rc"
