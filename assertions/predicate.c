/* predicate.c - the predicates: compiled from a spec value at load time,
 * checked against a query's subject at run time. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "assert.h"
#include "predicate.h"
#include "../base/expand.h"
#include "../base/jsonvalue.h"
#include "../base/xalloc.h"

enum pred_op {
	P_EQUALS,
	P_NOT_EQUALS,
	P_CONTAINS,
	P_NOT_CONTAINS,
	P_STARTS_WITH,
	P_ENDS_WITH,
	P_MATCHES,
	P_ABOVE,
	P_BELOW,
	P_BETWEEN,
	P_TYPE,
	P_COUNT,
	P_EXISTS,
	P_ABSENT,
	P_ONE_OF,
	P_NOT,
};

static const char *const pred_names[] = {
	"equals", "notEquals", "contains", "notContains", "startsWith",
	"endsWith", "matches", "above", "below", "between", "type", "count",
	"exists", "absent", "oneOf", "not",
};
#define NOPS	(sizeof(pred_names) / sizeof(pred_names[0]))

static const char *const type_names[] = {
	"string", "integer", "number", "boolean", "null", "array", "object",
};
#define NTYPES	(sizeof(type_names) / sizeof(type_names[0]))

struct pred {
	enum pred_op	 op;
	json_t		*want;		/* the operand; strings are templates */
	pcre2_code	*re;		/* matches, when it has no {{…}} */
	unsigned	 types;		/* type: bit i for type_names[i] */
	struct predlist	*sub;		/* count, not */
};

struct predlist {
	struct pred	*v;
	size_t		 n;
	size_t		 alloc;
};

#define EXCERPT		200
#define DETAIL_MAX	(64u << 10)

static struct pred *
add(struct predlist *l, enum pred_op op)
{
	l->v = xgrow(l->v, &l->alloc, l->n + 1, sizeof(*l->v));
	memset(&l->v[l->n], 0, sizeof(l->v[l->n]));
	l->v[l->n].op = op;
	return &l->v[l->n++];
}

/* ---- compiling ---- */

static int
compile_types(struct spec_ctx *ctx, struct pred *p, const json_t *v,
    struct srcpos pos)
{
	const json_t *item;
	size_t i, j;

	if (json_is_string(v) || json_is_null(v)) {
		json_t *one = json_pack("[O]", v);
		int rc = compile_types(ctx, p, one, pos);

		json_decref(one);
		return rc;
	}
	if (!json_is_array(v) || json_array_size(v) == 0) {
		spec_error(ctx, pos, "type must be a type name or a list of them "
		    "(string, integer, number, boolean, null, array, object)");
		return -1;
	}
	json_array_foreach(v, i, item) {
		for (j = 0; j < NTYPES; j++)
			if ((json_is_string(item) && strcmp(json_string_value(item),
			    type_names[j]) == 0) || (json_is_null(item) && j == 4))
				break;
		if (j == NTYPES && json_is_string(item)) {
			spec_error(ctx, pos, "unknown type '%s': string, integer, "
			    "number, boolean, null, array or object",
			    json_string_value(item));
			return -1;
		}
		if (j == NTYPES) {
			spec_error(ctx, pos, "a type is one of string, integer, "
			    "number, boolean, null, array or object, got %s",
			    spec_typename(item));
			return -1;
		}
		p->types |= 1u << j;
	}
	return 0;
}

/* A number, or a string template that must expand to one. */
static int
is_numeric_operand(const json_t *v)
{
	return json_is_number(v) || (json_is_string(v) &&
	    expand_has_vars(json_string_value(v)));
}

