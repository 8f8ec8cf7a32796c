/* jsonschema.c - a JSON Schema validator (draft 2020-12 subset) on jansson.
 *
 * jsonschema_new compiles the schema into nodes, one per subschema, shared
 * through $ref (so a recursive schema is a finite graph), and rejects what
 * it cannot honour: wrong-typed keywords of the supported vocabulary, bad
 * regexes, $refs that resolve to nothing or loop without descending into
 * the value.  Validation walks the value along that graph and changes
 * nothing, so threads may share one compiled schema.
 */
#define PCRE2_CODE_UNIT_WIDTH 8

#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <pcre2.h>

#include "jsonschema.h"
#include "../base/jsonvalue.h"
#include "../base/regex_cache.h"
#include "../base/utf8.h"
#include "../base/xalloc.h"

#define QUOTE_MAX	60	/* bytes of a value quoted in a message */
#define DEPTH_MAX	1000	/* nested subschemas checked on one value */
#define DETAIL_MAX	3	/* anyOf/oneOf branches explained */

/* ECMA-262 semantics, as near as PCRE2 goes: $ only at the very end,
 * \uXXXX escapes, ASCII \d \w \s. */
#define RE_OPTIONS	(PCRE2_UTF | PCRE2_MATCH_INVALID_UTF | \
			 PCRE2_DOLLAR_ENDONLY | PCRE2_ALT_BSUX)

enum {
	T_STRING = 1 << 0,
	T_INTEGER = 1 << 1,
	T_NUMBER = 1 << 2,
	T_BOOLEAN = 1 << 3,
	T_NULL = 1 << 4,
	T_ARRAY = 1 << 5,
	T_OBJECT = 1 << 6,
};
static const char *const type_names[] = {
	"string", "integer", "number", "boolean", "null", "array", "object",
};
#define NTYPES	(sizeof(type_names) / sizeof(type_names[0]))

/* The numeric bounds, in the order of bound_ops. */
enum { B_MIN, B_MAX, B_XMIN, B_XMAX, B_MULT, NBOUNDS };
static const char *const bound_ops[] = { "≥", "≤", ">", "<" };

/* The counts, each a non-negative integer (-1: absent). */
enum { L_MINLEN, L_MAXLEN, L_MINITEMS, L_MAXITEMS, L_MINPROPS, L_MAXPROPS,
	NLIMITS };

struct list {
	struct node	**v;
	size_t		  n;
};

struct prop {
	const char	*name;		/* borrowed from the schema */
	struct node	*schema;
};

struct pprop {
	const char	*src;		/* borrowed from the schema */
	pcre2_code	*re;
	struct node	*schema;
};

struct node {
	const json_t	*src;
	char		*ptr;		/* its JSON Pointer in the schema */
	int		 boolean;	/* -1, or the boolean schema's value */
	int		 mark;		/* loop check: 1 on the path, 2 done */
	unsigned	 types;		/* T_*; 0: any */
	struct node	*ref;
	const char	*refstr;
	const json_t	*enumv;
	const json_t	*constv;
	const json_t	*bound[NBOUNDS];
	json_int_t	 limit[NLIMITS];
	const char	*pattern;
	pcre2_code	*re;
	const json_t	*properties;
	struct prop	*props;
	size_t		 nprops;
	struct pprop	*pprops;
	size_t		 npprops;
	struct node	*addl;
	const json_t	*required;
	struct list	 prefix;
	struct node	*items;
	int		 unique;
	struct list	 allof;
	struct list	 anyof;
	struct list	 oneof;
	struct node	*not;
};

struct jsonschema {
	json_t		*root;
	struct node	**nodes;	/* every node, for lookup and freeing */
	size_t		  nnodes;
	size_t		  alloc;
	struct node	 *top;
};

/* Compilation state: the first error wins. */
struct cc {
	struct jsonschema *s;
	char		**where;
	char		 *err;
	size_t		  errlen;
	int		  failed;
};

struct keyword {
	const char	*name;
	int		(*fn)(struct cc *, struct node *, const json_t *,
			    const char *, const struct keyword *);
	int		 slot;		/* bound, limit or node member offset */
};

/* Validation state; path is shared by the trial runs of anyOf & co. */
struct vctx {
	struct buf	*msg;
	struct buf	*path;
	int		 max;
	int		 n;
	int		 depth;
};

static struct node *compile(struct cc *, const json_t *, const char *);
static void	 check(struct vctx *, const struct node *, const json_t *);

/* Message text */

/* Appends s cut to QUOTE_MAX bytes (on a character boundary) with "…". */
static void
add_cut(struct buf *b, const char *s, size_t n)
{
	if (n <= QUOTE_MAX) {
		buf_add(b, s, n);
		return;
	}
	n = QUOTE_MAX;
	while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	buf_add(b, s, n);
	buf_adds(b, "…");
}

