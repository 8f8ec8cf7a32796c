/* capture.c - captures: a source and an optional `regex:` whose first
 * group, or whole match, is kept.  A source is any assertion kind with a
 * subject, taking what that kind's predicates see: nothing here names
 * one, but for regex alone (on the body, or stdout). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "predicate.h"
#include "../base/expand.h"
#include "../base/jsonvalue.h"
#include "../base/regex_cache.h"
#include "../base/xalloc.h"

/* The sources: every kind with a subject, named by its ops' noun
 * ("header") or its key ("status"); those that take an argument are
 * listed first, then regex, then the rest. */
static const char **source_names;
static const struct assert_kind **source_kinds;	/* regex's is NULL */
static size_t nsources;
static pthread_once_t sources_once = PTHREAD_ONCE_INIT;

static const char *
source_name(const struct assert_kind *k)
{
	return k->ops ? k->ops->noun : k->key;
}

static void
sources_init(void)
{
	const struct assert_kind *const *kinds;
	size_t i, n;
	int pass;

	kinds = assert_kinds(&n);
	source_names = xcalloc(n + 1, sizeof(*source_names));
	source_kinds = xcalloc(n + 1, sizeof(*source_kinds));
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < n; i++)
			if (kinds[i]->subject != NULL &&
			    (kinds[i]->ops != NULL) == (pass == 0)) {
				source_names[nsources] = source_name(kinds[i]);
				source_kinds[nsources++] = kinds[i];
			}
		if (pass == 0)
			source_names[nsources++] = "regex";
	}
}

struct capture {
	char		*name;
	const struct assert_kind *kind;	/* the source */
	char		*label;		/* names it: "json $.id", "status" */
	struct query	 query;		/* its argument, when the kind has ops */
	pcre2_code	*re;		/* the regex filter, or NULL */
};

struct capture_list {
	struct capture	*v;
	size_t		 n;
};

/* "json, xml, … or exit": every source. */
static void
list_sources(struct buf *out)
{
	size_t i;

	for (i = 0; i < nsources; i++)
		buf_addf(out, "%s%s", i == 0 ? "" : i + 1 == nsources ? " or " :
		    ", ", source_names[i]);
}

/* The one source key of a capture; regex alone is on the body (an exec
 * test's stdout; a browser test has neither). */
static int
find_source(struct spec_ctx *ctx, const json_t *m, struct srcpos pos,
    struct capture *c, int target)
{
	struct buf list = BUF_INIT;
	size_t i;
	int n = 0;

	for (i = 0; i < nsources; i++)
		if (source_kinds[i] != NULL &&
		    json_object_get(m, source_names[i]) != NULL) {
			c->kind = source_kinds[i];
			n++;
		}
	if (n == 0 && json_object_get(m, "regex") != NULL &&
	    target == ASSERT_BROWSER) {
		spec_error(ctx, pos, "capture '%s': regex alone reads the body, "
		    "and a browser test has none: give it a source, e.g. { "
		    "elements: h1, regex: … }", c->name);
		return -1;
	}
	if (n == 0 && json_object_get(m, "regex") != NULL) {
		c->kind = target == ASSERT_EXEC ? &assert_stdout : &assert_body;
		return 0;
	}
	if (n != 1) {
		list_sources(&list);
		spec_error(ctx, pos, "capture '%s' needs one source: %s", c->name,
		    buf_str(&list));
		buf_release(&list);
	}
	return n == 1 ? 0 : -1;
}

static int
source_ok(struct spec_ctx *ctx, const struct capture *c, int target,
    struct srcpos pos)
{
	if (c->kind->target & target)
		return 0;
	spec_error(ctx, pos, "capture '%s': '%s' is not a source of %s tests",
	    c->name, source_name(c->kind), assert_target_name(target));
	return -1;
}

/* A path, an expression, a name: compiled now, or per run with {{vars}}. */
static int
compile_query(struct spec_ctx *ctx, struct capture *c, char *arg,
    struct srcpos pos)
{
	struct query *q = &c->query;
	char err[256];
	size_t off = 0;