static int
compile_operand(struct spec_ctx *ctx, struct pred *p, const json_t *v,
    struct srcpos pos, const char *label)
{
	switch (p->op) {
	case P_MATCHES:
		if (!json_is_string(v)) {
			spec_error(ctx, pos, "%s must be a regex string, got %s",
			    label, spec_typename(v));
			return -1;
		}
		if ((p->want = spec_value(ctx, v, pos, label)) == NULL)
			return -1;
		if (!expand_has_vars(json_string_value(p->want)) &&
		    (p->re = spec_regex(ctx, v, pos, label)) == NULL)
			return -1;
		return 0;
	case P_ABOVE:
	case P_BELOW:
		if (!is_numeric_operand(v)) {
			spec_error(ctx, pos, "%s must be a number, got %s", label,
			    spec_typename(v));
			return -1;
		}
		break;
	case P_BETWEEN:
		if (!json_is_array(v) || json_array_size(v) != 2 ||
		    !is_numeric_operand(json_array_get(v, 0)) ||
		    !is_numeric_operand(json_array_get(v, 1))) {
			spec_error(ctx, pos, "%s must be a list of two numbers "
			    "[low, high]", label);
			return -1;
		}
		break;
	case P_ONE_OF:
		if (!json_is_array(v) || json_array_size(v) == 0) {
			spec_error(ctx, pos, "%s must be a non-empty list of "
			    "values", label);
			return -1;
		}
		break;
	case P_STARTS_WITH:
	case P_ENDS_WITH:
		if (!json_is_string(v) && !json_is_number(v)) {
			spec_error(ctx, pos, "%s must be a string, got %s", label,
			    spec_typename(v));
			return -1;
		}
		break;
	default:
		break;
	}
	return (p->want = spec_value(ctx, v, pos, label)) ? 0 : -1;
}

static int
compile_pred(struct spec_ctx *ctx, struct predlist *l, enum pred_op op,
    const json_t *obj, const char *key, const char *what)
{
	const json_t *v = json_object_get(obj, key);
	struct srcpos pos = spec_valpos(ctx, obj, key);
	struct pred *p;
	char label[192];
	int flag;

	snprintf(label, sizeof(label), "'%s' of %s", key, what);
	if (op == P_EXISTS || op == P_ABSENT) {
		if ((flag = spec_bool(ctx, v, pos, label)) == -1)
			return -1;
		add(l, (op == P_EXISTS) == flag ? P_EXISTS : P_ABSENT);
		return 0;
	}
	if (op == P_MATCHES && json_is_array(v)) {
		const json_t *item;
		size_t i;
		int rc = 0;

		if (json_array_size(v) == 0) {
			spec_error(ctx, pos, "%s must not be an empty list", label);
			return -1;
		}
		json_array_foreach(v, i, item)
			if (compile_operand(ctx, add(l, op), item,
			    spec_itempos(ctx, v, i), label) == -1)
				rc = -1;
		return rc;
	}
	p = add(l, op);
	if (op == P_TYPE)
		return compile_types(ctx, p, v, pos);
	if (op == P_COUNT || op == P_NOT) {
		if (op == P_COUNT && !is_numeric_operand(v) && !json_is_object(v)) {
			spec_error(ctx, pos, "%s must be a number or predicates "
			    "on it, got %s", label, spec_typename(v));
			return -1;
		}
		return (p->sub = predlist_compile(ctx, v, pos, label)) ? 0 : -1;
	}
	return compile_operand(ctx, p, v, pos, label);
}

struct predlist *
predlist_compile(struct spec_ctx *ctx, const json_t *node, struct srcpos pos,
    const char *what)
{
	struct predlist *l = xcalloc(1, sizeof(*l));
	size_t i;
	int rc = 0;

	if (!json_is_object(node)) {
		if ((add(l, P_EQUALS)->want = spec_value(ctx, node, pos,
		    what)) == NULL)
			goto fail;
		return l;
	}
	if (json_object_size(node) == 0) {
		spec_error(ctx, pos, "%s needs a predicate: equals, contains, "
		    "matches, above, type, count, exists…", what);
		goto fail;
	}
	if (spec_keys(ctx, node, what, pred_names, NOPS) > 0)
		rc = -1;
	for (i = 0; i < NOPS; i++)
		if (json_object_get(node, pred_names[i]) != NULL &&
		    compile_pred(ctx, l, (enum pred_op)i, node, pred_names[i],
		    what) == -1)
			rc = -1;
	if (rc == 0)
		return l;
fail:
	predlist_free(l);
	return NULL;
}

