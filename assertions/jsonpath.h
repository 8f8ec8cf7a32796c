/* jsonpath.h - RFC 9535 JSONPath queries on jansson values. */
#ifndef SHAKEDOWN_JSONPATH_H
#define SHAKEDOWN_JSONPATH_H

#include <stddef.h>
#include <jansson.h>

#include "../base/jsonscan.h"

struct jsonpath;

/*
 * Compiles `src` (borrowed, NUL-terminated).  Returns a new query
 * (jsonpath_free), or NULL with err
 * set to a one-line reason ("expected ']'", "unknown function 'lenght'",
 * "non-singular query in comparison"...) and *erroff the byte offset in
 * src of the faulty character.
 */
struct jsonpath *jsonpath_compile(const char *src, size_t *erroff, char *err,
	    size_t errlen);
void	 jsonpath_free(struct jsonpath *p);	/* accepts NULL */

/* Non-zero if the query p (borrowed) is a singular query (RFC 9535 2.3.5.1: only name
 * and index selectors, no descendants). */
int	 jsonpath_singular(const struct jsonpath *p);

/* The steps of p (borrowed from p) when it is a singular query of names
 * and indices >= 0 with at least one step, for jsonscan_select on a JSON
 * text; NULL for any other query. */
const struct jsonscan_step *jsonpath_steps(const struct jsonpath *p,
	    size_t *n);

/*
 * Evaluates p on root (both borrowed).  Returns a new reference to a
 * JSON array holding the nodelist's values in RFC order (the nodes of
 * root themselves, each incref'd: root may be freed first); NULL
 * when it needs more than ten million node visits (nested filters on
 * absolute queries grow as the document's size to their depth).
 */
json_t	*jsonpath_eval(const struct jsonpath *p, const json_t *root);

/*
 * Same, also giving each node's Normalized Path (RFC 9535 2.7, e.g.
 * $['store']['book'][0]) in *paths: a new array of strings parallel to
 * the result (NULL when the result is); paths may be NULL.
 */
json_t	*jsonpath_eval_paths(const struct jsonpath *p, const json_t *root,
	    json_t **paths);

#endif
