/* assert_json.c - `json: { "$.path": predicates }`: RFC 9535 JSONPath
 * queries on a JSON body.  A singular path ($.a.b, $.items[0]) gives its
 * value or nothing; any other path gives the list of nodes it selects. */
#include <stdlib.h>

#include "assert.h"
#include "body_docs.h"
#include "predicate.h"
#include "query.h"
#include "../base/xalloc.h"

static void *
path_compile(const char *text, size_t *off, char *err, size_t errlen)
{
	return jsonpath_compile(text, off, err, errlen);
}

static void
path_free(void *p)
{
	jsonpath_free(p);
}

const struct query_ops query_jsonpath = {
	.noun = "json",
	.what = "JSONPath queries",
	.syntax = "JSONPath",
	.compile = path_compile,
	.free = path_free,
};

static int
json_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return query_map_compile(ctx, expect, node, &assert_json,
	    &query_jsonpath, out);
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

/* Every JSON path of the test's checks a scan can answer: one scan of
 * the body for them all, before the first is asked. */
static void
prescan(const struct assert_env *env)
{
	struct jsonscan_path paths[JSONSCAN_MAX];
	const struct checklist *l = env->checks;
	const struct query *q;
	size_t i, n = 0;

	for (i = 0; l != NULL && i < l->n && n < JSONSCAN_MAX; i++) {
		if (l->v[i].kind != &assert_json)
			continue;
		q = l->v[i].arg;
		if (q->q != NULL && (paths[n].steps = jsonpath_steps(q->q,
		    &paths[n].n)) != NULL)
			n++;
	}
	if (n > 1)
		body_docs_json_prescan(env->docs, paths, n);
}

/* What the path selects in the JSON body. */
static int
json_subject_of(const void *path, const char *label,
    const struct assert_env *env, struct subject *sj, json_t **hold,
    struct buf *why)
{
	const struct jsonscan_step *steps;
	const json_t *root;
	const char *err;
	json_t *v;
	size_t n;

	/* A singular path of names and indices: a scan of the text, no
	 * tree, unless one was built already or the scan cannot vouch. */
	if ((steps = jsonpath_steps(path, &n)) != NULL)
		prescan(env);
	if (steps != NULL && body_docs_json_select(env->docs, steps, n, &v) == 1) {
		*hold = v;
		sj->v = v;
		if (v == NULL)
			buf_addf(why, "%s selected nothing", label);
		return 0;
	}
	if ((root = body_docs_json(env->docs, &err)) == NULL) {
		buf_adds(why, err);
		return -1;
	}
	*sj = json_subject(path, root, hold);
	if (*hold == NULL) {
		buf_adds(why, "the query needs more than ten million steps on "
		    "this document: stopped");
		return -1;
	}
	if (sj->v == NULL || (sj->multi && json_array_size(sj->v) == 0))
		buf_addf(why, "%s selected nothing", label);
	return 0;
}

const struct assert_kind assert_json = {
	.key = "json",
	.target = ASSERT_HTTP,
	.needs_body = 1,
	.queries = 1,
	.ops = &query_jsonpath,
	.compile = json_compile,
	.eval = query_eval,
	.subject = json_subject_of,
	.free = query_free,
};