void
predlist_free(struct predlist *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		json_decref(l->v[i].want);
		pcre2_code_free(l->v[i].re);
		predlist_free(l->v[i].sub);
	}
	free(l->v);
	free(l);
}

/* ---- values ---- */

/* The operand with {{vars}} expanded: a whole "{{name}}" keeps the
 * variable's type.  New, or NULL with err set. */
static json_t *
operand(const json_t *w, const json_t *vars, struct buf *err)
{
	const json_t *whole;
	const char *k;
	json_t *out, *item, *x;
	char e[256], *s;
	size_t i, off;

	if (json_is_string(w)) {
		if ((whole = expand_whole(json_string_value(w), vars)) != NULL)
			return json_incref((json_t *)whole);
		if ((s = expand_vars(json_string_value(w), vars, &off, e,
		    sizeof(e))) == NULL) {
			buf_adds(err, e);
			return NULL;
		}
		out = json_string(s);
		free(s);
		return out ? out : json_stringn("", 0);
	}
	if (!json_is_object(w) && !json_is_array(w))
		return json_incref((json_t *)w);
	out = json_is_object(w) ? json_object() : json_array();
	if (json_is_object(w)) {
		json_object_foreach((json_t *)w, k, item) {
			if ((x = operand(item, vars, err)) == NULL)
				goto fail;
			json_object_set_new(out, k, x);
		}
	} else {
		json_array_foreach(w, i, item) {
			if ((x = operand(item, vars, err)) == NULL)
				goto fail;
			json_array_append_new(out, x);
		}
	}
	return out;
fail:
	json_decref(out);
	return NULL;
}

static int
absent(const struct subject *sj)
{
	return sj->v == NULL && sj->s == NULL;
}

/* A query's nodes: none is absent, one stands for itself. */
static struct subject
resolve(const struct subject *in)
{
	struct subject out = *in;
	size_t n;

	if (!in->multi || in->v == NULL)
		return out;
	n = json_array_size(in->v);
	out.multi = 0;
	if (n == 0)
		out.v = NULL;
	else if (n == 1)
		out.v = json_array_get(in->v, 0);
	return out;
}

/* The subject as text: strings as they are, numbers and booleans as
 * JSON.  *owned is set when a copy was made.  -1 for containers. */
static int
as_text(const struct subject *sj, const char **p, size_t *len, char **owned)
{
	*owned = NULL;
	if (sj->s != NULL) {
		*p = sj->s;
		*len = sj->len;
		return 0;
	}
	if (json_is_string(sj->v)) {
		*p = json_string_value(sj->v);
		*len = json_string_length(sj->v);
		return 0;
	}
	if (json_is_object(sj->v) || json_is_array(sj->v) || sj->v == NULL)
		return -1;
	*p = *owned = jsonvalue_dumps(sj->v, JSON_ENCODE_ANY);
	*len = strlen(*owned);
	return 0;
}

/* All of s as a number (new): JSON's syntax, exact; or what strtod reads
 * (+1, .5, 0x1A).  NULL if it is none. */
