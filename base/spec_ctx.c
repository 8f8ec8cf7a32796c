/* spec_ctx.c - error reporting and value checks while a spec is built. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expand.h"
#include "jsonvalue.h"
#include "regex_cache.h"
#include "spec_ctx.h"
#include "suggest.h"
#include "units.h"
#include "xalloc.h"

void
spec_error(struct spec_ctx *c, struct srcpos pos, const char *fmt, ...)
{
	va_list ap;

	if (pos.line > 0)
		buf_addf(c->errs, "%s:%d:%d: ", c->path, pos.line, pos.col);
	else
		buf_addf(c->errs, "%s: ", c->path);
	va_start(ap, fmt);
	buf_vaddf(c->errs, fmt, ap);
	va_end(ap);
	buf_adds(c->errs, "\n");
	c->nerrs++;
}

struct srcpos
spec_keypos(struct spec_ctx *c, const json_t *obj, const char *key)
{
	return srcdoc_keypos(c->doc, obj, key);
}

struct srcpos
spec_valpos(struct spec_ctx *c, const json_t *obj, const char *key)
{
	return srcdoc_valpos(c->doc, obj, key);
}

struct srcpos
spec_itempos(struct spec_ctx *c, const json_t *arr, size_t i)
{
	return srcdoc_itempos(c->doc, arr, i);
}

const char *
spec_typename(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:	return "a mapping";
	case JSON_ARRAY:	return "a list";
	case JSON_STRING:	return "a string";
	case JSON_INTEGER:	return "an integer";
	case JSON_REAL:		return jsonvalue_is_integer(v) ? "an integer" :
				    "a number";
	case JSON_TRUE:
	case JSON_FALSE:	return "a boolean";
	case JSON_NULL:		return "null";
	}
	return "a value";
}

int
spec_keys(struct spec_ctx *c, const json_t *obj, const char *what,
    const char *const *allowed, size_t n)
{
	const char *key, *near;
	json_t *v;
	size_t i;
	int bad = 0;

	json_object_foreach((json_t *)obj, key, v) {
		for (i = 0; i < n; i++)
			if (strcmp(key, allowed[i]) == 0)
				break;
		if (i < n)
			continue;
		bad++;
		if ((near = suggest(key, allowed, n)) != NULL)
			spec_error(c, spec_keypos(c, obj, key),
			    "unknown key '%s' in %s (did you mean '%s'?)", key,
			    what, near);
		else
			spec_error(c, spec_keypos(c, obj, key),
			    "unknown key '%s' in %s", key, what);
	}
	return bad;
}

/* A streamed spec is not in memory: read it for the message at hand. */
static void
whole_text(struct spec_ctx *c)
{
	char why[256];

	if (c->text != NULL || c->whole != NULL || c->path == NULL)
		return;
	c->whole = xcalloc(1, sizeof(*c->whole));
	if (buf_read_file(c->whole, c->path, 64u << 20, why, sizeof(why)) == 0) {
		c->text = buf_str(c->whole);
		c->textlen = c->whole->len;
	}
}

/* Column of byte `off` of the decoded scalar that starts at pos: quoted
 * scalars are walked through their escapes; plain ones map directly. */
static int
source_column(struct spec_ctx *c, struct srcpos pos, size_t off)
{
	const char *p, *end, *line;
	size_t made = 0, step;
	int l = 1;

	if (pos.line > 0)
		whole_text(c);
	if ((p = c->text) == NULL || pos.line <= 0)
		return pos.col;
	end = c->text + c->textlen;
	while (l < pos.line && p < end)
		if (*p++ == '\n')
			l++;
	line = p;
	p += pos.col - 1;
	if (p >= end)
		return pos.col;
	if (*p == '"' || *p == '\'') {
		char q = *p++;

		while (made < off && p < end && *p != '\n') {
			step = 1;
			if (q == '"' && *p == '\\')
				step = p[1] == 'x' ? 4 : p[1] == 'u' ? 6 :
				    p[1] == 'U' ? 10 : 2;
			else if (q == '\'' && *p == '\'')
				step = 2;
			else if (*p == q)
				break;
			p += step;
			made++;
		}
		return (int)(p - line) + 1;
	}
	if (*p == '|' || *p == '>')
		return pos.col;
	return pos.col + (int)off;
}

struct srcpos
spec_pos_at(struct spec_ctx *c, struct srcpos pos, size_t off)
{
	pos.col = source_column(c, pos, off);
	return pos;
}