/* Appends v as compact JSON, cut. */
static void
add_json(struct buf *b, const json_t *v)
{
	char *s;

	s = jsonvalue_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
	    JSON_REAL_PRECISION(15));
	if (s == NULL) {
		buf_adds(b, "?");
		return;
	}
	add_cut(b, s, strlen(s));
	free(s);
}

/* Appends s with quote, backslash and control characters escaped, cut. */
static void
add_escaped(struct buf *b, const char *s, char quote)
{
	struct buf e = BUF_INIT;

	for (; *s != '\0'; s++) {
		if (*s == quote || *s == '\\')
			buf_addf(&e, "\\%c", *s);
		else if (*s == '\n')
			buf_adds(&e, "\\n");
		else if (*s == '\t')
			buf_adds(&e, "\\t");
		else if ((unsigned char)*s < 0x20 || *s == 0x7f)
			buf_addf(&e, "\\u%04x", (unsigned char)*s);
		else
			buf_add(&e, s, 1);
	}
	add_cut(b, buf_str(&e), e.len);
	buf_release(&e);
}

/* Appends a number the way a person writes it (integers exactly, reals in
 * the fewest digits that read back the same). */
static void
add_num(struct buf *b, const json_t *v)
{
	char s[40];
	double d;
	int prec;

	if (jsonvalue_big(v) != NULL) {
		add_cut(b, jsonvalue_big(v), strlen(jsonvalue_big(v)));
		return;
	}
	if (json_is_integer(v)) {
		buf_addf(b, "%" JSON_INTEGER_FORMAT, json_integer_value(v));
		return;
	}
	d = json_real_value(v);
	for (prec = 15; prec < 17; prec++) {
		snprintf(s, sizeof(s), "%.*g", prec, d);
		if (strtod(s, NULL) == d)
			break;
	}
	snprintf(s, sizeof(s), "%.*g", prec, d);
	buf_adds(b, s);
}

static const char *
type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return "string";
	case JSON_INTEGER:
		return "integer";
	case JSON_REAL:
		return jsonvalue_is_integer(v) ? "integer" : "number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "boolean";
	case JSON_ARRAY:
		return "array";
	case JSON_OBJECT:
		return "object";
	default:
		return "null";
	}
}

/* Appends "got TYPE VALUE" ("got null" for null). */
static void
add_got(struct buf *b, const json_t *v)
{
	if (json_is_null(v)) {
		buf_adds(b, "got null");
		return;
	}
	buf_addf(b, "got %s ", type_name(v));
	add_json(b, v);
}

/* Values */

static unsigned
type_of(const json_t *v)
{
	double d;

	switch (json_typeof(v)) {
	case JSON_STRING:
		return T_STRING;
	case JSON_INTEGER:
		return T_INTEGER | T_NUMBER;
	case JSON_REAL:
		d = json_real_value(v);
		return T_NUMBER | (d == floor(d) ? T_INTEGER : 0);
	case JSON_TRUE:
	case JSON_FALSE:
		return T_BOOLEAN;
	case JSON_ARRAY:
		return T_ARRAY;
	case JSON_OBJECT:
		return T_OBJECT;
	default:
		return T_NULL;
	}
}

/* Code points in the UTF-8 text s. */
static size_t
utf8_count(const char *s, size_t n)
{
	size_t i, count = 0;

	for (i = 0; i < n; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			count++;
	return count;
}

/* 1 on a match, 0 on none, or a negative PCRE2 error. */
static int
re_match(const pcre2_code *re, const char *s, size_t len)
{
	int rc = regex_match(re, s, len, 0);

	if (rc == PCRE2_ERROR_NOMATCH)
		return 0;
	return rc >= 0 ? 1 : rc;
}

/* Compilation */

static int
fail(struct cc *c, const char *ptr, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int
fail(struct cc *c, const char *ptr, const char *fmt, ...)
{
	va_list ap;

	if (c->failed)
		return -1;
	c->failed = 1;
	if (c->where != NULL)
		*c->where = xstrdup(ptr);
	if (c->errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(c->err, c->errlen, fmt, ap);
		va_end(ap);
	}
	return -1;
}

/* base + "/" + seg, seg escaped as RFC 6901 says. */
static char *
ptr_join(const char *base, const char *seg)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, base);
	buf_adds(&b, "/");
	for (; *seg != '\0'; seg++) {
		if (*seg == '~')
			buf_adds(&b, "~0");
		else if (*seg == '/')
			buf_adds(&b, "~1");
		else
			buf_add(&b, seg, 1);
	}
	return buf_detach(&b);
}

static char *
ptr_index(const char *base, size_t i)
{
	return xasprintf("%s/%zu", base, i);
}


/* The next reference token of a JSON Pointer in a URI fragment, decoded
 * (%XX, ~0, ~1) into seg; returns what follows it. */
