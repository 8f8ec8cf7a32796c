/* capture.c - captures: a source (a query on the response or the output)
 * and an optional `regex:` whose first group, or whole match, is kept. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "body_docs.h"
#include "capture.h"
#include "query.h"
#include "setcookie.h"
#include "../base/expand.h"
#include "../base/jsonvalue.h"
#include "../base/xalloc.h"

enum source {
	SRC_JSON, SRC_XML, SRC_HTML, SRC_HEADER, SRC_COOKIE, SRC_STATUS,
	SRC_URL, SRC_REDIRECT, SRC_BODY, SRC_STDOUT, SRC_STDERR, SRC_EXIT,
	SRC_REGEX,		/* regex alone: on the body, or stdout */
};

static const char *const sources[] = {
	"json", "xml", "html", "header", "cookie", "status", "url", "redirect",
	"body", "stdout", "stderr", "exit", "regex",
};
#define NSOURCES	(sizeof(sources) / sizeof(sources[0]))

struct capture {
	char		*name;
	enum source	 src;
	char		*arg;		/* path, expression, header name… */
	struct query	 query;		/* json, xml, html: arg compiled */
	pcre2_code	*re;		/* the regex filter, or NULL */
};

struct capture_list {
	struct capture	*v;
	size_t		 n;
};

static int
source_ok(enum source s, int target)
{
	int exec = s == SRC_STDOUT || s == SRC_STDERR || s == SRC_EXIT;

	return s == SRC_REGEX || (target == ASSERT_EXEC) == exec;
}

/* The one source key of a capture, SRC_REGEX when only regex: is given. */
static int
find_source(struct spec_ctx *ctx, const json_t *m, struct srcpos pos,
    const char *name, enum source *src)
{
	size_t i;
	int n = 0;

	for (i = 0; i + 1 < NSOURCES; i++)
		if (json_object_get(m, sources[i]) != NULL) {
			*src = (enum source)i;
			n++;
		}
	if (n == 0 && json_object_get(m, "regex") != NULL) {
		*src = SRC_REGEX;
		return 0;
	}
	if (n != 1)
		spec_error(ctx, pos, "capture '%s' needs one source: json, xml, "
		    "html, header, cookie, regex, status, url, redirect, body, "
		    "stdout, stderr or exit", name);
	return n == 1 ? 0 : -1;
}

/* A path or an expression: compiled now, or per run with {{vars}}. */
static int
compile_query(struct spec_ctx *ctx, struct capture *c, struct srcpos pos)
{
	struct query *q = &c->query;
	char err[256];
	size_t off = 0;

	q->ops = c->src == SRC_JSON ? &query_jsonpath : c->src == SRC_XML ?
	    &query_xml : &query_html;
	q->text = c->arg;
	q->label = c->name;
	if (expand_has_vars(c->arg))
		return 0;
	if ((q->q = q->ops->compile(c->arg, &off, err, sizeof(err))) == NULL)
		spec_error(ctx, spec_pos_at(ctx, pos, off), "bad %s '%s' in "
		    "capture '%s': %s", c->src == SRC_JSON ? "JSONPath" : "XPath",
		    c->arg, c->name, err);
	return q->q ? 0 : -1;
}

static int
compile_one(struct spec_ctx *ctx, const json_t *m, struct srcpos pos,
    struct capture *c, int target)
{
	static const char *const keys[] = { "json", "xml", "html", "header",
	    "cookie", "status", "url", "redirect", "body", "stdout", "stderr",
	    "exit", "regex" };
	const json_t *v;
	char what[160];

	if (spec_keys(ctx, m, "capture", keys, NSOURCES) > 0 ||
	    find_source(ctx, m, pos, c->name, &c->src) == -1)
		return -1;
	if (!source_ok(c->src, target)) {
		spec_error(ctx, spec_keypos(ctx, m, sources[c->src]), "capture "
		    "'%s': '%s' is not a source of %s tests", c->name,
		    sources[c->src], target == ASSERT_EXEC ? "exec" : "HTTP");
		return -1;
	}
	snprintf(what, sizeof(what), "capture '%s'", c->name);
	if ((v = json_object_get(m, "regex")) != NULL &&
	    (c->re = spec_regex(ctx, v, spec_valpos(ctx, m, "regex"), what)) ==
	    NULL)
		return -1;
	if (c->src > SRC_COOKIE)
		return 0;
	v = json_object_get(m, sources[c->src]);
	pos = spec_valpos(ctx, m, sources[c->src]);
	if ((c->arg = spec_string(ctx, v, pos, what, 0)) == NULL)
		return -1;
	return c->src <= SRC_HTML ? compile_query(ctx, c, pos) : 0;
}