char *
spec_string(struct spec_ctx *c, const json_t *v, struct srcpos pos,
    const char *what, int scalar_ok)
{
	char err[256], *s, *text;
	size_t off = 0;

	if (json_is_string(v))
		text = xstrdup(json_string_value(v));
	else if (scalar_ok && (json_is_number(v) || json_is_boolean(v)))
		text = jsonvalue_dumps(v, JSON_ENCODE_ANY);
	else {
		spec_error(c, pos, "%s must be a string, got %s", what,
		    spec_typename(v));
		return NULL;
	}
	if ((s = expand_env(text, &off, err, sizeof(err))) == NULL) {
		pos.col = source_column(c, pos, off);
		spec_error(c, pos, "%s", err);
	} else if (c->vars != NULL &&
	    expand_check(s, c->vars, c->used, &off, err, sizeof(err)) == -1) {
		pos.col = source_column(c, pos, off);
		spec_error(c, pos, "%s", err);
		free(s);
		s = NULL;
	}
	free(text);
	return s;
}

json_t *
spec_value(struct spec_ctx *c, const json_t *v, struct srcpos pos,
    const char *what)
{
	const char *k;
	json_t *out, *item, *x;
	size_t i;
	char *s;

	if (json_is_string(v)) {
		if ((s = spec_string(c, v, pos, what, 0)) == NULL)
			return NULL;
		out = json_string(s);
		free(s);
		return out;
	}
	if (json_is_object(v)) {
		out = json_object();
		json_object_foreach((json_t *)v, k, item) {
			x = spec_value(c, item, spec_valpos(c, v, k), what);
			if (x == NULL) {
				json_decref(out);
				return NULL;
			}
			json_object_set_new(out, k, x);
		}
		return out;
	}
	if (json_is_array(v)) {
		out = json_array();
		json_array_foreach(v, i, item) {
			x = spec_value(c, item, spec_itempos(c, v, i), what);
			if (x == NULL) {
				json_decref(out);
				return NULL;
			}
			json_array_append_new(out, x);
		}
		return out;
	}
	return jsonvalue_copy(v);
}

int
spec_duration(struct spec_ctx *c, const json_t *v, struct srcpos pos,
    const char *what, long *ms)
{
	char *s;
	int rc = 0;

	if (!json_is_string(v)) {
		spec_error(c, pos, "%s must be a duration like 500ms, 2s or 1m, "
		    "got %s", what, spec_typename(v));
		return -1;
	}
	if ((s = spec_string(c, v, pos, what, 0)) == NULL)
		return -1;
	if (duration_parse(s, ms) == -1) {
		spec_error(c, pos, "%s must be a duration like 500ms, 2s or 1m, "
		    "got '%s'", what, s);
		rc = -1;
	}
	free(s);
	return rc;
}

int
spec_bool(struct spec_ctx *c, const json_t *v, struct srcpos pos,
    const char *what)
{
	if (json_is_boolean(v))
		return json_is_true(v);
	spec_error(c, pos, "%s must be true or false, got %s", what,
	    spec_typename(v));
	return -1;
}

void
spec_ctx_release(struct spec_ctx *c)
{
	const char *k;
	json_t *v;

	json_object_foreach(c->regexes, k, v)
		pcre2_code_free((pcre2_code *)(intptr_t)json_integer_value(v));
	json_decref(c->regexes);
	c->regexes = NULL;
	if (c->whole != NULL) {
		if (c->text == buf_str(c->whole))
			c->text = NULL;
		buf_release(c->whole);
		free(c->whole);
		c->whole = NULL;
	}
}

pcre2_code *
spec_regex(struct spec_ctx *c, const json_t *v, struct srcpos pos,
    const char *what)
{
	PCRE2_UCHAR msg[256];
	PCRE2_SIZE eoff;
	pcre2_code *re;
	char *pat, *x, err[256];
	size_t off = 0;
	int ec;

	if ((pat = spec_string(c, v, pos, what, 0)) == NULL)
		return NULL;
	if (expand_has_vars(pat)) {
		x = expand_vars(pat, c->vars, &off, err, sizeof(err));
		free(pat);
		if ((pat = x) == NULL)
			return NULL;	/* spec_string already checked names */
	}
	re = regex_get(pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF |
	    PCRE2_MATCH_INVALID_UTF, 0, &ec, &eoff);
	if (re == NULL) {
		pcre2_get_error_message(ec, msg, sizeof(msg));
		pos.col = source_column(c, pos, eoff);
		spec_error(c, pos, "bad regex in %s: %s", what, (char *)msg);
	}
	free(pat);
	return re;
}