static const char *
ptr_token(const char *p, struct buf *seg)
{
	char ch;

	buf_reset(seg);
	buf_add(seg, "", 0);
	for (; *p != '\0' && *p != '/'; p++) {
		ch = *p;
		if (ch == '%' && hex_digit(p[1]) >= 0 && hex_digit(p[2]) >= 0) {
			ch = (char)(hex_digit(p[1]) * 16 + hex_digit(p[2]));
			p += 2;
		} else if (ch == '~' && (p[1] == '0' || p[1] == '1')) {
			ch = p[1] == '0' ? '~' : '/';
			p++;
		}
		buf_add(seg, &ch, 1);
	}
	return p;
}

/* The value at a local ref ("#", "#/$defs/x"), or NULL. */
static const json_t *
resolve(const json_t *root, const char *ref)
{
	struct buf seg = BUF_INIT;
	const json_t *cur = root;
	const char *p = ref + 1;
	unsigned long i;

	while (cur != NULL && *p == '/') {
		p = ptr_token(p + 1, &seg);
		if (json_is_object(cur))
			cur = json_object_getn(cur, seg.data, seg.len);
		else if (json_is_array(cur) && seg.len > 0 &&
		    (seg.data[0] != '0' || seg.len == 1) &&
		    strspn(seg.data, "0123456789") == seg.len) {
			i = strtoul(seg.data, NULL, 10);
			cur = json_array_get(cur, i);
		} else
			cur = NULL;
	}
	buf_release(&seg);
	return cur;
}

static struct node *
node_new(struct jsonschema *s, const json_t *src, const char *ptr)
{
	struct node *n = xcalloc(1, sizeof(*n));
	int i;

	n->src = src;
	n->ptr = xstrdup(ptr);
	n->boolean = -1;
	for (i = 0; i < NLIMITS; i++)
		n->limit[i] = -1;
	s->nodes = xgrow(s->nodes, &s->alloc, s->nnodes + 1, sizeof(*s->nodes));
	s->nodes[s->nnodes++] = n;
	return n;
}

static void
node_free(struct node *n)
{
	free(n->pprops);
	free(n->props);
	free(n->prefix.v);
	free(n->allof.v);
	free(n->anyof.v);
	free(n->oneof.v);
	free(n->ptr);
	free(n);
}

static pcre2_code *
regex(struct cc *c, const char *pat, size_t len, const char *ptr,
    const char *what)
{
	PCRE2_UCHAR msg[160];
	PCRE2_SIZE off;
	pcre2_code *re;
	uint32_t extra = 0;
	int ec;

#ifdef PCRE2_EXTRA_ALT_BSUX
	extra = PCRE2_EXTRA_ALT_BSUX;
#endif
	re = regex_get(pat, len, RE_OPTIONS, extra, &ec, &off);
	if (re == NULL) {
		pcre2_get_error_message(ec, msg, sizeof(msg));
		fail(c, ptr, "%s is not a valid regex: %s at offset %zu", what,
		    (char *)msg, (size_t)off);
	}
	return re;
}

/* A member of node n (struct node * or struct list) at a keyword's slot. */
#define SLOT(n, k, type)	((type *)(void *)((char *)(n) + (k)->slot))

static int
kw_type(struct cc *c, struct node *n, const json_t *v, const char *ptr,
    const struct keyword *k)
{
	const json_t *t;
	size_t i, j;
	char *p;
	int rc;

	if (json_is_string(v))
		t = v;
	else if (json_is_array(v) && json_array_size(v) > 0)
		t = json_array_get(v, 0);
	else
		return fail(c, ptr, "type must be a string or a non-empty "
		    "array of strings");
	for (i = 0; t != NULL; t = json_array_get(v, ++i)) {
		for (j = 0; j < NTYPES; j++)
			if (json_is_string(t) &&
			    strcmp(json_string_value(t), type_names[j]) == 0)
				break;
		if (j < NTYPES) {
			n->types |= 1u << j;
			continue;
		}
		p = t == v ? xstrdup(ptr) : ptr_index(ptr, i);
		rc = fail(c, p, "type must be one of string, integer, number, "
		    "boolean, null, array, object");
		free(p);
		return rc;
	}
	return 0;
}

static int
kw_enum(struct cc *c, struct node *n, const json_t *v, const char *ptr,
    const struct keyword *k)
{
	if (!json_is_array(v))
		return fail(c, ptr, "enum must be an array");
	n->enumv = v;
	return 0;
}

static int
kw_const(struct cc *c, struct node *n, const json_t *v, const char *ptr,
    const struct keyword *k)
{
	n->constv = v;
	return 0;
}

static int
kw_bound(struct cc *c, struct node *n, const json_t *v, const char *ptr,
    const struct keyword *k)
{
	if (!json_is_number(v))
		return fail(c, ptr, "%s must be a number", k->name);
	if (k->slot == B_MULT && json_number_value(v) <= 0)
		return fail(c, ptr, "%s must be a number greater than 0",
		    k->name);
	n->bound[k->slot] = v;
	return 0;
}

