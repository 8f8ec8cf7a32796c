/* assert_url.c - facts of the exchange rather than the body: `url:` the
 * effective URL after redirects (a browser test's: the page's
 * location.href once its steps are done), `redirect:` where the response redirects
 * to (its Location, made absolute), `version:` "HTTP/1.1", "HTTP/2". */
#include <stdlib.h>
#include <string.h>

#include "assert.h"
#include "predicate.h"

static int
url_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return assert_preds_compile(ctx, expect, node, &assert_url, out);
}

static int
redirect_compile(struct spec_ctx *ctx, const json_t *expect,
    const json_t *node, struct checklist *out)
{
	return assert_preds_compile(ctx, expect, node, &assert_redirect, out);
}

static int
version_compile(struct spec_ctx *ctx, const json_t *expect,
    const json_t *node, struct checklist *out)
{
	return assert_preds_compile(ctx, expect, node, &assert_version, out);
}

static int
url_subject(const void *arg, const char *label, const struct assert_env *env,
    struct subject *sj, json_t **hold, struct buf *why)
{
	const json_t *u;

	if (env->page != NULL) {
		if (!json_is_string(u = json_object_get(env->page, "url")))
			buf_addf(why, "no %s in the page", label);
		else {
			sj->s = json_string_value(u);
			sj->len = json_string_length(u);
		}
		return 0;
	}
	if ((sj->s = env->resp->url) == NULL)
		buf_addf(why, "no %s in the response", label);
	else
		sj->len = strlen(sj->s);
	return 0;
}

static int
redirect_subject(const void *arg, const char *label,
    const struct assert_env *env, struct subject *sj, json_t **hold,
    struct buf *why)
{
	if ((sj->s = env->resp->redirect) == NULL)
		buf_addf(why, "no %s in the response", label);
	else
		sj->len = strlen(sj->s);
	return 0;
}

static int
meta_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	return subject_eval(c, c->arg, c->kind->key, NULL, env, msg, NULL);
}

/* version has no subject, so no capture takes it (yet): one would make it
 * a source, and a word more in the capture messages. */
static int
version_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	const char *v = env->resp->version;

	return predlist_eval_text(c->arg, "version", v, v ? strlen(v) : 0,
	    env->vars, msg);
}

const struct assert_kind assert_url = {
	.key = "url",
	.target = ASSERT_HTTP | ASSERT_BROWSER,
	.compile = url_compile,
	.eval = meta_eval,
	.subject = url_subject,
	.free = assert_preds_free,
};

const struct assert_kind assert_redirect = {
	.key = "redirect",
	.target = ASSERT_HTTP,
	.compile = redirect_compile,
	.eval = meta_eval,
	.subject = redirect_subject,
	.free = assert_preds_free,
};

const struct assert_kind assert_version = {
	.key = "version",
	.target = ASSERT_HTTP,
	.compile = version_compile,
	.eval = version_eval,
	.free = assert_preds_free,
};
