/* assert_body.c - the response body: `body:` predicates on its text
 * (decoded from the charset it declares), `size:` on its length in bytes,
 * `sha256:` on its digest (64 lowercase hex digits); size and digest
 * cover the bytes received, also past the --max-body cap (the client
 * counts and hashes as it streams). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assert.h"
#include "body_docs.h"
#include "predicate.h"
#include "../base/utf8.h"

static int
body_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return assert_preds_compile(ctx, expect, node, &assert_body, out);
}

static int
size_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return assert_preds_compile(ctx, expect, node, &assert_size, out);
}

static int
sha256_compile(struct spec_ctx *ctx, const json_t *expect, const json_t *node,
    struct checklist *out)
{
	return assert_preds_compile(ctx, expect, node, &assert_sha256, out);
}

/* Whether s[0..len) is UTF-8: ASCII eight bytes at a time. */
static int
is_utf8(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	uint64_t w;
	uint32_t cp;
	size_t k;

	while (p < end) {
		if (end - p >= 8) {
			memcpy(&w, p, 8);
			if ((w & 0x8080808080808080ull) == 0) {
				p += 8;
				continue;
			}
		}
		if (*p < 0x80)
			k = 1;
		else if ((k = utf8_decode(p, (size_t)(end - p), &cp)) == 0)
			return 0;
		p += k;
	}
	return 1;
}

/* The body as text, decoded from its charset. */
static int
body_subject(const void *arg, const char *label, const struct assert_env *env,
    struct subject *sj, json_t **hold, struct buf *why)
{
	struct body_docs *own = env->docs ? NULL : body_docs_new(env->resp);
	const char *err;
	int rc = 0;

	if ((sj->s = body_docs_text(own ? own : env->docs, &sj->len,
	    &err)) == NULL) {
		buf_adds(why, err);
		rc = -1;
	} else if (!is_utf8(sj->s, sj->len))
		buf_adds(why, "the body is not valid UTF-8 text (and declares no "
		    "charset)");
	if (own != NULL) {
		if (sj->s != NULL) {
			*hold = json_stringn_nocheck(sj->s, sj->len);
			sj->s = json_string_value(*hold);
		}
		body_docs_free(own);
	}
	return rc;
}

static int
body_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	return subject_eval(c, c->arg, "body", NULL, env, msg, env->detail);
}

static int
size_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	json_t *n = json_integer((json_int_t)env->resp->size);
	struct subject sj = { .v = n };
	int bad;

	bad = predlist_eval(c->arg, "body size", &sj, env->vars, msg, NULL);
	json_decref(n);
	return bad;
}

static int
sha256_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	return predlist_eval_text(c->arg, "body sha256", env->resp->sha256, 64,
	    env->vars, msg);
}

const struct assert_kind assert_body = {
	.key = "body",
	.target = ASSERT_HTTP,
	.needs_body = 1,
	.compile = body_compile,
	.eval = body_eval,
	.subject = body_subject,
	.free = assert_preds_free,
};

const struct assert_kind assert_size = {
	.key = "size",
	.target = ASSERT_HTTP,
	.compile = size_compile,
	.eval = size_eval,
	.free = assert_preds_free,
};

const struct assert_kind assert_sha256 = {
	.key = "sha256",
	.target = ASSERT_HTTP,
	.needs_hash = 1,
	.compile = sha256_compile,
	.eval = sha256_eval,
	.free = assert_preds_free,
};
