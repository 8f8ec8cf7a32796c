/* browser_test.c - a test's `browser:` compiled: what it opens, its
 * steps (each a mapping of one kind key and an optional timeout:), the
 * headers and cookies of its page, the step timeout, the viewport. */
#include <stdlib.h>
#include <string.h>

#include "../base/spec_ctx.h"
#include "../base/suggest.h"
#include "../base/xalloc.h"
#include "browser.h"
#include "browser_steps.h"

#define MAX_VIEWPORT	10000

static int
compile_pairs(struct spec_ctx *ctx, const json_t *obj, const char *key,
    struct http_header **out, size_t *n)
{
	const json_t *m = json_object_get(obj, key);
	const char *k;
	json_t *v;
	size_t i = 0;
	int bad = 0;

	if (!json_is_object(m)) {
		spec_error(ctx, spec_valpos(ctx, obj, key), "%s must be a "
		    "mapping of names to values, got %s", key, spec_typename(m));
		return -1;
	}
	*out = xcalloc(json_object_size(m) + 1, sizeof(**out));
	json_object_foreach((json_t *)m, k, v) {
		char *val = spec_string(ctx, v, spec_valpos(ctx, m, k), key, 1);

		if (val == NULL) {
			bad = 1;
			continue;
		}
		(*out)[i].name = xstrdup(k);
		(*out)[i].value = val;
		i++;
	}
	*n = i;
	return bad ? -1 : 0;
}

static int
compile_viewport(struct spec_ctx *ctx, const json_t *obj,
    struct browser_test *bt)
{
	static const char *const allowed[] = { "width", "height" };
	const json_t *m = json_object_get(obj, "viewport"), *x;
	int *dims[2] = { &bt->width, &bt->height };
	size_t i;

	if (!json_is_object(m)) {
		spec_error(ctx, spec_valpos(ctx, obj, "viewport"), "viewport "
		    "must be a mapping { width: N, height: N }, got %s",
		    spec_typename(m));
		return -1;
	}
	if (spec_keys(ctx, m, "viewport", allowed, 2) > 0)
		return -1;
	for (i = 0; i < 2; i++) {
		if ((x = json_object_get(m, allowed[i])) == NULL)
			continue;
		if (!json_is_integer(x) || json_integer_value(x) < 1 ||
		    json_integer_value(x) > MAX_VIEWPORT) {
			spec_error(ctx, spec_valpos(ctx, m, allowed[i]), "%s must "
			    "be a number of pixels from 1 to %d", allowed[i],
			    MAX_VIEWPORT);
			return -1;
		}
		*dims[i] = (int)json_integer_value(x);
	}
	return 0;
}

/* Step i of steps: a mapping of one kind key and maybe timeout:. */
static int
compile_step(struct spec_ctx *ctx, const json_t *steps, size_t i,
    struct browser_step *st)
{
	const json_t *m = json_array_get(steps, i);
	const char *names[16], *k, *found = NULL, *near;
	struct srcpos pos = spec_itempos(ctx, steps, i);
	json_t *v;
	size_t j;

	st->timeout_ms = -1;
	st->line = pos.line;
	st->col = pos.col;
	for (j = 0; j < browser_nstep_kinds; j++)
		names[j] = browser_step_kinds[j]->key;
	if (!json_is_object(m)) {
		spec_error(ctx, pos, "a step is a mapping (open, wait, click, "
		    "fill, select, press, eval), got %s", spec_typename(m));
		return -1;
	}
	json_object_foreach((json_t *)m, k, v) {
		if (strcmp(k, "timeout") == 0)
			continue;
		for (j = 0; j < browser_nstep_kinds; j++)
			if (strcmp(k, names[j]) == 0)
				break;
		if (j == browser_nstep_kinds) {
			names[j] = "timeout";
			if ((near = suggest(k, names, j + 1)) != NULL)
				spec_error(ctx, spec_keypos(ctx, m, k), "unknown "
				    "step '%s' (did you mean '%s'?)", k, near);
			else
				spec_error(ctx, spec_keypos(ctx, m, k), "unknown "
				    "step '%s' (open, wait, click, fill, select, "
				    "press, eval)", k);
			return -1;
		}
		if (found != NULL) {
			spec_error(ctx, spec_keypos(ctx, m, k), "a step does one "
			    "thing: both '%s' and '%s' (write two steps)", found,
			    k);
			return -1;
		}
		found = k;
		st->kind = browser_step_kinds[j];
	}
	if (found == NULL) {
		spec_error(ctx, pos, "a step needs one of open, wait, click, "
		    "fill, select, press, eval");
		return -1;
	}
	if (json_object_get(m, "timeout") != NULL &&
	    spec_duration(ctx, json_object_get(m, "timeout"),
	    spec_valpos(ctx, m, "timeout"), "timeout", &st->timeout_ms) == -1)
		return -1;
	if (st->kind->compile(ctx, m, json_object_get(m, found), &st->arg) == -1) {
		st->kind = NULL;
		return -1;
	}
	return 0;
}

