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
# Everything this demo run creates carries its own label: the check at the
# end looks at exactly that, whatever else runs on the engine.
label="io.shakedown.demo=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')"
mkdir -p "$REPORT"
IMAGE=$image SHAKEDOWN_LABELS="${SHAKEDOWN_LABELS:+$SHAKEDOWN_LABELS }$label" \
    "$SHAKEDOWN" run --junit "$REPORT/junit.xml" --html "$REPORT/report.html" \
    --report-dir "$REPORT" "$here/hello.yaml" "$here/hello.json"
rc=$?
echo "demo: reports in $REPORT/junit.xml and $REPORT/report.html, container logs in $REPORT/ (exit $rc)"
# The report against the project's own JUnit schema, and the Jenkins one
# (what GitLab's parser accepts) when it is found.
xsd=${SHAKEDOWN_JUNIT_XSD:-../shared/junit/jenkins-junit.xsd}
if [ "$rc" -eq 0 ]; then
	if ! command -v xmllint > /dev/null; then
		echo "demo: junit.xml not validated: xmllint is missing (scripts/deps.sh installs it)" >&2
		rc=1
	elif xmllint --noout --schema tests/golden/junit.xsd "$REPORT/junit.xml"; then
		if [ -f "$xsd" ]; then
			xmllint --noout --schema "$xsd" "$REPORT/junit.xml" || rc=1
		else
			echo "demo: junit.xml not checked against the Jenkins JUnit XSD (not found; set SHAKEDOWN_JUNIT_XSD=FILE)"
		fi
	else
		rc=1
	fi
fi
left=$( { docker ps -aq --filter "label=$label"; docker network ls -q --filter "label=$label"
    docker volume ls -q --filter "label=$label"; } 2>&1)
if [ -n "$left" ]; then
	echo "demo: left behind on the engine: $left" >&2
	rc=1
fi
exit "$rc"
