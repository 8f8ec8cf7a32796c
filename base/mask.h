/* mask.h - secrets: values never written to any output; each is replaced
 * with "[MASKED]", also in its URL-encoded and base64 forms.
 *
 * A secret is found as raw bytes and in any mix of %XX (either hex case),
 * '+' for space, JSON escapes (\/, \", \\, \n, \u00XX) and XML entities
 * (&amp;, &lt;, &quot;, &#NN;, ...); in base64 (standard or URL-safe, padded
 * or not), both as the encoding of the value alone at any byte alignment and
 * inside any base64 token whose decoded bytes hold it (the password of an
 * "Authorization: Basic" header, a JWT payload): such a token is masked
 * whole.
 */
#ifndef SHAKEDOWN_MASK_H
#define SHAKEDOWN_MASK_H

#include <stddef.h>
#include <jansson.h>

#define MASK_TEXT	"[MASKED]"
#define MASK_MIN	4	/* shortest secret accepted */

struct mask;

/* New, empty (mask_free). */
struct mask	*mask_new(void);
/* Frees m and its secrets; accepts NULL. */
void		 mask_free(struct mask *m);
/* Adds a secret value (borrowed: copied).  Values shorter than MASK_MIN
 * bytes are refused (returns -1): masking "a" would wreck every output.
 * Adding a value already present is a no-op.  Returns 0.  Thread-safe: may
 * be called while other threads call mask_apply. */
int		 mask_add(struct mask *m, const char *value);
/* The number of distinct secrets. */
size_t		 mask_count(const struct mask *m);
/* The secrets themselves, longest first: a new array of strings (for a
 * browser page that must hide them before its screenshot); never NULL. */
json_t		*mask_values(const struct mask *m);
/* Returns a new NUL-terminated string: `s` (borrowed; len bytes, may hold
 * NULs) with every occurrence of every secret form replaced by "[MASKED]";
 * overlapping occurrences become one "[MASKED]".  Returns a copy when
 * nothing matched; m NULL or empty gives a copy.  *outlen (may be NULL) is
 * set to the length. */
char		*mask_apply(const struct mask *m, const char *s, size_t len,
		    size_t *outlen);
/* In place on a heap string: *sp is replaced (freed) when something was
 * masked.  Convenience for struct fields; *sp NULL is fine. */
void		 mask_string(const struct mask *m, char **sp);
/* The process-wide mask used by the reporters and log writers: borrowed,
 * created on first use, freed at exit. */
struct mask	*mask_global(void);

#endif
