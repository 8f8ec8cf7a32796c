/* jsonschema.h - validates JSON values against a JSON Schema (draft 2020-12
 * subset): type, enum, const, the numeric and length bounds, pattern,
 * properties, patternProperties, additionalProperties, required, items,
 * prefixItems, uniqueItems, allOf, anyOf, oneOf, not, boolean schemas and
 * local $ref into $defs (or definitions).  Other keywords are ignored. */
#ifndef SHAKEDOWN_JSONSCHEMA_H
#define SHAKEDOWN_JSONSCHEMA_H

#include <stddef.h>
#include <jansson.h>

#include "../base/buf.h"

struct jsonschema;

/*
 * Checks and prepares `schema` (borrowed; the struct keeps its own
 * reference).  Returns new, or NULL with err set to a one-line reason and
 * *where set to a new string: the JSON Pointer of the faulty schema keyword
 * (e.g. "/properties/id/minimum") - caller frees.  Unknown keywords are
 * ignored as the spec says, except that keywords of the supported
 * vocabulary with wrong types are errors ("minimum must be a number").
 */
struct jsonschema *jsonschema_new(const json_t *schema, char **where, char *err,
	    size_t errlen);
void	 jsonschema_free(struct jsonschema *s);	/* accepts NULL */

/*
 * Validates v against s (both borrowed).  Returns the number of
 * violations (0: valid); appends up to `max` of them to msg (borrowed), one line each ("\n"-terminated), formatted as
 *   $.items[2].id: expected type integer, got string "7"
 * (instance location as a JSONPath-like path from $, then the reason).
 * Values quoted in messages are compact JSON cut to 60 bytes with "…".
 * The compiled schema is never changed: threads may share it.
 */
int	 jsonschema_validate(const struct jsonschema *s, const json_t *v,
	    struct buf *msg, int max);

#endif
