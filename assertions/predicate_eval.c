/* predicate_eval.c - checking a predicate list against a query's subject
 * at run time, one failure line per predicate that does not hold. */
#include "predicate_impl.h"

static int eval_list(const struct predlist *, const char *,
	    const struct subject *, const json_t *, struct buf *, struct buf *,
	    int);

/* count: the number of nodes, items, members or characters?  Nodes of a
 * query, items of a list, members of a mapping. */
static int
count_holds(const struct pred *p, const struct subject *raw,
    const json_t *vars, struct buf *err, long long *n)
{
	struct subject num = { 0 };
	json_t *v;
	int ok;

	if (raw->multi || json_is_array(raw->v))
		*n = (long long)json_array_size(raw->v);
	else if (json_is_object(raw->v))
		*n = (long long)json_object_size(raw->v);
	else
		return 0;
	v = json_integer(*n);
	num.v = v;
	ok = eval_list(p->sub, "count", &num, vars, err, NULL, 1) == 0;
	json_decref(v);
	return ok;
}

/* Whether p holds; err gets why it could not be decided. */
static int
holds(const struct pred *p, const struct subject *raw, const json_t *want,
    const json_t *vars, struct buf *err)
{
	struct subject sj = pred_resolve(raw);
	long long n;
	size_t i;

	switch (p->op) {
	case P_EQUALS:		return pred_equals(&sj, want);
	case P_NOT_EQUALS:
		return !pred_absent(&sj) && !pred_equals(&sj, want);
	case P_CONTAINS:
		if (json_is_array(want)) {
			for (i = 0; i < json_array_size(want); i++)
				if (!pred_contains(&sj, json_array_get(want, i)))
					return 0;
			return 1;
		}
		return pred_contains(&sj, want);
	case P_NOT_CONTAINS:
		if (json_is_array(want)) {
			for (i = 0; i < json_array_size(want); i++)
				if (pred_contains(&sj, json_array_get(want, i)))
					return 0;
			return 1;
		}
		return !pred_contains(&sj, want);
	case P_STARTS_WITH:	return pred_affix(&sj, want, 0);
	case P_ENDS_WITH:	return pred_affix(&sj, want, 1);
	case P_MATCHES:		return pred_matches(p, &sj, want, err);
	case P_ABOVE:
	case P_BELOW:
	case P_BETWEEN:		return pred_compare(p, &sj, want, err);
	case P_TYPE:
		return !pred_absent(&sj) &&
		    (pred_type_bits(&sj) & p->types);
	case P_COUNT:		return count_holds(p, raw, vars, err, &n);
	case P_EXISTS:		return !pred_absent(&sj);
	case P_ABSENT:		return pred_absent(&sj);
	case P_ONE_OF:
		for (i = 0; i < json_array_size(want); i++)
			if (pred_equals(&sj, json_array_get(want, i)))
				return 1;
		return 0;
	case P_NOT:
		return eval_list(p->sub, "", raw, vars, err, NULL, 1) ==
		    (int)p->sub->n;
	}
	return 0;
}

/* One failure line for p. */
static void
report(struct buf *msg, const struct pred *p, const char *label,
    const struct subject *raw, const json_t *want, const char *why,
    struct buf *detail, int negated)
{
	struct subject sj = pred_resolve(raw);

	buf_addf(msg, "%s: expected %s", label, negated ? "not " : "");
	pred_describe(msg, p, want);
	if (*why) {
		buf_addf(msg, ", but %s\n", why);
		return;
	}
	if (p->op == P_COUNT && (raw->multi || json_is_array(raw->v) ||
	    json_is_object(raw->v)))
		buf_addf(msg, ", got %zu", json_is_object(raw->v) ?
		    json_object_size(raw->v) : json_array_size(raw->v));
	else if (p->op == P_COUNT && !pred_absent(&sj))
		buf_addf(msg, ", but it is %s, not a list", sj.v ?
		    spec_typename(sj.v) : "text");
	else if (p->op != P_EXISTS)
		pred_describe_actual(msg, &sj, label, detail);
	if (p->op == P_TYPE && !pred_absent(&sj))
		buf_addf(msg, " (%s)", sj.s ? "text" : spec_typename(sj.v));
	buf_adds(msg, "\n");
	if (p->op == P_EQUALS && !negated && sj.v != NULL)
		pred_explain_diff(msg, label, want, sj.v);
}

/* Evaluates every predicate of l; with `quiet`, only counts. */
static int
eval_list(const struct predlist *l, const char *label,
    const struct subject *sj, const json_t *vars, struct buf *msg,
    struct buf *detail, int quiet)
{
	struct buf err = BUF_INIT;
	const struct pred *p;
	json_t *want;
	size_t i;
	int bad = 0, ok, neg;

	for (i = 0; i < l->n; i++) {
		p = &l->v[i];
		want = NULL;
		buf_reset(&err);
		if (p->want &&
		    (want = pred_operand(p->want, vars, &err)) == NULL) {
			if (!quiet)
				buf_addf(msg, "%s: %s\n", label, buf_str(&err));
			bad++;
			continue;
		}
		ok = holds(p, sj, want, vars, &err);
		neg = p->op == P_NOT && p->sub->n == 1 && p->sub->v[0].want;
		if (!ok && !quiet && neg) {
			json_decref(want);
			want = pred_operand(p->sub->v[0].want, vars, &err);
		}
		if (!ok && !quiet)
			report(msg, neg ? &p->sub->v[0] : p, label, sj, want,
			    buf_str(&err), detail, neg);
		bad += !ok;
		json_decref(want);
	}
	buf_release(&err);
	return bad;
}

int
predlist_eval(const struct predlist *l, const char *label,
    const struct subject *sj, const json_t *vars, struct buf *msg,
    struct buf *detail)
{
	return eval_list(l, label, sj, vars, msg, detail, 0);
}

int
predlist_eval_text(const struct predlist *l, const char *label,
    const char *s, size_t len, const json_t *vars, struct buf *msg)
{
	struct subject sj = { .s = s, .len = len };

	if (s == NULL)
		sj.len = 0;
	return eval_list(l, label, &sj, vars, msg, NULL, 0);
}
