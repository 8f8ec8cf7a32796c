# shellcheck shell=bash
# podman.sh - the podman suite of tests/run: run_podman.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# Podman's Docker-compatible API (`podman system service`) under every
# container case, tests/e2e/docker-*.yaml (compose: ones through Compose
# on the same socket), and the demo's hello specs, checked as on Docker,
# named e2e-podman/NAME.
# The service lives in mount and network namespaces of its own: its
# storage, locks, networks and runtime files are under $tmp/podman (what
# Podman writes to /var/lib and /run lands there too, through overlays),
# its bridge and iptables rules vanish with its network namespace, so the
# machine's own Podman and another run's are never touched.  Each case
# runs shakedown in the same namespaces (nsenter), where 127.0.0.1 reaches
# the ports Podman publishes; a case that starts nothing (--base-url)
# runs outside, where the test server is.
#
# Cases Podman itself cannot pass, "FILE|why": reported as skipped.
podman_cannot=(
	"docker-compose.yaml|its depends_on: service_healthy waits inside Compose for a healthcheck that Podman runs only from systemd timers, which this host lacks, so Compose waits for ever (shakedown runs healthchecks only while it waits itself: ready.healthy)"
	"docker-compose-oneshot.yaml|its depends_on: service_healthy waits inside Compose for a healthcheck that Podman runs only from systemd timers, which this host lacks (shakedown's own deadline ends that wait: docker-compose-oneshot-fails checks the message on Docker)"
	"docker-compose-oneshot-fails.yaml|its depends_on: service_healthy waits inside Compose for a healthcheck that Podman runs only from systemd timers, which this host lacks"
	"docker-oom.yaml|Debian 12's Podman 4.3 never reports an out-of-memory kill: its conmon 2.1.6 leaves the oom marker in the service's working directory, where Podman does not look; e2e-podman/oom-reason checks what shakedown says instead"
)
podman_svc=

# podman_net FILE NAME BRIDGE NET: a CNI bridge network (NET.0/24) with
# port publishing, its addresses kept beside it.
podman_net() {
	cat > "$1" <<EOF
{ "cniVersion": "0.4.0", "name": "$2",
  "plugins": [
    { "type": "bridge", "bridge": "$3", "isGateway": true,
      "ipam": { "type": "host-local", "dataDir": "$(dirname "$1")/ipam",
        "routes": [{ "dst": "0.0.0.0/0" }],
        "ranges": [[{ "subnet": "$4.0/24", "gateway": "$4.1" }]] } },
    { "type": "portmap", "capabilities": { "portMappings": true } }
  ] }
EOF
}

