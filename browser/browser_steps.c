/* browser_steps.c - the table of step kinds, and what they share:
 * templates expanded at run time, the forms a selector argument takes,
 * quoting for the log line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../assertions/assert.h"
#include "../base/buf.h"
#include "../base/expand.h"
#include "../base/spec_ctx.h"
#include "../base/xalloc.h"
#include "browser_steps.h"

const struct browser_step_kind *const browser_step_kinds[] = {
	&step_open, &step_wait, &step_click, &step_fill, &step_select,
	&step_press, &step_eval,
};
const size_t browser_nstep_kinds =
    sizeof(browser_step_kinds) / sizeof(browser_step_kinds[0]);

char *
step_expand(const char *tmpl, const json_t *vars, struct buf *why)
{
	char err[256], *s;
	size_t off;

	if ((s = expand_vars(tmpl, vars, &off, err, sizeof(err))) == NULL)
		buf_adds(why, err);
	return s;
}

char *
step_expand_quiet(const char *tmpl, const json_t *vars)
{
	char err[256], *s;
	size_t off;

	if ((s = expand_vars(tmpl, vars, &off, err, sizeof(err))) == NULL)
		s = xstrdup(tmpl);
	return s;
}

char *
step_string(struct spec_ctx *ctx, const json_t *obj, const char *key,
    const char *what)
{
	return spec_string(ctx, json_object_get(obj, key),
	    spec_valpos(ctx, obj, key), what, 1);
}

void
step_quote(struct buf *out, const char *s)
{
	size_t n = strlen(s);

	if (n > 60)
		buf_addf(out, "'%.57s...'", s);
	else
		buf_addf(out, "'%s'", s);
}

char *
step_selector(struct spec_ctx *ctx, const json_t *v, struct srcpos pos,
    const char *what)
{
	char err[256], *sel;
	size_t off;

	if ((sel = spec_string(ctx, v, pos, what, 0)) == NULL)
		return NULL;
	/* One with {{names}} is checked by the browser, once expanded. */
	if (!expand_has_vars(sel) &&
	    page_selector_check(sel, &off, err, sizeof(err)) == -1) {
		spec_error(ctx, pos, "bad selector '%s': %s", sel, err);
		free(sel);
		return NULL;
	}
	return sel;
}

int
step_selector_arg(struct spec_ctx *ctx, const json_t *step, const char *key,
    const json_t *v, const char *value_key, char **sel, char **value)
{
	const char *k;
	json_t *x = NULL;
	char what[64];

	*sel = NULL;
	if (value != NULL)
		*value = NULL;
	if (json_is_string(v) && value_key == NULL) {
		*sel = step_selector(ctx, v, spec_valpos(ctx, step, key),
		    "a selector");
		return *sel ? 0 : -1;
	}
	if (!json_is_object(v)) {
		spec_error(ctx, spec_valpos(ctx, step, key), value_key ?
		    "%s takes a mapping { SELECTOR: %s } or { selector: …, "
		    "%s: … }, got %s" : "%s takes a selector or { selector: … },"
		    " got %s", key, value_key ? value_key : spec_typename(v),
		    value_key ? value_key : "", spec_typename(v));
		return -1;
	}
	if (json_object_get(v, "selector") != NULL) {
		const char *allowed[2] = { "selector", value_key };

		if (spec_keys(ctx, v, key, allowed, value_key ? 2 : 1) > 0)
			return -1;
		*sel = step_selector(ctx, json_object_get(v, "selector"),
		    spec_valpos(ctx, v, "selector"), "selector");
		if (*sel == NULL)
			return -1;
		if (value_key == NULL)
			return 0;
		if ((x = json_object_get(v, value_key)) == NULL) {
			spec_error(ctx, spec_valpos(ctx, step, key),
			    "%s needs '%s'", key, value_key);
			return -1;
		}
		snprintf(what, sizeof(what), "%s", value_key);
		*value = spec_string(ctx, x, spec_valpos(ctx, v, value_key),
		    what, 1);
		return *value ? 0 : -1;
	}
	if (value_key == NULL || json_object_size(v) != 1) {
		spec_error(ctx, spec_valpos(ctx, step, key), value_key ?
		    "%s takes one selector: { SELECTOR: %s }" :
		    "%s takes { selector: … }%s", key, value_key ? value_key : "");
		return -1;
	}
	json_object_foreach((json_t *)v, k, x)
		break;
	{
		json_t *ks = json_string(k);

		/* The key is the selector: a template like any value. */
		*sel = step_selector(ctx, ks, spec_keypos(ctx, v, k),
		    "a selector");
		json_decref(ks);
	}
	if (*sel == NULL)
		return -1;
	*value = spec_string(ctx, x, spec_valpos(ctx, v, k), value_key, 1);
	if (*value == NULL) {
		free(*sel);
		*sel = NULL;
		return -1;
	}
	return 0;
}
