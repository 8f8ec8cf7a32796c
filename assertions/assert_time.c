/* assert_time.c - `time: { below: 500ms, above: 1ms }` or `time: 500ms`
 * (below) on the total response time. */
#include <stdlib.h>

#include "assert.h"
#include "../base/xalloc.h"

struct time_arg {
	long	below_ms;	/* -1: none */
	long	above_ms;	/* -1: none */
};

static const char *const time_keys[] = { "above", "below" };

static void
time_free(void *arg)
{
	free(arg);
}

static int
time_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	struct time_arg *a = xmalloc(sizeof(*a));
	struct srcpos pos = spec_valpos(ctx, expect, "time");
	const json_t *v;
	int rc = 0;

	a->below_ms = a->above_ms = -1;
	if (json_is_string(node))
		rc = spec_duration(ctx, node, pos, "time", &a->below_ms);
	else if (!json_is_object(node) || json_object_size(node) == 0) {
		spec_error(ctx, pos, "time must be a duration or a mapping with "
		    "below and/or above, got %s", spec_typename(node));
		rc = -1;
	} else {
		if (spec_keys(ctx, node, "time", time_keys, 2) > 0)
			rc = -1;
		if ((v = json_object_get(node, "below")) != NULL &&
		    spec_duration(ctx, v, spec_valpos(ctx, node, "below"),
		    "'below' of time", &a->below_ms) == -1)
			rc = -1;
		if ((v = json_object_get(node, "above")) != NULL &&
		    spec_duration(ctx, v, spec_valpos(ctx, node, "above"),
		    "'above' of time", &a->above_ms) == -1)
			rc = -1;
	}
	if (rc == -1) {
		free(a);
		return -1;
	}
	checklist_add(out, &assert_time, a);
	return 0;
}

static int
time_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	const struct time_arg *a = c->arg;
	double ms = env->resp->seconds * 1000.0;
	int bad = 0;

	if (a->below_ms >= 0 && !(ms < (double)a->below_ms)) {
		buf_addf(msg, "time: expected below %ld ms, took %.0f ms\n",
		    a->below_ms, ms);
		bad++;
	}
	if (a->above_ms >= 0 && !(ms > (double)a->above_ms)) {
		buf_addf(msg, "time: expected above %ld ms, took %.0f ms\n",
		    a->above_ms, ms);
		bad++;
	}
	return bad;
}

const struct assert_kind assert_time = {
	.key = "time",
	.target = ASSERT_HTTP,
	.compile = time_compile,
	.eval = time_eval,
	.free = time_free,
};
