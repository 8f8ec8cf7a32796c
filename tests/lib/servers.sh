# shellcheck shell=bash
# servers.sh - the servers the cases run against (port 0 where the server can), the test image.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# start_server NAME ARGS…: starts testsrv (SERVER=… another), sets $port.
start_server() {
	local portfile="$tmp/$1.port" i
	shift
	"${SERVER:-$TESTSRV}" -p "$portfile" "$@" &
	pids+=($!)
	for i in $(seq 1 200); do
		[ -s "$portfile" ] && break
		sleep 0.025
	done
	port=$(cat "$portfile" 2>/dev/null)
	[ -n "$port" ] || { echo "tests/run: the test server did not start" >&2; exit 2; }
}

# A free-looking port for programs that cannot bind port 0 (socat).
some_port() { echo $((20000 + RANDOM % 40000)); }

# A TLS server with a self-signed certificate, for the TLS cases.
start_tls() {
	local i
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/tls.key" \
	    -out "$tmp/tls.crt" -days 2 -subj /CN=127.0.0.1 \
	    -addext subjectAltName=IP:127.0.0.1 > "$tmp/tls.log" 2>&1 ||
	    { echo "tests/run: openssl cannot make a certificate" >&2; exit 2; }
	(cd tests/e2e/site && exec openssl s_server -accept 127.0.0.1:0 \
	    -cert "$tmp/tls.crt" -key "$tmp/tls.key" -WWW > "$tmp/tls.out" 2>&1) &
	pids+=($!)
	for i in $(seq 1 200); do
		port=$(sed -n 's/^ACCEPT 127.0.0.1:\([0-9]*\)$/\1/p' "$tmp/tls.out")
		[ -n "$port" ] && break
		sleep 0.025
	done
	[ -n "$port" ] || { echo "tests/run: openssl s_server did not start" >&2; exit 2; }
	export TLS_URL="https://127.0.0.1:$port" TLS_CA="$tmp/tls.crt" TLS_KEY="$tmp/tls.key"
	start_mtls
	start_h2
}

# A TLS server that insists on a client certificate (--cert, cert:).
start_mtls() {
	local i
	openssl req -x509 -newkey rsa:2048 -nodes -keyout "$tmp/client.key" \
	    -out "$tmp/client.crt" -days 2 -subj /CN=shakedown-client \
	    > "$tmp/client.log" 2>&1 || { echo "tests/run: no client certificate" >&2; exit 2; }
	(cd tests/e2e/site && exec openssl s_server -accept 127.0.0.1:0 \
	    -cert "$tmp/tls.crt" -key "$tmp/tls.key" -Verify 1 -verify_return_error \
	    -CAfile "$tmp/client.crt" -WWW > "$tmp/mtls.out" 2>&1) &
	pids+=($!)
	for i in $(seq 1 200); do
		port=$(sed -n 's/^ACCEPT 127.0.0.1:\([0-9]*\)$/\1/p' "$tmp/mtls.out")
		[ -n "$port" ] && break
		sleep 0.025
	done
	[ -n "$port" ] || { echo "tests/run: the mTLS server did not start" >&2; exit 2; }
	export MTLS_URL="https://127.0.0.1:$port" CLIENT_CERT="$tmp/client.crt" \
	    CLIENT_KEY="$tmp/client.key"
}

# nghttpd: HTTP/2 over TLS, and cleartext HTTP/2 (prior knowledge).  It
# takes no port 0, so a free port is picked first.
free_port() {
	python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

start_h2() {
	local tls plain i
	command -v nghttpd > /dev/null || { echo "tests/run: nghttpd is needed (nghttp2-server)" >&2; exit 2; }
	tls=$(free_port); plain=$(free_port)
	nghttpd -a 127.0.0.1 -d tests/e2e/site "$tls" "$tmp/tls.key" "$tmp/tls.crt" \
	    > "$tmp/h2.log" 2>&1 &
	pids+=($!)
	nghttpd -a 127.0.0.1 -d tests/e2e/site --no-tls "$plain" >> "$tmp/h2.log" 2>&1 &
	pids+=($!)
	for i in $(seq 1 200); do
		curl -s -o /dev/null --http2-prior-knowledge "http://127.0.0.1:$plain/" &&
		    curl -s -o /dev/null --cacert "$tmp/tls.crt" "https://127.0.0.1:$tls/" && break
		sleep 0.025
	done
	export H2_URL="https://127.0.0.1:$tls" H2C_URL="http://127.0.0.1:$plain"
}

# The image the container cases run: the demo's, FROM scratch.
build_image() {
	if ! curl -sf --max-time 5 --unix-socket /var/run/docker.sock http://localhost/_ping > /dev/null 2>&1 &&
	    ! docker version > /dev/null 2>&1; then
		echo "tests/run: no Docker Engine answers; the container cases will fail" >&2
		return
	fi
	TEST_IMAGE=$(specs/examples/hello/build.sh "shakedown-test-$run_tag/hello:latest") ||
	    { echo "tests/run: cannot build the test image" >&2; exit 2; }
	images+=("$TEST_IMAGE")
	# The demo specs name their image ${IMAGE:-shakedown-demo/hello}: a fresh
	# machine has only this one.
	export TEST_IMAGE IMAGE=$TEST_IMAGE
	docker network create "$TEST_NET" > /dev/null ||
	    { echo "tests/run: cannot create a test network" >&2; exit 2; }
	networks=1
	# Another run's objects, as a laptop's --keep stack or a concurrent job
	# would leave them: nothing of this run may touch them.
	foreign=1
	docker create --name "shakedown-foreign-$run_tag" \
	    --label "io.shakedown.run=foreign$run_tag" "$TEST_IMAGE" > /dev/null &&
	    docker network create --label "io.shakedown.run=foreign$run_tag" \
	    "shakedown-foreign-$run_tag" > /dev/null &&
	    docker volume create --label "io.shakedown.run=foreign$run_tag" \
	    "shakedown-foreign-$run_tag" > /dev/null ||
	    { echo "tests/run: cannot create the foreign objects" >&2; exit 2; }
}