struct browser_test *
browser_test_compile(struct spec_ctx *ctx, const json_t *test,
    const json_t *node)
{
	static const char *const allowed[] = { "open", "steps", "headers",
	    "cookies", "timeout", "viewport" };
	struct browser_test *bt = xcalloc(1, sizeof(*bt));
	const json_t *steps, *v;
	struct srcpos pos = spec_valpos(ctx, test, "browser");
	size_t i;
	int bad = 0;

	bt->timeout_ms = -1;
	bt->width = 1280;
	bt->height = 800;
	if (json_is_string(node)) {
		if ((bt->open = spec_string(ctx, node, pos, "browser", 0)) == NULL)
			goto fail;
		return bt;
	}
	if (!json_is_object(node)) {
		spec_error(ctx, pos, "browser must be a path to open or a mapping "
		    "(open, steps, headers, cookies, timeout, viewport), got %s",
		    spec_typename(node));
		goto fail;
	}
	if (spec_keys(ctx, node, "browser", allowed,
	    sizeof(allowed) / sizeof(allowed[0])) > 0)
		bad = 1;
	if ((v = json_object_get(node, "open")) != NULL &&
	    (bt->open = spec_string(ctx, v, spec_valpos(ctx, node, "open"),
	    "open", 0)) == NULL)
		bad = 1;
	if ((v = json_object_get(node, "timeout")) != NULL &&
	    spec_duration(ctx, v, spec_valpos(ctx, node, "timeout"), "timeout",
	    &bt->timeout_ms) == -1)
		bad = 1;
	if (json_object_get(node, "viewport") != NULL &&
	    compile_viewport(ctx, node, bt) == -1)
		bad = 1;
	if (json_object_get(node, "headers") != NULL &&
	    compile_pairs(ctx, node, "headers", &bt->headers, &bt->nheaders) == -1)
		bad = 1;
	if (json_object_get(node, "cookies") != NULL &&
	    compile_pairs(ctx, node, "cookies", &bt->cookies, &bt->ncookies) == -1)
		bad = 1;
	if ((steps = json_object_get(node, "steps")) != NULL) {
		if (!json_is_array(steps)) {
			spec_error(ctx, spec_valpos(ctx, node, "steps"), "steps "
			    "must be a list, got %s", spec_typename(steps));
			bad = 1;
		} else {
			bt->steps = xcalloc(json_array_size(steps) + 1,
			    sizeof(*bt->steps));
			for (i = 0; i < json_array_size(steps); i++) {
				bt->nsteps++;
				if (compile_step(ctx, steps, i, &bt->steps[i]) == -1)
					bad = 1;
			}
		}
	}
	if (!bad && bt->open == NULL && bt->nsteps == 0) {
		spec_error(ctx, pos, "browser needs open or steps");
		bad = 1;
	}
	if (!bad)
		return bt;
fail:
	browser_test_free(bt);
	return NULL;
}

void
browser_test_free(struct browser_test *bt)
{
	size_t i;

	if (bt == NULL)
		return;
	free(bt->open);
	for (i = 0; i < bt->nsteps; i++)
		if (bt->steps[i].kind != NULL)
			bt->steps[i].kind->free(bt->steps[i].arg);
	free(bt->steps);
	for (i = 0; i < bt->nheaders; i++) {
		free(bt->headers[i].name);
		free(bt->headers[i].value);
	}
	free(bt->headers);
	for (i = 0; i < bt->ncookies; i++) {
		free(bt->cookies[i].name);
		free(bt->cookies[i].value);
	}
	free(bt->cookies);
	free(bt);
}