# Stops the service, then whatever else still runs in its namespaces
# (conmon keeps an exec session 5 minutes after it ended, as Docker keeps
# its exit code), by pid.
podman_stop() {
	local ns p i left
	[ -n "$podman_svc" ] || return 0
	ns=$(readlink "/proc/$podman_svc/ns/net" 2> /dev/null)
	kill "$podman_svc" 2> /dev/null
	wait "$podman_svc" 2> /dev/null
	podman_svc=
	# Never the host's own (the service gone, or not yet in its own).
	[ -n "$ns" ] && [ "$ns" != "$(readlink /proc/self/ns/net)" ] || return 0
	for i in $(seq 1 50); do
		left=()
		for p in /proc/[0-9]*; do
			[ "$(readlink "$p/ns/net" 2> /dev/null)" = "$ns" ] && left+=("${p#/proc/}")
		done
		[ ${#left[@]} -eq 0 ] && return 0
		kill "${left[@]}" 2> /dev/null
		sleep 0.1
	done
	return 1
}

run_podman() {
	local d="$tmp/podman" pod spec name dir why i n=0 left sd
	if [ -z "${TEST_IMAGE:-}" ]; then
		fail "e2e-podman (no Docker Engine answers: the test image comes from it)"
		return
	fi
	mkdir -p "$d"/{root,runroot,tmp,net,ovl/lib,ovl/lib.w,ovl/run,ovl/run.w}
	# No default open-files limit (a sandbox may forbid setting it); file
	# locks under tmp_dir, not the machine's one shared-memory lock table
	# (/dev/shm/libpod_lock), which a new store would start by freeing.
	printf '%s\n' '[containers]' 'default_ulimits = []' '' '[network]' \
	    'network_backend = "cni"' "network_config_dir = \"$d/net\"" \
	    'default_network = "shakedown"' '' '[engine]' 'lock_type = "file"' \
	    "tmp_dir = \"$d/tmp\"" 'events_logger = "file"' \
	    "events_logfile_path = \"$d/events.log\"" > "$d/containers.conf"
	podman_net "$d/net/shakedown.conflist" shakedown podman0 10.88.0
	podman_net "$d/net/$TEST_NET.conflist" "$TEST_NET" podman1 10.88.1
	export CONTAINERS_CONF=$d/containers.conf
	pod=(podman --root "$d/root" --runroot "$d/runroot")
	# Its working directory is $d: conmon writes files there (oom).
	unshare --mount --net --propagation private sh -c '
		d=$1; shift
		mount -t overlay overlay -o "lowerdir=/var/lib,upperdir=$d/ovl/lib,workdir=$d/ovl/lib.w" /var/lib &&
		mount -t overlay overlay -o "lowerdir=/run,upperdir=$d/ovl/run,workdir=$d/ovl/run.w" /run &&
		ip link set lo up && cd "$d" && exec "$@"' sh "$d" "${pod[@]}" system service --time=0 \
	    "unix://$d/podman.sock" > "$d/service.log" 2>&1 &
	podman_svc=$!
	for i in $(seq 1 100); do
		curl -sf --max-time 2 --unix-socket "$d/podman.sock" http://d/_ping > /dev/null 2>&1 && break
		kill -0 "$podman_svc" 2> /dev/null || break
		sleep 0.1
	done
	if ! curl -sf --max-time 2 --unix-socket "$d/podman.sock" http://d/_ping > /dev/null 2>&1; then
		fail "e2e-podman (podman system service did not answer)" "$d/service.log"
		podman_stop; unset CONTAINERS_CONF; return
	fi
	if ! docker save "$TEST_IMAGE" | nsenter -t "$podman_svc" -m -n "${pod[@]}" load -q \
	    > "$d/load.log" 2>&1; then
		fail "e2e-podman (podman load of $TEST_IMAGE)" "$d/load.log"
		podman_stop; unset CONTAINERS_CONF; return
	fi
	# shakedown in the service's namespaces, as check_case runs it.
	sd=$(realpath "$SHAKEDOWN")
	printf '#!/bin/sh\nexec nsenter -t %q -m -n --wd="$PWD" %q "$@"\n' \
	    "$podman_svc" "$sd" > "$d/shakedown"
	chmod +x "$d/shakedown"
	for spec in tests/e2e/docker-*.yaml specs/examples/hello/hello.yaml \
	    specs/examples/hello/hello.json; do
		name=${spec##*/}
		dir="$d/e2e/$name"
		mkdir -p "$dir"
		why=
		for i in "${podman_cannot[@]}"; do
			[ "${i%%|*}" = "$name" ] && why=${i#*|}
		done
		if [ -n "$why" ]; then
			skip_engine "e2e-podman/$name" "$why"
			continue
		fi
		n=$((n + 1))
		case $(directive "$spec" args) in
		*--base-url*) sd=$SHAKEDOWN ;;
		*) sd=$d/shakedown ;;
		esac
		if DOCKER_HOST=unix://$d/podman.sock SHAKEDOWN=$sd check_case "$spec" "$dir/log" "$dir"; then
			pass "e2e-podman/$name"
		else
			fail "e2e-podman/$name" "$dir/log"
		fi
	done
	# A kill under app.memory: out of memory as Podman reports it, or
	# that Podman does not say.
	dir="$d/oom"
	mkdir -p "$dir"
	DOCKER_HOST=unix://$d/podman.sock "$d/shakedown" run --no-color \
	    --report-dir "$dir/report" tests/e2e/docker-oom.yaml > "$dir/log" 2>&1
	i=$?
	echo "exit $i" >> "$dir/log"
	if [ "$i" = 3 ] && grep -qE 'not ready: the container exited with code 137 \((killed: out of memory|killed by SIGKILL, under a memory limit of 16 MiB: Podman does not say whether it ran out of memory)\)' "$dir/log"; then
		pass "e2e-podman/oom-reason"
	else
		fail "e2e-podman/oom-reason" "$dir/log"
	fi
	left=$(curl -s --unix-socket "$d/podman.sock" 'http://d/containers/json?all=1')
	if [ "$left" != "[]" ]; then
		echo "left on Podman: $left" > "$d/left.log"
		fail "e2e-podman/nothing-left-on-podman" "$d/left.log"
	fi
	if podman_stop && rm -rf "$d" && [ ! -e "$d" ]; then
		[ "$left" = "[]" ] && pass "e2e-podman/nothing-left-on-podman"
	else
		fail "e2e-podman/service-and-storage-removed"
	fi
	unset CONTAINERS_CONF
}
