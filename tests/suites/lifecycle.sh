# shellcheck shell=bash
# lifecycle.sh - the lifecycle suite of tests/run: run_lifecycle.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# Signals a run mid-test; afterwards nothing of it may remain.
lifecycle_signal() {
	local sig=$1 name=lifecycle/$1 log="$tmp/lifecycle.log" pid rc
	"$SHAKEDOWN" run --no-color --junit "$tmp/sig.xml" --report-dir "$tmp/sig" \
	    tests/lifecycle/slow.yaml > "$log" 2>&1 &
	pid=$!
	if ! wait_for up 20; then
		kill -9 "$pid" 2>/dev/null; wait "$pid"
		fail "$name (the container never came up)" "$log"; return
	fi
	kill -"$sig" "$pid"
	wait "$pid" 2>/dev/null; rc=$?
	echo "exit $rc after SIG$sig" >> "$log"
	if ! wait_for gone 15; then
		echo "left on the engine: $(leftovers | tr '\n' ' ')" >> "$log"
		fail "$name" "$log"; docker rm -f $(leftovers) > /dev/null 2>&1; return
	fi
	case $sig in
	TERM) [ "$rc" = 143 ] && grep -q 'not run: interrupted\|interrupted' "$log" ||
	    { fail "$name (expected exit 143)" "$log"; return; }
	    # The interrupted test still shows the app's last lines: reading
	    # them is teardown, which a signal does not cut short.
	    ! grep -q 'logs unavailable' "$log" ||
	    { fail "$name (the app's logs were not read after SIGTERM)" "$log"; return; } ;;
	INT) [ "$rc" = 130 ] || { fail "$name (expected exit 130)" "$log"; return; } ;;
	esac
	pass "$name"
}

# The processes whose environment holds $1=$2 (a browser's renderers
# and helpers inherit it from shakedown), one pid a line.
procs_marked() {
	grep -lzx -- "$1=$2" /proc/[0-9]*/environ 2>/dev/null |
	    sed 's|^/proc/\([0-9]*\)/environ$|\1|'
	return 0
}

