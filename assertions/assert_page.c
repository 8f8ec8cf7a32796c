/* assert_page.c - what a browser test's page is once its steps are done
 * (the snapshot page_snapshot takes, assert_env.page): `title:` the
 * document's title; `errors:` its uncaught exceptions, `console:` its
 * console errors, `failedRequests:` the subresources that failed, each a
 * list of strings; `result:` the value of the last eval step, a JSON value
 * of its own type. */
#include <string.h>

#include "assert.h"
#include "predicate.h"

/* The snapshot's member `name` as the subject: text for a string, the
 * value itself otherwise (a list, a number…); absent when the member is
 * missing, or null when null_absent.  -1 when there is no page. */
static int
page_member(const struct assert_env *env, const char *name, int null_absent,
    const char *label, struct subject *sj, struct buf *why)
{
	const json_t *v;

	if (env->page == NULL) {
		buf_adds(why, "no page (not a browser test)");
		return -1;
	}
	v = json_object_get(env->page, name);
	if (v == NULL || (null_absent && json_is_null(v)))
		buf_addf(why, "no %s in the page", label);
	else if (json_is_string(v)) {
		sj->s = json_string_value(v);
		sj->len = json_string_length(v);
	} else
		sj->v = v;
	return 0;
}

static int
title_subject(const void *arg, const char *label, const struct assert_env *env,
    struct subject *sj, json_t **hold, struct buf *why)
{
	return page_member(env, "title", 1, label, sj, why);
}

/* errors, console, failedRequests: lists of strings, never absent (an
 * empty list when nothing happened); contains: is an item equal. */
static int
errors_subject(const void *arg, const char *label,
    const struct assert_env *env, struct subject *sj, json_t **hold,
    struct buf *why)
{
	return page_member(env, "errors", 1, label, sj, why);
}

static int
console_subject(const void *arg, const char *label,
    const struct assert_env *env, struct subject *sj, json_t **hold,
    struct buf *why)
{
	return page_member(env, "console", 1, label, sj, why);
}

static int
failed_subject(const void *arg, const char *label,
    const struct assert_env *env, struct subject *sj, json_t **hold,
    struct buf *why)
{
	return page_member(env, "failedRequests", 1, label, sj, why);
}

/* The value the last eval step returned, its type kept: null is a value
 * (an eval that returned null, or none ran). */
static int
result_subject(const void *arg, const char *label,
    const struct assert_env *env, struct subject *sj, json_t **hold,
    struct buf *why)
{
	return page_member(env, "result", 0, label, sj, why);
}

static int
page_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	return subject_eval(c, c->arg, c->kind->key, NULL, env, msg,
	    env->detail);
}

static int
title_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return assert_preds_compile(ctx, expect, node, &assert_title, out);
}

static int
errors_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return assert_preds_compile(ctx, expect, node, &assert_errors, out);
}

static int
console_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return assert_preds_compile(ctx, expect, node, &assert_console, out);
}

static int
failed_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return assert_preds_compile(ctx, expect, node, &assert_failed_requests,
	    out);
}

static int
result_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return assert_preds_compile(ctx, expect, node, &assert_result, out);
}

const struct assert_kind assert_title = {
	.key = "title",
	.target = ASSERT_BROWSER,
	.compile = title_compile,
	.eval = page_eval,
	.subject = title_subject,
	.free = assert_preds_free,
};

const struct assert_kind assert_errors = {
	.key = "errors",
	.target = ASSERT_BROWSER,
	.compile = errors_compile,
	.eval = page_eval,
	.subject = errors_subject,
	.free = assert_preds_free,
};

const struct assert_kind assert_console = {
	.key = "console",
	.target = ASSERT_BROWSER,
	.compile = console_compile,
	.eval = page_eval,
	.subject = console_subject,
	.free = assert_preds_free,
};

const struct assert_kind assert_failed_requests = {
	.key = "failedRequests",
	.target = ASSERT_BROWSER,
	.compile = failed_compile,
	.eval = page_eval,
	.subject = failed_subject,
	.free = assert_preds_free,
};

const struct assert_kind assert_result = {
	.key = "result",
	.target = ASSERT_BROWSER,
	.compile = result_compile,
	.eval = page_eval,
	.subject = result_subject,
	.free = assert_preds_free,
};
