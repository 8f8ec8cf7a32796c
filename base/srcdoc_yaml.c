/* srcdoc_yaml.c - libyaml events into a jansson tree, YAML 1.2 core schema,
 * with every key's and value's line:column noted in the srcdoc. */
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "buf.h"
#include "jsonvalue.h"
#include "srcdoc_impl.h"
#include "xalloc.h"

struct anchor {
	char	*name;
	json_t	*node;		/* a reference held */
};

/* Where the bytes of a character are: libyaml counts characters; from
 * character `chr` on, a character's byte offset is chr + extra. */
struct shift {
	size_t		 chr;
	size_t		 extra;
};

#define MAX_SHIFTS	65536

struct yp {
	yaml_parser_t	 parser;
	struct srcdoc	*doc;
	const char	*path;
	const char	*text;		/* NULL when read as it goes: */
	size_t		 len;
	int		 fd;		/* …from this file */
	struct buf	 whole;		/* the file read whole for a message */
	int		 lineshift;	/* for messages: the part's first line - 1 */
	char		*err;
	size_t		 errlen;
	struct anchor	*anchors;
	size_t		 nanchors;
	size_t		 alloc;
	int		 failed;
	/* streaming (srcdoc_stream) */
	const struct srcdoc_stream *st;
	int		 fallback;	/* give up: the file is loaded whole */
	int		 streaming;	/* a list of the root has started */
	yaml_mark_t	 last_end;	/* of the last event parsed */
	int		 in_item;
	size_t		 item_anchors;	/* anchors defined before the item */
	int		 crossing;	/* the item uses one of those */
	int		 not_alone;	/* directives, UTF-16: no item alone */
	size_t		 bytes;		/* read so far */
	size_t		 extra;
	struct shift	*shifts;
	size_t		 nshifts;
	size_t		 ashifts;
	size_t		 shifts_end;	/* offsets known below this character */
};

static struct srcpos
pos(yaml_mark_t m)
{
	struct srcpos p = { (int)m.line + 1, (int)m.column + 1 };

	return p;
}

static void
fail(struct yp *y, struct srcpos p, const char *fmt, const char *arg)
{
	char msg[512];

	if (y->failed)
		return;
	y->failed = 1;
	snprintf(msg, sizeof(msg), fmt, arg);
	snprintf(y->err, y->errlen, "%s:%d:%d: %s", y->path, p.line + y->lineshift,
	    p.col, msg);
}

/* The file's bytes, for a message (read now when the parser streams). */
static void
whole_text(struct yp *y)
{
	char why[256];

	if (y->text != NULL || y->path == NULL)
		return;
	if (buf_read_file(&y->whole, y->path, 64u << 20, why, sizeof(why)) == 0) {
		y->text = buf_str(&y->whole);
		y->len = y->whole.len;
	}
}

/* Line and column of a byte offset (reader errors give only that). */
static yaml_mark_t
mark_at(const struct yp *y, size_t off)
{
	yaml_mark_t m = { off, 0, 0 };
	size_t i;

	for (i = 0; i < off && i < y->len; i++) {
		if (y->text[i] == '\n') {
			m.line++;
			m.column = 0;
		} else
			m.column++;
	}
	return m;
}

static int
next(struct yp *y, yaml_event_t *ev)
{
	yaml_mark_t m;
	char msg[256];

	if (yaml_parser_parse(&y->parser, ev)) {
		y->last_end = ev->end_mark;
		return 0;
	}
	whole_text(y);
	m = y->parser.problem_mark;
	if (y->parser.error == YAML_READER_ERROR)
		m = mark_at(y, y->parser.problem_offset);
	snprintf(msg, sizeof(msg), "%s%s", y->parser.problem ?
	    y->parser.problem : "YAML syntax error",
	    m.index < y->len && y->text[m.index] == '\t' ?
	    " (a tab: indent YAML with spaces)" : "");
	fail(y, pos(m), "%s", msg);
	return -1;
}