# A browser test signalled (TERM, INT) or killed (KILL) while its step
# waits, with the run's TMPDIR at $2: no process of the run (Chromium's
# included: they carry a mark in their environment), nothing in that
# TMPDIR and no new /tmp/shakedown-chromium-* folder (Chromium's TMPDIR
# when the profile's path is too long for its socket) may remain.
lifecycle_browser_signal() {
	local sig=$1 dir=$2 name=lifecycle/browser-$1$3 log pid rc i mark before
	log="$tmp/browser-$sig$3.log"
	mark=$(od -An -N6 -tx1 /dev/urandom | tr -d ' \n')
	before=$(ls -d /tmp/shakedown-chromium-* 2> /dev/null)
	mkdir -p "$dir"
	SHAKEDOWN_TEST_MARK=$mark TMPDIR=$dir "$SHAKEDOWN" run --no-color \
	    --base-url "$BASE_URL" --report-dir "$tmp/browser-$sig" \
	    tests/lifecycle/browser-slow.yaml > "$log" 2>&1 &
	pid=$!
	for i in $(seq 1 400); do
		pgrep -f -- "--user-data-dir=$dir/" > /dev/null && break
		sleep 0.05
	done
	if ! pgrep -f -- "--user-data-dir=$dir/" > /dev/null; then
		kill -9 "$pid" 2>/dev/null; wait "$pid"
		fail "$name (the browser never came up)" "$log"; return
	fi
	sleep 0.5	# into the step's wait
	echo "processes of the run: $(procs_marked SHAKEDOWN_TEST_MARK "$mark" | wc -l)" >> "$log"
	kill -"$sig" "$pid"
	wait "$pid" 2>/dev/null; rc=$?
	echo "exit $rc after SIG$sig" >> "$log"
	for i in $(seq 1 300); do
		[ -z "$(procs_marked SHAKEDOWN_TEST_MARK "$mark")" ] &&
		    [ -z "$(ls -A "$dir")" ] &&
		    [ "$(ls -d /tmp/shakedown-chromium-* 2> /dev/null)" = "$before" ] && break
		sleep 0.05
	done
	if [ -n "$(procs_marked SHAKEDOWN_TEST_MARK "$mark")" ]; then
		for i in $(procs_marked SHAKEDOWN_TEST_MARK "$mark"); do
			tr '\0' ' ' < "/proc/$i/cmdline" | cut -c1-160 >> "$log"; echo >> "$log"
			kill -9 "$i" 2>/dev/null
		done
		fail "$name (a process of the run is left)" "$log"; return
	fi
	if [ -n "$(ls -A "$dir")" ]; then
		find "$dir" -maxdepth 3 >> "$log"
		rm -rf "${dir:?}"/*
		fail "$name (its folder is left)" "$log"; return
	fi
	if [ "$(ls -d /tmp/shakedown-chromium-* 2> /dev/null)" != "$before" ]; then
		ls -d /tmp/shakedown-chromium-* >> "$log"
		fail "$name (a /tmp/shakedown-chromium-* folder is left)" "$log"; return
	fi
	case $sig in
	TERM) [ "$rc" = 143 ] || { fail "$name (expected exit 143)" "$log"; return; } ;;
	INT) [ "$rc" = 130 ] || { fail "$name (expected exit 130)" "$log"; return; } ;;
	esac
	pass "$name"
}

# Under a short TMPDIR (Chromium's temporary files in its profile) and a
# long one (too long for its socket: a folder of its own in /tmp).
lifecycle_browser() {
	local short long
	if ! command -v "${SHAKEDOWN_CHROMIUM:-chromium}" > /dev/null 2>&1; then
		skip "lifecycle/browser" "no chromium: apt-get install chromium"
		return
	fi
	short=$(mktemp -d /tmp/sd.XXXXXX)
	long=$tmp/browser-a-temporary-folder-whose-path-is-long-enough.tmp
	lifecycle_browser_signal TERM "$short" ""
	lifecycle_browser_signal INT "$short" ""
	lifecycle_browser_signal KILL "$short" ""
	lifecycle_browser_signal TERM "$long" " (long TMPDIR)"
	lifecycle_browser_signal KILL "$long" " (long TMPDIR)"
	rmdir "$short"
}

# A reader that closes stdout after one line (`| head -1`, `| grep -q`):
# the run goes on, writes its JUnit, saves the app's log, tears down and
# exits as its tests say (0), never 141.
lifecycle_sigpipe() {
	local d="$tmp/sigpipe" log="$tmp/sigpipe.log" rc
	mkdir -p "$d"
	( trap - PIPE; "$SHAKEDOWN" run --no-color --junit "$d/junit.xml" --report-dir "$d/r" \
	    tests/e2e/docker-pass.yaml 2> "$d/err"; echo $? > "$d/rc" ) | head -n 1 > "$d/first"
	rc=$(cat "$d/rc")
	{ echo "exit $rc; first line: $(cat "$d/first")"; cat "$d/err"; ls -l "$d" "$d/r"; } > "$log" 2>&1
	if [ "$rc" = 0 ] && [ -s "$d/junit.xml" ] && ls "$d/r"/*.log > /dev/null 2>&1 &&
	    wait_for gone 15; then
		pass "lifecycle/stdout-closed-early"
	else
		fail "lifecycle/stdout-closed-early" "$log"
	fi
}

# Two runs of one spec at once on one engine must not clash.
lifecycle_parallel() {
	local spec=$1 tag=${2:+[compose $2]} log="$tmp/parallel.log" a b
	env "${case_env[@]}" "$SHAKEDOWN" run --no-color --report-dir "$tmp/par1" "$spec" > "$log.1" 2>&1 &
	a=$!
	env "${case_env[@]}" "$SHAKEDOWN" run --no-color --report-dir "$tmp/par2" "$spec" > "$log.2" 2>&1 &
	b=$!
	wait "$a"; ra=$?; wait "$b"; rb=$?
	cat "$log.1" "$log.2" > "$log"
	if [ "$ra" = 0 ] && [ "$rb" = 0 ] && wait_for gone 15; then
		pass "lifecycle/two-parallel-runs:$spec$tag"
	else
		echo "left: $(leftovers | tr '\n' ' ')" >> "$log"
		fail "lifecycle/two-parallel-runs:$spec$tag (exits $ra $rb)" "$log"
	fi
}

# A compose run signalled (TERM) or killed (KILL) mid-test under Compose
# version $2: afterwards no container, network or volume of it is left,
# and no rewritten project file stays in its TMPDIR.
lifecycle_compose_signal() {
	local sig=$1 v=$2 name="lifecycle/compose-$2-SIG$1" log="$tmp/csig.log" pid rc
	local t="$tmp/csig-tmp-$1-$2" i
	mkdir -p "$t"
	TMPDIR=$t env "${case_env[@]}" "$SHAKEDOWN" run --no-color --report-dir "$tmp/csig" \
	    tests/lifecycle/compose-slow.yaml > "$log" 2>&1 &
	pid=$!
	for i in $(seq 1 600); do
		grep -q 'start  (' "$log" && break
		sleep 0.1
	done
	sleep 0.5
	kill -"$sig" "$pid"
	wait "$pid" 2>/dev/null; rc=$?
	echo "exit $rc after SIG$sig" >> "$log"
	if ! wait_for gone 30; then
		echo "left on the engine: $(leftovers | tr '\n' ' ')" >> "$log"
		fail "$name" "$log"; return
	fi
	for i in $(seq 1 100); do
		[ -z "$(ls -A "$t")" ] && break
		sleep 0.1
	done
	if [ -n "$(ls -A "$t")" ]; then
		{ echo "left in TMPDIR:"; ls -laR "$t"; } >> "$log"
		fail "$name" "$log"; return
	fi
	[ "$sig" = TERM ] && [ "$rc" != 143 ] && { fail "$name (expected exit 143)" "$log"; return; }
	pass "$name"
}

# A signal while `compose up` still runs stops it at once: exit 143 within
# seconds, "interrupted", not libcurl's "Callback aborted", nothing left.
lifecycle_compose_up_signal() {
	local v=$1 name="lifecycle/compose-$1-SIGTERM-during-up" log="$tmp/cup.log" pid rc
	local t0 t1 i
	env "${case_env[@]}" "$SHAKEDOWN" run --no-color --report-dir "$tmp/cup" \
	    tests/lifecycle/compose-blocks.yaml > "$log" 2>&1 &
	pid=$!
	for i in $(seq 1 300); do
		[ -n "$(docker ps -q --filter "label=$SHAKEDOWN_LABELS")" ] && break
		sleep 0.1
	done
	sleep 1
	t0=$(date +%s.%N)
	kill -TERM "$pid"
	wait "$pid" 2>/dev/null; rc=$?
	t1=$(date +%s.%N)
	echo "exit $rc, $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') s after SIGTERM" >> "$log"
	if [ "$rc" = 143 ] && grep -q 'interrupted' "$log" && ! grep -q 'Callback aborted' "$log" &&
	    awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a < 20) }' && wait_for gone 30; then
		pass "$name"
	else
		echo "left: $(leftovers | tr '\n' ' ')" >> "$log"
		fail "$name" "$log"
	fi
}

# A signal (KILL, INT, TERM) while the engine is still creating the
# container (held 1.5 s by a proxy): the create completes after the
# client is gone, and still nothing of the run may stay.
lifecycle_create_race() {
	local sig log d="$tmp/race" ppid pid rc i engine=${DOCKER_HOST:-unix:///var/run/docker.sock}
	case $engine in
	unix://*) engine=${engine#unix://} ;;
	*) skip "lifecycle/signal-during-create" "needs a unix-socket engine"; return ;;
	esac
	mkdir -p "$d"
	python3 tests/server/slow_engine.py "$d/engine.sock" "$engine" "$d/held" 1.5 &
	ppid=$!
	pids+=("$ppid")
	for i in $(seq 1 50); do [ -S "$d/engine.sock" ] && break; sleep 0.1; done
	for sig in KILL INT TERM; do
		log="$tmp/race-$sig.log"
		rm -f "$d/held"
		DOCKER_HOST=unix://$d/engine.sock "$SHAKEDOWN" run --no-color --report-dir "$d/r" \
		    tests/lifecycle/slow.yaml > "$log" 2>&1 &
		pid=$!
		for i in $(seq 1 100); do [ -e "$d/held" ] && break; sleep 0.05; done
		sleep 0.2
		kill -"$sig" "$pid"
		wait "$pid" 2> /dev/null; rc=$?
		echo "exit $rc after SIG$sig during the create" >> "$log"
		if [ -e "$d/held" ] && wait_for gone 15; then
			pass "lifecycle/SIG$sig-during-create"
		else
			echo "left: $(leftovers | tr '\n' ' ')" >> "$log"
			fail "lifecycle/SIG$sig-during-create" "$log"
			docker rm -f $(docker ps -aq --filter "label=$SHAKEDOWN_LABELS") > /dev/null 2>&1
		fi
	done
	kill "$ppid" 2> /dev/null
}

# shakedown and its watchdog both killed (SIGKILL): the run's objects stay
# until `shakedown prune` (scoped here by SHAKEDOWN_LABELS) finds their
# run's process gone; a new run warns of them first; a live run's objects
# and a --keep run's are left alone; prune also removes the dead run's
# folder in TMPDIR.
lifecycle_prune() {
	local log="$tmp/prune.log" mark="prune-$run_tag" pids_ p pid t="$tmp/prune-tmp"
	mkdir -p "$t"
	SD_MARK=$mark TMPDIR=$t "$SHAKEDOWN" run --no-color --report-dir "$tmp/prune" \
	    tests/lifecycle/slow.yaml > "$log" 2>&1 &
	pid=$!
	wait_for up 20 || { fail "lifecycle/prune (never came up)" "$log"; return; }
	# Every process of the run, the watchdog too: they carry SD_MARK.
	pids_=$(grep -l "SD_MARK=$mark" /proc/[0-9]*/environ 2> /dev/null |
	    sed 's|/proc/\([0-9]*\)/environ|\1|')
	for p in $pids_; do kill -9 "$p" 2> /dev/null; done
	wait "$pid" 2> /dev/null
	sleep 3
	{ echo "killed: $pids_"; echo "left after the kill: $(leftovers | tr '\n' ' ')"; } >> "$log"
	if [ -z "$(leftovers)" ]; then
		fail "lifecycle/prune (the watchdog was not killed: nothing to prune)" "$log"; return
	fi
	echo "folders in TMPDIR after the kill: $(ls "$t" | tr '\n' ' ')" >> "$log"
	if ! ls -d "$t"/shakedown-* > /dev/null 2>&1; then
		fail "lifecycle/prune (the killed run left no folder: nothing to check)" "$log"; return
	fi
	TMPDIR=$t "$SHAKEDOWN" run --no-color --report-dir "$tmp/prune" tests/e2e/docker-pass.yaml \
	    > "$log.warn" 2>&1
	cat "$log.warn" >> "$log"
	TMPDIR=$t "$SHAKEDOWN" prune >> "$log" 2>&1
	echo "folders in TMPDIR after prune: $(ls "$t" | tr '\n' ' ')" >> "$log"
	if [ -z "$(ls -A "$t")" ] && grep -q 'of earlier runs whose processes are gone are left on the engine; remove them with: shakedown prune' "$log.warn" &&
	    grep -q '^removed 1 container, 0 networks, 0 volumes of runs whose processes are gone$' "$log" &&
	    [ -z "$(leftovers)" ]; then
		pass "lifecycle/prune-after-the-watchdog-died"
	else
		fail "lifecycle/prune-after-the-watchdog-died" "$log"
	fi
}

