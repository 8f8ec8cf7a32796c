/* assert_header.c - `headers: { name: predicates }` on the response's
 * headers; names are case-insensitive, the first header of a name counts. */
#include <stdlib.h>
#include <string.h>

#include "assert.h"
#include "predicate.h"
#include "../harness/xalloc.h"

static void *
header_prep(struct spec_ctx *ctx, const char *name, struct srcpos pos,
    char **label)
{
	*label = xasprintf("header '%s'", name);
	return xstrdup(name);
}

static int
header_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return query_map_compile(ctx, expect, node, &assert_headers,
	    header_prep, free, out);
}

static int
header_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	const struct query *q = c->arg;
	const char *v = http_response_header(env->resp, q->q);

	return predlist_eval_text(q->preds, q->label, v, v ? strlen(v) : 0,
	    env->vars, msg);
}

const struct assert_kind assert_headers = {
	.key = "headers",
	.target = ASSERT_HTTP,
	.compile = header_compile,
	.eval = header_eval,
	.free = query_free,
};
