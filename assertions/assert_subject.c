/* assert_subject.c - the checks that are predicates on a kind's subject:
 * compiled from one value, evaluated on what the kind looks at. */
#include "assert.h"
#include "predicate.h"

int
assert_preds_compile(struct spec_ctx *ctx, const json_t *expect,
    const json_t *node, const struct assert_kind *k, struct checklist *out)
{
	struct predlist *l;

	l = predlist_compile(ctx, node, spec_valpos(ctx, expect, k->key), k->key);
	if (l == NULL)
		return -1;
	checklist_add(out, k, l);
	return 0;
}

void
assert_preds_free(void *arg)
{
	predlist_free(arg);
}

int
subject_eval(const struct check *c, const struct predlist *preds,
    const char *label, const void *arg, const struct assert_env *env,
    struct buf *msg, struct buf *detail)
{
	struct buf why = BUF_INIT;
	struct subject sj = { 0 };
	json_t *hold = NULL;
	int bad;

	if (c->kind->subject(arg, label, env, &sj, &hold, &why) == -1) {
		buf_addf(msg, "%s: %s\n", label, buf_str(&why));
		bad = 1;
	} else
		bad = predlist_eval(preds, label, &sj, env->vars, msg, detail);
	json_decref(hold);
	buf_release(&why);
	return bad;
}
