/* jsonpath_eval.c - RFC 9535 JSONPath: tree and document to nodes.
 *
 * The evaluator walks a compiled query (jsonpath_impl.h, built by
 * jsonpath_parse.c) over a jansson document, building nodelists that
 * remember each node's Normalized Path when asked: the selectors, the
 * function extensions, comparisons, and a budget of node visits.  No
 * state is global (numbers compare through jsonvalue, which locks), so
 * threads may share a compiled query.
 */
#include <stdlib.h>
#include <string.h>

#include "iregexp.h"
#include "jsonpath.h"
#include "jsonpath_impl.h"
#include "../base/buf.h"
#include "../base/jsonvalue.h"
#include "../base/regex_cache.h"
#include "../base/xalloc.h"

/* A step of a Normalized Path: a member name, or (key NULL) an index. */
struct pstep {
	const struct pstep *up;
	const char	*key;
	size_t		 len;		/* of key, or the index */
};

struct chunk {
	struct chunk	*next;
	size_t		 n;
	struct pstep	 v[128];
};

struct node {
	const json_t	*v;
	const struct pstep *path;	/* NULL: the root (or not tracked) */
};

struct nodelist {
	struct node	*v;
	size_t		 n, alloc;
	int		 track;		/* record paths */
};

/* An absolute query ($…) inside a filter gives the same nodes whatever
 * @ is: evaluated once per evaluation, its nodelist kept here. */
struct memo {
	const struct query *q;
	int		 track;
	struct nodelist	 l;
};

struct evalctx {
	const json_t	*root;
	struct chunk	*steps;
	unsigned long	 work;		/* nodes visited */
	int		 exhausted;	/* past JP_MAXWORK: give up */
	struct memo	*memo;
	size_t		 nmemo, amemo;
	const struct query *top;	/* the query evaluated, not memoised */
};

/* Nested filters on absolute queries ($..[?$..[?$..]]) cost the document's
 * size to the power of their depth: past this many node visits, stop. */
#define JP_MAXWORK	10000000UL

static int	 expr_test(struct evalctx *, const struct expr *,
		    const json_t *);
static json_t	*expr_value(struct evalctx *, const struct expr *,
		    const json_t *);

static const struct pstep *
step_new(struct evalctx *c, const struct pstep *up, const char *key,
    size_t len)
{
	struct chunk *ch = c->steps;
	struct pstep *st;

	if (ch == NULL || ch->n == sizeof(ch->v) / sizeof(ch->v[0])) {
		ch = xmalloc(sizeof(*ch));
		ch->next = c->steps;
		ch->n = 0;
		c->steps = ch;
	}
	st = &ch->v[ch->n++];
	st->up = up;
	st->key = key;
	st->len = len;
	return st;
}

/* Appends child v of `from`, reached by member key (or index len). */
static void
emit(struct evalctx *c, struct nodelist *out, const struct node *from,
    const char *key, size_t len, const json_t *v)
{
	out->v = xgrow(out->v, &out->alloc, out->n + 1, sizeof(*out->v));
	out->v[out->n].v = v;
	out->v[out->n].path = out->track ?
	    step_new(c, from->path, key, len) : NULL;
	out->n++;
}

/* Appends the children of n (array elements, then object members in
 * insertion order) for which filter holds (all if filter is NULL). */
static void
children(struct evalctx *c, const struct node *n, const struct expr *filter,
    struct nodelist *out)
{
	json_t *v = (json_t *)n->v, *m;
	void *it;
	size_t i;

	if (json_is_array(v)) {
		for (i = 0; i < json_array_size(v); i++) {
			m = json_array_get(v, i);
			if (filter == NULL || expr_test(c, filter, m))
				emit(c, out, n, NULL, i, m);
		}
		return;
	}
	for (it = json_object_iter(v); it != NULL;
	    it = json_object_iter_next(v, it)) {
		m = json_object_iter_value(it);
		if (filter == NULL || expr_test(c, filter, m))
			emit(c, out, n, json_object_iter_key(it),
			    json_object_iter_key_len(it), m);
	}
}

