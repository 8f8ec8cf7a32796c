#!/usr/bin/env bash
# debian-mirror.sh - prints the Debian archive this machine's apt uses (the
# first main-archive URI of /etc/apt/sources.list or sources.list.d/, in
# one-line or deb822 form), so that mmdebstrap and apt inside test images
# go through the same mirror or proxy as the host.  Falls back to
# http://deb.debian.org/debian.  `--proxy` prints apt's HTTP proxy instead
# (Acquire::http::Proxy), or nothing.
set -u
if [ "${1:-}" = --proxy ]; then
	apt-config dump 2> /dev/null |
	    sed -n 's/^Acquire::http::Proxy "\(.*\)";$/\1/p' | head -n 1
	exit 0
fi
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list \
    /etc/apt/sources.list.d/*.sources; do
	[ -r "$f" ] || continue
	case $f in
	*.sources) uris=$(sed -n 's/^URIs:[[:space:]]*//p' "$f" | tr ' ' '\n') ;;
	*) uris=$(sed -n 's/^deb[[:space:]]\+\(\[[^]]*\][[:space:]]\+\)\{0,1\}\([^[:space:]]\+\).*/\2/p' "$f") ;;
	esac
	for u in $uris; do
		case $u in
		*security*|*backports*|cdrom:*|file:*) continue ;;
		http://*|https://*) echo "${u%/}"; exit 0 ;;
		esac
	done
done
echo http://deb.debian.org/debian