# `compose up` waiting on a dependency's health past the readiness
# deadline ends at the deadline (4 s), exit 3, saying so; nothing left.
lifecycle_compose_up_deadline() {
	local v=$1 name="lifecycle/compose-$1-up-ends-at-the-deadline" log="$tmp/cud.log" rc t0 t1
	t0=$(date +%s.%N)
	env "${case_env[@]}" "$SHAKEDOWN" run --no-color --report-dir "$tmp/cud" \
	    tests/lifecycle/compose-up-deadline.yaml > "$log" 2>&1
	rc=$?
	t1=$(date +%s.%N)
	echo "exit $rc after $(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }') s" >> "$log"
	if [ "$rc" = 3 ] && grep -q 'did not finish before the readiness deadline (ready.timeout)' "$log" &&
	    awk -v a="$t0" -v b="$t1" 'BEGIN { exit !(b - a < 30) }' && wait_for gone 30; then
		pass "$name"
	else
		fail "$name" "$log"
	fi
}

# Every compose lifecycle check under each Compose version.
lifecycle_compose() {
	local v
	for v in v1 v2; do
		if ! compose_has "$v"; then
			skip "lifecycle/compose-$v" "Compose $v is not available here"
			continue
		fi
		read -r -a case_env <<< "$(compose_env "$v")"
		lifecycle_parallel tests/e2e/docker-compose.yaml "$v"
		lifecycle_compose_signal TERM "$v"
		lifecycle_compose_signal KILL "$v"
		lifecycle_compose_up_signal "$v"
		lifecycle_compose_up_deadline "$v"
	done
	case_env=()
}

