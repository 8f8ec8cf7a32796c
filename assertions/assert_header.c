/* assert_header.c - `headers: { name: predicates }` on the response's
 * headers; names are case-insensitive, the first header of a name counts. */
#include <stdlib.h>
#include <string.h>

#include "assert.h"
#include "predicate.h"
#include "../base/xalloc.h"

static void *
name_compile(const char *text, size_t *off, char *err, size_t errlen)
{
	return xstrdup(text);
}

static const struct query_ops header_ops = {
	.noun = "header",
	.quoted = 1,
	.what = "header names",
	.syntax = "header name",
	.compile = name_compile,
	.free = free,
};

static int
header_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return query_map_compile(ctx, expect, node, &assert_headers,
	    &header_ops, out);
}

static int
header_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	const struct query *q = c->arg;
	const char *name, *v;
	int bad;

	if ((name = query_acquire(q, env->vars, msg)) == NULL)
		return 1;
	v = http_response_header(env->resp, name);
	bad = predlist_eval_text(q->preds, q->label, v, v ? strlen(v) : 0,
	    env->vars, msg);
	query_release(q, (void *)name);
	return bad;
}

const struct assert_kind assert_headers = {
	.key = "headers",
	.target = ASSERT_HTTP,
	.queries = 1,
	.compile = header_compile,
	.eval = header_eval,
	.free = query_free,
};