static json_t *
text_number(const char *s, size_t len)
{
	char buf[64], *end;
	json_t *v;
	double d;

	while (len > 0 && (*s == ' ' || *s == '\t'))
		s++, len--;
	while (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	if ((v = jsonvalue_number(s, len)) != NULL)
		return v;
	if (len == 0 || len >= sizeof(buf))
		return NULL;
	memcpy(buf, s, len);
	buf[len] = '\0';
	errno = 0;
	d = strtod(buf, &end);
	return *end == '\0' && errno == 0 && isfinite(d) ? json_real(d) : NULL;
}

/* The subject as a number (new): a JSON number, or text that is one. */
static json_t *
as_number(const struct subject *sj)
{
	if (json_is_number(sj->v))
		return json_incref((json_t *)sj->v);
	if (sj->s != NULL)
		return text_number(sj->s, sj->len);
	if (sj->text && json_is_string(sj->v))
		return text_number(json_string_value(sj->v),
		    json_string_length(sj->v));
	return NULL;
}

/* Text subjects compare as text, or as numbers against a number. */
static int
text_equals(const struct subject *sj, const json_t *want)
{
	const char *p;
	char *owned, *wt;
	size_t len;
	json_t *a;
	int eq;

	if (as_text(sj, &p, &len, &owned) == -1)
		return 0;
	if (json_is_number(want) && (a = text_number(p, len)) != NULL) {
		eq = jsonvalue_numcmp(a, want) == 0;
		json_decref(a);
		free(owned);
		return eq;
	}
	wt = json_is_string(want) ? xstrdup(json_string_value(want)) :
	    jsonvalue_dumps(want, JSON_ENCODE_ANY);
	eq = wt && strlen(wt) == len && memcmp(wt, p, len) == 0;
	free(wt);
	free(owned);
	return eq;
}

static int
equals(const struct subject *sj, const json_t *want)
{
	if (absent(sj))
		return 0;
	if (sj->s != NULL || (sj->text && json_is_string(sj->v)))
		return text_equals(sj, want);
	return jsonvalue_equal(sj->v, want);
}

/* contains: a substring of text, an item of a list, a key of a mapping. */
static int
contains(const struct subject *sj, const json_t *want)
{
	struct subject item = { .text = sj->text };
	const char *p;
	char *owned, *wt;
	size_t len, i;
	int ok;

	if (json_is_array(sj->v)) {
		for (i = 0; i < json_array_size(sj->v); i++) {
			item.v = json_array_get(sj->v, i);
			if (equals(&item, want))
				return 1;
		}
		return 0;
	}
	if (json_is_object(sj->v))
		return json_is_string(want) &&
		    json_object_get(sj->v, json_string_value(want)) != NULL;
	if (as_text(sj, &p, &len, &owned) == -1)
		return 0;
	wt = json_is_string(want) ? xstrdup(json_string_value(want)) :
	    jsonvalue_dumps(want, JSON_ENCODE_ANY);
	ok = memmem(p, len, wt, strlen(wt)) != NULL;
	free(wt);
	free(owned);
	return ok;
}

static int
affix(const struct subject *sj, const json_t *want, int end)
{
	const char *p;
	char *owned, *wt;
	size_t len, wl;
	int ok;

	if (as_text(sj, &p, &len, &owned) == -1)
		return 0;
	wt = json_is_string(want) ? xstrdup(json_string_value(want)) :
	    jsonvalue_dumps(want, JSON_ENCODE_ANY);
	wl = strlen(wt);
	ok = wl <= len && memcmp(end ? p + len - wl : p, wt, wl) == 0;
	free(wt);
	free(owned);
	return ok;
}

static int
regex_matches(const pcre2_code *re, const char *s, size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);

	pcre2_match_data_free(md);
	return rc >= 0;
}

static int
matches(const struct pred *p, const struct subject *sj, const json_t *want,
    struct buf *err)
{
	pcre2_code *re = p->re;
	PCRE2_SIZE eoff;
	const char *s;
	char *owned;
	size_t len;
	int ok, ec;

	if (as_text(sj, &s, &len, &owned) == -1)
		return 0;
	if (re == NULL && (re = pcre2_compile((PCRE2_SPTR)json_string_value(want),
	    PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, &ec,
	    &eoff, NULL)) == NULL) {
		PCRE2_UCHAR m[128];

		pcre2_get_error_message(ec, m, sizeof(m));
		buf_addf(err, "bad regex once variables were expanded: %s",
		    (char *)m);
		free(owned);
		return 0;
	}
	ok = regex_matches(re, s, len);
	if (re != p->re)
		pcre2_code_free(re);
	free(owned);
	return ok;
}

