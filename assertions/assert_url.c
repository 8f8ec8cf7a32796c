/* assert_url.c - facts of the exchange rather than the body: `url:` the
 * effective URL after redirects, `redirect:` where the response redirects
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
meta_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	const struct http_response *r = env->resp;
	const char *v;

	if (c->kind == &assert_url)
		v = r->url;
	else if (c->kind == &assert_redirect)
		v = r->redirect;
	else
		v = r->version;
	return predlist_eval_text(c->arg, c->kind->key, v, v ? strlen(v) : 0,
	    env->vars, msg);
}

const struct assert_kind assert_url = {
	.key = "url",
	.target = ASSERT_HTTP,
	.compile = url_compile,
	.eval = meta_eval,
	.free = assert_preds_free,
};

const struct assert_kind assert_redirect = {
	.key = "redirect",
	.target = ASSERT_HTTP,
	.compile = redirect_compile,
	.eval = meta_eval,
	.free = assert_preds_free,
};

const struct assert_kind assert_version = {
	.key = "version",
	.target = ASSERT_HTTP,
	.compile = version_compile,
	.eval = meta_eval,
	.free = assert_preds_free,
};
