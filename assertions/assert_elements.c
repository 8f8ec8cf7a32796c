/* assert_elements.c - `elements:` of a browser test maps selectors (CSS,
 * or XPath 1.0 when one begins with '/' or '(' or "xpath=") to
 * predicates on the texts of the elements each finds in the page once the
 * steps are done (assert_env.elements): one element stands for itself,
 * none is absent, as XPath node-sets do.  A mapping with any of the facet
 * keys text, value, visible, attributes checks those facets too. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assert.h"
#include "predicate.h"
#include "query.h"
#include "../base/xalloc.h"

/* Non-zero when the selector is an XPath (page_elements' rule). */
static int
is_xpath(const char *sel)
{
	return sel[0] == '/' || sel[0] == '(' ||
	    strncmp(sel, "xpath=", 6) == 0;
}

int
page_selector_check(const char *text, size_t *off, char *err, size_t errlen)
{
	xmlXPathCompExpr *e;
	size_t skip = strncmp(text, "xpath=", 6) == 0 ? 6 : 0;

	if (*text == '\0') {
		snprintf(err, errlen, "empty selector");
		*off = 0;
		return -1;
	}
	if (is_xpath(text)) {
		if ((e = xpath_compile(text + skip, off, err, errlen)) == NULL) {
			*off += skip;
			return -1;
		}
		xmlXPathFreeCompExpr(e);
	}
	return 0;
}

/* The selector's text, kept as it is once checked. */
static void *
selector_compile(const char *text, size_t *off, char *err, size_t errlen)
{
	return page_selector_check(text, off, err, errlen) == 0 ?
	    xstrdup(text) : NULL;
}

static const struct query_ops query_selector = {
	.noun = "elements",
	.quoted = 1,
	.what = "selectors",
	.syntax = "selector",
	.compile = selector_compile,
	.free = free,
};

static const char *const facets[] = { "text", "value", "visible",
    "attributes" };
#define NFACETS	(sizeof(facets) / sizeof(facets[0]))

struct attr_check {
	char		*name;
	char		*label;		/* "elements '#a' attribute 'href'" */
	struct predlist	*preds;
};

/* One selector's checks.  q first: check_label reads it as a query;
 * q.preds are the plain predicates on the texts, or NULL. */
struct elements_check {
	struct query	 q;
	struct predlist	*text;
	char		*text_label;	/* "elements '#a' text" */
	struct predlist	*value;
	char		*value_label;
	int		 visible;	/* -1: not checked */
	struct attr_check *attrs;
	size_t		 nattrs;
};

static void
elements_free(void *arg)
{
	struct elements_check *e = arg;
	size_t i;

	if (e == NULL)
		return;
	if (e->q.q != NULL)
		e->q.ops->free(e->q.q);
	free(e->q.text);
	free(e->q.label);
	predlist_free(e->q.preds);
	predlist_free(e->text);
	free(e->text_label);
	predlist_free(e->value);
	free(e->value_label);
	for (i = 0; i < e->nattrs; i++) {
		free(e->attrs[i].name);
		free(e->attrs[i].label);
		predlist_free(e->attrs[i].preds);
	}
	free(e->attrs);
	free(e);
}

/* A facet's predicates, at key of m, labelled "LABEL KEY". */
static struct predlist *
facet_compile(struct spec_ctx *ctx, const json_t *m, const char *key,
    const char *label, char **flabel)
{
	*flabel = xasprintf("%s %s", label, key);
	return predlist_compile(ctx, json_object_get(m, key), spec_valpos(ctx,
	    m, key), *flabel);
}

