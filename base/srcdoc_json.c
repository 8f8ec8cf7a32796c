/* srcdoc_json.c - a strict RFC 8259 JSON parser into a jansson tree, noting
 * every key's and value's line:column (jansson's own parser keeps none). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "jsonvalue.h"
#include "srcdoc_impl.h"
#include "utf8.h"
#include "xalloc.h"

struct jp {
	const char	*s;
	size_t		 len;
	size_t		 i;
	int		 line;
	size_t		 linestart;	/* offset of the current line */
	struct srcdoc	*doc;
	const char	*path;
	char		*err;
	size_t		 errlen;
	int		 failed;
	int		 lineshift;	/* for messages: the part's first line - 1 */
	/* streaming (srcdoc_stream) */
	const struct srcdoc_stream *st;
	int		 streaming;	/* a list of the root has started */
	int		 fallback;	/* give up: the file is loaded whole */
};

static struct srcpos
here(const struct jp *p)
{
	struct srcpos pos = { p->line, (int)(p->i - p->linestart) + 1 };

	return pos;
}

static void
fail_at(struct jp *p, struct srcpos pos, const char *msg)
{
	if (p->failed)
		return;
	p->failed = 1;
	snprintf(p->err, p->errlen, "%s:%d:%d: %s", p->path,
	    pos.line + p->lineshift, pos.col, msg);
}

static void
fail(struct jp *p, const char *msg)
{
	fail_at(p, here(p), msg);
}

static void
skip_ws(struct jp *p)
{
	for (; p->i < p->len; p->i++) {
		if (p->s[p->i] == '\n') {
			p->line++;
			p->linestart = p->i + 1;
		} else if (p->s[p->i] != ' ' && p->s[p->i] != '\t' &&
		    p->s[p->i] != '\r')
			break;
	}
}

static int
peek(const struct jp *p)
{
	return p->i < p->len ? (unsigned char)p->s[p->i] : -1;
}

static void
put_utf8(struct buf *b, uint32_t c)
{
	char o[4];

	if (c < 0x80) {
		o[0] = (char)c;
		buf_add(b, o, 1);
	} else if (c < 0x800) {
		o[0] = (char)(0xc0 | (c >> 6));
		o[1] = (char)(0x80 | (c & 0x3f));
		buf_add(b, o, 2);
	} else if (c < 0x10000) {
		o[0] = (char)(0xe0 | (c >> 12));
		o[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[2] = (char)(0x80 | (c & 0x3f));
		buf_add(b, o, 3);
	} else {
		o[0] = (char)(0xf0 | (c >> 18));
		o[1] = (char)(0x80 | ((c >> 12) & 0x3f));
		o[2] = (char)(0x80 | ((c >> 6) & 0x3f));
		o[3] = (char)(0x80 | (c & 0x3f));
		buf_add(b, o, 4);
	}
}

static int
hex4(struct jp *p, uint32_t *out)
{
	uint32_t v = 0;
	int k, c;

	for (k = 0; k < 4; k++) {
		c = peek(p);
		if (c >= '0' && c <= '9')
			v = v * 16 + (uint32_t)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v = v * 16 + (uint32_t)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v = v * 16 + (uint32_t)(c - 'A' + 10);
		else {
			fail(p, "expected four hex digits after \\u");
			return -1;
		}
		p->i++;
	}
	*out = v;
	return 0;
}

/* \uXXXX, with a surrogate pair when the first is a high surrogate. */
static int
unicode_escape(struct jp *p, struct buf *b)
{
	struct srcpos at = here(p);
	uint32_t c, lo;

	at.col -= 2;
	if (hex4(p, &c) == -1)
		return -1;
	if (c >= 0xdc00 && c <= 0xdfff) {
		fail_at(p, at, "lone low surrogate in \\u escape");
		return -1;
	}
	if (c >= 0xd800 && c <= 0xdbff) {
		if (p->i + 1 >= p->len || p->s[p->i] != '\\' ||
		    p->s[p->i + 1] != 'u') {
			fail_at(p, at, "lone high surrogate in \\u escape");
			return -1;
		}
		p->i += 2;
		if (hex4(p, &lo) == -1)
			return -1;
		if (lo < 0xdc00 || lo > 0xdfff) {
			fail_at(p, at, "lone high surrogate in \\u escape");
			return -1;
		}
		c = 0x10000 + ((c - 0xd800) << 10) + (lo - 0xdc00);
	}
	put_utf8(b, c);
	return 0;
}

static int
escape(struct jp *p, struct buf *b)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	const char *e;
	int c = peek(p);

	if (c == 'u') {
		p->i++;
		return unicode_escape(p, b);
	}
	if (c <= 0 || (e = strchr(from, c)) == NULL) {
		p->i--;
		fail(p, "invalid escape in a string");
		return -1;
	}
	buf_add(b, &to[e - from], 1);
	p->i++;
	return 0;
}