static int
kw_limit(struct cc *c, struct node *n, const json_t *v, const char *ptr,
    const struct keyword *k)
{
	double d = json_is_real(v) ? json_real_value(v) : -1;

	if (json_is_integer(v) && json_integer_value(v) >= 0)
		n->limit[k->slot] = json_integer_value(v);
	else if (d >= 0 && d == floor(d) && d < 9e18)
		n->limit[k->slot] = (json_int_t)d;
	else
		return fail(c, ptr, "%s must be a non-negative integer",
		    k->name);
	return 0;
}

static int
kw_pattern(struct cc *c, struct node *n, const json_t *v, const char *ptr,
    const struct keyword *k)
{
	if (!json_is_string(v))
		return fail(c, ptr, "pattern must be a string");
	n->pattern = json_string_value(v);
	n->re = regex(c, n->pattern, json_string_length(v), ptr, "pattern");
	return n->re == NULL ? -1 : 0;
}

static int
kw_unique(struct cc *c, struct node *n, const json_t *v, const char *ptr,
    const struct keyword *k)
{
	if (!json_is_boolean(v))
		return fail(c, ptr, "uniqueItems must be a boolean");
	n->unique = json_is_true(v);
	return 0;
}

static int
kw_required(struct cc *c, struct node *n, const json_t *v, const char *ptr,
    const struct keyword *k)
{
	const json_t *name;
	size_t i;
	char *p;

	if (!json_is_array(v))
		return fail(c, ptr, "required must be an array of strings");
	json_array_foreach(v, i, name) {
		if (!json_is_string(name)) {
			p = ptr_index(ptr, i);
			fail(c, p, "required must be an array of strings");
			free(p);
			return -1;
		}
	}
	n->required = v;
	return 0;
}

/* additionalProperties, items, not: one subschema. */
static int
kw_schema(struct cc *c, struct node *n, const json_t *v, const char *ptr,
    const struct keyword *k)
{
	struct node *sub;

	if ((sub = compile(c, v, ptr)) == NULL)
		return -1;
	*SLOT(n, k, struct node *) = sub;
	return 0;
}

/* prefixItems, allOf, anyOf, oneOf: a non-empty array of subschemas. */
static int
kw_list(struct cc *c, struct node *n, const json_t *v, const char *ptr,
    const struct keyword *k)
{
	struct list *l = SLOT(n, k, struct list);
	size_t i;
	char *p;

	if (!json_is_array(v) || json_array_size(v) == 0)
		return fail(c, ptr, "%s must be a non-empty array of schemas",
		    k->name);
	l->v = xcalloc(json_array_size(v), sizeof(*l->v));
	for (i = 0; i < json_array_size(v); i++) {
		p = ptr_index(ptr, i);
		l->v[i] = compile(c, json_array_get(v, i), p);
		free(p);
		if (l->v[i] == NULL)
			return -1;
		l->n++;
	}
	return 0;
}

/* items: one schema, or (as before 2020-12) an array meaning prefixItems. */
static int
kw_items(struct cc *c, struct node *n, const json_t *v, const char *ptr,
    const struct keyword *k)
{
	static const struct keyword prefix = {
		"items", kw_list, offsetof(struct node, prefix)
	};

	if (!json_is_array(v))
		return kw_schema(c, n, v, ptr, k);
	if (n->prefix.n > 0)
		return fail(c, ptr, "items must be a schema (an object or a "
		    "boolean) next to prefixItems");
	return kw_list(c, n, v, ptr, &prefix);
}

static int
kw_properties(struct cc *c, struct node *n, const json_t *v, const char *ptr,
    const struct keyword *k)
{
	const char *key;
	json_t *sub;
	char *p;

	if (!json_is_object(v))
		return fail(c, ptr, "properties must be an object of schemas");
	n->properties = v;
	n->props = xcalloc(json_object_size(v) + 1, sizeof(*n->props));
	json_object_foreach((json_t *)v, key, sub) {
		p = ptr_join(ptr, key);
		n->props[n->nprops].name = key;
		n->props[n->nprops].schema = compile(c, sub, p);
		free(p);
		if (n->props[n->nprops].schema == NULL)
			return -1;
		n->nprops++;
	}
	return 0;
}

static int
kw_pattern_props(struct cc *c, struct node *n, const json_t *v,
    const char *ptr, const struct keyword *k)
{
	struct pprop *pp;
	const char *key;
	json_t *sub;
	char *p;

	if (!json_is_object(v))
		return fail(c, ptr, "patternProperties must be an object of "
		    "schemas");
	n->pprops = xcalloc(json_object_size(v) + 1, sizeof(*n->pprops));
	json_object_foreach((json_t *)v, key, sub) {
		pp = &n->pprops[n->npprops];
		p = ptr_join(ptr, key);
		pp->src = key;
		pp->re = regex(c, key, strlen(key), p, "patternProperties key");
		if (pp->re != NULL) {
			n->npprops++;
			pp->schema = compile(c, sub, p);
		}
		free(p);
		if (pp->schema == NULL)
			return -1;
	}
	return 0;
}

