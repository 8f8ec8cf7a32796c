/* step_click.c - `click: SELECTOR`: as a user clicks: waits for the
 * element to be attached, visible, enabled, still and not covered,
 * scrolls it into view, then a left button press and release at its
 * centre (Input.dispatchMouseEvent); a navigation it starts is waited
 * for. */
#include <stdlib.h>

#include "browser_impl.h"
#include "browser_steps.h"

static int
click_compile(struct spec_ctx *ctx, const json_t *step, const json_t *v,
    void **arg)
{
	char *sel;

	if (step_selector_arg(ctx, step, "click", v, NULL, &sel, NULL) == -1) {
		free(sel);
		return -1;
	}
	*arg = sel;
	return 0;
}

static int
click_run(struct page *p, const void *arg, const json_t *vars,
    double deadline, long timeout_ms, struct buf *why)
{
	static const char *const types[] = { "mouseMoved", "mousePressed",
	    "mouseReleased" };
	char *sel;
	double x, y;
	size_t i;
	int r;

	if ((sel = step_expand(arg, vars, why)) == NULL)
		return -1;
	r = page_ready(p, sel, "click", deadline, timeout_ms, &x, &y, why);
	free(sel);
	if (r != 0)
		return r;
	for (i = 0; i < 3; i++) {
		r = page_call(p, "Input.dispatchMouseEvent", json_pack(
		    "{s:s, s:f, s:f, s:s, s:i}", "type", types[i], "x", x, "y", y,
		    "button", i ? "left" : "none", "clickCount", i ? 1 : 0),
		    deadline + 5, NULL, why);
		if (r != 0)
			return r == -2 ? -3 : -1;
	}
	return page_settle(p, deadline, why);
}

static void
click_describe(const void *arg, const json_t *vars, struct buf *out)
{
	char *s = step_expand_quiet(arg, vars);

	buf_adds(out, "click ");
	step_quote(out, s);
	free(s);
}

const struct browser_step_kind step_click = {
	.key = "click",
	.compile = click_compile,
	.run = click_run,
	.free = free,
	.describe = click_describe,
};
