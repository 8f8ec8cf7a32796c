/* step_eval.c - `eval: CODE`: runs JavaScript in the page (an expression
 * or statements, global scope), awaits the promise it gives; its value
 * is the page's `result` (expect.result); an exception fails the step
 * with its message. */
#include <stdlib.h>

#include "browser_impl.h"
#include "browser_steps.h"

static int
eval_compile(struct spec_ctx *ctx, const json_t *step, const json_t *v,
    void **arg)
{
	char *code = spec_string(ctx, v, spec_valpos(ctx, step, "eval"),
	    "eval", 0);

	*arg = code;
	return code ? 0 : -1;
}

static int
eval_run(struct page *p, const void *arg, const json_t *vars, double deadline,
    long timeout_ms, struct buf *why)
{
	json_t *v;
	char *code;
	int r;

	if ((code = step_expand(arg, vars, why)) == NULL)
		return -1;
	r = page_eval(p, code, deadline, &v, why);
	free(code);
	if (r == -3)
		return -3;
	if (r != 0)
		return -1;
	json_decref(p->result);
	p->result = v;
	return page_settle(p, deadline, why);
}

static void
eval_describe(const void *arg, const json_t *vars, struct buf *out)
{
	char *s = step_expand_quiet(arg, vars);

	buf_adds(out, "eval ");
	step_quote(out, s);
	free(s);
}

const struct browser_step_kind step_eval = {
	.key = "eval",
	.compile = eval_compile,
	.run = eval_run,
	.free = free,
	.describe = eval_describe,
};
