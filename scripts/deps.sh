#!/usr/bin/env bash
# deps.sh [--test|--ci] - installs the Debian packages that shakedown needs,
# only those missing, and checks that a Docker Engine answers.
#
#   (none)   build and `make demo`: a C toolchain, the five libraries' -dev
#            packages, busybox-static (the demo image), xmllint (its report
#            check) and the docker CLI
#   --test   and what `make test` needs: Compose, curl, openssl,
#            socat, nghttpd, chromium, cmark-gfm, mmdebstrap, man, python3
#            (yaml, jsonschema), zlib, Podman (its Docker-compatible service)
#   --ci     and what .ci/run adds: valgrind, clang with libFuzzer
#
# One line says what is installed; apt's own output goes to a log that is
# shown only when apt fails.  Exit 0 when everything is there, 3 when
# something could not be installed or no Docker Engine answers.
set -eu
level=base
case ${1:-} in
"") ;;
--test) level=test ;;
--ci) level=ci ;;
-h|--help) sed -n '2,15s/^# \{0,1\}//p' "$0"; exit 0 ;;
*) echo "usage: scripts/deps.sh [--test|--ci]" >&2; exit 2 ;;
esac

pkgs=(build-essential pkg-config libcurl4-openssl-dev libpcre2-dev libxml2-dev
    libjansson-dev libyaml-dev busybox-static libxml2-utils ca-certificates)
# The docker CLI: Debian 12 ships it only in docker.io (with an engine that
# is installed but not started here); any docker already on PATH will do.
command -v docker > /dev/null 2>&1 || pkgs+=(docker.io)
if [ "$level" != base ]; then
	pkgs+=(curl openssl socat nghttp2-server chromium cmark-gfm perl
	    mmdebstrap man-db zlib1g-dev python3 python3-yaml python3-jsonschema
	    procps git podman iproute2)
	# Compose: v2 (`docker compose`) or v1 (`docker-compose`) already
	# there will do; else Debian 12's docker-compose (v1).
	docker compose version > /dev/null 2>&1 || command -v docker-compose > /dev/null 2>&1 ||
	    pkgs+=(docker-compose)
fi
[ "$level" = ci ] && pkgs+=(valgrind clang libclang-rt-14-dev)

missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
	    missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
	if [ "$(id -u)" -ne 0 ]; then
		echo "deps: missing ${missing[*]}; run as root (or with sudo) to install them" >&2
		exit 3
	fi
	echo "deps: installing ${missing[*]}"
	log=$(mktemp "${TMPDIR:-/tmp}/shakedown-deps.XXXXXX")
	export DEBIAN_FRONTEND=noninteractive
	if ! { apt-get update -q && apt-get install -y -q --no-install-recommends "${missing[@]}"; } \
	    > "$log" 2>&1; then
		tail -n 30 "$log" >&2
		echo "deps: apt-get failed (whole log: $log)" >&2
		exit 3
	fi
	rm -f "$log"
fi

# An engine is needed by every command but `make`: say so in one line.
if ! out=$(docker version --format '{{.Server.Version}}' 2>&1); then
	why=$(printf '%s\n' "$out" | grep -m1 -iE 'cannot connect|permission denied|error' || true)
	echo "deps: no Docker Engine answers at ${DOCKER_HOST:-unix:///var/run/docker.sock}${why:+ ($why)};" \
	    "make demo and make test need one: start dockerd, mount its socket, or set DOCKER_HOST" >&2
	exit 3
fi
