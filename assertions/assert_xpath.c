/* assert_xpath.c - `xml:` and `html:` map XPath 1.0 expressions to
 * predicates: the body is parsed by libxml2's XML or HTML parser, and a
 * node-set is the list of its nodes' string values. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxml/xpathInternals.h>

#include "assert.h"
#include "query.h"
#include "../base/xalloc.h"

struct xpath_err {
	char	*msg;
	size_t	 off;
	int	 set;
};

static void
on_error(void *arg, xmlErrorPtr e)
{
	struct xpath_err *x = arg;

	if (x->set)
		return;
	x->set = 1;
	x->msg = xstrndup(e->message ? e->message : "error",
	    e->message ? strcspn(e->message, "\n") : 5);
	x->off = e->int1 > 0 ? (size_t)e->int1 : 0;
}

xmlXPathCompExpr *
xpath_compile(const char *expr, size_t *off, char *err, size_t errlen)
{
	struct xpath_err x = { 0 };
	xmlXPathCompExpr *e;

	xmlSetStructuredErrorFunc(&x, on_error);
	e = xmlXPathCompile((const xmlChar *)expr);
	xmlSetStructuredErrorFunc(NULL, NULL);
	if (e == NULL) {
		snprintf(err, errlen, "%s", x.msg ? x.msg : "invalid expression");
		*off = x.off;
	}
	free(x.msg);
	return e;
}

/* Every namespace declared in the document, by its prefix; "_" for a
 * default namespace, as Hurl does. */
static void
register_ns(xmlXPathContext *ctx, xmlNode *n, int depth)
{
	const xmlChar *prefix;
	xmlNs *ns;

	for (; n != NULL && depth < 256; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		for (ns = n->nsDef; ns != NULL; ns = ns->next) {
			prefix = ns->prefix ? ns->prefix : (const xmlChar *)"_";
			if (xmlXPathNsLookup(ctx, prefix) == NULL)
				xmlXPathRegisterNs(ctx, prefix, ns->href);
		}
		register_ns(ctx, n->children, depth + 1);
	}
}

static json_t *
number(double d)
{
	if (isfinite(d) && d == floor(d) && fabs(d) < 9007199254740992.0)
		return json_integer((json_int_t)d);
	return json_real(isfinite(d) ? d : 0);
}

/* A node's string value without the whitespace around it, which markup
 * layout puts there (string() and normalize-space() keep XPath's own). */
static json_t *
trimmed(const char *s)
{
	size_t n;

	s += strspn(s, " \t\r\n");
	n = strlen(s);
	while (n > 0 && strchr(" \t\r\n", s[n - 1]) != NULL)
		n--;
	return json_stringn(s, n);
}

static json_t *
nodeset(xmlNodeSet *set)
{
	json_t *a = json_array();
	xmlChar *s;
	int i;

	for (i = 0; set != NULL && i < set->nodeNr; i++) {
		s = xmlXPathCastNodeToString(set->nodeTab[i]);
		json_array_append_new(a, trimmed(s ? (const char *)s : ""));
		xmlFree(s);
	}
	return a;
}

int
xpath_subject(xmlXPathCompExpr *e, xmlDoc *doc, struct subject *sj,
    json_t **hold, char *err, size_t errlen)
{
	struct xpath_err x = { 0 };
	xmlXPathContext *ctx = xmlXPathNewContext(doc);
	xmlXPathObject *r;

	memset(sj, 0, sizeof(*sj));
	*hold = NULL;
	register_ns(ctx, xmlDocGetRootElement(doc), 0);
	xmlSetStructuredErrorFunc(&x, on_error);
	r = xmlXPathCompiledEval(e, ctx);
	xmlSetStructuredErrorFunc(NULL, NULL);
	xmlXPathFreeContext(ctx);
	if (r == NULL) {
		snprintf(err, errlen, "cannot evaluate: %s", x.msg ? x.msg :
		    "error");
		free(x.msg);
		return -1;
	}
	free(x.msg);
	switch (r->type) {
	case XPATH_NODESET:
		*hold = nodeset(r->nodesetval);
		sj->multi = 1;
		break;
	case XPATH_BOOLEAN:
		*hold = json_boolean(r->boolval);
		break;
	case XPATH_NUMBER:
		*hold = number(r->floatval);
		break;
	default:
		*hold = json_string(r->stringval ? (char *)r->stringval : "");
		break;
	}
	sj->v = *hold;
	sj->text = 1;
	xmlXPathFreeObject(r);
	return 0;
}

static void *
expr_compile(const char *text, size_t *off, char *err, size_t errlen)
{
	return xpath_compile(text, off, err, errlen);
}

static void
expr_free(void *e)
{
	xmlXPathFreeCompExpr(e);
}

const struct query_ops query_xml = {
	.noun = "xml",
	.what = "XPath expressions",
	.syntax = "XPath",
	.compile = expr_compile,
	.free = expr_free,
};

const struct query_ops query_html = {
	.noun = "html",
	.what = "XPath expressions",
	.syntax = "XPath",
	.compile = expr_compile,
	.free = expr_free,
};

static int
xml_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return query_map_compile(ctx, expect, node, &assert_xml, &query_xml,
	    out);
}

static int
html_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return query_map_compile(ctx, expect, node, &assert_html, &query_html,
	    out);
}

/* What the expression gives on the body parsed as XML, or as HTML. */
static int
doc_subject(const void *e, const struct assert_env *env, int html,
    const char *label, struct subject *sj, json_t **hold, struct buf *why)
{
	const char *err;
	char msg[512];
	xmlDoc *doc;

	if ((doc = body_docs_xml(env->docs, html, &err)) == NULL) {
		buf_adds(why, err);
		return -1;
	}
	if (xpath_subject((xmlXPathCompExpr *)e, doc, sj, hold, msg,
	    sizeof(msg)) == -1) {
		buf_adds(why, msg);
		return -1;
	}
	if (json_is_array(sj->v) && json_array_size(sj->v) == 0)
		buf_addf(why, "%s selected nothing", label);
	return 0;
}

static int
xml_subject(const void *e, const char *label, const struct assert_env *env,
    struct subject *sj, json_t **hold, struct buf *why)
{
	return doc_subject(e, env, 0, label, sj, hold, why);
}

static int
html_subject(const void *e, const char *label, const struct assert_env *env,
    struct subject *sj, json_t **hold, struct buf *why)
{
	return doc_subject(e, env, 1, label, sj, hold, why);
}

const struct assert_kind assert_xml = {
	.key = "xml",
	.target = ASSERT_HTTP,
	.needs_body = 1,
	.queries = 1,
	.ops = &query_xml,
	.compile = xml_compile,
	.eval = query_eval,
	.subject = xml_subject,
	.free = query_free,
};

const struct assert_kind assert_html = {
	.key = "html",
	.target = ASSERT_HTTP,
	.needs_body = 1,
	.queries = 1,
	.ops = &query_html,
	.compile = html_compile,
	.eval = query_eval,
	.subject = html_subject,
	.free = query_free,
};
