/* query.h - running a compiled query on a response, for expectations and
 * captures alike. */
#ifndef SHAKEDOWN_QUERY_H
#define SHAKEDOWN_QUERY_H

#include <jansson.h>
#include <libxml/xpath.h>

#include "assert.h"
#include "body_docs.h"
#include "jsonpath.h"
#include "predicate.h"

/* Compiling the text of a JSONPath or an XPath, for query_map_compile
 * and captures. */
extern const struct query_ops query_jsonpath;
extern const struct query_ops query_xml;
extern const struct query_ops query_html;

/* What path selects in root (both borrowed); the subject borrows from
 * *hold, a new reference that keeps it alive, NULL when the query gave
 * up (jsonpath_eval): the subject is then absent. */
struct subject json_subject(const struct jsonpath *p, const json_t *root,
	    json_t **hold);

/*
 * Compiles an XPath 1.0 expression.  Returns new, or NULL with err set
 * and *off the byte offset of the fault.
 */
xmlXPathCompExpr *xpath_compile(const char *expr, size_t *off, char *err,
	    size_t errlen);

/*
 * Evaluates e on doc (both borrowed), the prefixes declared in the
 * document registered
 * (its default namespace as "_").  A node-set becomes a list of the
 * nodes' string values, a number a number, a string a string.  Returns 0
 * with *sj borrowing from *hold, a new reference that keeps it alive; or
 * -1 with err set and *hold NULL.
 */
int	 xpath_subject(xmlXPathCompExpr *e, xmlDoc *doc, struct subject *sj,
	    json_t **hold, char *err, size_t errlen);

#endif
