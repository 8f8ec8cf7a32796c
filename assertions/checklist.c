/* checklist.c - the checks an `expect:` mapping compiles into, and their
 * evaluation against a response or an exec. */
#include <stdlib.h>

#include "assert.h"
#include "../base/xalloc.h"

struct checklist *
checklist_new(void)
{
	return xcalloc(1, sizeof(struct checklist));
}

void
checklist_add(struct checklist *l, const struct assert_kind *k, void *arg)
{
	l->v = xgrow(l->v, &l->alloc, l->n + 1, sizeof(*l->v));
	l->v[l->n].kind = k;
	l->v[l->n].arg = arg;
	l->n++;
}

void
checklist_free(struct checklist *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		l->v[i].kind->free(l->v[i].arg);
	free(l->v);
	free(l);
}

int
checklist_compile(struct checklist *l, struct spec_ctx *ctx,
    const json_t *expect, int target)
{
	const struct assert_kind *k;
	const char *const *keys;
	const char *key;
	json_t *node;
	size_t n;
	int rc = 0;

	keys = assert_keys(&n);
	if (spec_keys(ctx, expect, "expect", keys, n) > 0)
		rc = -1;
	json_object_foreach((json_t *)expect, key, node) {
		if ((k = assert_find(key)) == NULL)
			continue;
		if (!(k->target & target)) {
			spec_error(ctx, spec_keypos(ctx, expect, key), "'%s' "
			    "applies to %s tests, not to %s tests", key,
			    assert_target_name(k->target),
			    assert_target_name(target));
			rc = -1;
		} else if (k->compile(ctx, expect, node, l) == -1)
			rc = -1;
	}
	return rc;
}

int
checklist_needs_body(const struct checklist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].kind->needs_body)
			return 1;
	return 0;
}

int
checklist_needs_hash(const struct checklist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].kind->needs_hash)
			return 1;
	return 0;
}

int
checklist_eval(const struct checklist *l, const struct assert_env *env,
    struct buf *msg)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < l->n; i++)
		bad += l->v[i].kind->eval(&l->v[i], env, msg);
	return bad;
}