# --jobs: several specs at once, each its own app or project, one report.
lifecycle_jobs() {
	local log="$tmp/jobs.log" n rc
	"$SHAKEDOWN" run --no-color -j 3 --junit "$tmp/jobs.xml" --report-dir "$tmp/jobs" \
	    specs/examples/hello/hello.yaml specs/examples/hello/hello.json \
	    tests/e2e/docker-pass.yaml tests/e2e/docker-compose.yaml > "$log" 2>&1
	rc=$?
	n=$(grep -c '<testsuite ' "$tmp/jobs.xml" 2>/dev/null)
	if [ "$rc" = 0 ] && [ "$n" = 4 ] && grep -q '^19 passed, 0 failed$' "$log" &&
	    junit_ok "$tmp/jobs.xml" "$log" && [ -z "$(leftovers)" ]; then
		pass "lifecycle/jobs-3-merged-report"
	else
		fail "lifecycle/jobs-3-merged-report (exit $rc, $n suites)" "$log"
	fi
}

# The engine vanishes mid-run: a proxy to it is killed during a slow exec.
lifecycle_engine_vanishes() {
	local log="$tmp/vanish.log" p sp rc i
	for i in 1 2 3 4 5; do
		p=$(some_port)
		socat "TCP-LISTEN:$p,bind=127.0.0.1,reuseaddr,fork" \
		    UNIX-CONNECT:/var/run/docker.sock 2> /dev/null &
		sp=$!
		sleep 0.3
		kill -0 "$sp" 2> /dev/null && break
	done
	DOCKER_HOST=tcp://127.0.0.1:$p "$SHAKEDOWN" run --no-color --report-dir "$tmp/vanish" \
	    tests/lifecycle/vanish.yaml > "$log" 2>&1 &
	pid=$!
	for i in $(seq 1 100); do
		docker ps -q --filter "label=$SHAKEDOWN_LABELS" --filter status=running | grep -q . && break
		sleep 0.1
	done
	sleep 1
	kill "$sp"; wait "$sp" 2> /dev/null
	wait "$pid"; rc=$?
	echo "exit $rc" >> "$log"
	docker rm -f $(leftovers) > /dev/null 2>&1
	if [ "$rc" = 3 ] && grep -q 'error: the Docker Engine went away: ' "$log" &&
	    grep -q 'not run: the Docker Engine cannot be reached' "$log" &&
	    grep -q '^shakedown: teardown could not remove .*' "$log" &&
	    grep -q '^  remove it with: docker rm -f ' "$log"; then
		pass "lifecycle/engine-vanishes"
	else
		fail "lifecycle/engine-vanishes" "$log"
	fi
}