static long long
clamp(long long v, long long lo, long long hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* RFC 9535 2.3.4.2.2, with its normalization and bounds. */
static void
slice(struct evalctx *c, const struct selector *s, const struct node *n,
    struct nodelist *out)
{
	long long len, start, end, lo, hi, i;

	if (!json_is_array(n->v) || s->step == 0)
		return;
	len = json_array_size(n->v);
	if (s->step > 0) {
		start = s->has_start ? s->start : 0;
		end = s->has_end ? s->end : len;
		lo = clamp(start >= 0 ? start : len + start, 0, len);
		hi = clamp(end >= 0 ? end : len + end, 0, len);
		for (i = lo; i < hi; i += s->step)
			emit(c, out, n, NULL, i, json_array_get(n->v, i));
		return;
	}
	start = s->has_start ? s->start : len - 1;
	end = s->has_end ? s->end : -len - 1;
	hi = clamp(start >= 0 ? start : len + start, -1, len - 1);
	lo = clamp(end >= 0 ? end : len + end, -1, len - 1);
	for (i = hi; lo < i; i += s->step)
		emit(c, out, n, NULL, i, json_array_get(n->v, i));
}

static void
select1(struct evalctx *c, const struct selector *s, const struct node *n,
    struct nodelist *out)
{
	const json_t *m;
	long long i;

	switch (s->type) {
	case SEL_NAME:
		if (json_is_object(n->v) &&
		    (m = json_object_getn(n->v, s->name, s->namelen)) != NULL)
			emit(c, out, n, s->name, s->namelen, m);
		break;
	case SEL_WILD:
		children(c, n, NULL, out);
		break;
	case SEL_INDEX:
		if (!json_is_array(n->v))
			break;
		i = s->index < 0 ? (long long)json_array_size(n->v) + s->index :
		    s->index;
		if (i >= 0 && i < (long long)json_array_size(n->v))
			emit(c, out, n, NULL, i, json_array_get(n->v, i));
		break;
	case SEL_SLICE:
		slice(c, s, n, out);
		break;
	case SEL_FILTER:
		children(c, n, s->filter, out);
		break;
	}
}

static void
select_all(struct evalctx *c, const struct segment *seg, const struct node *n,
    struct nodelist *out)
{
	size_t i;

	for (i = 0; i < seg->nsel; i++)
		select1(c, &seg->sel[i], n, out);
}

/* The descendant segment: n and its descendants, each before its own
 * descendants and arrays in order, with an explicit stack. */
static void
descend(struct evalctx *c, const struct segment *seg, const struct node *n,
    struct nodelist *out)
{
	struct nodelist stack = { NULL, 0, 0, out->track };
	struct nodelist kids = { NULL, 0, 0, out->track };
	struct node cur;

	stack.v = xgrow(stack.v, &stack.alloc, 1, sizeof(*stack.v));
	stack.v[stack.n++] = *n;
	while (stack.n > 0) {
		cur = stack.v[--stack.n];
		select_all(c, seg, &cur, out);
		kids.n = 0;
		if (json_is_array(cur.v) || json_is_object(cur.v))
			children(c, &cur, NULL, &kids);
		stack.v = xgrow(stack.v, &stack.alloc, stack.n + kids.n,
		    sizeof(*stack.v));
		while (kids.n > 0)
			stack.v[stack.n++] = kids.v[--kids.n];
	}
	free(stack.v);
	free(kids.v);
}

static void query_walk(struct evalctx *, const struct query *,
	    const json_t *, int, struct nodelist *);

static void
nodelist_copy(struct nodelist *dst, const struct nodelist *src)
{
	*dst = *src;
	dst->v = NULL;
	dst->alloc = 0;
	dst->v = xgrow(NULL, &dst->alloc, src->n ? src->n : 1, sizeof(*dst->v));
	if (src->n)
		memcpy(dst->v, src->v, src->n * sizeof(*dst->v));
}

/* The nodelist of q, @ being cur; an absolute q's from the memo. */
static void
query_eval(struct evalctx *c, const struct query *q, const json_t *cur,
    int track, struct nodelist *out)
{
	struct memo *m;
	size_t i;

	if (q->relative || q == c->top) {
		query_walk(c, q, cur, track, out);
		return;
	}
	for (i = 0; i < c->nmemo; i++)
		if (c->memo[i].q == q && c->memo[i].track == track) {
			nodelist_copy(out, &c->memo[i].l);
			return;
		}
	query_walk(c, q, cur, track, out);
	c->memo = xgrow(c->memo, &c->amemo, c->nmemo + 1, sizeof(*c->memo));
	m = &c->memo[c->nmemo++];
	m->q = q;
	m->track = track;
	nodelist_copy(&m->l, out);
}

/* The nodelist of q, @ being cur, segment by segment. */
static void
query_walk(struct evalctx *c, const struct query *q, const json_t *cur,
    int track, struct nodelist *out)
{
	struct nodelist in = { NULL, 0, 0, track }, next;
	size_t i, j;

	if (c->exhausted || ++c->work > JP_MAXWORK) {
		c->exhausted = 1;
		*out = in;		/* empty */
		return;
	}
	in.v = xgrow(in.v, &in.alloc, 1, sizeof(*in.v));
	in.v[0].v = q->relative ? cur : c->root;
	in.v[0].path = NULL;
	in.n = 1;
	for (i = 0; i < q->nseg && in.n > 0; i++) {
		memset(&next, 0, sizeof(next));
		next.track = track;
		if ((c->work += in.n) > JP_MAXWORK)
			c->exhausted = 1;
		for (j = 0; j < in.n && !c->exhausted; j++) {
			if (q->seg[i].descendant)
				descend(c, &q->seg[i], &in.v[j], &next);
			else
				select_all(c, &q->seg[i], &in.v[j], &next);
		}
		free(in.v);
		in = next;
	}
	*out = in;
}

/* A singular query's value (borrowed), NULL for Nothing. */
static const json_t *
singular_value(struct evalctx *c, const struct query *q, const json_t *cur)
{
	const json_t *v = q->relative ? cur : c->root;
	const struct selector *s;
	size_t i;
	long long k;

	for (i = 0; i < q->nseg && v != NULL; i++) {
		s = &q->seg[i].sel[0];
		if (s->type == SEL_NAME) {
			v = json_is_object(v) ?
			    json_object_getn(v, s->name, s->namelen) : NULL;
			continue;
		}
		if (!json_is_array(v))
			return NULL;
		k = s->index < 0 ? (long long)json_array_size(v) + s->index :
		    s->index;
		v = k >= 0 ? json_array_get(v, k) : NULL;
	}
	return v;
}

/* RFC 9535 2.3.5.2.2 equality: numbers by value (exactly, whatever
 * their size), containers deeply; Nothing equals only Nothing. */
static int
equal(const json_t *a, const json_t *b)
{
	return jsonvalue_equal(a, b);
}

/* Only numbers with numbers and strings with strings are ordered. */
static int
less(const json_t *a, const json_t *b)
{
	int cmp;

	return a != NULL && b != NULL && jsonvalue_order(a, b, &cmp) == 0 &&
	    cmp < 0;
}

static int
compare(enum cmpop op, const json_t *a, const json_t *b)
{
	switch (op) {
	case OP_EQ:
		return equal(a, b);
	case OP_NE:
		return !equal(a, b);
	case OP_LT:
		return less(a, b);
	case OP_LE:
		return less(a, b) || equal(a, b);
	case OP_GT:
		return less(b, a);
	case OP_GE:
		return less(b, a) || equal(a, b);
	}
	return 0;
}

/* Whether re matches somewhere in the string subject. */
static int
regex_run(const pcre2_code *re, const json_t *subject)
{
	return regex_match(re, json_string_value(subject),
	    json_string_length(subject), 0) >= 0;
}

/* match() and search(). */
static int
fn_regex(struct evalctx *c, const struct expr *e, const json_t *cur)
{
	json_t *s, *pat = NULL;
	pcre2_code *re = NULL;
	int r = 0;

	s = expr_value(c, e->arg[0], cur);
	if (!json_is_string(s))
		goto out;
	if (e->re_fixed) {
		if (e->re != NULL)
			r = regex_run(e->re, s);
		goto out;
	}
	pat = expr_value(c, e->arg[1], cur);
	if (json_is_string(pat) && (re = iregexp_compile(
	    json_string_value(pat), json_string_length(pat),
	    e->fn->id == FN_MATCH, NULL, NULL, 0)) != NULL)
		r = regex_run(re, s);
out:
	json_decref(pat);
	json_decref(s);
	return r;
}

/* Unicode scalar values in a string. */
static json_int_t
utf8_length(const json_t *s)
{
	const unsigned char *p = (const unsigned char *)json_string_value(s);
	size_t i, len = json_string_length(s);
	json_int_t n = 0;

	for (i = 0; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			n++;
	return n;
}

static json_t *
fn_length(struct evalctx *c, const struct expr *e, const json_t *cur)
{
	json_t *v = expr_value(c, e->arg[0], cur), *r = NULL;

	if (json_is_string(v))
		r = json_integer(utf8_length(v));
	else if (json_is_array(v))
		r = json_integer(json_array_size(v));
	else if (json_is_object(v))
		r = json_integer(json_object_size(v));
	json_decref(v);
	return r;
}

/* count() and value(), on their NodesType argument. */
static json_t *
fn_nodes(struct evalctx *c, const struct expr *e, const json_t *cur)
{
	struct nodelist l;
	json_t *r = NULL;

	query_eval(c, &e->arg[0]->q, cur, 0, &l);
	if (e->fn->id == FN_COUNT)
		r = json_integer(l.n);
	else if (l.n == 1)
		r = json_incref((json_t *)l.v[0].v);
	free(l.v);
	return r;
}

/* A ValueType expression: a new reference, or NULL for Nothing. */
static json_t *
expr_value(struct evalctx *c, const struct expr *e, const json_t *cur)
{
	switch (e->type) {
	case E_LIT:
		return json_incref(e->lit);
	case E_QUERY:
		return json_incref((json_t *)singular_value(c, &e->q, cur));
	case E_FUNC:
		if (e->fn->id == FN_LENGTH)
			return fn_length(c, e, cur);
		if (e->fn->id == FN_COUNT || e->fn->id == FN_VALUE)
			return fn_nodes(c, e, cur);
		return NULL;
	default:
		return NULL;
	}
}

static int
query_exists(struct evalctx *c, const struct query *q, const json_t *cur)
{
	struct nodelist l;
	int r;

	query_eval(c, q, cur, 0, &l);
	r = l.n > 0;
	free(l.v);
	return r;
}

/* A LogicalType expression, @ being cur. */
static int
expr_test(struct evalctx *c, const struct expr *e, const json_t *cur)
{
	json_t *a, *b;
	size_t i;
	int r;

	switch (e->type) {
	case E_OR:
	case E_AND:
		for (i = 0; i < e->narg; i++)
			if (expr_test(c, e->arg[i], cur) == (e->type == E_OR))
				return e->type == E_OR;
		return e->type == E_AND;
	case E_NOT:
		return !expr_test(c, e->arg[0], cur);
	case E_CMP:
		a = expr_value(c, e->arg[0], cur);
		b = expr_value(c, e->arg[1], cur);
		r = compare(e->op, a, b);
		json_decref(a);
		json_decref(b);
		return r;
	case E_QUERY:
		return query_exists(c, &e->q, cur);
	case E_FUNC:
		return fn_regex(c, e, cur);
	default:
		return 0;
	}
}

/* $['name'][0] with the escapes of RFC 9535 2.7. */
static void
path_key(struct buf *b, const char *key, size_t len)
{
	static const char from[] = "\b\f\n\r\t'\\", to[] = "bfnrt'\\";
	const char *k;
	size_t i;

	buf_adds(b, "['");
	for (i = 0; i < len; i++) {
		if (key[i] != '\0' && (k = strchr(from, key[i])) != NULL)
			buf_addf(b, "\\%c", to[k - from]);
		else if ((unsigned char)key[i] < 0x20)
			buf_addf(b, "\\u%04x", (unsigned)key[i]);
		else
			buf_add(b, &key[i], 1);
	}
	buf_adds(b, "']");
}

static json_t *
path_string(const struct pstep *st)
{
	const struct pstep **v = NULL, *s;
	size_t n = 0, alloc = 0;
	struct buf b = BUF_INIT;
	json_t *r;

	for (s = st; s != NULL; s = s->up) {
		v = xgrow(v, &alloc, n + 1, sizeof(*v));
		v[n++] = s;
	}
	buf_adds(&b, "$");
	while (n > 0) {
		s = v[--n];
		if (s->key != NULL)
			path_key(&b, s->key, s->len);
		else
			buf_addf(&b, "[%zu]", s->len);
	}
	r = json_stringn(b.data, b.len);
	buf_release(&b);
	free(v);
	return r;
}

/* ---- interface ---- */

/* p and root are borrowed; returns a new array, or NULL (too much work). */
json_t *
jsonpath_eval(const struct jsonpath *p, const json_t *root)
{
	return jsonpath_eval_paths(p, root, NULL);
}

/* p and root are borrowed; returns a new array and, in *paths, another
 * (new), or NULL and NULL when the evaluation gave up. */
json_t *
jsonpath_eval_paths(const struct jsonpath *p, const json_t *root,
    json_t **paths)
{
	struct evalctx c = { root, NULL, 0, 0, NULL, 0, 0, NULL };
	struct nodelist l = { NULL, 0, 0, 0 };
	struct chunk *ch;
	json_t *r = json_array();
	size_t i;

	if (paths != NULL)
		*paths = json_array();
	c.top = p ? &p->q : NULL;
	if (p != NULL && root != NULL)
		query_eval(&c, &p->q, root, paths != NULL, &l);
	for (i = 0; i < l.n; i++) {
		json_array_append(r, (json_t *)l.v[i].v);
		if (paths != NULL)
			json_array_append_new(*paths, path_string(l.v[i].path));
	}
	free(l.v);
	while ((ch = c.steps) != NULL) {
		c.steps = ch->next;
		free(ch);
	}
	for (i = 0; i < c.nmemo; i++)
		free(c.memo[i].l.v);
	free(c.memo);
	if (c.exhausted) {
		json_decref(r);
		r = NULL;
		if (paths != NULL) {
			json_decref(*paths);
			*paths = NULL;
		}
	}
	return r;
}
