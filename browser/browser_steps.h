/* browser_steps.h - the kinds of a browser test's steps (open, wait,
 * click, fill, select, press, eval): one const struct each, in the table
 * of browser_steps.c, each defined in a file of its own (step_NAME.c). */
#ifndef SHAKEDOWN_BROWSER_STEPS_H
#define SHAKEDOWN_BROWSER_STEPS_H

#include <stddef.h>
#include <jansson.h>

#include "../base/buf.h"
#include "../base/spec_ctx.h"
#include "browser.h"

struct browser_step_kind {
	const char	*key;		/* its key in a step */
	/* Compiles value (the key's, borrowed; step: the whole mapping, for
	 * positions) into *arg (new).  Returns 0, or -1 after reporting
	 * through ctx. */
	int		(*compile)(struct spec_ctx *ctx, const json_t *step,
			    const json_t *value, void **arg);
	/* Runs the step in p until deadline (clock_now() seconds;
	 * timeout_ms is that time, for messages), templates expanded from
	 * vars (borrowed).  Returns 0; -1 with why set to the reason ("no
	 * element matches '#x' within 10 s"); -3 when the browser is lost. */
	int		(*run)(struct page *p, const void *arg,
			    const json_t *vars, double deadline,
			    long timeout_ms, struct buf *why);
	void		(*free)(void *arg);	/* accepts NULL */
	/* "click '#add'" (templates expanded from vars when they can be). */
	void		(*describe)(const void *arg, const json_t *vars,
			    struct buf *out);
};

extern const struct browser_step_kind step_open, step_wait, step_click,
    step_fill, step_select, step_press, step_eval;

/* The table, in the order the keys are listed in messages. */
extern const struct browser_step_kind *const browser_step_kinds[];
extern const size_t browser_nstep_kinds;

/* Helpers the kinds share (browser_steps.c). */

/* A template (borrowed) expanded from vars; a new string, or NULL with
 * why set ("undefined variable 'x'"). */
char	*step_expand(const char *tmpl, const json_t *vars, struct buf *why);
/* As step_expand, the template itself when it cannot expand (for a log
 * line). */
char	*step_expand_quiet(const char *tmpl, const json_t *vars);
/* A string key value at pos, templates checked; NULL after reporting. */
char	*step_string(struct spec_ctx *ctx, const json_t *obj, const char *key,
	    const char *what);
/* "'text'" quoted for a log line, cut at 60 bytes. */
void	 step_quote(struct buf *out, const char *s);
/* The value of a step written as a string or as { selector: … } or
 * { SEL: VALUE }: fills *sel and (when value_key) *value. */
/* A selector written at v (at pos, named what in messages): ${ENV}
 * expanded, {{names}} checked, an XPath compiled (page_selector_check).
 * Returns new, or NULL after reporting through ctx. */
char	*step_selector(struct spec_ctx *ctx, const json_t *v, struct srcpos pos,
	    const char *what);
int	 step_selector_arg(struct spec_ctx *ctx, const json_t *step,
	    const char *key, const json_t *v, const char *value_key,
	    char **sel, char **value);

#endif
