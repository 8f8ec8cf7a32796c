/* assert_vars.c - `vars: { name: predicates }` on variables, captured
 * ones included: what a test captured can be checked by the same test. */
#include <stdlib.h>

#include "assert.h"
#include "predicate.h"
#include "../base/xalloc.h"

static void *
name_compile(const char *text, size_t *off, char *err, size_t errlen)
{
	return xstrdup(text);
}

static const struct query_ops var_ops = {
	.noun = "variable",
	.quoted = 1,
	.what = "variable names",
	.syntax = "variable name",
	.compile = name_compile,
	.free = free,
};

static int
vars_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return query_map_compile(ctx, expect, node, &assert_vars, &var_ops,
	    out);
}

static int
vars_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	const struct query *q = c->arg;
	struct subject sj = { 0 };
	const char *name;
	int bad;

	if ((name = query_acquire(q, env->vars, msg)) == NULL)
		return 1;
	sj.v = json_object_get(env->vars, name);
	bad = predlist_eval(q->preds, q->label, &sj, env->vars, msg,
	    env->detail);
	query_release(q, (void *)name);
	return bad;
}

const struct assert_kind assert_vars = {
	.key = "vars",
	.target = ASSERT_HTTP | ASSERT_EXEC,
	.queries = 1,
	.compile = vars_compile,
	.eval = vars_eval,
	.free = query_free,
};
