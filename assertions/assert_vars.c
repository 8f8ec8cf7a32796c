/* assert_vars.c - `vars: { name: predicates }` on variables, captured
 * ones included: what a test captured can be checked by the same test. */
#include <stdlib.h>

#include "assert.h"
#include "predicate.h"
#include "../harness/xalloc.h"

static void *
var_prep(struct spec_ctx *ctx, const char *name, struct srcpos pos,
    char **label)
{
	*label = xasprintf("variable '%s'", name);
	return xstrdup(name);
}

static int
vars_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return query_map_compile(ctx, expect, node, &assert_vars, var_prep,
	    free, out);
}

static int
vars_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	const struct query *q = c->arg;
	struct subject sj = { .v = json_object_get(env->vars, q->q) };

	return predlist_eval(q->preds, q->label, &sj, env->vars, msg,
	    env->detail);
}

const struct assert_kind assert_vars = {
	.key = "vars",
	.target = ASSERT_HTTP | ASSERT_EXEC,
	.compile = vars_compile,
	.eval = vars_eval,
	.free = query_free,
};