static int
attrs_compile(struct spec_ctx *ctx, const json_t *m, struct elements_check *e)
{
	const json_t *a = json_object_get(m, "attributes"), *v;
	const char *name;
	struct attr_check *ac;
	int rc = 0;

	if (!json_is_object(a) || json_object_size(a) == 0) {
		spec_error(ctx, spec_valpos(ctx, m, "attributes"), "%s "
		    "attributes must be a mapping of attribute names to "
		    "expected values, got %s", e->q.label, json_is_object(a) ?
		    "an empty mapping" : spec_typename(a));
		return -1;
	}
	e->attrs = xcalloc(json_object_size(a), sizeof(*e->attrs));
	json_object_foreach((json_t *)a, name, v) {
		ac = &e->attrs[e->nattrs++];
		ac->name = xstrdup(name);
		ac->label = xasprintf("%s attribute '%s'", e->q.label, name);
		if ((ac->preds = predlist_compile(ctx, v, spec_valpos(ctx, a,
		    name), ac->label)) == NULL)
			rc = -1;
	}
	return rc;
}

/* The value at v of the selector's key: predicates, or facets beside
 * them. */
static int
checks_compile(struct spec_ctx *ctx, const json_t *node, const char *key,
    struct elements_check *e)
{
	const json_t *v = json_object_get(node, key), *x;
	struct srcpos pos = spec_valpos(ctx, node, key);
	int rc = 0, b;

	e->visible = -1;
	if (!json_is_object(v))
		return (e->q.preds = predlist_compile(ctx, v, pos,
		    e->q.label)) ? 0 : -1;
	if ((e->q.preds = predlist_compile_beside(ctx, v, pos, e->q.label,
	    facets, NFACETS)) == NULL)
		rc = -1;
	if (json_object_get(v, "text") != NULL &&
	    (e->text = facet_compile(ctx, v, "text", e->q.label,
	    &e->text_label)) == NULL)
		rc = -1;
	if (json_object_get(v, "value") != NULL &&
	    (e->value = facet_compile(ctx, v, "value", e->q.label,
	    &e->value_label)) == NULL)
		rc = -1;
	if ((x = json_object_get(v, "visible")) != NULL) {
		if ((b = spec_bool(ctx, x, spec_valpos(ctx, v, "visible"),
		    "visible")) == -1)
			rc = -1;
		e->visible = b;
	}
	if (json_object_get(v, "attributes") != NULL &&
	    attrs_compile(ctx, v, e) == -1)
		rc = -1;
	return rc;
}

static int
elements_compile(struct spec_ctx *ctx, const json_t *expect,
    const json_t *node, struct checklist *out)
{
	struct elements_check *e;
	struct query *q;
	const char *key;
	json_t *v;
	int rc = 0;

	if (!json_is_object(node) || json_object_size(node) == 0) {
		spec_error(ctx, spec_valpos(ctx, expect, "elements"), "elements "
		    "must be a mapping of selectors to expected values, got %s",
		    json_is_object(node) ? "an empty mapping" :
		    spec_typename(node));
		return -1;
	}
	json_object_foreach((json_t *)node, key, v) {
		if ((q = query_new(ctx, node, key, &query_selector)) == NULL) {
			rc = -1;
			continue;
		}
		e = xcalloc(1, sizeof(*e));
		e->q = *q;
		free(q);
		if (checks_compile(ctx, node, key, e) == -1) {
			elements_free(e);
			rc = -1;
			continue;
		}
		checklist_add(out, &assert_elements, e);
	}
	return rc;
}

/* What each element of list (an array the page gave) holds under facet:
 * a new array; elements without it are left out.  An item that is not an
 * element (what an XPath of a number, string or boolean gives) is its own
 * text. */
static json_t *
facet_list(const json_t *list, const char *facet)
{
	json_t *out = json_array(), *x;
	const json_t *item;
	size_t i;

	json_array_foreach(list, i, item) {
		if (!json_is_object(item))
			x = strcmp(facet, "text") == 0 ? (json_t *)item : NULL;
		else
			x = json_object_get(item, facet);
		if (x != NULL && !json_is_null(x))
			json_array_append(out, x);
	}
	return out;
}

