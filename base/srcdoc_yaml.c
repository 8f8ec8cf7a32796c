/* srcdoc_yaml.c - libyaml events into a jansson tree, YAML 1.2 core schema,
 * with every key's and value's line:column noted in the srcdoc. */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "buf.h"
#include "jsonvalue.h"
#include "srcdoc_impl.h"
#include "xalloc.h"

struct anchor {
	char	*name;
	json_t	*node;		/* a reference held */
};

struct yp {
	yaml_parser_t	 parser;
	struct srcdoc	*doc;
	const char	*path;
	const char	*text;
	size_t		 len;
	char		*err;
	size_t		 errlen;
	struct anchor	*anchors;
	size_t		 nanchors;
	size_t		 alloc;
	int		 failed;
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
	snprintf(y->err, y->errlen, "%s:%d:%d: %s", y->path, p.line, p.col, msg);
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

	if (yaml_parser_parse(&y->parser, ev))
		return 0;
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
		if (strcmp(y->anchors[i].name, name) == 0)
			return y->anchors[i].node;
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
	size_t i;

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
		if (json_object_get(obj, k) != NULL) {
			fail(y, kp, "duplicate key '%s'", k);
			yaml_event_delete(&key);
			json_decref(v);
			goto fail;
		}
		json_object_set_new(obj, k, v);
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

json_t *
srcdoc_yaml_parse(struct srcdoc *doc, const char *path, const char *text,
    size_t len, char *err, size_t errlen)
{
	struct yp y = { .doc = doc, .path = path, .text = text, .len = len,
	    .err = err, .errlen = errlen };
	json_t *root;
	size_t i;

	if (!yaml_parser_initialize(&y.parser)) {
		snprintf(err, errlen, "%s: cannot initialise the YAML parser", path);
		return NULL;
	}
	yaml_parser_set_input_string(&y.parser, (const unsigned char *)text, len);
	root = document(&y);
	if (root == NULL && !y.failed)
		fail(&y, (struct srcpos){ 1, 1 }, "%s", "cannot load this YAML");
	yaml_parser_delete(&y.parser);
	for (i = 0; i < y.nanchors; i++) {
		free(y.anchors[i].name);
		json_decref(y.anchors[i].node);
	}
	free(y.anchors);
	return root;
}
