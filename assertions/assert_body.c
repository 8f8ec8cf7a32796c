/* assert_body.c - `body: "exact"` or `body: { contains, not_contains,
 * equals, matches }` on the response body as bytes. */
#include <stdlib.h>

#include "assert.h"
#include "predicate.h"

static void
body_free(void *arg)
{
	predlist_free(arg);
}

static int
body_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	struct predlist *l;

	l = predlist_compile(ctx, node, spec_valpos(ctx, expect, "body"), "body");
	if (l == NULL)
		return -1;
	checklist_add(out, &assert_body, l);
	return 0;
}

static int
body_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	const struct buf *b = &env->resp->body;

	return predlist_eval(c->arg, "body", buf_str(b), b->len, env->vars, msg);
}

const struct assert_kind assert_body = {
	.key = "body",
	.target = ASSERT_HTTP,
	.compile = body_compile,
	.eval = body_eval,
	.free = body_free,
};
