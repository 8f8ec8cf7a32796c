/* predicate.h - the predicates shared by every query (json, xml, html,
 * headers, body, cookies, vars…): equals, notEquals, contains,
 * notContains, startsWith, endsWith, matches, above, below, between, type,
 * count, exists, absent, oneOf, and not: on any of them.  A value written
 * as a scalar or a list means `equals`; a mapping holds predicates, each
 * checked on its own. */
#ifndef SHAKEDOWN_PREDICATE_H
#define SHAKEDOWN_PREDICATE_H

#include <stddef.h>
#include <jansson.h>

#include "../base/buf.h"
#include "../base/spec_ctx.h"

/* What a query produced.  Absent when both v and s are NULL (a missing
 * header, a path that selected nothing). */
struct subject {
	const json_t	*v;	/* a JSON value (borrowed)… */
	const char	*s;	/* …or text of len bytes (borrowed) */
	size_t		 len;
	int		 multi;	/* v is an array of the nodes a query selected:
				 * one node stands for itself, none is absent */
	int		 text;	/* v's strings are text (XPath, headers): a
				 * number compares with them as a number */
};

struct predlist;

/*
 * Compiles the predicates written at node (at pos, named `what` in
 * messages, e.g. "header 'content-type'"); ctx, node and what are
 * borrowed.  Returns a new list (predlist_free), or NULL after reporting
 * through ctx.
 */
struct predlist *predlist_compile(struct spec_ctx *ctx, const json_t *node,
	    struct srcpos pos, const char *what);
/* predlist_compile of a mapping node some keys of which, others (at most
 * 8, borrowed), are the caller's own rather than predicates: they are
 * skipped, and the list may hold no predicate when only they are
 * written. */
struct predlist *predlist_compile_beside(struct spec_ctx *ctx,
	    const json_t *node, struct srcpos pos, const char *what,
	    const char *const *others, size_t nothers);
void	 predlist_free(struct predlist *l);	/* accepts NULL */

/*
 * Checks the subject against every predicate; each failure appends one
 * line "LABEL: expected …, got …\n" to msg (and for JSON values that
 * differ, a line naming the first differing path).  When a value shown
 * was cut, its full text goes to detail (NULL: nowhere).  Every argument
 * is borrowed.  Returns the number of failed predicates (one that cannot
 * be decided, e.g. a {{var}} that is not set, counts as failed).
 */
int	 predlist_eval(const struct predlist *l, const char *label,
	    const struct subject *sj, const json_t *vars, struct buf *msg,
	    struct buf *detail);

/* predlist_eval on text s (borrowed; NULL: absent). */
int	 predlist_eval_text(const struct predlist *l, const char *label,
	    const char *s, size_t len, const json_t *vars, struct buf *msg);

/* Appends a value (borrowed) for a message to out: strings quoted and
 * escaped, the rest as compact JSON, cut at max bytes.  Returns non-zero
 * if it was cut. */
int	 describe_json(struct buf *out, const json_t *v, size_t max);

#endif
