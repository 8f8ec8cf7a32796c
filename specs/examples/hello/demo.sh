#!/usr/bin/env bash
# demo.sh - `make demo`: builds the Hello World image FROM scratch, runs
# specs/examples/hello/hello.yaml and hello.json against containers of it
# (started, tested, removed by shakedown), writes shakedown-report/junit.xml
# and shakedown-report/report.html, validates the JUnit report, and checks
# that nothing of the run is left on the engine.
set -u
cd "$(dirname "$0")/../../.." || exit 2
SHAKEDOWN=${SHAKEDOWN:-./shakedown}
REPORT=${REPORT:-shakedown-report}
here=specs/examples/hello

image=$("$here/build.sh") || exit 3
echo "demo: built $image"
mkdir -p "$REPORT"
IMAGE=$image "$SHAKEDOWN" run --junit "$REPORT/junit.xml" --html "$REPORT/report.html" \
    --report-dir "$REPORT" "$here/hello.yaml" "$here/hello.json"
rc=$?
echo "demo: reports in $REPORT/junit.xml and $REPORT/report.html, container logs in $REPORT/ (exit $rc)"
xsd=../shared/junit/jenkins-junit.xsd
if [ "$rc" -eq 0 ] && [ -f "$xsd" ] && command -v xmllint > /dev/null; then
	xmllint --noout --schema "$xsd" "$REPORT/junit.xml" || rc=1
fi
left=$(docker ps -aq --filter label=io.shakedown.run)
if [ -n "$left" ]; then
	echo "demo: containers left behind: $left" >&2
	rc=1
fi
exit "$rc"