	q->ops = c->kind->ops;
	q->text = arg;
	q->label = c->name;
	c->label = query_label(q->ops, arg);
	if (expand_has_vars(arg))
		return 0;
	if ((q->q = q->ops->compile(arg, &off, err, sizeof(err))) == NULL)
		spec_error(ctx, spec_pos_at(ctx, pos, off), "bad %s '%s' in "
		    "capture '%s': %s", q->ops->syntax, arg, c->name, err);
	return q->q ? 0 : -1;
}

static int
compile_one(struct spec_ctx *ctx, const json_t *m, struct srcpos pos,
    struct capture *c, int target)
{
	const char *src;
	const json_t *v;
	char what[160], *arg;

	if (spec_keys(ctx, m, "capture", source_names, nsources) > 0 ||
	    find_source(ctx, m, pos, c, target) == -1)
		return -1;
	src = source_name(c->kind);
	if (source_ok(ctx, c, target, spec_keypos(ctx, m, src)) == -1)
		return -1;
	snprintf(what, sizeof(what), "capture '%s'", c->name);
	if ((v = json_object_get(m, "regex")) != NULL &&
	    (c->re = spec_regex(ctx, v, spec_valpos(ctx, m, "regex"), what)) ==
	    NULL)
		return -1;
	if (c->kind->ops == NULL || (v = json_object_get(m, src)) == NULL) {
		c->label = xstrdup(c->kind->key);
		return 0;
	}
	pos = spec_valpos(ctx, m, src);
	if ((arg = spec_string(ctx, v, pos, what, 0)) == NULL)
		return -1;
	return compile_query(ctx, c, arg, pos);
}

struct capture_list *
capture_list_compile(struct spec_ctx *ctx, const json_t *node,
    struct srcpos pos, int target)
{
	struct capture_list *l = xcalloc(1, sizeof(*l));
	struct srcpos at;
	const char *name;
	char *arg;
	json_t *m;
	int rc = 0;

	pthread_once(&sources_once, sources_init);
	if (!json_is_object(node)) {
		spec_error(ctx, pos, "capture must be a mapping of names to "
		    "sources, e.g. { id: { json: $.id } }, got %s",
		    spec_typename(node));
		free(l);
		return NULL;
	}
	l->v = xcalloc(json_object_size(node) + 1, sizeof(*l->v));
	json_object_foreach((json_t *)node, name, m) {
		struct capture *c = &l->v[l->n++];

		c->name = xstrdup(name);
		if (json_is_string(m) && json_string_value(m)[0] == '$') {
			c->kind = &assert_json;
			at = spec_valpos(ctx, node, name);
			arg = source_ok(ctx, c, target, at) == -1 ? NULL :
			    spec_string(ctx, m, at, "capture", 0);
			rc |= arg ? compile_query(ctx, c, arg, at) : -1;
		} else if (!json_is_object(m)) {
			spec_error(ctx, spec_valpos(ctx, node, name), "capture "
			    "'%s' must be a mapping like { json: $.id } or { "
			    "header: ETag }, got %s", name, spec_typename(m));
			rc = -1;
		} else
			rc |= compile_one(ctx, m, spec_valpos(ctx, node, name), c,
			    target);
		if (ctx->vars != NULL)
			json_object_set_new(ctx->vars, name, json_null());
	}
	if (rc == 0)
		return l;
	capture_list_free(l);
	return NULL;
}

void
capture_list_free(struct capture_list *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].name);
		free(l->v[i].label);
		free(l->v[i].query.text);
		if (l->v[i].query.q != NULL)
			l->v[i].query.ops->free(l->v[i].query.q);
	}
	free(l->v);
	free(l);
}

int
capture_list_needs_body(const struct capture_list *l)
{
	size_t i;

	for (i = 0; l != NULL && i < l->n; i++)
		if (l->v[i].kind->needs_body)
			return 1;
	return 0;
}

int
capture_list_needs_hash(const struct capture_list *l)
{
	size_t i;

	for (i = 0; l != NULL && i < l->n; i++)
		if (l->v[i].kind->needs_hash)
			return 1;
	return 0;
}

