/* expand.c - ${ENV} and {{var}} substitution in spec strings. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "expand.h"
#include "jsonvalue.h"
#include "xalloc.h"
#include "error.h"

static int
is_name(const char *s, size_t n)
{
	size_t i;

	if (n == 0 || isdigit((unsigned char)s[0]))
		return 0;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '_' &&
		    s[i] != '-' && s[i] != '.')
			return 0;
	return 1;
}

/* One ${…} at p (just past "${"); appends its value, returns the length
 * consumed after "${", or -1 with err. */
static long
env_ref(const char *p, struct buf *out, char *err, size_t errlen)
{
	const char *end = strchr(p, '}'), *dflt, *val;
	size_t namelen;
	char *name;

	if (end == NULL)
		return error_set(err, errlen, "unterminated '${' (expected '}')");
	dflt = memmem(p, (size_t)(end - p), ":-", 2);
	namelen = (size_t)((dflt ? dflt : end) - p);
	if (!is_name(p, namelen) || memchr(p, '.', namelen) ||
	    memchr(p, '-', namelen))
		return error_set(err, errlen, "bad environment reference '${%.*s}' "
		    "(expected ${NAME} or ${NAME:-default})", (int)(end - p), p);
	name = xstrndup(p, namelen);
	val = getenv(name);
	if (val != NULL && (*val != '\0' || dflt == NULL))
		buf_adds(out, val);
	else if (dflt != NULL)
		buf_add(out, dflt + 2, (size_t)(end - dflt - 2));
	else {
		snprintf(err, errlen, "environment variable '%s' is not set "
		    "(write ${%s:-default} to give a default)", name, name);
		free(name);
		return -1;
	}
	free(name);
	return (long)(end - p) + 1;
}

char *
expand_env(const char *in, size_t *erroff, char *err, size_t errlen)
{
	struct buf out = BUF_INIT;
	const char *p = in, *dollar;
	long n;

	if (strstr(in, "${") == NULL)	/* nothing to expand, nor "$${" */
		return xstrdup(in);
	while (*p) {
		if (p[0] == '$' && p[1] == '$' && p[2] == '{') {
			buf_adds(&out, "${");
			p += 3;
		} else if (p[0] == '$' && p[1] == '{') {
			if ((n = env_ref(p + 2, &out, err, errlen)) == -1) {
				*erroff = (size_t)(p - in);
				buf_release(&out);
				return NULL;
			}
			p += 2 + n;
		} else {		/* up to the next '$' at once */
			dollar = strchr(p + 1, '$');
			n = dollar ? dollar - p : (long)strlen(p);
			buf_add(&out, p, (size_t)n);
			p += n;
		}
	}
	return buf_detach(&out);
}

/* Appends a variable's value: strings verbatim, the rest as JSON. */
static void
add_value(struct buf *out, const json_t *v)
{
	char *s;

	if (json_is_string(v)) {
		buf_add(out, json_string_value(v), json_string_length(v));
		return;
	}
	s = jsonvalue_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (s != NULL)
		buf_adds(out, s);
	free(s);
}

/* Walks `in`; for each {{name}}, looks it up in vars and, when out is
 * not NULL, appends its value; when used is not NULL, records the name. */
static int
walk_vars(const char *in, const json_t *vars, struct buf *out, json_t *used,
    size_t *erroff, char *err, size_t errlen)
{
	const char *p = in, *start, *end;
	const json_t *v;
	char *name;

	while (*p) {
		if (p[0] == '\\' && p[1] == '{' && p[2] == '{') {
			if (out)
				buf_adds(out, "{{");
			p += 3;
			continue;
		}
		if (p[0] != '{' || p[1] != '{') {
			if (out)
				buf_add(out, p, 1);
			p++;
			continue;
		}
		*erroff = (size_t)(p - in);
		if ((end = strstr(p + 2, "}}")) == NULL)
			return error_set(err, errlen, "unterminated '{{' (expected '}}')");
		for (start = p + 2; *start == ' '; start++)
			;
		while (end > start && end[-1] == ' ')
			end--;
		if (!is_name(start, (size_t)(end - start)))
			return error_set(err, errlen, "bad variable reference '%.*s'",
			    (int)(strstr(p + 2, "}}") + 2 - p), p);
		name = xstrndup(start, (size_t)(end - start));
		if ((v = json_object_get(vars, name)) == NULL) {
			snprintf(err, errlen, "undefined variable '%s'", name);
			free(name);
			return -1;
		}
		if (used)
			json_object_set_new(used, name, json_true());
		free(name);
		if (out)
			add_value(out, v);
		p = strstr(p + 2, "}}") + 2;
	}
	return 0;
}

char *
expand_vars(const char *in, const json_t *vars, size_t *erroff, char *err,
    size_t errlen)
{
	struct buf out = BUF_INIT;

	if (walk_vars(in, vars, &out, NULL, erroff, err, errlen) == -1) {
		buf_release(&out);
		return NULL;
	}
	return buf_detach(&out);
}

int
expand_check(const char *in, const json_t *known, json_t *used,
    size_t *erroff, char *err, size_t errlen)
{
	return walk_vars(in, known, NULL, used, erroff, err, errlen);
}

const json_t *
expand_whole(const char *in, const json_t *vars)
{
	const char *start, *end;
	size_t n = strlen(in);
	const json_t *v;
	char *name;

	if (n < 5 || strncmp(in, "{{", 2) != 0 || strcmp(in + n - 2, "}}") != 0)
		return NULL;
	for (start = in + 2; *start == ' '; start++)
		;
	for (end = in + n - 2; end > start && end[-1] == ' '; end--)
		;
	if (!is_name(start, (size_t)(end - start)))
		return NULL;
	name = xstrndup(start, (size_t)(end - start));
	v = json_object_get(vars, name);
	free(name);
	return v;
}

int
expand_has_vars(const char *in)
{
	return strstr(in, "{{") != NULL;
}
