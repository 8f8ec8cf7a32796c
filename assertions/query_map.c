/* query_map.c - kinds whose value maps queries to predicates (headers,
 * json, xml…): each query compiled at load time, or per run when it holds
 * {{vars}}, and evaluated on the kind's subject. */
#include <stdlib.h>
#include <string.h>

#include "assert.h"
#include "predicate.h"
#include "../base/expand.h"
#include "../base/xalloc.h"

void
query_free(void *arg)
{
	struct query *q = arg;

	if (q == NULL)
		return;
	if (q->q != NULL)
		q->ops->free(q->q);
	free(q->text);
	free(q->label);
	predlist_free(q->preds);
	free(q);
}

char *
query_label(const struct query_ops *ops, const char *text)
{
	size_t nn = strlen(ops->noun), nt = strlen(text), n = 0;
	char *s = xmalloc(nn + nt + 4);

	memcpy(s, ops->noun, nn);
	n = nn;
	s[n++] = ' ';
	if (ops->quoted)
		s[n++] = '\'';
	memcpy(s + n, text, nt);
	n += nt;
	if (ops->quoted)
		s[n++] = '\'';
	s[n] = '\0';
	return s;
}

struct query *
query_new(struct spec_ctx *ctx, const json_t *node, const char *key,
    const struct query_ops *ops)
{
	struct srcpos pos = spec_keypos(ctx, node, key);
	struct query *q = xcalloc(1, sizeof(*q));
	json_t *k = json_stringn_nocheck(key, strlen(key));	/* UTF-8 */
	char err[256];
	size_t off = 0;

	q->ops = ops;
	q->text = spec_string(ctx, k, pos, ops->noun, 0);
	json_decref(k);
	if (q->text == NULL) {
		free(q);
		return NULL;
	}
	q->label = query_label(ops, q->text);
	if (!expand_has_vars(q->text) &&
	    (q->q = ops->compile(q->text, &off, err, sizeof(err))) == NULL) {
		spec_error(ctx, spec_pos_at(ctx, pos, off), "bad %s '%s': %s",
		    ops->syntax, q->text, err);
		query_free(q);
		return NULL;
	}
	return q;
}

int
query_map_compile(struct spec_ctx *ctx, const json_t *expect,
    const json_t *node, const struct assert_kind *k,
    const struct query_ops *ops, struct checklist *out)
{
	struct query *q;
	const char *key;
	json_t *v;
	int rc = 0;

	if (!json_is_object(node) || json_object_size(node) == 0) {
		spec_error(ctx, spec_valpos(ctx, expect, k->key), "%s must be a "
		    "mapping of %s to expected values, got %s", k->key, ops->what,
		    json_is_object(node) ? "an empty mapping" :
		    spec_typename(node));
		return -1;
	}
	json_object_foreach((json_t *)node, key, v) {
		if ((q = query_new(ctx, node, key, ops)) == NULL) {
			rc = -1;
			continue;
		}
		q->preds = predlist_compile(ctx, v, spec_valpos(ctx, node, key),
		    q->label);
		if (q->preds == NULL) {
			query_free(q);
			rc = -1;
			continue;
		}
		checklist_add(out, k, q);
	}
	return rc;
}

void *
query_acquire(const struct query *q, const json_t *vars, struct buf *msg)
{
	char err[256], *text;
	size_t off = 0;
	void *c;

	if (q->q != NULL)
		return q->q;
	if ((text = expand_vars(q->text, vars, &off, err, sizeof(err))) == NULL) {
		buf_addf(msg, "%s: %s\n", q->label, err);
		return NULL;
	}
	if ((c = q->ops->compile(text, &off, err, sizeof(err))) == NULL)
		buf_addf(msg, "%s: once variables were expanded, '%s' is not "
		    "valid: %s\n", q->label, text, err);
	free(text);
	return c;
}

void
query_release(const struct query *q, void *compiled)
{
	if (compiled != NULL && compiled != q->q)
		q->ops->free(compiled);
}

int
query_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	const struct query *q = c->arg;
	void *arg;
	int bad;

	if ((arg = query_acquire(q, env->vars, msg)) == NULL)
		return 1;
	bad = subject_eval(c, q->preds, q->label, arg, env, msg, env->detail);
	query_release(q, arg);
	return bad;
}