# --keep leaves the app up, says how to reach it and how to remove it; it
# leaves no empty run folder in TMPDIR (a container has no files there).
lifecycle_keep() {
	local log="$tmp/keep.log" name url t="$tmp/keep-tmp"
	mkdir -p "$t"
	IMAGE=$TEST_IMAGE TMPDIR=$t "$SHAKEDOWN" run --no-color --keep --report-dir "$tmp/keep" \
	    specs/examples/hello/hello.yaml > "$log" 2>&1
	name=$(sed -n 's/^  remove it with: docker rm -f \(.*\)$/\1/p' "$log")
	url=$(sed -n 's/^shakedown: kept .* at \(http[^ ]*\)$/\1/p' "$log")
	if [ -n "$name" ] && [ -n "$url" ] && curl -sf "$url/" | grep -q 'Hello World' &&
	    docker rm -f "$name" > /dev/null 2>&1 && [ -z "$(leftovers)" ] &&
	    [ -z "$(ls -A "$t")" ]; then
		pass "lifecycle/keep"
	else
		fail "lifecycle/keep (name '$name', url '$url')" "$log"
		docker rm -f $(leftovers) > /dev/null 2>&1
	fi
}

# The engine reached over tcp:// (plain, then TLS with client certificates,
# as GitLab's docker:dind), through socat in front of the local socket.
lifecycle_tcp_engine() {
	local d="$tmp/certs" log="$tmp/tcp.log" p i ok=1
	mkdir -p "$d/client" "$d/none"
	{
	openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=test-ca \
	    -keyout "$d/ca-key.pem" -out "$d/client/ca.pem"
	openssl req -newkey rsa:2048 -nodes -subj /CN=127.0.0.1 -keyout "$d/srv-key.pem" -out "$d/srv.csr"
	printf 'subjectAltName=IP:127.0.0.1\n' > "$d/srv.ext"
	openssl x509 -req -in "$d/srv.csr" -CA "$d/client/ca.pem" -CAkey "$d/ca-key.pem" \
	    -CAcreateserial -days 2 -extfile "$d/srv.ext" -out "$d/srv.pem"
	openssl req -newkey rsa:2048 -nodes -subj /CN=client -keyout "$d/client/key.pem" -out "$d/cl.csr"
	openssl x509 -req -in "$d/cl.csr" -CA "$d/client/ca.pem" -CAkey "$d/ca-key.pem" \
	    -CAcreateserial -days 2 -out "$d/client/cert.pem"
	cp "$d/client/ca.pem" "$d/none/ca.pem"
	} > "$tmp/certs.log" 2>&1 || { fail "lifecycle/tcp-engine (openssl)" "$tmp/certs.log"; return; }
	for mode in plain tls; do
		for i in 1 2 3 4 5; do
			p=$(some_port)
			if [ $mode = plain ]; then
				socat "TCP-LISTEN:$p,bind=127.0.0.1,reuseaddr,fork" \
				    UNIX-CONNECT:/var/run/docker.sock 2> /dev/null &
			else
				socat "OPENSSL-LISTEN:$p,bind=127.0.0.1,reuseaddr,fork,cert=$d/srv.pem,key=$d/srv-key.pem,cafile=$d/client/ca.pem,verify=1" \
				    UNIX-CONNECT:/var/run/docker.sock 2> /dev/null &
			fi
			pids+=($!)
			sleep 0.3
			kill -0 "${pids[-1]}" 2> /dev/null && break
		done
		if [ $mode = plain ]; then
			DOCKER_HOST=tcp://127.0.0.1:$p "$SHAKEDOWN" run --no-color --report-dir "$tmp/tcp" \
			    tests/e2e/docker-pass.yaml > "$log" 2>&1 || ok=0
		else
			DOCKER_HOST=tcp://127.0.0.1:$p DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=$d/client \
			    "$SHAKEDOWN" run --no-color --report-dir "$tmp/tcp" tests/e2e/docker-pass.yaml \
			    > "$log" 2>&1 || ok=0
			# Without a client certificate the engine cannot be reached: exit 3.
			DOCKER_HOST=tcp://127.0.0.1:$p DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=$d/none \
			    "$SHAKEDOWN" run --no-color tests/e2e/docker-pass.yaml > "$log.nocert" 2>&1
			[ $? = 3 ] && grep -q 'cannot reach the Docker Engine at tcp://127.0.0.1' "$log.nocert" ||
			    { ok=0; cat "$log.nocert" >> "$log"; }
		fi
		grep -q '5 passed, 0 failed' "$log" || ok=0
		kill "${pids[-1]}" 2> /dev/null
		if [ $ok = 1 ] && [ -z "$(leftovers)" ]; then
			pass "lifecycle/tcp-engine-$mode"
		else
			fail "lifecycle/tcp-engine-$mode" "$log"
			ok=1
		fi
	done
}

