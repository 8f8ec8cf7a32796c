/* jsonscan.h - the values at a singular JSONPath ($.a.b[0]) of a JSON
 * text, without building its tree: one pass that checks the whole text
 * as jansson reads it (RFC 8259, with JSON_DECODE_ANY | JSON_ALLOW_NUL)
 * and builds only the value selected, numbers exact as jsonvalue_loadb
 * keeps them, the last of duplicate keys winning as in the tree. */
#ifndef SHAKEDOWN_JSONSCAN_H
#define SHAKEDOWN_JSONSCAN_H

#include <stddef.h>

#include <jansson.h>

/* One step of a path: a member name (name not NULL, namelen bytes), or
 * an array index (>= 0) when name is NULL. */
struct jsonscan_step {
	const char	*name;
	size_t		 namelen;
	long long	 index;
};

/* A path for jsonscan_select_all: its steps (borrowed), and what it
 * selects (new, or NULL). */
struct jsonscan_path {
	const struct jsonscan_step *steps;
	size_t		 n;
	json_t		*out;
};

#define JSONSCAN_MAX	64	/* paths in one scan */

/*
 * Selects steps[0..n) (n >= 1; all borrowed) in the JSON text s[0..len)
 * (borrowed).  Returns 1 when the whole text is JSON that
 * jsonvalue_loadb(s, len, JSON_DECODE_ANY | JSON_ALLOW_NUL) reads, with
 * *out the value the path selects in it (new), or NULL when it selects
 * nothing.  Returns 0, *out NULL, when the text is not JSON, or is JSON
 * the scan does not vouch for (nesting past 1000 levels, numbers near
 * the limits of a double): the caller parses it for the verdict and its
 * message.
 */
int	 jsonscan_select(const char *s, size_t len,
	    const struct jsonscan_step *steps, size_t n, json_t **out);

/* jsonscan_select for up to JSONSCAN_MAX paths in one pass: 1 with each
 * path's out set (new, or NULL: it selects nothing); 0 with every out
 * NULL, as jsonscan_select. */
int	 jsonscan_select_all(const char *s, size_t len,
	    struct jsonscan_path *paths, size_t npaths);

#endif