/* The operand as a number (new), or NULL with err set. */
static json_t *
operand_number(const json_t *w, struct buf *err)
{
	json_t *v = NULL;

	if (json_is_number(w))
		return json_incref((json_t *)w);
	if (json_is_string(w) && (v = text_number(json_string_value(w),
	    json_string_length(w))) != NULL)
		return v;
	buf_adds(err, "the expected value is not a number");
	return NULL;
}

/* above, below, between: exactly, whatever the numbers' sizes. */
static int
compare(const struct pred *p, const struct subject *sj, const json_t *want,
    struct buf *err)
{
	json_t *x, *lo = NULL, *hi = NULL;
	int ok = 0;

	if ((x = as_number(sj)) == NULL)
		return 0;
	if (p->op == P_BETWEEN) {
		if ((lo = operand_number(json_array_get(want, 0), err)) != NULL &&
		    (hi = operand_number(json_array_get(want, 1), err)) != NULL)
			ok = jsonvalue_numcmp(x, lo) >= 0 &&
			    jsonvalue_numcmp(x, hi) <= 0;
	} else if ((lo = operand_number(want, err)) != NULL)
		ok = jsonvalue_numcmp(x, lo) == (p->op == P_ABOVE ? 1 : -1);
	json_decref(x);
	json_decref(lo);
	json_decref(hi);
	return ok;
}

/* The subject's type, by the index of type_names. */
static unsigned
type_bits(const struct subject *sj)
{
	const json_t *v = sj->v;
	double d;

	if (sj->s != NULL || json_is_string(v))
		return 1u << 0;
	if (jsonvalue_is_integer(v))
		return 1u << 1 | 1u << 2;
	if (json_is_real(v)) {
		d = json_real_value(v);
		return d == floor(d) && fabs(d) < 9007199254740992.0 ?
		    1u << 1 | 1u << 2 : 1u << 2;
	}
	if (json_is_boolean(v))
		return 1u << 3;
	if (json_is_null(v))
		return 1u << 4;
	return json_is_array(v) ? 1u << 5 : 1u << 6;
}

/* ---- describing ---- */

int
describe_json(struct buf *out, const json_t *v, size_t max)
{
	char *s;
	size_t len;
	int cut;

	if (json_is_string(v)) {
		len = json_string_length(v);
		buf_adds(out, "\"");
		assert_excerpt(out, json_string_value(v), len, max);
		buf_adds(out, "\"");
		return len > max;
	}
	if ((s = jsonvalue_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) == NULL)
		return 0;
	len = strlen(s);
	cut = len > max;
	while (cut && max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	buf_add(out, s, cut ? max : len);
	if (cut)
		buf_addf(out, "… [%zu bytes]", len);
	free(s);
	return cut;
}

/* A pattern as written: only control bytes are escaped. */
static void
regex_excerpt(struct buf *out, const char *s, size_t len)
{
	size_t i, n = len < EXCERPT ? len : EXCERPT;

	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			buf_addf(out, "\\x%02x", (unsigned char)s[i]);
		else
			buf_add(out, s + i, 1);
	}
	if (n < len)
		buf_addf(out, "… [%zu bytes]", len);
}

static void
describe_types(struct buf *out, unsigned types)
{
	size_t i;
	int first = 1;

	buf_adds(out, "to be of type ");
	for (i = 0; i < NTYPES; i++) {
		if (!(types & 1u << i))
			continue;
		buf_addf(out, "%s%s", first ? "" : " or ", type_names[i]);
		first = 0;
	}
}

static void describe_list(struct buf *, const struct predlist *,
	    const json_t *);