struct capture_list *
capture_list_compile(struct spec_ctx *ctx, const json_t *node,
    struct srcpos pos, int target)
{
	struct capture_list *l = xcalloc(1, sizeof(*l));
	const char *name;
	json_t *m;
	int rc = 0;

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
			c->src = SRC_JSON;
			c->arg = spec_string(ctx, m, spec_valpos(ctx, node, name),
			    "capture", 0);
			rc |= c->arg ? compile_query(ctx, c, spec_valpos(ctx, node,
			    name)) : -1;
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
		free(l->v[i].arg);
		if (l->v[i].query.q != NULL)
			l->v[i].query.ops->free(l->v[i].query.q);
		pcre2_code_free(l->v[i].re);
	}
	free(l->v);
	free(l);
}

int
capture_list_needs_body(const struct capture_list *l)
{
	size_t i;

	for (i = 0; l != NULL && i < l->n; i++)
		if (l->v[i].src <= SRC_HTML || l->v[i].src == SRC_BODY ||
		    l->v[i].src == SRC_REGEX)
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

/* A query's subject as one value: a list of one node is that node. */
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

static json_t *
from_doc(const struct capture *c, const struct assert_env *env,
    struct buf *why)
{
	struct subject sj = { 0 };
	const char *err;
	char msg[512];
	const json_t *root = NULL;
	json_t *hold = NULL, *v;
	xmlDoc *doc = NULL;
	void *q;
	int rc = 0;

	if (c->src == SRC_JSON)
		root = body_docs_json(env->docs, &err);
	else
		doc = body_docs_xml(env->docs, c->src == SRC_HTML, &err);
	if (c->src == SRC_JSON ? root == NULL : doc == NULL) {
		buf_adds(why, err);
		return NULL;
	}
	if ((q = query_acquire(&c->query, env->vars, why)) == NULL)
		return NULL;
	if (c->src == SRC_JSON) {
		sj = json_subject(q, root, &hold);
		if (hold == NULL) {
			buf_adds(why, "the query needs more than ten million steps "
			    "on this document: stopped");
			rc = -1;
		}
	} else if ((rc = xpath_subject(q, doc, &sj, &hold, msg,
	    sizeof(msg))) == -1)
		buf_adds(why, msg);
	query_release(&c->query, q);
	if (rc == -1)
		return NULL;
	if ((v = subject_value(&sj)) == NULL)
		buf_addf(why, "%s %s selected nothing", sources[c->src], c->arg);
	json_decref(hold);
	return v;
}

static json_t *
text_or_absent(const char *s, size_t len, struct buf *why, const char *what)
{
	if (s == NULL) {
		buf_addf(why, "no %s", what);
		return NULL;
	}
	return json_stringn(s, len);
}

/* The body as text, decoded from its charset (new), or NULL with why. */
static json_t *
body_text(const struct assert_env *env, struct buf *why)
{
	struct body_docs *own = env->docs ? NULL : body_docs_new(env->resp);
	const char *s, *err;
	size_t len;
	json_t *v = NULL;

	if ((s = body_docs_text(own ? own : env->docs, &len, &err)) == NULL)
		buf_adds(why, err);
	else if ((v = json_stringn(s, len)) == NULL)
		buf_adds(why, "the body is not valid UTF-8 text (and declares no "
		    "charset)");
	body_docs_free(own);
	return v;
}

/* The source's value, new, or NULL with why set. */
static json_t *
source_value(const struct capture *c, const struct assert_env *env,
    struct buf *why)
{
	const struct http_response *r = env->resp;
	const struct exec_result *x = env->exec;
	const char *h;
	json_t *ck, *v;
	char what[160];

	switch (c->src) {
	case SRC_JSON:
	case SRC_XML:
	case SRC_HTML:
		return from_doc(c, env, why);
	case SRC_HEADER:
		h = http_response_header(r, c->arg);
		snprintf(what, sizeof(what), "header '%s' in the response", c->arg);
		return text_or_absent(h, h ? strlen(h) : 0, why, what);
	case SRC_COOKIE:
		if ((ck = setcookie_find(r, c->arg)) == NULL) {
			buf_addf(why, "the response sets no cookie '%s'", c->arg);
			return NULL;
		}
		v = json_incref(json_object_get(ck, "value"));
		json_decref(ck);
		return v;
	case SRC_STATUS:
		return json_integer(r->status);
	case SRC_URL:
		return json_string(r->url ? r->url : "");
	case SRC_REDIRECT:
		return text_or_absent(r->redirect, r->redirect ?
		    strlen(r->redirect) : 0, why, "redirect in the response");
	case SRC_STDOUT:
		return json_stringn(buf_str(&x->out), x->out.len);
	case SRC_STDERR:
		return json_stringn(buf_str(&x->err), x->err.len);
	case SRC_EXIT:
		return json_integer(x->exit_code);
	default:
		if (x != NULL)
			return json_stringn(buf_str(&x->out), x->out.len);
		return body_text(env, why);
	}
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
	md = pcre2_match_data_create_from_pattern(c->re, NULL);
	if ((rc = pcre2_match(c->re, (PCRE2_SPTR)s, len, 0, 0, md, NULL)) < 0)
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
	pcre2_match_data_free(md);
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