static void
anchor_add(struct yp *y, const char *name, json_t *node)
{
	y->anchors = xgrow(y->anchors, &y->alloc, y->nanchors + 1,
	    sizeof(*y->anchors));
	y->anchors[y->nanchors].name = xstrdup(name);
	y->anchors[y->nanchors++].node = json_incref(node);
}

static json_t *
anchor_get(struct yp *y, const char *name)
{
	size_t i = y->nanchors;

	while (i-- > 0)			/* a later anchor of that name wins */
		if (strcmp(y->anchors[i].name, name) == 0) {
			if (y->in_item && i < y->item_anchors)
				y->crossing = 1;
			return y->anchors[i].node;
		}
	return NULL;
}

/* Whether s is an integer (decimal, 0x hex or 0o octal), exact at any
 * size: *out is set to it (new). */
static int
is_int(const char *s, json_t **out)
{
	const char *p = s;
	int base = 10;

	if (*p == '+' || *p == '-')
		p++;
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'o') && p == s) {
		base = p[1] == 'x' ? 16 : 8;
		p += 2;
	}
	if (*p == '\0')
		return 0;
	for (const char *q = p; *q; q++)
		if (!(base == 16 ? isxdigit((unsigned char)*q) : base == 8 ?
		    (*q >= '0' && *q <= '7') : isdigit((unsigned char)*q)))
			return 0;
	if (base == 10 && strlen(p) <= 18)	/* fits a long long */
		return (*out = json_integer(strtoll(s, NULL, 10))) != NULL;
	return (*out = jsonvalue_integer(p, strlen(p), base, *s == '-')) != NULL;
}

/* A float past a double's range, exact: YAML's 1., .5 and +1 made JSON's
 * 1, 0.5 and 1.  New, or NULL. */
static json_t *
huge_float(const char *s)
{
	struct buf b = BUF_INIT;
	const char *p = s + (*s == '+' || *s == '-');
	size_t n = strspn(p, "0123456789");
	json_t *v;

	buf_adds(&b, *s == '-' ? "-" : "");
	if (n == 0)
		buf_adds(&b, "0");
	buf_add(&b, p, n);
	p += n;
	if (*p == '.') {
		n = strspn(++p, "0123456789");
		if (n > 0)
			buf_addf(&b, ".%.*s", (int)n, p);
		p += n;
	}
	buf_adds(&b, p);
	v = jsonvalue_number(buf_str(&b), b.len);
	buf_release(&b);
	return v;
}

static int
is_float(const char *s, double *out)
{
	const char *p = s + (*s == '+' || *s == '-');
	int digits = 0;

	if (strcmp(p, ".inf") == 0 || strcmp(p, ".Inf") == 0 ||
	    strcmp(p, ".INF") == 0) {
		*out = *s == '-' ? -INFINITY : INFINITY;
		return 1;
	}
	if (p == s && (strcmp(s, ".nan") == 0 || strcmp(s, ".NaN") == 0 ||
	    strcmp(s, ".NAN") == 0)) {
		*out = NAN;
		return 1;
	}
	for (; isdigit((unsigned char)*p); p++)
		digits++;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			digits++;
	if (digits == 0)
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!isdigit((unsigned char)*p))
			return 0;
		while (isdigit((unsigned char)*p))
			p++;
	}
	if (*p != '\0')
		return 0;
	*out = strtod(s, NULL);
	return 1;
}

#define TAG(t)	"tag:yaml.org,2002:" t

