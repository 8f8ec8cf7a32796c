/* expand.h - the two substitutions of spec strings:
 *   ${NAME}, ${NAME:-default}  from the environment, when the spec loads;
 *   {{name}}                   from the spec's variables, when a test runs.
 * "$${" writes a literal "${" and "\{{" a literal "{{". */
#ifndef SHAKEDOWN_EXPAND_H
#define SHAKEDOWN_EXPAND_H

#include <stddef.h>
#include <jansson.h>

/* Expands ${…} in `in` (borrowed).  Returns a new string, or NULL with err
 * set and *erroff the byte offset of the faulty reference in `in`. */
char	*expand_env(const char *in, size_t *erroff, char *err, size_t errlen);

/* Expands {{name}} from `vars` (a borrowed object; strings are inserted
 * as they are, other values as compact JSON).  Returns a new string, or
 * NULL with err set ("undefined variable 'x'") and *erroff. */
char	*expand_vars(const char *in, const json_t *vars, size_t *erroff,
	    char *err, size_t errlen);

/* Checks that every {{name}} of `in` is a key of `known` (a borrowed object
 * whose values are ignored) without expanding; each name found is set in
 * `used` (a borrowed object, or NULL; it gets new members).  Returns 0, or
 * -1 as above. */
int	 expand_check(const char *in, const json_t *known, json_t *used,
	    size_t *erroff, char *err, size_t errlen);

/* When `in` is exactly one reference "{{name}}", that variable's value
 * (borrowed, keeping its JSON type), else NULL. */
const json_t *expand_whole(const char *in, const json_t *vars);

/* Non-zero if `in` (borrowed) contains a {{…}} reference. */
int	 expand_has_vars(const char *in);

#endif