static int
kw_defs(struct cc *c, struct node *n, const json_t *v, const char *ptr,
    const struct keyword *k)
{
	const char *key;
	json_t *sub;
	char *p;
	int rc = 0;

	if (!json_is_object(v))
		return fail(c, ptr, "%s must be an object of schemas", k->name);
	json_object_foreach((json_t *)v, key, sub) {
		p = ptr_join(ptr, key);
		if (compile(c, sub, p) == NULL)
			rc = -1;
		free(p);
		if (rc == -1)
			break;
	}
	return rc;
}

static int
kw_ref(struct cc *c, struct node *n, const json_t *v, const char *ptr,
    const struct keyword *k)
{
	const json_t *target;
	const char *ref;

	if (!json_is_string(v))
		return fail(c, ptr, "$ref must be a string");
	ref = json_string_value(v);
	if (ref[0] != '#' || (ref[1] != '\0' && ref[1] != '/'))
		return fail(c, ptr, "$ref '%s' is not supported: only local "
		    "refs like '#/$defs/name'", ref);
	if ((target = resolve(c->s->root, ref)) == NULL)
		return fail(c, ptr, "$ref '%s' not found in the schema", ref);
	n->refstr = ref;
	n->ref = compile(c, target, ref + 1);
	return n->ref == NULL ? -1 : 0;
}

#define NODE_MEMBER(m)	((int)offsetof(struct node, m))

static const struct keyword keywords[] = {
	{ "$ref",			kw_ref,			0 },
	{ "type",			kw_type,		0 },
	{ "enum",			kw_enum,		0 },
	{ "const",			kw_const,		0 },
	{ "minimum",			kw_bound,		B_MIN },
	{ "maximum",			kw_bound,		B_MAX },
	{ "exclusiveMinimum",		kw_bound,		B_XMIN },
	{ "exclusiveMaximum",		kw_bound,		B_XMAX },
	{ "multipleOf",			kw_bound,		B_MULT },
	{ "minLength",			kw_limit,		L_MINLEN },
	{ "maxLength",			kw_limit,		L_MAXLEN },
	{ "pattern",			kw_pattern,		0 },
	{ "minItems",			kw_limit,		L_MINITEMS },
	{ "maxItems",			kw_limit,		L_MAXITEMS },
	{ "uniqueItems",		kw_unique,		0 },
	{ "prefixItems",		kw_list,	NODE_MEMBER(prefix) },
	{ "items",			kw_items,	NODE_MEMBER(items) },
	{ "minProperties",		kw_limit,		L_MINPROPS },
	{ "maxProperties",		kw_limit,		L_MAXPROPS },
	{ "required",			kw_required,		0 },
	{ "properties",			kw_properties,		0 },
	{ "patternProperties",		kw_pattern_props,	0 },
	{ "additionalProperties",	kw_schema,	NODE_MEMBER(addl) },
	{ "allOf",			kw_list,	NODE_MEMBER(allof) },
	{ "anyOf",			kw_list,	NODE_MEMBER(anyof) },
	{ "oneOf",			kw_list,	NODE_MEMBER(oneof) },
	{ "not",			kw_schema,	NODE_MEMBER(not) },
	{ "$defs",			kw_defs,		0 },
	{ "definitions",		kw_defs,		0 },
};
#define NKEYWORDS	(sizeof(keywords) / sizeof(keywords[0]))

/* The node of the subschema v at ptr, compiled once however often it is
 * reached (registered before its keywords, so $ref cycles end). */
static struct node *
compile(struct cc *c, const json_t *v, const char *ptr)
{
	const json_t *kv;
	struct node *n;
	size_t i;
	char *p;
	int rc;

	for (i = 0; i < c->s->nnodes; i++)
		if (c->s->nodes[i]->src == v)
			return c->s->nodes[i];
	if (!json_is_object(v) && !json_is_boolean(v)) {
		fail(c, ptr, "schema must be an object or a boolean");
		return NULL;
	}
	n = node_new(c->s, v, ptr);
	if (json_is_boolean(v)) {
		n->boolean = json_is_true(v);
		return n;
	}
	for (i = 0; i < NKEYWORDS; i++) {
		if ((kv = json_object_get(v, keywords[i].name)) == NULL)
			continue;
		p = ptr_join(ptr, keywords[i].name);
		rc = keywords[i].fn(c, n, kv, p, &keywords[i]);
		free(p);
		if (rc == -1)
			return NULL;
	}
	return n;
}

static int	loops(struct cc *, struct node *);

static int
loops_list(struct cc *c, const struct list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (loops(c, l->v[i]) == -1)
			return -1;
	return 0;
}

/* -1 when n can reach itself through keywords that stay on the same value
 * ($ref, allOf, anyOf, oneOf, not): validating it would never end. */
static int
loops(struct cc *c, struct node *n)
{
	char *p;

	if (n->mark != 0)
		return n->mark == 1 ? -1 : 0;
	n->mark = 1;
	if (n->ref != NULL && loops(c, n->ref) == -1) {
		p = ptr_join(n->ptr, "$ref");
		fail(c, p, "$ref '%s' loops back without descending into the "
		    "value", n->refstr);
		free(p);
		return -1;
	}
	if (loops_list(c, &n->allof) == -1 || loops_list(c, &n->anyof) == -1 ||
	    loops_list(c, &n->oneof) == -1 ||
	    (n->not != NULL && loops(c, n->not) == -1))
		return -1;
	n->mark = 2;
	return 0;
}

