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

/* The first header of that name, as text. */
static int
header_subject(const void *name, const char *label,
    const struct assert_env *env, struct subject *sj, json_t **hold,
    struct buf *why)
{
	if ((sj->s = http_response_header(env->resp, name)) == NULL)
		buf_addf(why, "no %s in the response", label);
	else
		sj->len = strlen(sj->s);
	return 0;
}

static int
header_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	const struct query *q = c->arg;
	void *name;
	int bad;

	if ((name = query_acquire(q, env->vars, msg)) == NULL)
		return 1;
	bad = subject_eval(c, q->preds, q->label, name, env, msg, NULL);
	query_release(q, name);
	return bad;
}

const struct assert_kind assert_headers = {
	.key = "headers",
	.target = ASSERT_HTTP,
	.queries = 1,
	.ops = &header_ops,
	.compile = header_compile,
	.eval = header_eval,
	.subject = header_subject,
	.free = query_free,
};
