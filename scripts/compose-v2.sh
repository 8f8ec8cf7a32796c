#!/usr/bin/env bash
# compose-v2.sh DIR - puts Docker Compose v2 (Debian trixie's docker-compose
# package, a static Go binary that runs on bookworm) into
# DIR/cli-plugins/docker-compose, without touching the machine's apt sources
# or packages; then `DOCKER_CONFIG=DIR docker compose version` answers v2.
# The package comes through the machine's own mirror and proxy
# (scripts/debian-mirror.sh).  Idempotent; prints the plugin's path.
# Exit 3 when it cannot be had (no archive reachable, no such package).
set -eu
dir=${1:?usage: compose-v2.sh DIR}
plugin=$dir/cli-plugins/docker-compose
if [ -x "$plugin" ] && "$plugin" version > /dev/null 2>&1; then
	echo "$plugin"
	exit 0
fi
here=$(cd "$(dirname "$0")" && pwd)
mirror=$("$here/debian-mirror.sh")
proxy=$("$here/debian-mirror.sh" --proxy)
st=$(mktemp -d "${TMPDIR:-/tmp}/compose-v2.XXXXXX")
trap 'rm -rf "$st"' EXIT
mkdir -p "$st/lists/partial" "$st/archives/partial"
echo "deb [signed-by=/usr/share/keyrings/debian-archive-keyring.gpg] $mirror trixie main" \
    > "$st/sources.list"
opts=(-o APT::Sandbox::User=root -o "Dir::Etc::sourcelist=$st/sources.list"
    -o Dir::Etc::sourceparts=/nonexistent -o "Dir::State::Lists=$st/lists"
    -o "Dir::Cache::Archives=$st/archives" -o Debug::NoLocking=1)
[ -n "$proxy" ] && opts+=(-o "Acquire::http::Proxy=$proxy")
if ! apt-get "${opts[@]}" -qq update > "$st/log" 2>&1 ||
    ! (cd "$st" && apt-get "${opts[@]}" -qq download docker-compose >> "$st/log" 2>&1); then
	cat "$st/log" >&2
	echo "compose-v2.sh: cannot download trixie's docker-compose from $mirror" >&2
	exit 3
fi
deb=$(ls "$st"/docker-compose_2*.deb 2> /dev/null | head -n 1)
[ -n "$deb" ] || { echo "compose-v2.sh: no Compose v2 package in trixie at $mirror" >&2; exit 3; }
dpkg-deb -x "$deb" "$st/x"
mkdir -p "$dir/cli-plugins"
cp "$st/x/usr/libexec/docker/cli-plugins/docker-compose" "$plugin.tmp"
mv "$plugin.tmp" "$plugin"
"$plugin" version > /dev/null
echo "$plugin"
