/* step_open.c - `open: PATH`: navigates the page (Page.navigate) and waits
 * for its load event; a path joins the run's base URL. */
#include <stdlib.h>

#include "browser_impl.h"
#include "browser_steps.h"

static int
open_compile(struct spec_ctx *ctx, const json_t *step, const json_t *v,
    void **arg)
{
	char *url = spec_string(ctx, v, spec_valpos(ctx, step, "open"),
	    "open", 0);

	*arg = url;
	return url ? 0 : -1;
}

static int
open_run(struct page *p, const void *arg, const json_t *vars, double deadline,
    long timeout_ms, struct buf *why)
{
	char *path, *url;
	int r;

	if ((path = step_expand(arg, vars, why)) == NULL)
		return -1;
	url = page_resolve(p, path, why);
	free(path);
	if (url == NULL)
		return -1;
	r = page_open(p, url, deadline, why);
	free(url);
	return r;
}

static void
open_describe(const void *arg, const json_t *vars, struct buf *out)
{
	char *s = step_expand_quiet(arg, vars);

	buf_adds(out, "open ");
	step_quote(out, s);
	free(s);
}

const struct browser_step_kind step_open = {
	.key = "open",
	.compile = open_compile,
	.run = open_run,
	.free = free,
	.describe = open_describe,
};
