# shellcheck shell=bash
# cli_files.sh - the cli_files suite of tests/run: run_cli_files.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# --junit/--tap/--json/--html/--markdown FILE: the file's missing parent
# directories are made; `check` of one spec with one test says so in the
# singular.
run_cli_files() {
	local d="$tmp/cli-files" log="$tmp/cli-files.log" f ok=1 out
	"$SHAKEDOWN" run --no-color --report-dir "$d/report" --junit "$d/a/b/junit.xml" \
	    --tap "$d/c/r.tap" --json "$d/c/d/r.json" --html "$d/e/f/g/r.html" \
	    --markdown "$d/h/r.md" tests/e2e/pass.yaml > "$log" 2>&1 || ok=0
	for f in a/b/junit.xml c/r.tap c/d/r.json e/f/g/r.html h/r.md; do
		[ -s "$d/$f" ] || { echo "not written: $d/$f" >> "$log"; ok=0; }
	done
	if [ "$ok" = 1 ]; then
		pass "cli/report-parent-dirs"
	else
		fail "cli/report-parent-dirs" "$log"
	fi
	out=$("$SHAKEDOWN" check tests/e2e/docker-no-image.yaml 2>&1)
	if [ "$out" = "1 spec file valid, 1 test" ]; then
		pass "cli/check-singular"
	else
		echo "got: $out" > "$log"
		fail "cli/check-singular" "$log"
	fi
	cli_report_dir_full "$d"
}

# A disk that fills (a 64 KiB tmpfs; mounting needs root): the failed
# body that does not fit is named on stderr, left out (no empty file, no
# link to one), and the run ends in 3, not in a silent 1.
cli_report_dir_full() {
	local d=$1/full log="$tmp/full.log" rc
	if [ "$(id -u)" != 0 ]; then
		skip "cli/report-dir-full" "mounting a small tmpfs needs root"; return
	fi
	mkdir -p "$d/disk" && mount -t tmpfs -o size=64k shakedown-test "$d/disk" ||
	    { fail "cli/report-dir-full (cannot mount a tmpfs)"; return; }
	mounted=$d/disk
	printf 'name: full-disk\nbase_url: %s\ntests:\n  - name: too big\n    get: /big?bytes=200000\n    expect: { body: { contains: nothing } }\n' \
	    "$BASE_URL" > "$d/full.yaml"
	CI_PROJECT_DIR=$d "$SHAKEDOWN" run --no-color --junit "$d/junit.xml" \
	    --report-dir "$d/disk/report" "$d/full.yaml" > "$log" 2> "$d/err"
	rc=$?
	{ echo "exit $rc (expected 3)"; echo "--- stderr"; cat "$d/err"; ls -lR "$d/disk"; } >> "$log"
	if [ "$rc" = 3 ] && grep -q "the body of 'too big' is not saved: cannot write .*: No space left on device" "$d/err" &&
	    [ -z "$(find "$d/disk" -type f)" ] && ! grep -q 'ATTACHMENT' "$d/junit.xml" &&
	    CI_PROJECT_DIR=$d junit_ok "$d/junit.xml" "$log"; then
		pass "cli/report-dir-full"
	else
		fail "cli/report-dir-full" "$log"
	fi
	umount "$d/disk" && mounted=
}