json_t *
capture_list_names(const struct capture_list *l)
{
	json_t *a = json_array();
	size_t i;

	for (i = 0; l != NULL && i < l->n; i++)
		json_array_append_new(a, json_string(l->v[i].name));
	return a;
}

/* A subject as one value (new): a list of one node is that node; NULL
 * when it is absent, or text that is not UTF-8. */
static json_t *
subject_value(const struct subject *sj)
{
	if (sj->s != NULL)
		return json_stringn(sj->s, sj->len);
	if (sj->v == NULL)
		return NULL;
	if (sj->multi && json_array_size(sj->v) == 0)
		return NULL;
	if (sj->multi && json_array_size(sj->v) == 1)
		return json_incref(json_array_get(sj->v, 0));
	return json_incref((json_t *)sj->v);
}

/* The source's value, new, or NULL with why set. */
static json_t *
source_value(const struct capture *c, const struct assert_env *env,
    struct buf *why)
{
	struct subject sj = { 0 };
	json_t *hold = NULL, *v = NULL;
	void *arg = NULL;

	if (c->kind->ops != NULL &&
	    (arg = query_acquire(&c->query, env->vars, why)) == NULL)
		return NULL;
	if (c->kind->subject(arg, c->label, env, &sj, &hold, why) == 0 &&
	    (v = subject_value(&sj)) == NULL && why->len == 0)
		buf_addf(why, sj.s != NULL ? "%s is not valid UTF-8 text" :
		    "%s gave nothing", c->label);
	if (v != NULL)
		buf_reset(why);
	json_decref(hold);
	if (arg != NULL)
		query_release(&c->query, arg);
	return v;
}

static uint32_t
groups(const pcre2_code *re)
{
	uint32_t n = 0;

	pcre2_pattern_info(re, PCRE2_INFO_CAPTURECOUNT, &n);
	return n;
}

/* regex: the first group if the pattern has one, else the whole match. */
static json_t *
filter(const struct capture *c, json_t *v, struct buf *why)
{
	pcre2_match_data *md;
	PCRE2_SIZE *ov;
	const char *s;
	char *owned = NULL;
	size_t len;
	json_t *out = NULL;
	int rc;
	uint32_t g;

	if (json_is_string(v)) {
		s = json_string_value(v);
		len = json_string_length(v);
	} else {
		s = owned = jsonvalue_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
		len = strlen(s);
	}
	md = regex_match_data(c->re);
	if ((rc = regex_match(c->re, s, len, 0)) < 0)
		buf_addf(why, "the regex did not match");
	else {
		ov = pcre2_get_ovector_pointer(md);
		g = groups(c->re) > 0 ? 1 : 0;
		if (ov[2 * g] == PCRE2_UNSET)
			buf_addf(why, "the regex's group 1 did not take part in "
			    "the match");
		else
			out = json_stringn(s + ov[2 * g], ov[2 * g + 1] - ov[2 * g]);
	}
	free(owned);
	return out;
}

int
capture_list_run(const struct capture_list *l, const struct assert_env *env,
    json_t *vars, struct buf *msg, json_t *failed)
{
	struct buf why = BUF_INIT;
	json_t *v, *f;
	size_t i;
	int bad = 0;

	for (i = 0; l != NULL && i < l->n; i++) {
		buf_reset(&why);
		v = source_value(&l->v[i], env, &why);
		if (v != NULL && l->v[i].re != NULL) {
			f = filter(&l->v[i], v, &why);
			json_decref(v);
			v = f;
		}
		if (v == NULL) {
			buf_addf(msg, "capture '%s': %s\n", l->v[i].name,
			    buf_str(&why));
			json_object_set_new(failed, l->v[i].name,
			    json_string(buf_str(&why)));
			bad++;
			continue;
		}
		json_object_set_new(vars, l->v[i].name, v);
		json_object_del(failed, l->v[i].name);
	}
	buf_release(&why);
	return bad;
}