/* What p expects, after "expected ". */
static void
describe(struct buf *out, const struct pred *p, const json_t *want)
{
	static const char *const verbs[] = {
		[P_NOT_EQUALS] = "not ", [P_CONTAINS] = "to contain ",
		[P_NOT_CONTAINS] = "not to contain ",
		[P_STARTS_WITH] = "to start with ", [P_ENDS_WITH] = "to end with ",
		[P_ABOVE] = "to be above ", [P_BELOW] = "to be below ",
		[P_ONE_OF] = "one of ",
	};

	switch (p->op) {
	case P_MATCHES:
		buf_adds(out, "to match /");
		regex_excerpt(out, json_string_value(want),
		    json_string_length(want));
		buf_adds(out, "/");
		return;
	case P_BETWEEN:
		buf_adds(out, "to be between ");
		describe_json(out, json_array_get(want, 0), EXCERPT);
		buf_adds(out, " and ");
		describe_json(out, json_array_get(want, 1), EXCERPT);
		return;
	case P_TYPE:
		describe_types(out, p->types);
		return;
	case P_EXISTS:
		buf_adds(out, "to be present");
		return;
	case P_ABSENT:
		buf_adds(out, "to be absent");
		return;
	case P_COUNT:
		buf_adds(out, p->sub->n == 1 && p->sub->v[0].op == P_EQUALS ?
		    "a count of " : "a count ");
		describe_list(out, p->sub, NULL);
		return;
	case P_NOT:
		buf_adds(out, "not ");
		describe_list(out, p->sub, NULL);
		return;
	default:
		if (p->op != P_EQUALS)
			buf_adds(out, verbs[p->op]);
		describe_json(out, want, EXCERPT);
	}
}

static void
describe_list(struct buf *out, const struct predlist *l, const json_t *vars)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (i > 0)
			buf_adds(out, " and ");
		describe(out, &l->v[i], l->v[i].want);
	}
}

/* ", got …" for the failure line; the full value to detail when cut. */
static void
describe_actual(struct buf *msg, const struct subject *sj, const char *label,
    struct buf *detail)
{
	struct buf full = BUF_INIT;
	size_t i, run;
	int cut;

	if (absent(sj)) {
		buf_adds(msg, ", but it is absent");
		return;
	}
	buf_adds(msg, ", got ");
	if (sj->s != NULL) {
		buf_adds(msg, "\"");
		assert_excerpt(msg, sj->s, sj->len, EXCERPT);
		buf_adds(msg, "\"");
		cut = sj->len > EXCERPT;
		if (sj->len >= 3 && memcmp(sj->s, "\xef\xbb\xbf", 3) == 0)
			buf_adds(msg, " (it begins with U+FEFF (byte order mark))");
	} else
		cut = describe_json(msg, sj->v, EXCERPT);
	if (!cut || detail == NULL)
		return;
	/* A NUL byte as the text \x00, so it cannot end the value early. */
	buf_init(&full, DETAIL_MAX);
	if (sj->s != NULL)
		for (i = 0; i < sj->len; i += run) {
			run = strnlen(sj->s + i, sj->len - i);
			buf_add(&full, sj->s + i, run);
			if (i + run < sj->len) {
				buf_adds(&full, "\\x00");
				run++;
			}
		}
	else
		describe_json(&full, sj->v, DETAIL_MAX);
	buf_addf(detail, "--- %s, the full value%s:\n%s\n", label,
	    full.truncated ? " (first 64 KiB)" : "", buf_str(&full));
	buf_release(&full);
}

/* ---- the first difference of two JSON values ---- */

static int first_diff(const json_t *, const json_t *, struct buf *,
	    struct buf *);

static int
first_diff_object(const json_t *want, const json_t *got, struct buf *path,
    struct buf *what)
{
	const char *k;
	json_t *x;
	size_t mark = path->len;