# A unix:// DOCKER_HOST where no engine answers, said in Docker's words:
# a socket file nobody listens on, and one the user may not open (mode
# 000, run as nobody when we are root).  Needs no engine.
lifecycle_engine_socket() {
	local d log n want
	d=$(mktemp -d "${TMPDIR:-/tmp}/shakedown-sock.XXXXXX")
	chmod 755 "$d"
	mkdir -m 777 "$d/w"
	cp "$SHAKEDOWN" "$d/shakedown" && cp tests/e2e/engine-refused.yaml "$d/spec.yaml"
	for n in dead perm; do
		python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$d/$n.sock"
	done
	chmod 000 "$d/perm.sock"
	for n in dead perm; do
		log="$tmp/engine-socket-$n.log"
		want="connection refused"
		set --
		if [ $n = perm ]; then
			want="permission denied"
			[ "$(id -u)" = 0 ] && set -- setpriv --reuid=65534 --regid=65534 --clear-groups
		fi
		(cd "$d/w" && DOCKER_HOST="unix://$d/$n.sock" "$@" "$d/shakedown" run --no-color \
		    --report-dir "$d/w/rep" "$d/spec.yaml") > "$log" 2>&1
		echo "exit $?" >> "$log"
		if grep -q '^exit 3$' "$log" &&
		    grep -qF "error: no Docker Engine answers at unix://$d/$n.sock: $want" "$log" &&
		    ! grep -q 'Failed to connect' "$log"; then
			pass "lifecycle/engine-socket-$n"
		else
			fail "lifecycle/engine-socket-$n" "$log"
		fi
	done
	rm -rf "$d"
}

