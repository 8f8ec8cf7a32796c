/* jsonvalue.h - JSON values whose numbers stay exact.
 *
 * jansson holds integers in 64 bits and reals in doubles.  A number past
 * that (18446744073709551615, 1e400) is kept here as a jansson real that
 * stands for it (its nearest double, clamped to the finite range) and is
 * registered with its exact decimal value.  The node is an ordinary
 * jansson real for everything else: it survives selection, references and
 * trees it is put in; only the functions below see its exact value, so
 * every comparison, copy and print of response or spec values goes
 * through them.  Registered nodes are immutable and thread-safe to share.
 */
#ifndef SHAKEDOWN_JSONVALUE_H
#define SHAKEDOWN_JSONVALUE_H

#include <stddef.h>

#include <jansson.h>

/* A JSON text (borrowed), as json_loadb(s, len, flags, je) but with numbers
 * jansson cannot hold kept exact.  flags as json_loadb's, without
 * JSON_DECODE_INT_AS_REAL and JSON_DISABLE_EOF_CHECK.  New, or NULL with
 * *je set as jansson sets it. */
json_t	*jsonvalue_loadb(const char *s, size_t len, size_t flags,
	    json_error_t *je);

/* The number whose JSON text (RFC 8259, nothing around it) is s[0..len)
 * (borrowed): a jansson integer or real when one holds it exactly enough,
 * else an exact big number.  New, or NULL when s is not a JSON number or
 * its exponent is past a billion. */
json_t	*jsonvalue_number(const char *s, size_t len);

/* The integer whose digits in base 8, 10 or 16 are s[0..len) (no sign, no
 * prefix; borrowed), negative with `neg`.  New, or NULL for a bad digit. */
json_t	*jsonvalue_integer(const char *s, size_t len, int base, int neg);

/* A big number's exact JSON text (borrowed, lives as long as v), or NULL
 * for any other value. */
const char *jsonvalue_big(const json_t *v);

/* An integer: a jansson integer or a big number written as an integer (a
 * real, even 2.0, is not).  v borrowed, as in every function below. */
int	 jsonvalue_is_integer(const json_t *v);

/* -1, 0 or 1 as number a is below, equal to or above number b, exactly
 * (1 equals 1.0; 9007199254740993 is above 9007199254740992.0). */
int	 jsonvalue_numcmp(const json_t *a, const json_t *b);

/* Two numbers, or two strings (by their UTF-8 bytes, so by code points):
 * 0 with *cmp set to -1, 0 or 1; -1 when a and b are not ordered. */
int	 jsonvalue_order(const json_t *a, const json_t *b, int *cmp);

/* Deep equality: numbers by value as jsonvalue_numcmp, strings by bytes,
 * arrays item by item, objects member by member in any order.  NULL
 * equals only NULL.  Past 4096 levels of nesting, values are unequal. */
int	 jsonvalue_equal(const json_t *a, const json_t *b);

/* Whether number v is a multiple of number m (m > 0): exactly for
 * integers, within a relative 1e-9 for reals. */
int	 jsonvalue_multiple(const json_t *v, const json_t *m);

/* json_dumps(v, flags) printing big numbers exactly.  flags as
 * json_dumps's, without JSON_SORT_KEYS and JSON_EMBED.  New (free()), or
 * NULL as json_dumps. */
char	*jsonvalue_dumps(const json_t *v, size_t flags);

/* json_deep_copy(v) that keeps big numbers (they are shared).  New; v
 * borrowed. */
json_t	*jsonvalue_copy(const json_t *v);

#endif