/* A plain scalar by the core schema, or a tagged one by its tag. */
static json_t *
scalar(struct yp *y, const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	const char *tag = (const char *)ev->data.scalar.tag;
	size_t len = ev->data.scalar.length;
	int plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
	json_t *i, *huge;
	double d;

	if (tag != NULL && strcmp(tag, "!") != 0) {
		if (strcmp(tag, TAG("str")) == 0)
			return json_stringn(s, len);
		if (strcmp(tag, TAG("null")) == 0)
			return json_null();
		if (strcmp(tag, TAG("bool")) != 0 && strcmp(tag, TAG("int")) != 0 &&
		    strcmp(tag, TAG("float")) != 0) {
			fail(y, pos(ev->start_mark), "unsupported tag '%s'", tag);
			return NULL;
		}
		plain = 1;
	}
	if (!plain || strlen(s) != len)
		return json_stringn(s, len);
	if (len == 0 || strcmp(s, "~") == 0 || strcmp(s, "null") == 0 ||
	    strcmp(s, "Null") == 0 || strcmp(s, "NULL") == 0)
		return json_null();
	if (strcmp(s, "true") == 0 || strcmp(s, "True") == 0 ||
	    strcmp(s, "TRUE") == 0)
		return json_true();
	if (strcmp(s, "false") == 0 || strcmp(s, "False") == 0 ||
	    strcmp(s, "FALSE") == 0)
		return json_false();
	if (!isdigit((unsigned char)s[0]) && s[0] != '+' && s[0] != '-' &&
	    s[0] != '.')		/* neither an integer nor a float */
		return json_stringn(s, len);
	if (is_int(s, &i))
		return i;
	if (is_float(s, &d)) {
		if (isinf(d) && strchr(s, 'n') == NULL && strchr(s, 'N') == NULL &&
		    (huge = huge_float(s)) != NULL)
			return huge;
		if (!isfinite(d)) {
			fail(y, pos(ev->start_mark), "'%s': infinite and NaN "
			    "numbers are not supported", s);
			return NULL;
		}
		return json_real(d);
	}
	return json_stringn(s, len);
}

static json_t *node(struct yp *y, yaml_event_t *ev, int depth);
static int stream_member(struct yp *y, json_t *obj, const yaml_event_t *key,
    yaml_event_t *ev, struct srcpos kp, struct srcpos vp);

static int
add_merge(struct yp *y, json_t *merges, json_t *v, struct srcpos p)
{
	size_t i;
	json_t *item;

	if (json_is_object(v))
		return json_array_append(merges, v);
	if (json_is_array(v)) {
		json_array_foreach(v, i, item)
			if (!json_is_object(item))
				break;
		if (i == json_array_size(v))
			return json_array_extend(merges, v);
	}
	fail(y, p, "%s", "a merge key '<<' takes a mapping or a list of mappings");
	return -1;
}

static json_t *
mapping(struct yp *y, int depth)
{
	json_t *obj = json_object(), *merges = json_array(), *v, *m;
	yaml_event_t key, ev;
	struct srcpos kp, vp;
	const char *k;
	size_t i, n;

	for (;;) {
		if (next(y, &key) == -1)
			goto fail;
		if (key.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&key);
			break;
		}
		kp = pos(key.start_mark);
		if (key.type != YAML_SCALAR_EVENT) {
			yaml_event_delete(&key);
			fail(y, kp, "%s", "mapping keys must be plain scalars");
			goto fail;
		}
		k = (const char *)key.data.scalar.value;
		if (next(y, &ev) == -1) {
			yaml_event_delete(&key);
			goto fail;
		}
		vp = pos(ev.start_mark);
		if (depth == 0 && y->st != NULL) {
			int r = stream_member(y, obj, &key, &ev, kp, vp);

			if (r != 0)
				yaml_event_delete(&key);
			if (r == -1)
				goto fail;
			if (r == 1)
				continue;
		}
		if ((v = node(y, &ev, depth + 1)) == NULL) {
			yaml_event_delete(&key);
			goto fail;
		}
		if (strcmp(k, "<<") == 0 && key.data.scalar.style ==
		    YAML_PLAIN_SCALAR_STYLE) {
			yaml_event_delete(&key);
			if (add_merge(y, merges, v, vp) == -1) {
				json_decref(v);
				goto fail;
			}
			json_decref(v);
			continue;
		}
		n = json_object_size(obj);
		json_object_set_new(obj, k, v);
		if (json_object_size(obj) == n) {	/* it replaced one */
			fail(y, kp, "duplicate key '%s'", k);
			yaml_event_delete(&key);
			goto fail;
		}
		srcdoc_note(y->doc, obj, k, 0, kp, vp);
		yaml_event_delete(&key);
	}
	json_array_foreach(merges, i, m)
		json_object_update_missing(obj, m);
	json_decref(merges);
	return obj;
