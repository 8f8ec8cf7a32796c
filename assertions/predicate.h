/* predicate.h - the predicates shared by every query (a header's value, the
 * body…): equals, contains, not_contains, matches, exists, absent.
 * A value written as a plain string means `equals`; a mapping may hold
 * several predicates, each checked on its own. */
#ifndef SHAKEDOWN_PREDICATE_H
#define SHAKEDOWN_PREDICATE_H

#include <stddef.h>
#include <jansson.h>

#include "../harness/buf.h"
#include "../harness/spec_ctx.h"

struct predlist;

/*
 * Compiles the predicates written at node (at pos, named `what` in
 * messages, e.g. "header 'content-type'").  Returns a new list, or NULL
 * after reporting.
 */
struct predlist *predlist_compile(struct spec_ctx *ctx, const json_t *node,
	    struct srcpos pos, const char *what);
void	 predlist_free(struct predlist *l);

/*
 * Checks the subject (NULL when absent, e.g. a missing header) against
 * every predicate; each failure appends one line "LABEL: expected …, got
 * …\n" to msg.  Returns the number of failed predicates.
 */
int	 predlist_eval(const struct predlist *l, const char *label,
	    const char *subject, size_t len, const json_t *vars,
	    struct buf *msg);

#endif