/* A string at p->i (on the opening quote); returns it, or NULL. */
static json_t *
string(struct jp *p)
{
	struct buf b = BUF_INIT;
	json_t *v = NULL;
	uint32_t cp;
	size_t n;
	int c;

	p->i++;
	for (;;) {
		c = peek(p);
		if (c == -1 || c == '\n') {
			fail(p, "unterminated string");
			break;
		}
		if (c == '"') {
			p->i++;
			v = json_stringn(buf_str(&b), b.len);
			break;
		}
		if (c < 0x20) {
			fail(p, "control character in a string (escape it)");
			break;
		}
		if (c == '\\') {
			p->i++;
			if (escape(p, &b) == -1)
				break;
			continue;
		}
		if ((n = utf8_decode((const unsigned char *)p->s + p->i,
		    p->len - p->i, &cp)) == 0) {
			fail(p, "invalid UTF-8 in a string");
			break;
		}
		buf_add(&b, p->s + p->i, n);
		p->i += n;
	}
	buf_release(&b);
	return v;
}

static size_t
digits(struct jp *p)
{
	size_t n = 0;

	while (peek(p) >= '0' && peek(p) <= '9') {
		p->i++;
		n++;
	}
	return n;
}

/* Exact at any size: jsonvalue keeps what jansson cannot hold. */
static json_t *
number(struct jp *p)
{
	size_t start = p->i;
	json_t *v;

	if (peek(p) == '-')
		p->i++;
	if (peek(p) == '0')
		p->i++;
	else if (digits(p) == 0) {
		fail(p, "expected a value");
		return NULL;
	}
	if (peek(p) == '.') {
		p->i++;
		if (digits(p) == 0) {
			fail(p, "expected digits after the decimal point");
			return NULL;
		}
	}
	if (peek(p) == 'e' || peek(p) == 'E') {
		p->i++;
		if (peek(p) == '+' || peek(p) == '-')
			p->i++;
		if (digits(p) == 0) {
			fail(p, "expected digits in the exponent");
			return NULL;
		}
	}
	if ((v = jsonvalue_number(p->s + start, p->i - start)) == NULL) {
		p->i = start;
		fail(p, "number out of range");
	}
	return v;
}

static json_t *value(struct jp *p, int depth);
static int stream_member(struct jp *p, json_t *obj, const char *k,
    struct srcpos kp, struct srcpos vp);

static json_t *
object(struct jp *p, int depth)
{
	json_t *obj = json_object(), *k, *v;
	struct srcpos kp, vp;

	p->i++;
	skip_ws(p);
	if (peek(p) == '}') {
		p->i++;
		return obj;
	}
	for (;;) {
		skip_ws(p);
		kp = here(p);
		if (peek(p) != '"') {
			fail(p, "expected a string key");
			break;
		}
		if ((k = string(p)) == NULL)
			break;
		skip_ws(p);
		if (peek(p) != ':') {
			json_decref(k);
			fail(p, "expected ':' after an object key");
			break;
		}
		p->i++;
		skip_ws(p);
		vp = here(p);
		if (json_object_get(obj, json_string_value(k)) != NULL) {
			char msg[300];

			snprintf(msg, sizeof(msg), "duplicate key '%s'",
			    json_string_value(k));
			fail_at(p, kp, msg);
			json_decref(k);
			break;
		}
		if (depth == 0 && p->st != NULL) {
			int r = stream_member(p, obj, json_string_value(k), kp, vp);

			if (r == -1) {
				json_decref(k);
				break;
			}
			if (r == 1) {
				json_decref(k);
				goto after;
			}
		}
		if ((v = value(p, depth + 1)) == NULL) {
			json_decref(k);
			break;
		}
		json_object_set_new(obj, json_string_value(k), v);
		srcdoc_note(p->doc, obj, json_string_value(k), 0, kp, vp);
		json_decref(k);
after:
		skip_ws(p);
		if (peek(p) == ',') {
			p->i++;
			skip_ws(p);
			if (peek(p) == '}') {
				fail(p, "trailing comma before '}'");
				break;
			}
			continue;
		}
		if (peek(p) == '}') {
			p->i++;
			return obj;
		}
		fail(p, "expected ',' or '}' after an object member");
		break;
	}
	json_decref(obj);
	return NULL;
}

static json_t *
array(struct jp *p, int depth)
{
	json_t *arr = json_array(), *v;
	struct srcpos none = { 0, 0 }, vp;

	p->i++;
	skip_ws(p);
	if (peek(p) == ']') {
		p->i++;
		return arr;
	}
	for (;;) {
		skip_ws(p);
		vp = here(p);
		if ((v = value(p, depth + 1)) == NULL)
			break;
		srcdoc_note(p->doc, arr, NULL, json_array_size(arr), none, vp);
		json_array_append_new(arr, v);
		skip_ws(p);
		if (peek(p) == ',') {
			p->i++;
			skip_ws(p);
			if (peek(p) == ']') {
				fail(p, "trailing comma before ']'");
				break;
			}
			continue;
		}
		if (peek(p) == ']') {
			p->i++;
			return arr;
		}
		fail(p, "expected ',' or ']' after an array item");
		break;
	}
	json_decref(arr);
	return NULL;
}