fail:
	json_decref(merges);
	json_decref(obj);
	return NULL;
}

static json_t *
sequence(struct yp *y, int depth)
{
	json_t *arr = json_array(), *v;
	struct srcpos none = { 0, 0 }, p;
	yaml_event_t ev;

	for (;;) {
		if (next(y, &ev) == -1)
			goto fail;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return arr;
		}
		p = pos(ev.start_mark);
		if ((v = node(y, &ev, depth + 1)) == NULL)
			goto fail;
		srcdoc_note(y->doc, arr, NULL, json_array_size(arr), none, p);
		json_array_append_new(arr, v);
	}
fail:
	json_decref(arr);
	return NULL;
}

/* Builds the node that starts with ev (and deletes ev). */
static json_t *
node(struct yp *y, yaml_event_t *ev, int depth)
{
	const char *anchor = NULL;
	json_t *v = NULL;

	if (depth > SRCDOC_MAX_DEPTH) {
		fail(y, pos(ev->start_mark), "%s", "nesting deeper than 256");
		yaml_event_delete(ev);
		return NULL;
	}
	switch (ev->type) {
	case YAML_ALIAS_EVENT:
		v = anchor_get(y, (const char *)ev->data.alias.anchor);
		if (v == NULL)
			fail(y, pos(ev->start_mark), "unknown anchor '%s'",
			    (const char *)ev->data.alias.anchor);
		else
			json_incref(v);
		break;
	case YAML_SCALAR_EVENT:
		anchor = (const char *)ev->data.scalar.anchor;
		v = scalar(y, ev);
		break;
	case YAML_SEQUENCE_START_EVENT:
		anchor = (const char *)ev->data.sequence_start.anchor;
		v = sequence(y, depth);
		break;
	case YAML_MAPPING_START_EVENT:
		anchor = (const char *)ev->data.mapping_start.anchor;
		v = mapping(y, depth);
		break;
	default:
		fail(y, pos(ev->start_mark), "%s", "unexpected YAML event");
		break;
	}
	if (v != NULL && anchor != NULL)
		anchor_add(y, anchor, v);
	yaml_event_delete(ev);
	return v;
}

/* stream-start, document-start, the root, document-end, stream-end. */
static json_t *
document(struct yp *y)
{
	struct srcpos none = { 0, 0 };
	yaml_event_t ev;
	json_t *root;

	if (next(y, &ev) == -1)
		return NULL;
	yaml_event_delete(&ev);			/* stream start */
	if (next(y, &ev) == -1)
		return NULL;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		fail(y, (struct srcpos){ 1, 1 }, "%s", "empty spec");
		return NULL;
	}
	if (ev.data.document_start.version_directive != NULL ||
	    ev.data.document_start.tag_directives.start !=
	    ev.data.document_start.tag_directives.end)
		y->not_alone = 1;	/* an item alone would miss them */
	yaml_event_delete(&ev);			/* document start */
	if (next(y, &ev) == -1)
		return NULL;
	srcdoc_note(y->doc, NULL, NULL, 0, none, pos(ev.start_mark));
	if ((root = node(y, &ev, 0)) == NULL)
		return NULL;
	if (next(y, &ev) == -1)			/* document end */
		goto fail;
	yaml_event_delete(&ev);
	if (next(y, &ev) == -1)
		goto fail;
	if (ev.type != YAML_STREAM_END_EVENT) {
		fail(y, pos(ev.start_mark), "%s", "a spec is one YAML document; "
		    "found a second one");
		yaml_event_delete(&ev);
		goto fail;
	}
	yaml_event_delete(&ev);
	return root;
