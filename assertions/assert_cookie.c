/* assert_cookie.c - `cookies: { name: predicates }` on the value of a
 * cookie the response sets, or `{ name: { value, path, domain, expires,
 * maxAge, secure, httpOnly, sameSite } }`, predicates on each attribute. */
#include <stdlib.h>
#include <string.h>

#include "assert.h"
#include "predicate.h"
#include "setcookie.h"
#include "../base/xalloc.h"

static const char *const attrs[] = {
	"value", "path", "domain", "expires", "maxAge", "secure", "httpOnly",
	"sameSite",
};
#define NATTRS	(sizeof(attrs) / sizeof(attrs[0]))

struct cookie_arg {
	char		*name;
	char		*label[NATTRS];
	struct predlist	*preds[NATTRS];	/* NULL: not checked */
};

static void *
name_compile(const char *text, size_t *off, char *err, size_t errlen)
{
	return xstrdup(text);
}

/* A cookie's name, for `capture: { x: { cookie: sid } }`. */
static const struct query_ops cookie_ops = {
	.noun = "cookie",
	.quoted = 1,
	.what = "cookie names",
	.syntax = "cookie name",
	.compile = name_compile,
	.free = free,
};

static void
cookie_free(void *arg)
{
	struct cookie_arg *a = arg;
	size_t i;

	if (a == NULL)
		return;
	for (i = 0; i < NATTRS; i++) {
		free(a->label[i]);
		predlist_free(a->preds[i]);
	}
	free(a->name);
	free(a);
}

static int
has_attribute_key(const json_t *v)
{
	size_t i;

	if (!json_is_object(v))
		return 0;
	for (i = 0; i < NATTRS; i++)
		if (json_object_get(v, attrs[i]) != NULL)
			return 1;
	return 0;
}

static int
compile_one(struct spec_ctx *ctx, const json_t *node, const char *name,
    struct cookie_arg *a)
{
	const json_t *v = json_object_get(node, name);
	size_t i;
	int rc = 0;

	if (!has_attribute_key(v)) {
		a->label[0] = xasprintf("cookie '%s'", name);
		a->preds[0] = predlist_compile(ctx, v, spec_valpos(ctx, node,
		    name), a->label[0]);
		return a->preds[0] ? 0 : -1;
	}
	if (spec_keys(ctx, v, "a cookie's attributes", attrs, NATTRS) > 0)
		rc = -1;
	for (i = 0; i < NATTRS; i++) {
		if (json_object_get(v, attrs[i]) == NULL)
			continue;
		a->label[i] = i == 0 ? xasprintf("cookie '%s'", name) :
		    xasprintf("cookie '%s' %s", name, attrs[i]);
		if ((a->preds[i] = predlist_compile(ctx, json_object_get(v,
		    attrs[i]), spec_valpos(ctx, v, attrs[i]), a->label[i])) == NULL)
			rc = -1;
	}
	return rc;
}

static int
cookie_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	struct cookie_arg *a;
	const char *name;
	json_t *v;
	int rc = 0;

	if (!json_is_object(node)) {
		spec_error(ctx, spec_valpos(ctx, expect, "cookies"), "cookies "
		    "must be a mapping of cookie names to expected values, got %s",
		    spec_typename(node));
		return -1;
	}
	json_object_foreach((json_t *)node, name, v) {
		a = xcalloc(1, sizeof(*a));
		a->name = xstrdup(name);
		if (compile_one(ctx, node, name, a) == -1) {
			cookie_free(a);
			rc = -1;
		} else
			checklist_add(out, &assert_cookies, a);
	}
	return rc;
}

static int
cookie_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	const struct cookie_arg *a = c->arg;
	json_t *ck = setcookie_find(env->resp, a->name);
	struct subject sj = { 0 };
	size_t i;
	int bad = 0;

	for (i = 0; i < NATTRS; i++) {
		if (a->preds[i] == NULL)
			continue;
		sj.v = ck ? json_object_get(ck, attrs[i]) : NULL;
		sj.text = 1;
		bad += predlist_eval(a->preds[i], a->label[i], &sj, env->vars,
		    msg, env->detail);
	}
	json_decref(ck);
	return bad;
}

/* The value of the cookie of that name the response sets. */
static int
cookie_subject(const void *name, const char *label,
    const struct assert_env *env, struct subject *sj, json_t **hold,
    struct buf *why)
{
	if ((*hold = setcookie_find(env->resp, name)) == NULL)
		buf_addf(why, "the response sets no %s", label);
	else
		sj->v = json_object_get(*hold, "value");
	sj->text = 1;
	return 0;
}

const struct assert_kind assert_cookies = {
	.key = "cookies",
	.target = ASSERT_HTTP,
	.ops = &cookie_ops,
	.compile = cookie_compile,
	.eval = cookie_eval,
	.subject = cookie_subject,
	.free = cookie_free,
};