struct jsonschema *
jsonschema_new(const json_t *schema, char **where, char *err, size_t errlen)
{
	struct jsonschema *s = xcalloc(1, sizeof(*s));
	struct cc c = { s, where, err, errlen, 0 };
	size_t i;

	if (where != NULL)
		*where = NULL;
	s->root = json_incref((json_t *)schema);
	s->top = compile(&c, schema, "");
	for (i = 0; s->top != NULL && i < s->nnodes && !c.failed; i++)
		if (loops(&c, s->nodes[i]) == -1)
			fail(&c, s->nodes[i]->ptr, "schema refers to itself "
			    "without descending into the value");
	if (c.failed) {
		jsonschema_free(s);
		return NULL;
	}
	return s;
}

void
jsonschema_free(struct jsonschema *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nnodes; i++)
		node_free(s->nodes[i]);
	free(s->nodes);
	json_decref(s->root);
	free(s);
}

/* Validation */

/* Counts a violation; true when its line is to be written. */
static int
counted(struct vctx *x)
{
	return ++x->n <= x->max;
}

/* Writes the line "PATH: why" and empties why. */
static void
emit(struct vctx *x, struct buf *why)
{
	buf_addf(x->msg, "%s: %s\n", buf_str(x->path), buf_str(why));
	buf_release(why);
}

static void
violation(struct vctx *x, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
violation(struct vctx *x, const char *fmt, ...)
{
	struct buf why = BUF_INIT;
	va_list ap;

	if (!counted(x))
		return;
	va_start(ap, fmt);
	buf_vaddf(&why, fmt, ap);
	va_end(ap);
	emit(x, &why);
}

static int
is_ident(const char *s)
{
	if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z')))
		return 0;
	return s[strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "0123456789_")] == '\0';
}

/* Appends .key or ['key'] to the path; returns the length to pop back to. */
static size_t
push_key(struct buf *path, const char *key)
{
	size_t old = path->len;

	if (is_ident(key)) {
		buf_addf(path, ".%s", key);
		return old;
	}
	buf_adds(path, "['");
	add_escaped(path, key, '\'');
	buf_adds(path, "']");
	return old;
}

static size_t
push_index(struct buf *path, size_t i)
{
	size_t old = path->len;

	buf_addf(path, "[%zu]", i);
	return old;
}

static void
pop(struct buf *path, size_t old)
{
	path->len = old;
	path->data[old] = '\0';
}

static void
check_at_key(struct vctx *x, const struct node *n, const char *key,
    const json_t *v)
{
	size_t old = push_key(x->path, key);

	check(x, n, v);
	pop(x->path, old);
}

static void
check_at_index(struct vctx *x, const struct node *n, size_t i, const json_t *v)
{
	size_t old = push_index(x->path, i);

	check(x, n, v);
	pop(x->path, old);
}

static void
check_type(struct vctx *x, const struct node *n, const json_t *v)
{
	struct buf why = BUF_INIT;
	size_t i, left = 0;

	if (n->types == 0 || (n->types & type_of(v)) != 0 || !counted(x))
		return;
	buf_adds(&why, "expected type ");
	for (i = 0; i < NTYPES; i++)
		left += (n->types >> i) & 1;
	for (i = 0; i < NTYPES; i++) {
		if ((n->types & (1u << i)) == 0)
			continue;
		buf_adds(&why, type_names[i]);
		left--;
		buf_adds(&why, left > 1 ? ", " : left == 1 ? " or " : ", ");
	}
	add_got(&why, v);
	emit(x, &why);
}

static void
check_values(struct vctx *x, const struct node *n, const json_t *v)
{
	struct buf why = BUF_INIT;
	size_t i;

	if (n->constv != NULL && !jsonvalue_equal(v, n->constv) && counted(x)) {
		buf_adds(&why, "expected const ");
		add_json(&why, n->constv);
		buf_adds(&why, ", got ");
		add_json(&why, v);
		emit(x, &why);
	}
	if (n->enumv == NULL)
		return;
	for (i = 0; i < json_array_size(n->enumv); i++)
		if (jsonvalue_equal(v, json_array_get(n->enumv, i)))
			return;
	if (!counted(x))
		return;
	buf_adds(&why, "not one of the enum values ");
	add_json(&why, n->enumv);
	buf_adds(&why, ", got ");
	add_json(&why, v);
	emit(x, &why);
}

static int
bound_ok(int which, int cmp)
{
	switch (which) {
	case B_MIN:
		return cmp >= 0;
	case B_MAX:
		return cmp <= 0;
	case B_XMIN:
		return cmp > 0;
	default:
		return cmp < 0;
	}
}