static json_t *
literal(struct jp *p, const char *word, json_t *v)
{
	size_t n = strlen(word);

	if (p->len - p->i >= n && memcmp(p->s + p->i, word, n) == 0) {
		p->i += n;
		return v;
	}
	fail(p, "expected a value");
	return NULL;
}

static json_t *
value(struct jp *p, int depth)
{
	if (depth > SRCDOC_MAX_DEPTH) {
		fail(p, "nesting deeper than 256");
		return NULL;
	}
	skip_ws(p);
	switch (peek(p)) {
	case '{':	return object(p, depth);
	case '[':	return array(p, depth);
	case '"':	return string(p);
	case 't':	return literal(p, "true", json_true());
	case 'f':	return literal(p, "false", json_false());
	case 'n':	return literal(p, "null", json_null());
	case -1:	fail(p, "unexpected end of file, expected a value");
			return NULL;
	default:	return number(p);
	}
}

/* A member of the root while streaming, its value next: a list streamed
 * item by item (1), something else to build (0), or the end (-1: failed,
 * or fallback). */
static int
stream_member(struct jp *p, json_t *obj, const char *k, struct srcpos kp,
    struct srcpos vp)
{
	const struct srcdoc_stream *st = p->st;
	struct srcdoc_item it;
	size_t li, mark;
	json_t *v;

	for (li = 0; li < st->nlists; li++)
		if (strcmp(k, st->lists[li]) == 0)
			break;
	if (li == st->nlists || peek(p) != '[') {
		if (!p->streaming)
			return 0;
		p->fallback = p->failed = 1;	/* the root is not whole */
		return -1;
	}
	json_object_set_new(obj, k, json_array());
	srcdoc_note(p->doc, obj, k, 0, kp, vp);
	p->streaming = 1;
	srcdoc_early_root(p->doc, obj);
	if (st->list(st->arg, p->doc, li) == -1) {
		p->fallback = p->failed = 1;
		return -1;
	}
	p->i++;
	skip_ws(p);
	if (peek(p) == ']') {
		p->i++;
		return 1;
	}
	for (;;) {		/* as array() does, but each item dropped */
		skip_ws(p);
		memset(&it, 0, sizeof(it));
		it.list = li;
		it.pos = here(p);
		it.off = p->i;
		it.alone = 1;
		mark = srcdoc_mark(p->doc);
		if ((v = value(p, 2)) == NULL)
			return -1;
		it.len = p->i - it.off;
		it.node = v;
		st->item(st->arg, p->doc, &it);
		srcdoc_forget(p->doc, mark);
		json_decref(v);
		skip_ws(p);
		if (peek(p) == ',') {
			p->i++;
			skip_ws(p);
			if (peek(p) == ']') {
				fail(p, "trailing comma before ']'");
				return -1;
			}
			continue;
		}
		if (peek(p) == ']') {
			p->i++;
			return 1;
		}
		fail(p, "expected ',' or ']' after an array item");
		return -1;
	}
}

static json_t *
parse_doc(struct jp *p)
{
	json_t *root;

	skip_ws(p);
	if (p->i == p->len) {
		fail(p, "empty spec");
		return NULL;
	}
	srcdoc_note(p->doc, NULL, NULL, 0, here(p), here(p));
	if ((root = value(p, 0)) == NULL) {
		if (!p->failed)
			fail(p, "cannot load this JSON");
		return NULL;
	}
	skip_ws(p);
	if (p->i != p->len) {
		fail(p, "unexpected content after the JSON value");
		json_decref(root);
		return NULL;
	}
	return root;
}

json_t *
srcdoc_json_stream(struct srcdoc *doc, const char *path, const char *text,
    size_t len, const struct srcdoc_stream *st, int *fallback, char *err,
    size_t errlen)
{
	struct jp p = { .s = text, .len = len, .line = 1, .doc = doc,
	    .path = path, .err = err, .errlen = errlen, .st = st };
	json_t *root = parse_doc(&p);

	if (p.fallback) {
		json_decref(root);
		*fallback = 1;
		return NULL;
	}
	return root;
}

json_t *
srcdoc_json_parse(struct srcdoc *doc, const char *path, const char *text,
    size_t len, int lineshift, char *err, size_t errlen)
{
	struct jp p = { .s = text, .len = len, .line = 1, .doc = doc,
	    .path = path, .err = err, .errlen = errlen, .lineshift = lineshift };

	return parse_doc(&p);
}