	json_object_foreach((json_t *)want, k, x) {
		buf_addf(path, ".%s", k);
		if (json_object_get(got, k) == NULL) {
			buf_adds(what, "expected ");
			describe_json(what, x, 60);
			buf_adds(what, ", but it is absent");
			return 1;
		}
		if (first_diff(x, json_object_get(got, k), path, what))
			return 1;
		path->len = mark;
		path->data[mark] = '\0';
	}
	json_object_foreach((json_t *)got, k, x) {
		if (json_object_get(want, k) != NULL)
			continue;
		buf_addf(path, ".%s", k);
		buf_adds(what, "unexpected member, ");
		describe_json(what, x, 60);
		return 1;
	}
	return 0;
}

static int
first_diff(const json_t *want, const json_t *got, struct buf *path,
    struct buf *what)
{
	size_t i, mark = path->len;

	if (jsonvalue_equal(want, got))
		return 0;
	if (json_is_object(want) && json_is_object(got))
		return first_diff_object(want, got, path, what);
	if (json_is_array(want) && json_is_array(got)) {
		for (i = 0; i < json_array_size(want) &&
		    i < json_array_size(got); i++) {
			buf_addf(path, "[%zu]", i);
			if (first_diff(json_array_get(want, i),
			    json_array_get(got, i), path, what))
				return 1;
			path->len = mark;
			path->data[mark] = '\0';
		}
		buf_addf(what, "expected %zu items, got %zu",
		    json_array_size(want), json_array_size(got));
		return 1;
	}
	buf_adds(what, "expected ");
	describe_json(what, want, 60);
	buf_adds(what, ", got ");
	describe_json(what, got, 60);
	return 1;
}

/* For two containers that differ: "LABEL: first difference at $.a[1]…". */
static void
explain_diff(struct buf *msg, const char *label, const json_t *want,
    const json_t *got)
{
	struct buf path = BUF_INIT, what = BUF_INIT;

	if (!(json_is_object(want) && json_is_object(got)) &&
	    !(json_is_array(want) && json_is_array(got)))
		return;
	buf_adds(&path, "$");
	if (first_diff(want, got, &path, &what))
		buf_addf(msg, "%s: first difference at %s: %s\n", label,
		    buf_str(&path), buf_str(&what));
	buf_release(&path);
	buf_release(&what);
}

/* ---- evaluating ---- */

static int eval_list(const struct predlist *, const char *,
	    const struct subject *, const json_t *, struct buf *, struct buf *,
	    int);

/* count: the number of nodes, items, members or characters?  Nodes of a
 * query, items of a list, members of a mapping. */
static int
count_holds(const struct pred *p, const struct subject *raw,
    const json_t *vars, struct buf *err, long long *n)
{
	struct subject num = { 0 };
	json_t *v;
	int ok;

	if (raw->multi || json_is_array(raw->v))
		*n = (long long)json_array_size(raw->v);
	else if (json_is_object(raw->v))
		*n = (long long)json_object_size(raw->v);
	else
		return 0;
	v = json_integer(*n);
	num.v = v;
	ok = eval_list(p->sub, "count", &num, vars, err, NULL, 1) == 0;
	json_decref(v);
	return ok;
}

/* Whether p holds; err gets why it could not be decided. */
static int
holds(const struct pred *p, const struct subject *raw, const json_t *want,
    const json_t *vars, struct buf *err)
{
	struct subject sj = resolve(raw);
	long long n;
	size_t i;

	switch (p->op) {
	case P_EQUALS:		return equals(&sj, want);
	case P_NOT_EQUALS:	return !absent(&sj) && !equals(&sj, want);
	case P_CONTAINS:
		if (json_is_array(want)) {
			for (i = 0; i < json_array_size(want); i++)
				if (!contains(&sj, json_array_get(want, i)))
					return 0;
			return 1;
		}
		return contains(&sj, want);
	case P_NOT_CONTAINS:
		if (json_is_array(want)) {
			for (i = 0; i < json_array_size(want); i++)
				if (contains(&sj, json_array_get(want, i)))
					return 0;
			return 1;
		}
		return !contains(&sj, want);
	case P_STARTS_WITH:	return affix(&sj, want, 0);
	case P_ENDS_WITH:	return affix(&sj, want, 1);
	case P_MATCHES:		return matches(p, &sj, want, err);
	case P_ABOVE:
	case P_BELOW:
	case P_BETWEEN:		return compare(p, &sj, want, err);
	case P_TYPE:		return !absent(&sj) && (type_bits(&sj) & p->types);
	case P_COUNT:		return count_holds(p, raw, vars, err, &n);
	case P_EXISTS:		return !absent(&sj);
	case P_ABSENT:		return absent(&sj);
	case P_ONE_OF:
		for (i = 0; i < json_array_size(want); i++)
			if (equals(&sj, json_array_get(want, i)))
				return 1;
		return 0;
	case P_NOT:
		return eval_list(p->sub, "", raw, vars, err, NULL, 1) ==
		    (int)p->sub->n;
	}
	return 0;
}

