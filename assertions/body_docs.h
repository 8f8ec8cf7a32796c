/* body_docs.h - a response body decoded and parsed on first use, once,
 * as text, JSON, XML or HTML, for every query and capture of a test to
 * share. */
#ifndef SHAKEDOWN_BODY_DOCS_H
#define SHAKEDOWN_BODY_DOCS_H

#include <jansson.h>
#include <libxml/tree.h>

#include "../base/http.h"
#include "../base/jsonscan.h"

struct body_docs;

/* Returns new (body_docs_free), never NULL; nothing is parsed yet.
 * resp is borrowed and must outlive the result. */
struct body_docs *body_docs_new(const struct http_response *resp);
/* Frees d and every document parsed from it; accepts NULL. */
void	 body_docs_free(struct body_docs *d);

/* The body as UTF-8 text (borrowed, *len bytes): decoded from the charset
 * it declares (Content-Type, a byte order mark, the XML declaration, an
 * HTML <meta>), or as received when it declares none.  NULL with *err
 * (borrowed) naming the charset and what is wrong when it cannot be. */
const char *body_docs_text(struct body_docs *d, size_t *len, const char **err);
/* The body as JSON (borrowed), or NULL with *err naming why (borrowed).
 * JSON is UTF-8 whatever Content-Type says (RFC 8259 §8.1). */
const json_t *body_docs_json(struct body_docs *d, const char **err);
/* The value the path steps[0..n) (borrowed; jsonscan.h) select in the
 * JSON body, found by a scan of its text that builds nothing else: 1
 * with *out new, or NULL when the path selects nothing.  0 when the scan
 * cannot say (the body is not JSON, is JSON the scan does not vouch for,
 * or was parsed already): body_docs_json then has the tree or why not. */
int	 body_docs_json_select(struct body_docs *d,
	    const struct jsonscan_step *steps, size_t n, json_t **out);
/* One scan of the JSON body for all of paths[0..n) (borrowed; n <=
 * JSONSCAN_MAX), their values kept for body_docs_json_select with the
 * same steps pointer.  Nothing when a scan or the tree came first. */
void	 body_docs_json_prescan(struct body_docs *d,
	    const struct jsonscan_path *paths, size_t n);
/* The body as an XML document, or as HTML with `html` (borrowed: d owns
 * it), parsed from the text body_docs_text gives; NULL with *err
 * (borrowed) naming why. */
xmlDoc	*body_docs_xml(struct body_docs *d, int html, const char **err);

#endif
