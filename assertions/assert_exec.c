/* assert_exec.c - expectations on a command run in a container:
 * `exit: 0` (or a list of codes), `stdout:` and `stderr:` predicates. */
#include <stdlib.h>

#include "assert.h"
#include "predicate.h"
#include "../base/xalloc.h"

struct exit_arg {
	int	*codes;
	size_t	 n;
};

static void
exit_free(void *arg)
{
	struct exit_arg *a = arg;

	if (a == NULL)
		return;
	free(a->codes);
	free(a);
}

static int
exit_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	struct exit_arg *a = xcalloc(1, sizeof(*a));
	const json_t *item;
	size_t i, n = json_is_array(node) ? json_array_size(node) : 1;

	a->codes = xcalloc(n ? n : 1, sizeof(*a->codes));
	for (i = 0; i < n; i++) {
		item = json_is_array(node) ? json_array_get(node, i) : node;
		if (!json_is_integer(item) || json_integer_value(item) < 0 ||
		    json_integer_value(item) > 255) {
			spec_error(ctx, json_is_array(node) ? spec_itempos(ctx, node,
			    i) : spec_valpos(ctx, expect, "exit"), "exit must be "
			    "an exit status from 0 to 255, or a list of them, "
			    "got %s", spec_typename(item));
			exit_free(a);
			return -1;
		}
		a->codes[a->n++] = (int)json_integer_value(item);
	}
	if (a->n == 0) {
		spec_error(ctx, spec_valpos(ctx, expect, "exit"), "exit must not "
		    "be an empty list");
		exit_free(a);
		return -1;
	}
	checklist_add(out, &assert_exit, a);
	return 0;
}

static int
exit_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	const struct exit_arg *a = c->arg;
	size_t i;

	for (i = 0; i < a->n; i++)
		if (env->exec->exit_code == a->codes[i])
			return 0;
	buf_adds(msg, "exit: expected ");
	if (a->n > 1)
		buf_adds(msg, "one of ");
	for (i = 0; i < a->n; i++)
		buf_addf(msg, "%s%d", i ? ", " : "", a->codes[i]);
	buf_addf(msg, ", got %d", env->exec->exit_code);
	if (env->exec->err.len > 0) {
		buf_adds(msg, " (stderr: \"");
		assert_excerpt(msg, env->exec->err.data, env->exec->err.len, 200);
		buf_adds(msg, "\")");
	}
	buf_adds(msg, "\n");
	return 1;
}

static int
stdout_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return assert_preds_compile(ctx, expect, node, &assert_stdout, out);
}

static int
stderr_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return assert_preds_compile(ctx, expect, node, &assert_stderr, out);
}

/* The command's output, as text. */
static int
stdout_subject(const void *arg, const char *label,
    const struct assert_env *env, struct subject *sj, json_t **hold,
    struct buf *why)
{
	sj->s = buf_str(&env->exec->out);
	sj->len = env->exec->out.len;
	return 0;
}

static int
stderr_subject(const void *arg, const char *label,
    const struct assert_env *env, struct subject *sj, json_t **hold,
    struct buf *why)
{
	sj->s = buf_str(&env->exec->err);
	sj->len = env->exec->err.len;
	return 0;
}

static int
output_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	return subject_eval(c, c->arg, c->kind->key, NULL, env, msg, NULL);
}

static int
exit_subject(const void *arg, const char *label,
    const struct assert_env *env, struct subject *sj, json_t **hold,
    struct buf *why)
{
	sj->v = *hold = json_integer(env->exec->exit_code);
	return 0;
}

const struct assert_kind assert_exit = {
	.key = "exit",
	.target = ASSERT_EXEC,
	.compile = exit_compile,
	.eval = exit_eval,
	.subject = exit_subject,
	.free = exit_free,
};

const struct assert_kind assert_stdout = {
	.key = "stdout",
	.target = ASSERT_EXEC,
	.compile = stdout_compile,
	.eval = output_eval,
	.subject = stdout_subject,
	.free = assert_preds_free,
};

const struct assert_kind assert_stderr = {
	.key = "stderr",
	.target = ASSERT_EXEC,
	.compile = stderr_compile,
	.eval = output_eval,
	.subject = stderr_subject,
	.free = assert_preds_free,
};
