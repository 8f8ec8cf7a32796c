/* predicate_values.c - the typed comparisons behind each predicate: the
 * operand expanded, the subject as text or a number, equals, contains,
 * affixes, regexes, order and type. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "predicate_impl.h"
#include "../base/expand.h"
#include "../base/jsonvalue.h"
#include "../base/regex_cache.h"
#include "../base/xalloc.h"

/* The operand with {{vars}} expanded: a whole "{{name}}" keeps the
 * variable's type.  New, or NULL with err set. */
/* Whether a string of w (borrowed) holds "{{": only then does
 * expanding change it (without "{{", "\\{{" is not there either). */
static int
has_template(const json_t *w)
{
	const json_t *item;
	const char *k;
	size_t i;

	if (json_is_string(w))
		return memchr(json_string_value(w), '{', json_string_length(w)) &&
		    strstr(json_string_value(w), "{{") != NULL;
	if (json_is_object(w)) {
		json_object_foreach((json_t *)w, k, item)
			if (has_template(item))
				return 1;
	} else
		json_array_foreach(w, i, item)
			if (has_template(item))
				return 1;
	return 0;
}

json_t *
pred_operand(const json_t *w, const json_t *vars, struct buf *err)
{
	const json_t *whole;
	const char *k;
	json_t *out, *item, *x;
	char e[256], *s;
	size_t i, off;

	if (!has_template(w))
		return json_incref((json_t *)w);	/* as it is: shared */
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
			if ((x = pred_operand(item, vars, err)) == NULL)
				goto fail;
			json_object_set_new(out, k, x);
		}
	} else {
		json_array_foreach(w, i, item) {
			if ((x = pred_operand(item, vars, err)) == NULL)
				goto fail;
			json_array_append_new(out, x);
		}
	}
	return out;
fail:
	json_decref(out);
	return NULL;
}

int
pred_absent(const struct subject *sj)
{
	return sj->v == NULL && sj->s == NULL;
}

/* A query's nodes: none is absent, one stands for itself. */
struct subject
pred_resolve(const struct subject *in)
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

int
pred_equals(const struct subject *sj, const json_t *want)
{
	if (pred_absent(sj))
		return 0;
	if (sj->s != NULL || (sj->text && json_is_string(sj->v)))
		return text_equals(sj, want);
	return jsonvalue_equal(sj->v, want);
}

/* contains: a substring of text, an item of a list, a key of a mapping. */
int
pred_contains(const struct subject *sj, const json_t *want)
{
	struct subject item = { .text = sj->text };
	const char *p;
	char *owned, *wt;
	size_t len, i;
	int ok;

	if (json_is_array(sj->v)) {
		for (i = 0; i < json_array_size(sj->v); i++) {
			item.v = json_array_get(sj->v, i);
			if (pred_equals(&item, want))
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

int
pred_affix(const struct subject *sj, const json_t *want, int end)
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

int
pred_matches(const struct pred *p, const struct subject *sj, const json_t *want,
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
	if (re == NULL && (re = regex_get(json_string_value(want),
	    PCRE2_ZERO_TERMINATED, PCRE2_UTF | PCRE2_MATCH_INVALID_UTF, 0, &ec,
	    &eoff)) == NULL) {
		PCRE2_UCHAR m[128];

		pcre2_get_error_message(ec, m, sizeof(m));
		buf_addf(err, "bad regex once variables were expanded: %s",
		    (char *)m);
		free(owned);
		return 0;
	}
	ok = regex_match(re, s, len, 0) >= 0;
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
int
pred_compare(const struct pred *p, const struct subject *sj, const json_t *want,
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

/* The subject's type, by the index of pred_type_names. */
unsigned
pred_type_bits(const struct subject *sj)
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
