/* step_fill.c - `fill: { SELECTOR: VALUE }`: waits for an editable field
 * (visible, enabled, not read-only), focuses it, selects what it holds and
 * types the value over it (Input.insertText: the input events of typing;
 * change comes as a user's does, when the field loses focus or a form is
 * submitted); an empty value clears the field.  Date and time
 * inputs, which take no typing, get their value set. */
#include <stdlib.h>
#include <string.h>

#include "../base/xalloc.h"
#include "browser_impl.h"
#include "browser_steps.h"

struct fill {
	char	*sel;
	char	*value;
};

/* 'typed': selected, ready for the text; 'set': done. */
static const char prepare_js[] =
"(sel, value) => {"
" const el = sdFind(sel).nodes.find(n => n.nodeType === 1);"
" if (el.tagName === 'INPUT' && ['date', 'time', 'datetime-local', 'month', 'week']"
"     .includes(el.type)) {"
"  el.value = value;"
"  el.dispatchEvent(new Event('input', {bubbles: true}));"
"  el.dispatchEvent(new Event('change', {bubbles: true}));"
"  return 'set';"
" }"
" el.focus();"
" if (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA') el.select();"
" else { const r = document.createRange(); r.selectNodeContents(el);"
"  const s = getSelection(); s.removeAllRanges(); s.addRange(r); }"
" if (value === '') document.execCommand('delete');"
" return 'typed';"
"}";

static void
fill_free(void *arg)
{
	struct fill *f = arg;

	if (f == NULL)
		return;
	free(f->sel);
	free(f->value);
	free(f);
}

static int
fill_compile(struct spec_ctx *ctx, const json_t *step, const json_t *v,
    void **arg)
{
	struct fill *f = xcalloc(1, sizeof(*f));

	if (step_selector_arg(ctx, step, "fill", v, "value", &f->sel,
	    &f->value) == -1) {
		fill_free(f);
		return -1;
	}
	*arg = f;
	return 0;
}

static int
fill_run(struct page *p, const void *arg, const json_t *vars, double deadline,
    long timeout_ms, struct buf *why)
{
	const struct fill *f = arg;
	char *sel, *value = NULL;
	json_t *done = NULL;
	double x, y;
	int r = -1;

	if ((sel = step_expand(f->sel, vars, why)) == NULL ||
	    (value = step_expand(f->value, vars, why)) == NULL)
		goto out;
	if ((r = page_ready(p, sel, "fill", deadline, timeout_ms, &x, &y,
	    why)) != 0)
		goto out;
	if ((r = page_js(p, prepare_js, json_pack("[s, s]", sel, value),
	    deadline, &done, why)) != 0)
		goto out;
	if (json_string_value(done) != NULL &&
	    strcmp(json_string_value(done), "typed") == 0) {
		if (*value != '\0' && (r = page_call(p, "Input.insertText",
		    json_pack("{s:s}", "text", value), deadline + 5, NULL,
		    why)) != 0) {
			r = r == -2 ? -3 : -1;
			goto out;
		}
	}
out:
	if (r == -2)
		r = -1;
	json_decref(done);
	free(sel);
	free(value);
	return r;
}

static void
fill_describe(const void *arg, const json_t *vars, struct buf *out)
{
	const struct fill *f = arg;
	char *s = step_expand_quiet(f->sel, vars);
	char *v = step_expand_quiet(f->value, vars);

	buf_adds(out, "fill ");
	step_quote(out, s);
	buf_adds(out, " ");
	step_quote(out, v);
	free(s);
	free(v);
}

const struct browser_step_kind step_fill = {
	.key = "fill",
	.compile = fill_compile,
	.run = fill_run,
	.free = fill_free,
	.describe = fill_describe,
};
