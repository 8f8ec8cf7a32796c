#!/usr/bin/env bash
# deps.sh - installs the Debian packages shakedown builds and tests with,
# only those missing (so it is quick on a machine that has them).
set -eu
pkgs=(
	build-essential pkg-config
	libcurl4-openssl-dev libpcre2-dev libxml2-dev libjansson-dev libyaml-dev
	libxml2-utils busybox-static openssl socat nghttp2-server chromium perl debootstrap man-db
	zlib1g-dev clang libclang-rt-14-dev
	python3 python3-yaml
	python3-jsonschema
)
missing=()
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
	    missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "deps: installing ${missing[*]}"
if [ "$(id -u)" -ne 0 ]; then
	echo "deps: run as root (or with sudo) to install: ${missing[*]}" >&2
	exit 3
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