/* One failure line for p. */
static void
report(struct buf *msg, const struct pred *p, const char *label,
    const struct subject *raw, const json_t *want, const char *why,
    struct buf *detail, int negated)
{
	struct subject sj = resolve(raw);

	buf_addf(msg, "%s: expected %s", label, negated ? "not " : "");
	describe(msg, p, want);
	if (*why) {
		buf_addf(msg, ", but %s\n", why);
		return;
	}
	if (p->op == P_COUNT && (raw->multi || json_is_array(raw->v) ||
	    json_is_object(raw->v)))
		buf_addf(msg, ", got %zu", json_is_object(raw->v) ?
		    json_object_size(raw->v) : json_array_size(raw->v));
	else if (p->op == P_COUNT && !absent(&sj))
		buf_addf(msg, ", but it is %s, not a list", sj.v ?
		    spec_typename(sj.v) : "text");
	else if (p->op != P_EXISTS)
		describe_actual(msg, &sj, label, detail);
	if (p->op == P_TYPE && !absent(&sj))
		buf_addf(msg, " (%s)", sj.s ? "text" : spec_typename(sj.v));
	buf_adds(msg, "\n");
	if (p->op == P_EQUALS && !negated && sj.v != NULL)
		explain_diff(msg, label, want, sj.v);
}

/* Evaluates every predicate of l; with `quiet`, only counts. */
static int
eval_list(const struct predlist *l, const char *label,
    const struct subject *sj, const json_t *vars, struct buf *msg,
    struct buf *detail, int quiet)
{
	struct buf err = BUF_INIT;
	const struct pred *p;
	json_t *want;
	size_t i;
	int bad = 0, ok, neg;

	for (i = 0; i < l->n; i++) {
		p = &l->v[i];
		want = NULL;
		buf_reset(&err);
		if (p->want && (want = operand(p->want, vars, &err)) == NULL) {
			if (!quiet)
				buf_addf(msg, "%s: %s\n", label, buf_str(&err));
			bad++;
			continue;
		}
		ok = holds(p, sj, want, vars, &err);
		neg = p->op == P_NOT && p->sub->n == 1 && p->sub->v[0].want;
		if (!ok && !quiet && neg) {
			json_decref(want);
			want = operand(p->sub->v[0].want, vars, &err);
		}
		if (!ok && !quiet)
			report(msg, neg ? &p->sub->v[0] : p, label, sj, want,
			    buf_str(&err), detail, neg);
		bad += !ok;
		json_decref(want);
	}
	buf_release(&err);
	return bad;
}

int
predlist_eval(const struct predlist *l, const char *label,
    const struct subject *sj, const json_t *vars, struct buf *msg,
    struct buf *detail)
{
	return eval_list(l, label, sj, vars, msg, detail, 0);
}

int
predlist_eval_text(const struct predlist *l, const char *label,
    const char *s, size_t len, const json_t *vars, struct buf *msg)
{
	struct subject sj = { .s = s, .len = len };

	if (s == NULL)
		sj.len = 0;
	return eval_list(l, label, &sj, vars, msg, NULL, 0);
}