fail:
	json_decref(root);
	return NULL;
}

/* The byte offset of character chr, or -1 when unknown. */
static int
byte_offset(const struct yp *y, size_t chr, size_t *off)
{
	size_t lo = 0, hi = y->nshifts, mid;

	if (chr > y->shifts_end)
		return -1;
	while (lo < hi) {		/* the first shift past chr */
		mid = lo + (hi - lo) / 2;
		if (y->shifts[mid].chr <= chr)
			lo = mid + 1;
		else
			hi = mid;
	}
	*off = chr + (lo > 0 ? y->shifts[lo - 1].extra : 0);
	return 0;
}

static void
add_shift(struct yp *y, size_t chr)
{
	if (y->nshifts > 0 && y->shifts[y->nshifts - 1].chr == chr) {
		y->shifts[y->nshifts - 1].extra = y->extra;
		return;
	}
	if (y->nshifts == MAX_SHIFTS) {	/* past that, items are kept */
		if (chr < y->shifts_end)
			y->shifts_end = chr;
		return;
	}
	y->shifts = xgrow(y->shifts, &y->ashifts, y->nshifts + 1,
	    sizeof(*y->shifts));
	y->shifts[y->nshifts].chr = chr;
	y->shifts[y->nshifts++].extra = y->extra;
}

/* Notes where multi-byte characters shift offsets: a character's index
 * plus the continuation bytes before it is its byte offset. */
static void
track(struct yp *y, const unsigned char *b, size_t n)
{
	size_t i = 0;
	uint64_t w;

	if (y->bytes == 0 && n >= 3 && b[0] == 0xef && b[1] == 0xbb &&
	    b[2] == 0xbf) {
		y->extra = 3;		/* libyaml skips a UTF-8 BOM */
		add_shift(y, 0);
		i = 3;
	} else if (y->bytes == 0 && n >= 2 && ((b[0] == 0xfe && b[1] == 0xff) ||
	    (b[0] == 0xff && b[1] == 0xfe)))
		y->not_alone = 1;	/* UTF-16 */
	while (i < n) {
		if (i + 8 <= n) {
			memcpy(&w, b + i, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				i += 8;
				continue;
			}
		}
		if ((b[i] & 0xc0) == 0x80) {
			y->extra++;
			add_shift(y, y->bytes + i + 1 - y->extra);
		}
		i++;
	}
	y->bytes += n;
}

static int
read_input(void *data, unsigned char *buffer, size_t size, size_t *size_read)
{
	struct yp *y = data;
	ssize_t n;

	do
		n = read(y->fd, buffer, size);
	while (n == -1 && errno == EINTR);
	if (n < 0)
		return 0;
	track(y, buffer, (size_t)n);
	*size_read = (size_t)n;
	return 1;
}

/* A member of the root while streaming: a list streamed item by item
 * (1), something else to build (0), or the end (-1: failed or fallback).
 * ev, the value's first event, is deleted unless 0 is returned. */