# An app that writes ~20 MB before dying (in lines of 8 KiB: a daemon's
# json-file limits, often 3 x 10m, count its JSON too): its saved log
# keeps the newest 16 MiB, from a line's start, under a first line saying
# how much was left out; the report links it, relative to the project
# folder.
lifecycle_log_newest() {
	local d="$tmp/lognewest" log="$tmp/lognewest.log" f rc line=0123456789abcdef i
	for i in 1 2 3 4 5 6 7 8 9; do line=$line$line; done
	mkdir -p "$d"
	cat > "$d/spec.yaml" <<-EOF
	name: log-newest
	app:
	  image: $TEST_IMAGE
	  port: 80
	  cmd: [sh, -c, 's=0123456789abcdef; for i in 1 2 3 4 5 6 7 8 9; do s=\$s\$s; done; busybox yes \$s | head -n 2500; echo the end; exit 1']
	tests:
	  - get: /
	EOF
	CI_PROJECT_DIR=$d "$SHAKEDOWN" run --no-color --junit "$d/junit.xml" \
	    --report-dir "$d/report" "$d/spec.yaml" > "$log" 2>&1
	rc=$?
	f=$(ls "$d"/report/*.log 2> /dev/null)
	{ echo "exit $rc (expected 3)"; ls -l "$d/report"; head -c 300 "$f"; echo; tail -c 100 "$f"; } >> "$log"
	if [ "$rc" = 3 ] && [ -f "$f" ] && [ "$(stat -c %s "$f")" -le $(((16 << 20) + 200)) ] &&
	    head -n 1 "$f" | grep -qE '^\[shakedown: the oldest [0-9]+ bytes of this log are left out; the newest [0-9]+ follow\]$' &&
	    [ "$(sed -n 2p "$f")" = "$line" ] && [ "$(tail -n 1 "$f")" = "the end" ] &&
	    grep -q "\[\[ATTACHMENT|report/$(basename "$f")\]\]" "$d/junit.xml" &&
	    CI_PROJECT_DIR=$d junit_ok "$d/junit.xml" "$log"; then
		pass "lifecycle/saved-log-keeps-the-newest"
	else
		fail "lifecycle/saved-log-keeps-the-newest" "$log"
	fi
}

run_lifecycle() {
	lifecycle_engine_socket
	lifecycle_browser
	if [ -z "${TEST_IMAGE:-}" ]; then
		fail "lifecycle (no Docker Engine answers)"
		return
	fi
	lifecycle_log_newest
	lifecycle_signal TERM
	lifecycle_signal INT
	lifecycle_signal KILL
	lifecycle_sigpipe
	lifecycle_create_race
	lifecycle_prune
	IMAGE=$TEST_IMAGE lifecycle_parallel specs/examples/hello/hello.yaml
	lifecycle_compose
	lifecycle_jobs
	lifecycle_keep
	lifecycle_tcp_engine
	lifecycle_engine_vanishes
	if [ -z "$(leftovers)" ]; then
		pass "lifecycle/nothing-left-on-the-engine"
	else
		docker ps -a --filter "label=$SHAKEDOWN_LABELS" > "$tmp/left.log" 2>&1
		fail "lifecycle/nothing-left-on-the-engine" "$tmp/left.log"
	fi
}
