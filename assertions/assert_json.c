/* assert_json.c - `json: { "$.path": predicates }`: RFC 9535 JSONPath
 * queries on a JSON body.  A singular path ($.a.b, $.items[0]) gives its
 * value or nothing; any other path gives the list of nodes it selects. */
#include <stdlib.h>

#include "assert.h"
#include "body_docs.h"
#include "predicate.h"
#include "query.h"
#include "../harness/xalloc.h"

static void
path_free(void *p)
{
	jsonpath_free(p);
}

static void *
json_prep(struct spec_ctx *ctx, const char *path, struct srcpos pos,
    char **label)
{
	struct jsonpath *p;
	char err[256];
	size_t off = 0;

	if ((p = jsonpath_compile(path, &off, err, sizeof(err))) == NULL) {
		spec_error(ctx, spec_pos_at(ctx, pos, off), "bad JSONPath '%s': "
		    "%s", path, err);
		return NULL;
	}
	*label = xasprintf("json %s", path);
	return p;
}

static int
json_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return query_map_compile(ctx, expect, node, &assert_json, json_prep,
	    path_free, out);
}

/* The subject a compiled path selects in root: *hold keeps it alive. */
struct subject
json_subject(const struct jsonpath *p, const json_t *root, json_t **hold)
{
	struct subject sj = { 0 };
	json_t *nodes = jsonpath_eval(p, root);

	*hold = nodes;
	if (!jsonpath_singular(p)) {
		sj.v = nodes;
		sj.multi = 1;
	} else
		sj.v = json_array_get(nodes, 0);
	return sj;
}

static int
json_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	const struct query *q = c->arg;
	const json_t *root;
	struct subject sj;
	const char *err;
	json_t *hold;
	int bad;

	if ((root = body_docs_json(env->docs, &err)) == NULL) {
		buf_addf(msg, "%s: %s\n", q->label, err);
		return 1;
	}
	sj = json_subject(q->q, root, &hold);
	bad = predlist_eval(q->preds, q->label, &sj, env->vars, msg,
	    env->detail);
	json_decref(hold);
	return bad;
}

const struct assert_kind assert_json = {
	.key = "json",
	.target = ASSERT_HTTP,
	.compile = json_compile,
	.eval = json_eval,
	.free = query_free,
};
