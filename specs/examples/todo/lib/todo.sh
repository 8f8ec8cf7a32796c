# todo.sh - helpers shared by the todo example's CGI scripts (busybox sh).
# A todo is a file /tmp/todos/N.json holding its JSON object, written once
# with the title still JSON-escaped as the client sent it; N.time holds when
# it was created (for the Atom feed).

STORE=/tmp/todos
SESSIONS=/tmp/sessions
VERSION=1.4.2

# Extra response headers for respond(), one "Name: value" per line.
EXTRA_HEADERS=""

add_header() {
	EXTRA_HEADERS="$EXTRA_HEADERS$1
"
}

# respond CODE REASON [CONTENT_TYPE BODY]: the whole response.  busybox
# httpd passes a CGI's output through unchanged when it starts with
# "HTTP/", so the status line is ours.
respond() {
	printf 'HTTP/1.1 %s %s\r\n' "$1" "$2"
	if [ -n "${3:-}" ]; then
		printf 'Content-Type: %s\r\n' "$3"
		printf 'Content-Length: %s\r\n' "$(printf '%s' "$4" | wc -c)"
	elif [ "$1" != 204 ]; then
		printf 'Content-Length: 0\r\n'
	fi
	printf '%s' "$EXTRA_HEADERS" | while IFS= read -r h; do
		[ -n "$h" ] && printf '%s\r\n' "$h"
	done
	printf 'Connection: close\r\n\r\n'
	[ -n "${3:-}" ] && printf '%s' "$4"
	exit 0
}

json() { respond "$1" "$2" application/json "$3"; }

# error CODE REASON MESSAGE: a JSON error body.
error() { json "$1" "$2" "{\"error\":\"$3\"}"; }

# read_body: the request body (CONTENT_LENGTH bytes of stdin).
read_body() {
	if [ -n "${CONTENT_LENGTH:-}" ] && [ "$CONTENT_LENGTH" -gt 0 ] 2>/dev/null; then
		head -c "$CONTENT_LENGTH"
	fi
}

# json_string FIELD: the raw (still escaped) value of the string member
# FIELD of the JSON object on stdin; nothing when absent or not a string.
json_string() {
	tr -d '\r\n' | sed -nE 's/.*"'"$1"'"[[:space:]]*:[[:space:]]*"(([^"\\]|\\.)*)".*/\1/p'
}

# markup: reads JSON-escaped text and writes it as HTML/XML text: the
# escapes undone (\uXXXX as a character reference, a surrogate pair as one)
# and & < > " escaped.
markup() {
	awk '
	function hexval(h,   i, v) {
		v = 0
		for (i = 1; i <= length(h); i++)
			v = v * 16 + index("0123456789abcdef", tolower(substr(h, i, 1))) - 1
		return v
	}
	function esc(c) {
		if (c == "&") return "&amp;"
		if (c == "<") return "&lt;"
		if (c == ">") return "&gt;"
		if (c == "\"") return "&quot;"
		return c
	}
	{
		s = $0; out = ""
		while (length(s) > 0) {
			c = substr(s, 1, 1)
			if (c != "\\") { out = out esc(c); s = substr(s, 2); continue }
			c = substr(s, 2, 1)
			if (c == "u") {
				v = hexval(substr(s, 3, 4)); s = substr(s, 7)
				if (v >= 55296 && v < 56320 && substr(s, 1, 2) == "\\u") {
					lo = hexval(substr(s, 3, 4))
					if (lo >= 56320 && lo < 57344) {
						v = 65536 + (v - 55296) * 1024 + (lo - 56320)
						s = substr(s, 7)
					}
				}
				if (v >= 55296 && v < 57344 || v < 32 && v != 9 && v != 10 && v != 13)
					v = 65533
				out = out sprintf("&#x%X;", v)
				continue
			}
			if (c == "n" || c == "t" || c == "r" || c == "b" || c == "f") c = " "
			out = out esc(c); s = substr(s, 3)
		}
		print out
	}'
}

# todo_ids: the ids of the stored todos, oldest first.
todo_ids() {
	ls "$STORE" 2>/dev/null | sed -n 's/^\([0-9][0-9]*\)\.json$/\1/p' | sort -n
}

# todo_title ID: the title of todo ID, as HTML/XML text.
todo_title() {
	json_string title < "$STORE/$1.json" | markup
}
