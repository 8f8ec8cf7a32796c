/* assert_header.c - `headers: { name: predicates }` on the response's
 * headers; names are case-insensitive. */
#include <stdlib.h>
#include <string.h>

#include "assert.h"
#include "predicate.h"
#include "../harness/xalloc.h"

struct header_arg {
	char		*name;
	char		*label;		/* "header 'content-type'" */
	struct predlist	*preds;
};

static void
header_free(void *arg)
{
	struct header_arg *a = arg;

	if (a == NULL)
		return;
	free(a->name);
	free(a->label);
	predlist_free(a->preds);
	free(a);
}

static int
header_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	struct header_arg *a;
	const char *name;
	json_t *v;
	int rc = 0;

	if (!json_is_object(node)) {
		spec_error(ctx, spec_valpos(ctx, expect, "headers"), "headers "
		    "must be a mapping of header names to expected values, "
		    "got %s", spec_typename(node));
		return -1;
	}
	json_object_foreach((json_t *)node, name, v) {
		a = xcalloc(1, sizeof(*a));
		a->name = xstrdup(name);
		a->label = xasprintf("header '%s'", name);
		a->preds = predlist_compile(ctx, v, spec_valpos(ctx, node, name),
		    a->label);
		if (a->preds == NULL) {
			header_free(a);
			rc = -1;
			continue;
		}
		checklist_add(out, &assert_headers, a);
	}
	return rc;
}

static int
header_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	const struct header_arg *a = c->arg;
	const char *v = http_response_header(env->resp, a->name);

	return predlist_eval(a->preds, a->label, v, v ? strlen(v) : 0,
	    env->vars, msg);
}

const struct assert_kind assert_headers = {
	.key = "headers",
	.target = ASSERT_HTTP,
	.compile = header_compile,
	.eval = header_eval,
	.free = header_free,
};