static void
check_number(struct vctx *x, const struct node *n, const json_t *v)
{
	struct buf why = BUF_INIT;
	const json_t *m = n->bound[B_MULT];
	int i;

	for (i = B_MIN; i < B_MULT; i++) {
		if (n->bound[i] == NULL ||
		    bound_ok(i, jsonvalue_numcmp(v, n->bound[i])) ||
		    !counted(x))
			continue;
		buf_addf(&why, "expected %s ", bound_ops[i]);
		add_num(&why, n->bound[i]);
		buf_adds(&why, ", got ");
		add_num(&why, v);
		emit(x, &why);
	}
	if (m == NULL || jsonvalue_multiple(v, m) || !counted(x))
		return;
	buf_adds(&why, "expected a multiple of ");
	add_num(&why, m);
	buf_adds(&why, ", got ");
	add_num(&why, v);
	emit(x, &why);
}


/* minLength/maxLength, minItems/maxItems, minProperties/maxProperties:
 * got against [lo, hi], hi < 0 meaning no maximum. */
static void
bounds(struct vctx *x, json_int_t lo, json_int_t hi, json_int_t got,
    const char *noun)
{
	if (lo > got)
		violation(x, "expected at least %" JSON_INTEGER_FORMAT " %s, got %"
		    JSON_INTEGER_FORMAT, lo, noun, got);
	if (hi >= 0 && hi < got)
		violation(x, "expected at most %" JSON_INTEGER_FORMAT " %s, got %"
		    JSON_INTEGER_FORMAT, hi, noun, got);
}

static void
check_string(struct vctx *x, const struct node *n, const json_t *v)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v);
	json_int_t chars = (json_int_t)utf8_count(s, len);
	struct buf why = BUF_INIT;
	PCRE2_UCHAR err[120];
	int rc;

	bounds(x, n->limit[L_MINLEN], n->limit[L_MAXLEN], chars, "characters");
	if (n->re == NULL || (rc = re_match(n->re, s, len)) == 1 || !counted(x))
		return;
	buf_adds(&why, "expected to match /");
	add_cut(&why, n->pattern, strlen(n->pattern));
	if (rc == 0) {
		buf_adds(&why, "/, got ");
		add_json(&why, v);
	} else {
		pcre2_get_error_message(rc, err, sizeof(err));
		buf_addf(&why, "/, but matching failed: %s", (char *)err);
	}
	emit(x, &why);
}

static void
check_unique(struct vctx *x, const json_t *v)
{
	struct buf why = BUF_INIT;
	size_t i, j, n = json_array_size(v);

	for (i = 0; i < n; i++)
		for (j = i + 1; j < n; j++) {
			if (!jsonvalue_equal(json_array_get(v, i),
			    json_array_get(v, j)))
				continue;
			if (!counted(x))
				return;
			buf_addf(&why, "expected unique items, but [%zu] and "
			    "[%zu] are both ", i, j);
			add_json(&why, json_array_get(v, i));
			emit(x, &why);
			return;
		}
}

static void
check_array(struct vctx *x, const struct node *n, const json_t *v)
{
	json_int_t size = (json_int_t)json_array_size(v);
	size_t i;

	bounds(x, n->limit[L_MINITEMS], n->limit[L_MAXITEMS], size, "items");
	for (i = 0; i < json_array_size(v); i++) {
		if (i < n->prefix.n)
			check_at_index(x, n->prefix.v[i], i, json_array_get(v, i));
		else if (n->items != NULL)
			check_at_index(x, n->items, i, json_array_get(v, i));
	}
	if (n->unique)
		check_unique(x, v);
}

/* Checks one member against patternProperties and additionalProperties. */
static void
check_other(struct vctx *x, const struct node *n, const char *key,
    const json_t *v)
{
	struct buf why = BUF_INIT;
	size_t i;
	int matched = 0;

	for (i = 0; i < n->npprops; i++)
		if (re_match(n->pprops[i].re, key, strlen(key)) == 1) {
			check_at_key(x, n->pprops[i].schema, key, v);
			matched = 1;
		}
	if (matched || n->addl == NULL ||
	    (n->properties != NULL && json_object_get(n->properties, key)))
		return;
	if (n->addl->boolean != 0) {
		check_at_key(x, n->addl, key, v);
		return;
	}
	if (!counted(x))
		return;
	buf_adds(&why, "property '");
	add_escaped(&why, key, '\'');
	buf_adds(&why, "' is not allowed (additionalProperties: false)");
	emit(x, &why);
}

