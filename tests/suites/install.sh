# shellcheck shell=bash
# install.sh - the install suite of tests/run: run_install.
# Sourced by tests/run, which sets $tmp, $SHAKEDOWN and the servers.

# make install: the binary, the man page (which renders without a
# warning), the schema; --version names the libraries.
run_install() {
	local d="$tmp/install"
	[ "${IMAGE_TEST:-1}" = 1 ] || return 0
	if make -s install PREFIX="$d" > "$d.log" 2>&1 &&
	    "$d/bin/shakedown" --version | grep -q 'libcurl .*jansson .*libyaml .*libxml2 .*pcre2' &&
	    [ -f "$d/share/shakedown/schema.json" ] &&
	    LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -l "$d/share/man/man1/shakedown.1" \
	    > "$d.man" 2> "$d.warn" && [ ! -s "$d.warn" ] && grep -q -- '--shard' "$d.man"; then
		pass "install"
	else
		cat "$d.warn" >> "$d.log" 2>/dev/null
		fail "install" "$d.log"
	fi
}
