/* body_docs.h - a response body parsed on first use, once, as JSON, XML
 * or HTML, for every query and capture of a test to share. */
#ifndef SHAKEDOWN_BODY_DOCS_H
#define SHAKEDOWN_BODY_DOCS_H

#include <jansson.h>
#include <libxml/tree.h>

#include "../harness/http.h"

struct body_docs;

/* resp is borrowed and must outlive the result. */
struct body_docs *body_docs_new(const struct http_response *resp);
void	 body_docs_free(struct body_docs *d);

/* The body as JSON (borrowed), or NULL with *err naming why (borrowed). */
const json_t *body_docs_json(struct body_docs *d, const char **err);
/* The body as an XML document, or as HTML with `html` (borrowed), or NULL
 * with *err set. */
xmlDoc	*body_docs_xml(struct body_docs *d, int html, const char **err);

#endif
