/* step_select.c - `select: { SELECTOR: OPTION }`: waits for a <select>
 * (visible, enabled), then chooses the <option> whose value is OPTION,
 * else the one whose label is, and fires input and change as a user's
 * choice does. */
#include <stdlib.h>
#include <string.h>

#include "../base/clock.h"
#include "../base/xalloc.h"
#include "browser_impl.h"
#include "browser_steps.h"

struct choice {
	char	*sel;
	char	*option;
};

static const char choose_js[] =
"(sel, want) => {"
" const el = sdFind(sel).nodes.find(n => n.nodeType === 1);"
" const opts = Array.from(el.options);"
" const o = opts.find(o => o.value === want) ||"
"  opts.find(o => o.label.trim() === want || o.text.trim() === want);"
" if (!o) return {found: false, options: opts.slice(0, 10).map(o => o.value)};"
" if (o.disabled) return {found: false, disabled: true};"
" o.selected = true;"
" el.dispatchEvent(new Event('input', {bubbles: true}));"
" el.dispatchEvent(new Event('change', {bubbles: true}));"
" return {found: true};"
"}";

static void
select_free(void *arg)
{
	struct choice *c = arg;

	if (c == NULL)
		return;
	free(c->sel);
	free(c->option);
	free(c);
}

static int
select_compile(struct spec_ctx *ctx, const json_t *step, const json_t *v,
    void **arg)
{
	struct choice *c = xcalloc(1, sizeof(*c));

	if (step_selector_arg(ctx, step, "select", v, "value", &c->sel,
	    &c->option) == -1) {
		select_free(c);
		return -1;
	}
	*arg = c;
	return 0;
}

static int
select_run(struct page *p, const void *arg, const json_t *vars,
    double deadline, long timeout_ms, struct buf *why)
{
	const struct choice *c = arg;
	char *sel, *want = NULL, dur[32];
	json_t *res = NULL, *opts;
	double x, y;
	size_t i;
	int r = -1;

	if ((sel = step_expand(c->sel, vars, why)) == NULL ||
	    (want = step_expand(c->option, vars, why)) == NULL)
		goto out;
	for (;;) {
		if ((r = page_ready(p, sel, "select", deadline, timeout_ms, &x,
		    &y, why)) != 0)
			goto out;
		json_decref(res);
		res = NULL;
		if ((r = page_js(p, choose_js, json_pack("[s, s]", sel, want),
		    deadline, &res, why)) == -3)
			goto out;
		if (r == 0 && json_is_true(json_object_get(res, "found")))
			break;
		if (clock_now() >= deadline) {
			browser_duration(timeout_ms, dur, sizeof(dur));
			buf_addf(why, "'%s' has no %soption '%s' within %s",
			    sel, json_is_true(json_object_get(res, "disabled")) ?
			    "enabled " : "", want, dur);
			opts = json_object_get(res, "options");
			for (i = 0; i < json_array_size(opts); i++)
				buf_addf(why, "%s'%s'", i ? ", " : " (options: ",
				    json_string_value(json_array_get(opts, i)));
			if (json_array_size(opts) > 0)
				buf_adds(why, ")");
			r = -1;
			goto out;
		}
		if (page_pump(p, clock_now() + 0.05, why) == -1) {
			r = browser_lost(p->b, NULL) ? -3 : -1;
			goto out;
		}
	}
	r = 0;
out:
	if (r == -2)
		r = -1;
	json_decref(res);
	free(sel);
	free(want);
	return r;
}

static void
select_describe(const void *arg, const json_t *vars, struct buf *out)
{
	const struct choice *c = arg;
	char *s = step_expand_quiet(c->sel, vars);
	char *v = step_expand_quiet(c->option, vars);

	buf_adds(out, "select ");
	step_quote(out, s);
	buf_adds(out, " ");
	step_quote(out, v);
	free(s);
	free(v);
}

const struct browser_step_kind step_select = {
	.key = "select",
	.compile = select_compile,
	.run = select_run,
	.free = select_free,
	.describe = select_describe,
};
