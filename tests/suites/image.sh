# shellcheck shell=bash
# image.sh - the image suite of tests/run: run_image.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# harness_run NAME SRC DEST WANT ARGS…: runs shakedown's image with ARGS,
# SRC copied in at DEST first, and checks its summary is WANT and its JUnit
# report (/out/junit.xml) valid.  No bind mount: the engine may see another
# file system than this shell (a socket mounted into a container, DinD), so
# the specs go in and the report comes out with docker cp.  The engine is
# the host's, through its socket, as in a CI job: a compose project run from
# the container must keep to named volumes (a bind mount's source would be
# looked up on the engine's side).  Uses run_image's $d, $harness and
# $harness_env (more "-e NAME=VALUE" for the container).
harness_run() {
	local name=$1 src=$2 dest=$3 want=$4 log="$d/$1.log"
	local c="shakedown-test-$run_tag-harness-$1"
	shift 4
	docker create --name "$c" --network host --label "$SHAKEDOWN_LABELS" \
	    -v /var/run/docker.sock:/var/run/docker.sock -e IMAGE="$TEST_IMAGE" \
	    -e TEST_IMAGE -e SHAKEDOWN_LABELS "${harness_env[@]}" "$harness" run --no-color \
	    --junit /out/junit.xml "$@" > "$log" 2>&1 &&
	    docker cp "$src" "$c:$dest" >> "$log" 2>&1 &&
	    docker start -a "$c" >> "$log" 2>&1
	mkdir -p "$d/$name"
	docker cp "$c:/out/junit.xml" "$d/$name/junit.xml" >> "$log" 2>&1
	docker rm -f "$c" > /dev/null 2>&1
	if [ -n "$want" ] && grep -qxF "$want" "$log" && junit_ok "$d/$name/junit.xml" "$log"; then
		pass "image/$name"
	else
		fail "image/$name" "$log"
	fi
}

# shakedown's own image (Dockerfile: Debian trixie, Docker CLI and Compose
# v2) built on a trixie base made offline (mmdebstrap + docker import: no
# registry answers here); its size is checked, then it runs the demo specs
# and a compose project against the engine.  Minutes, so once a CI run: the
# sanitizer pass sets IMAGE_TEST=0.
run_image() {
	local d="$tmp/image" base="shakedown-test-$run_tag/debian:trixie"
	local harness="shakedown-test-$run_tag/harness:latest" mirror proxy t0 size
	local pargs=() want harness_env=() todo t1
	[ "${IMAGE_TEST:-1}" = 1 ] || return 0
	if [ -z "${TEST_IMAGE:-}" ]; then
		fail "image (no Docker Engine answers)"; return
	fi
	mkdir -p "$d/e2e"
	# The host's own mirror and proxy: users sit behind both.
	mirror=$(scripts/debian-mirror.sh)
	proxy=${http_proxy:-$(scripts/debian-mirror.sh --proxy)}
	[ -n "$proxy" ] && pargs=(--build-arg "http_proxy=$proxy" --build-arg "https_proxy=$proxy")
	# mmdebstrap writes the tarball itself: no device node is made, so it
	# works in an unprivileged container too (debootstrap does not).
	if ! { http_proxy=$proxy mmdebstrap --variant=minbase \
	    ${proxy:+--aptopt="Acquire::http::Proxy \"$proxy\""} trixie "$d/base.tar" "$mirror" &&
	    docker import "$d/base.tar" "$base"; } > "$d/base.log" 2>&1; then
		fail "image/base (mmdebstrap trixie from $mirror)" "$d/base.log"; return
	fi
	images+=("$base")
	rm -f "$d/base.tar"
	# The build and runtime stages get tags of their own, so that removing
	# the tags at the end removes every layer this run made (none is left
	# dangling).  The Dockerfile checks shakedown, docker, docker compose
	# and docker-compose answer in the image.
	t0=$SECONDS
	if docker build -q --build-arg BASE="$base" "${pargs[@]}" --target build \
	    -t "$harness-build" . > "$d/build.log" 2>&1 && images+=("$harness-build") &&
	    docker build -q --build-arg BASE="$base" "${pargs[@]}" --target runtime \
	    -t "$harness-runtime" . >> "$d/build.log" 2>&1 && images+=("$harness-runtime") &&
	    docker build -q --build-arg BASE="$base" "${pargs[@]}" --label "$SHAKEDOWN_LABELS" \
	    -t "$harness" . >> "$d/build.log" 2>&1; then
		images+=("$harness")
		pass "image/build ($((SECONDS - t0)) s)"
	else
		fail "image/build" "$d/build.log"; return
	fi
	# At most 200 MB as `docker images` counts (10^6 bytes), so also under
	# 200 MiB: the image is one layer (Dockerfile), ~190 MB; 454 MB with
	# bookworm, Compose v1 and its Python.
	size=$(docker image inspect -f '{{.Size}}' "$harness" 2> "$d/size.log")
	if [ -n "$size" ] && [ "$size" -le 200000000 ]; then
		pass "image/size-under-200MB ($((size / 1000000)) MB)"
	else
		fail "image/size-under-200MB (${size:-no size}${size:+ bytes})" "$d/size.log"
	fi
	harness_run runs-the-demo specs /specs '10 passed, 0 failed' /specs/examples/hello/
	cp tests/e2e/docker-compose.yaml "$d/e2e/" && cp -R tests/e2e/compose "$d/e2e/"
	want=$(directive tests/e2e/docker-compose.yaml stdout)
	harness_run runs-compose "$d/e2e" /e2e "$want" /e2e/docker-compose.yaml
	# The variant with Debian's chromium (--build-arg CHROMIUM=1), for
	# specs with browser: tests: ~900 MB and ~100 s more (measured by hand:
	# 102 s on a warm build stage, 898 MB, one layer), so only when
	# IMAGE_CHROMIUM=1 asks.  It runs the todo example's browser tests.
	if [ "${IMAGE_CHROMIUM:-0}" != 1 ]; then
		skip_optional "image/chromium" "the chromium variant (~900 MB, ~100 s) is built when IMAGE_CHROMIUM=1"
		return 0
	fi
	t1=$SECONDS
	if docker build -q --build-arg BASE="$base" "${pargs[@]}" --build-arg CHROMIUM=1 \
	    --target runtime -t "$harness-runtime-chromium" . > "$d/chromium.log" 2>&1 &&
	    images+=("$harness-runtime-chromium") &&
	    docker build -q --build-arg BASE="$base" "${pargs[@]}" --build-arg CHROMIUM=1 \
	    --label "$SHAKEDOWN_LABELS" -t "$harness-chromium" . >> "$d/chromium.log" 2>&1; then
		images+=("$harness-chromium")
		size=$(docker image inspect -f '{{.Size}}' "$harness-chromium" 2> /dev/null)
		pass "image/chromium-build ($((SECONDS - t1)) s, $((${size:-0} / 1000000)) MB)"
	else
		fail "image/chromium-build" "$d/chromium.log"; return
	fi
	if ! todo=$(specs/examples/todo/build.sh "shakedown-test-$run_tag/todo:latest" 2> "$d/todo.log"); then
		fail "image/chromium-runs-browser-tests (build.sh failed)" "$d/todo.log"; return
	fi
	images+=("$todo")
	harness=$harness-chromium
	harness_env=(-e "TODO_IMAGE=$todo")
	harness_run chromium-runs-browser-tests specs /specs '10 passed, 0 failed' \
	    /specs/examples/todo/ui.yaml
}