static void
check_object(struct vctx *x, const struct node *n, const json_t *v)
{
	json_int_t size = (json_int_t)json_object_size(v);
	struct buf why = BUF_INIT;
	const char *key;
	const json_t *name, *member;
	json_t *mv;
	size_t i;

	bounds(x, n->limit[L_MINPROPS], n->limit[L_MAXPROPS], size, "properties");
	json_array_foreach(n->required, i, name) {
		if (json_object_get(v, json_string_value(name)) != NULL ||
		    !counted(x))
			continue;
		buf_adds(&why, "missing required property '");
		add_escaped(&why, json_string_value(name), '\'');
		buf_adds(&why, "'");
		emit(x, &why);
	}
	for (i = 0; i < n->nprops; i++)
		if ((member = json_object_get(v, n->props[i].name)) != NULL)
			check_at_key(x, n->props[i].schema, n->props[i].name,
			    member);
	if (n->npprops == 0 && n->addl == NULL)
		return;
	json_object_foreach((json_t *)v, key, mv)
		check_other(x, n, key, mv);
}

/* Checks v against sub on its own; returns its violation count and, when
 * why is not NULL, appends its first reason (its path too if deeper). */
static int
trial(struct vctx *x, const struct node *sub, const json_t *v,
    struct buf *why)
{
	struct buf out = BUF_INIT;
	struct vctx y = { &out, x->path, why != NULL, 0, x->depth };
	const char *line;

	check(&y, sub, v);
	if (why != NULL && y.n > 0) {
		line = buf_str(&out);
		if (strncmp(line, x->path->data, x->path->len) == 0 &&
		    strncmp(line + x->path->len, ": ", 2) == 0)
			line += x->path->len + 2;
		buf_add(why, line, strcspn(line, "\n"));
	}
	buf_release(&out);
	return y.n;
}

/* The reason of anyOf/oneOf when no branch matched: the first reason of
 * each of the first DETAIL_MAX branches. */
static void
add_branch(struct buf *why, size_t i, struct vctx *x, const struct node *sub,
    const json_t *v, int *ok)
{
	size_t old = why->len;

	if (i < DETAIL_MAX)
		buf_addf(why, "%s#%zu: ", i > 0 ? "; " : "", i);
	else if (i == DETAIL_MAX)
		buf_adds(why, "; …");
	*ok = trial(x, sub, v, i < DETAIL_MAX ? why : NULL) == 0;
	if (*ok)
		pop(why, old);
}

/* anyOf (one = 0) or oneOf (one = 1). */
static void
check_some(struct vctx *x, const struct list *l, const json_t *v, int one)
{
	const char *name = one ? "oneOf" : "anyOf";
	struct buf why = BUF_INIT, hits = BUF_INIT;
	size_t i, nhits = 0;
	int ok;

	buf_addf(&why, "matches none of the %s schemas (", name);
	for (i = 0; i < l->n; i++) {
		add_branch(&why, i, x, l->v[i], v, &ok);
		if (!ok)
			continue;
		buf_addf(&hits, "%s#%zu", nhits > 0 ? ", " : "", i);
		nhits++;
		if (!one)
			break;
	}
	buf_adds(&why, ")");
	if (nhits > 1 && counted(x)) {
		buf_reset(&why);
		buf_addf(&why, "matches %zu of the oneOf schemas (%s), expected "
		    "exactly one", nhits, buf_str(&hits));
		emit(x, &why);
	} else if (nhits == 0 && counted(x))
		emit(x, &why);
	buf_release(&why);
	buf_release(&hits);
}

static void
check_logic(struct vctx *x, const struct node *n, const json_t *v)
{
	struct buf why = BUF_INIT;
	size_t i;

	for (i = 0; i < n->allof.n; i++)
		check(x, n->allof.v[i], v);
	if (n->anyof.n > 0)
		check_some(x, &n->anyof, v, 0);
	if (n->oneof.n > 0)
		check_some(x, &n->oneof, v, 1);
	if (n->not == NULL || trial(x, n->not, v, NULL) > 0 || !counted(x))
		return;
	buf_adds(&why, "expected not to match the 'not' schema, ");
	add_got(&why, v);
	emit(x, &why);
}

static void
check(struct vctx *x, const struct node *n, const json_t *v)
{
	if (n->boolean == 1)
		return;
	if (n->boolean == 0) {
		violation(x, "no value is allowed here (schema false)");
		return;
	}
	if (x->depth >= DEPTH_MAX) {
		violation(x, "nested too deeply to check (over %d schemas)",
		    DEPTH_MAX);
		return;
	}
	x->depth++;
	if (n->ref != NULL)
		check(x, n->ref, v);
	check_type(x, n, v);
	check_values(x, n, v);
	if (json_is_number(v))
		check_number(x, n, v);
	else if (json_is_string(v))
		check_string(x, n, v);
	else if (json_is_array(v))
		check_array(x, n, v);
	else if (json_is_object(v))
		check_object(x, n, v);
	check_logic(x, n, v);
	x->depth--;
}

int
jsonschema_validate(const struct jsonschema *s, const json_t *v,
    struct buf *msg, int max)
{
	struct buf path = BUF_INIT;
	struct vctx x = { msg, &path, msg != NULL && max > 0 ? max : 0, 0, 0 };

	buf_adds(&path, "$");
	if (v == NULL)
		violation(&x, "no JSON value");
	else
		check(&x, s->top, v);
	buf_release(&path);
	return x.n;
}
