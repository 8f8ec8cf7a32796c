/* capture.h - `capture:` of a test: named values taken from its response
 * or its command's output, for {{name}} in later requests and
 * expectations.  Every assertion kind with a subject (json, header,
 * status, stdout…) is a source, taking what its predicates see. */
#ifndef SHAKEDOWN_CAPTURE_H
#define SHAKEDOWN_CAPTURE_H

#include <jansson.h>

#include "assert.h"

struct capture_list;

/*
 * Compiles the mapping `node` (at pos) of a test of `target` (ASSERT_HTTP,
 * ASSERT_EXEC or ASSERT_BROWSER).  Each name is added to ctx->vars (as null) so later
 * tests may use it.  ctx and node are borrowed.  Returns a new list
 * (capture_list_free), or NULL after reporting through ctx.
 */
struct capture_list *capture_list_compile(struct spec_ctx *ctx,
	    const json_t *node, struct srcpos pos, int target);
void	 capture_list_free(struct capture_list *l);	/* accepts NULL */

/* Non-zero if a capture reads the body's content (l may be NULL). */
int	 capture_list_needs_body(const struct capture_list *l);

/* Non-zero if a capture reads the body's digest (l may be NULL). */
int	 capture_list_needs_hash(const struct capture_list *l);

/* The names captured by l (borrowed; may be NULL), in order: a new
 * reference to an array of strings. */
json_t	*capture_list_names(const struct capture_list *l);

/*
 * Takes every value from env into vars: each a new value that vars then
 * owns.  Each capture that finds nothing appends "capture 'NAME': why\n"
 * to msg and is set in failed (an object, name to reason).  Every
 * argument is borrowed.  Returns the number of failed captures.
 */
int	 capture_list_run(const struct capture_list *l,
	    const struct assert_env *env, json_t *vars, struct buf *msg,
	    json_t *failed);

#endif
