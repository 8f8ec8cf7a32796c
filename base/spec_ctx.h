/* spec_ctx.h - what validation code needs while a spec is built: error
 * reporting at file:line:column, key and type checks, strings with ${ENV}
 * expanded, regexes compiled with their errors placed at the right column.
 * Used by spec.c and by each assertion kind's compile function. */
#ifndef SHAKEDOWN_SPEC_CTX_H
#define SHAKEDOWN_SPEC_CTX_H

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <jansson.h>

#include "buf.h"
#include "srcdoc.h"

struct spec_ctx {
	struct srcdoc	*doc;		/* borrowed */
	const char	*path;
	const char	*text;		/* the file's bytes (for columns), or
					 * NULL: read from path when needed */
	size_t		 textlen;
	struct buf	*whole;		/* owned: the file read for a message */
	struct buf	*errs;		/* borrowed: messages go here */
	int		 nerrs;
	json_t		*vars;		/* borrowed: names {{…}} may use */
	json_t		*used;		/* borrowed or NULL: names seen in {{…}} */
	json_t		*own;		/* borrowed: the captures of the test
					 * being loaded */
	int		 depth;		/* include: nesting */
	json_t		*regexes;	/* pattern → compiled code, for copies:
					 * ten thousand tests share a few */
};

/* Appends "PATH:LINE:COL: message\n" to the errors (c->errs). */
void	 spec_error(struct spec_ctx *c, struct srcpos pos, const char *fmt, ...)
	    __attribute__((format(printf, 3, 4)));

/* Where key of obj (borrowed), its value, item i of arr are written. */
struct srcpos spec_keypos(struct spec_ctx *c, const json_t *obj, const char *key);
struct srcpos spec_valpos(struct spec_ctx *c, const json_t *obj, const char *key);
struct srcpos spec_itempos(struct spec_ctx *c, const json_t *arr, size_t i);

/* The position of byte `off` of the scalar (a key or a value) at pos,
 * walking through quotes and escapes. */
struct srcpos spec_pos_at(struct spec_ctx *c, struct srcpos pos, size_t off);

/* "a string", "an integer", "a list", "a mapping"… (static); v borrowed. */
const char *spec_typename(const json_t *v);

/*
 * Reports every key of obj (borrowed) not in `allowed` (n names, borrowed),
 * with a "did you mean" when one is close.  `what` names the mapping in the
 * message ("test", "expect").  Returns the number of unknown keys.
 */
int	 spec_keys(struct spec_ctx *c, const json_t *obj, const char *what,
	    const char *const *allowed, size_t n);

/*
 * A string value v (borrowed) at pos: ${ENV} expanded, {{vars}} checked
 * against the known names.  Numbers and booleans are accepted and turned
 * into text when `scalar_ok`.  Returns a new string, or NULL after
 * reporting.
 */
char	*spec_string(struct spec_ctx *c, const json_t *v, struct srcpos pos,
	    const char *what, int scalar_ok);

/*
 * A deep copy of the value v (borrowed) at pos in which every string, key
 * names aside, went through spec_string.  Returns a new value, or NULL
 * after reporting.
 */
json_t	*spec_value(struct spec_ctx *c, const json_t *v, struct srcpos pos,
	    const char *what);

/* A duration ("500ms", "2s"), v (borrowed) at pos, into *ms; returns 0, or
 * -1 after reporting. */
int	 spec_duration(struct spec_ctx *c, const json_t *v, struct srcpos pos,
	    const char *what, long *ms);
/* A boolean, v (borrowed) at pos; returns 0/1, or -1 after reporting. */
int	 spec_bool(struct spec_ctx *c, const json_t *v, struct srcpos pos,
	    const char *what);

/*
 * Compiles a PCRE2 pattern (UTF mode) from the string v (borrowed) at pos,
 * {{vars}} expanded first; a compile error is reported at the column of the
 * faulty character.  Returns code borrowed from the process's regex cache
 * (base/regex_cache.h: one per pattern, never freed by the caller), or
 * NULL after reporting.
 */
pcre2_code *spec_regex(struct spec_ctx *c, const json_t *v, struct srcpos pos,
	    const char *what);

/* Frees what the context keeps (its cache of compiled regexes, the file
 * read for a message). */
void	 spec_ctx_release(struct spec_ctx *c);

#endif