/* The elements the selector finds: a new array, or NULL with why set. */
static json_t *
find(const char *sel, const struct assert_env *env, struct buf *why)
{
	if (env->elements == NULL) {
		buf_adds(why, "no page to look in (not a browser test)");
		return NULL;
	}
	return env->elements(env->elements_arg, sel, why);
}

/* The texts of the elements the selector arg finds. */
static int
elements_subject(const void *arg, const char *label,
    const struct assert_env *env, struct subject *sj, json_t **hold,
    struct buf *why)
{
	json_t *list;

	if ((list = find(arg, env, why)) == NULL)
		return -1;
	sj->v = *hold = facet_list(list, "text");
	sj->multi = 1;
	sj->text = 1;
	json_decref(list);
	if (json_array_size(*hold) == 0)
		buf_addf(why, "no element matches '%s'", (const char *)arg);
	return 0;
}

static int
list_eval(const struct predlist *l, const char *label, const json_t *list,
    const char *facet, const struct assert_env *env, struct buf *msg)
{
	struct subject sj = { .multi = 1, .text = 1 };
	json_t *v = facet_list(list, facet);
	int bad;

	sj.v = v;
	bad = predlist_eval(l, label, &sj, env->vars, msg, env->detail);
	json_decref(v);
	return bad;
}

/* visible: true holds when one element or more is selected and each is
 * visible; false when none selected is. */
static int
visible_eval(const struct elements_check *e, const json_t *list,
    struct buf *msg)
{
	const json_t *item;
	size_t i, n = json_array_size(list), shown = 0;

	json_array_foreach(list, i, item)
		if (json_is_true(json_object_get(item, "visible")))
			shown++;
	if (e->visible ? n > 0 && shown == n : shown == 0)
		return 0;
	buf_addf(msg, "%s visible: expected %s, got ", e->q.label,
	    e->visible ? "true" : "false");
	if (n == 0)
		buf_adds(msg, "no element\n");
	else if (e->visible)
		buf_addf(msg, "%zu of %zu hidden\n", n - shown, n);
	else
		buf_addf(msg, "%zu of %zu visible\n", shown, n);
	return 1;
}

static int
elements_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	const struct elements_check *e = c->arg;
	struct buf why = BUF_INIT;
	json_t *list;
	void *sel;
	size_t i;
	int bad = 0;

	if ((sel = query_acquire(&e->q, env->vars, msg)) == NULL)
		return 1;
	if ((list = find(sel, env, &why)) == NULL) {
		buf_addf(msg, "%s: %s\n", e->q.label, buf_str(&why));
		buf_release(&why);
		query_release(&e->q, sel);
		return 1;
	}
	if (e->q.preds != NULL)
		bad += list_eval(e->q.preds, e->q.label, list, "text", env, msg);
	if (e->text != NULL)
		bad += list_eval(e->text, e->text_label, list, "text", env, msg);
	if (e->value != NULL)
		bad += list_eval(e->value, e->value_label, list, "value", env,
		    msg);
	if (e->visible != -1)
		bad += visible_eval(e, list, msg);
	for (i = 0; i < e->nattrs; i++) {
		struct subject sj = { .multi = 1, .text = 1 };
		json_t *vals = json_array();
		const json_t *item, *a;
		size_t j;

		json_array_foreach(list, j, item)
			if ((a = json_object_get(json_object_get(item,
			    "attributes"), e->attrs[i].name)) != NULL)
				json_array_append(vals, (json_t *)a);
		sj.v = vals;
		bad += predlist_eval(e->attrs[i].preds, e->attrs[i].label, &sj,
		    env->vars, msg, env->detail);
		json_decref(vals);
	}
	json_decref(list);
	buf_release(&why);
	query_release(&e->q, sel);
	return bad;
}

const struct assert_kind assert_elements = {
	.key = "elements",
	.target = ASSERT_BROWSER,
	.queries = 1,
	.ops = &query_selector,
	.compile = elements_compile,
	.eval = elements_eval,
	.subject = elements_subject,
	.free = elements_free,
};
