/* assert_status.c - `status: 200`, `status: [200, 201]`, `status: 2xx`:
 * the response's, or a browser test's main document's (none when the page
 * did not come over HTTP: about:blank, a data: URL). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "assert.h"
#include "predicate.h"
#include "../base/xalloc.h"

/* One accepted status: an exact code, or a class (2xx) when cls is set. */
struct want {
	int	code;
	int	cls;		/* 1..5 for 1xx..5xx, 0 for an exact code */
};

struct status_arg {
	struct want *v;
	size_t	 n;
	size_t	 alloc;
};

/* "2xx" gives a class, "201" a code; anything else 0. */
static struct want
parse_string(const char *s)
{
	struct want w = { 0, 0 };

	if (strlen(s) != 3 || s[0] < '1' || s[0] > '5')
		return w;
	if (tolower((unsigned char)s[1]) == 'x' &&
	    tolower((unsigned char)s[2]) == 'x')
		w.cls = s[0] - '0';
	else if (isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]))
		w.code = atoi(s);
	return w;
}

static int
parse_one(struct spec_ctx *ctx, const json_t *v, struct srcpos pos,
    struct status_arg *a)
{
	struct want w = { 0, 0 };
	json_int_t n;

	if (json_is_integer(v)) {
		n = json_integer_value(v);
		if (n < 100 || n > 599) {
			spec_error(ctx, pos, "status must be between 100 and "
			    "599, got %lld", (long long)n);
			return -1;
		}
		w.code = (int)n;
	} else if (json_is_string(v))
		w = parse_string(json_string_value(v));
	if (w.code == 0 && w.cls == 0) {
		spec_error(ctx, pos, "status must be a code like 200, a class "
		    "like 2xx, or a list of them, got %s", spec_typename(v));
		return -1;
	}
	a->v = xgrow(a->v, &a->alloc, a->n + 1, sizeof(*a->v));
	a->v[a->n++] = w;
	return 0;
}

void *
assert_status_classes(int first, int last)
{
	struct status_arg *a = xcalloc(1, sizeof(*a));
	int c;

	for (c = first; c <= last; c++) {
		a->v = xgrow(a->v, &a->alloc, a->n + 1, sizeof(*a->v));
		a->v[a->n].code = 0;
		a->v[a->n++].cls = c;
	}
	return a;
}

static void
status_free(void *arg)
{
	struct status_arg *a = arg;

	if (a == NULL)
		return;
	free(a->v);
	free(a);
}

static int
status_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	struct status_arg *a = xcalloc(1, sizeof(*a));
	const json_t *item;
	size_t i;
	int rc = 0;

	if (!json_is_array(node))
		rc = parse_one(ctx, node, spec_valpos(ctx, expect, "status"), a);
	else if (json_array_size(node) == 0) {
		spec_error(ctx, spec_valpos(ctx, expect, "status"),
		    "status must not be an empty list");
		rc = -1;
	} else
		json_array_foreach(node, i, item)
			if (parse_one(ctx, item, spec_itempos(ctx, node, i), a) == -1)
				rc = -1;
	if (rc == -1) {
		status_free(a);
		return -1;
	}
	checklist_add(out, &assert_status, a);
	return 0;
}

static void
describe(struct buf *msg, const struct want *w)
{
	if (w->cls)
		buf_addf(msg, "%dxx", w->cls);
	else
		buf_addf(msg, "%d", w->code);
}

/* The status the test got: the response's, or the page's; -1: none. */
static long
status_got(const struct assert_env *env)
{
	const json_t *v;

	if (env->page == NULL)
		return env->resp->status;
	v = json_object_get(env->page, "status");
	return json_is_integer(v) ? (long)json_integer_value(v) : -1;
}

static int
status_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	const struct status_arg *a = c->arg;
	long got = status_got(env);
	size_t i;

	for (i = 0; got != -1 && i < a->n; i++)
		if (a->v[i].cls ? got / 100 == a->v[i].cls : got == a->v[i].code)
			return 0;
	buf_adds(msg, "status: expected ");
	if (a->n > 1)
		buf_adds(msg, "one of ");
	for (i = 0; i < a->n; i++) {
		if (i)
			buf_adds(msg, ", ");
		describe(msg, &a->v[i]);
	}
	if (got == -1) {
		buf_adds(msg, ", got none (the page did not come over HTTP)\n");
		return 1;
	}
	buf_addf(msg, ", got %ld", got);
	if (env->page == NULL && env->resp->reason && *env->resp->reason)
		buf_addf(msg, " %s", env->resp->reason);
	buf_adds(msg, "\n");
	return 1;
}

/* The status code, an integer. */
static int
status_subject(const void *arg, const char *label,
    const struct assert_env *env, struct subject *sj, json_t **hold,
    struct buf *why)
{
	long got = status_got(env);

	if (got == -1)
		buf_addf(why, "no %s: the page did not come over HTTP", label);
	else
		sj->v = *hold = json_integer(got);
	return 0;
}

const struct assert_kind assert_status = {
	.key = "status",
	.target = ASSERT_HTTP | ASSERT_BROWSER,
	.compile = status_compile,
	.eval = status_eval,
	.subject = status_subject,
	.free = status_free,
};