static int
stream_member(struct yp *y, json_t *obj, const yaml_event_t *key,
    yaml_event_t *ev, struct srcpos kp, struct srcpos vp)
{
	const char *k = (const char *)key->data.scalar.value;
	const struct srcdoc_stream *st = y->st;
	struct srcdoc_item it;
	size_t li, idx, mark, end;
	yaml_event_t iev;
	json_t *v;

	for (li = 0; li < st->nlists; li++)
		if (strcmp(k, st->lists[li]) == 0)
			break;
	if (li == st->nlists || ev->type != YAML_SEQUENCE_START_EVENT ||
	    ev->data.sequence_start.anchor != NULL ||
	    json_object_get(obj, k) != NULL) {
		if (!y->streaming && strcmp(k, "<<") != 0)
			return 0;
		y->fallback = y->failed = 1;	/* the root is not whole */
		yaml_event_delete(ev);
		return -1;
	}
	json_object_set_new(obj, k, json_array());
	srcdoc_note(y->doc, obj, k, 0, kp, vp);
	yaml_event_delete(ev);
	y->streaming = 1;
	srcdoc_early_root(y->doc, obj);
	if (st->list(st->arg, y->doc, li) == -1) {
		y->fallback = y->failed = 1;
		return -1;
	}
	for (idx = 0;; idx++) {
		if (next(y, &iev) == -1)
			return -1;
		if (iev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&iev);
			return 1;
		}
		memset(&it, 0, sizeof(it));
		it.list = li;
		it.pos = pos(iev.start_mark);
		mark = srcdoc_mark(y->doc);
		y->in_item = 1;
		y->crossing = 0;
		y->item_anchors = y->nanchors;
		it.alone = byte_offset(y, iev.start_mark.index, &it.off) == 0;
		if ((v = node(y, &iev, 2)) == NULL)
			return -1;
		y->in_item = 0;
		it.alone = it.alone && !y->not_alone && !y->crossing &&
		    byte_offset(y, y->last_end.index, &end) == 0 && end >= it.off;
		it.len = it.alone ? end - it.off : 0;
		it.node = v;
		st->item(st->arg, y->doc, &it);
		if (y->nanchors > y->item_anchors)
			srcdoc_keep(y->doc, v);	/* a later item may use them */
		else {
			srcdoc_forget(y->doc, mark);
			json_decref(v);
		}
	}
}

static void
yp_clear(struct yp *y)
{
	size_t i;

	yaml_parser_delete(&y->parser);
	for (i = 0; i < y->nanchors; i++) {
		free(y->anchors[i].name);
		json_decref(y->anchors[i].node);
	}
	free(y->anchors);
	free(y->shifts);
	buf_release(&y->whole);
	if (y->fd != -1)
		close(y->fd);
}

json_t *
srcdoc_yaml_parse(struct srcdoc *doc, const char *path, const char *text,
    size_t len, int lineshift, char *err, size_t errlen)
{
	struct yp y = { .doc = doc, .path = path, .text = text, .len = len,
	    .fd = -1, .whole = BUF_INIT, .lineshift = lineshift, .err = err,
	    .errlen = errlen };
	json_t *root;

	if (!yaml_parser_initialize(&y.parser)) {
		snprintf(err, errlen, "%s: cannot initialise the YAML parser", path);
		return NULL;
	}
	yaml_parser_set_input_string(&y.parser, (const unsigned char *)text, len);
	root = document(&y);
	if (root == NULL && !y.failed)
		fail(&y, (struct srcpos){ 1, 1 }, "%s", "cannot load this YAML");
	yp_clear(&y);
	return root;
}

json_t *
srcdoc_yaml_stream(struct srcdoc *doc, const char *path,
    const struct srcdoc_stream *st, int *fallback, char *err, size_t errlen)
{
	struct yp y = { .doc = doc, .path = path, .fd = -1, .whole = BUF_INIT,
	    .err = err, .errlen = errlen, .st = st, .shifts_end = SIZE_MAX };
	struct stat sb;
	json_t *root;

	y.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (y.fd == -1 || fstat(y.fd, &sb) == -1 || !S_ISREG(sb.st_mode) ||
	    sb.st_size > (off_t)(64u << 20) ||
	    !yaml_parser_initialize(&y.parser)) {
		if (y.fd != -1)		/* let the whole load say why */
			close(y.fd);
		*fallback = 1;
		return NULL;
	}
	yaml_parser_set_input(&y.parser, read_input, &y);
	root = document(&y);
	if (root == NULL && !y.failed)
		fail(&y, (struct srcpos){ 1, 1 }, "%s", "cannot load this YAML");
	if (y.fallback) {
		json_decref(root);
		root = NULL;
		*fallback = 1;
	}
	yp_clear(&y);
	return root;
}
