/* assert.c - the table of assertion kinds and the checklist built from an
 * `expect:` mapping. */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "assert.h"
#include "../base/utf8.h"
#include "predicate.h"
#include "../base/expand.h"
#include "../base/xalloc.h"

/*
 * Every kind, in the order messages list them (`capture:` lists its
 * sources in this order).  Each is defined in its own file; its entry
 * here declares it, so adding a kind is its file and one line.
 */
#define KINDS(X) \
	X(assert_json) \
	X(assert_xml) \
	X(assert_html) \
	X(assert_headers) \
	X(assert_cookies) \
	X(assert_certificate) \
	X(assert_status) \
	X(assert_url) \
	X(assert_redirect) \
	X(assert_body) \
	X(assert_stdout) \
	X(assert_stderr) \
	X(assert_exit) \
	X(assert_schema) \
	X(assert_sha256) \
	X(assert_size) \
	X(assert_time) \
	X(assert_vars) \
	X(assert_version)

#define KIND_DECLARE(k)	extern const struct assert_kind k;
#define KIND_ENTRY(k)	&k,
KINDS(KIND_DECLARE)
static const struct assert_kind *const kinds[] = { KINDS(KIND_ENTRY) };
#define NKINDS	(sizeof(kinds) / sizeof(kinds[0]))

static const char *kind_keys[NKINDS];
static pthread_once_t keys_once = PTHREAD_ONCE_INIT;

static void
keys_init(void)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		kind_keys[i] = kinds[i]->key;
}

const struct assert_kind *
assert_find(const char *key)
{
	size_t i;

	for (i = 0; i < NKINDS; i++)
		if (strcmp(kinds[i]->key, key) == 0)
			return kinds[i];
	return NULL;
}

const char *const *
assert_keys(size_t *n)
{
	pthread_once(&keys_once, keys_init);
	*n = NKINDS;
	return kind_keys;
}

const struct assert_kind *const *
assert_kinds(size_t *n)
{
	*n = NKINDS;
	return kinds;
}

const char *
check_label(const struct check *c)
{
	if (c->kind->queries)
		return ((const struct query *)c->arg)->label;
	return c->kind->key;
}

struct checklist *
checklist_new(void)
{
	return xcalloc(1, sizeof(struct checklist));
}

void
checklist_add(struct checklist *l, const struct assert_kind *k, void *arg)
{
	l->v = xgrow(l->v, &l->alloc, l->n + 1, sizeof(*l->v));
	l->v[l->n].kind = k;
	l->v[l->n].arg = arg;
	l->n++;
}

void
checklist_free(struct checklist *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++)
		l->v[i].kind->free(l->v[i].arg);
	free(l->v);
	free(l);
}

int
checklist_compile(struct checklist *l, struct spec_ctx *ctx,
    const json_t *expect, int target)
{
	const struct assert_kind *k;
	const char *const *keys;
	const char *key;
	json_t *node;
	size_t n;
	int rc = 0;

	keys = assert_keys(&n);
	if (spec_keys(ctx, expect, "expect", keys, n) > 0)
		rc = -1;
	json_object_foreach((json_t *)expect, key, node) {
		if ((k = assert_find(key)) == NULL)
			continue;
		if (!(k->target & target)) {
			spec_error(ctx, spec_keypos(ctx, expect, key), "'%s' "
			    "applies to %s tests, not to %s tests", key,
			    k->target & ASSERT_HTTP ? "HTTP" : "exec",
			    target & ASSERT_HTTP ? "HTTP" : "exec");
			rc = -1;
		} else if (k->compile(ctx, expect, node, l) == -1)
			rc = -1;
	}
	return rc;
}

int
checklist_needs_body(const struct checklist *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (l->v[i].kind->needs_body)
			return 1;
	return 0;
}

int
checklist_eval(const struct checklist *l, const struct assert_env *env,
    struct buf *msg)
{
	size_t i;
	int bad = 0;

	for (i = 0; i < l->n; i++)
		bad += l->v[i].kind->eval(&l->v[i], env, msg);
	return bad;
}

int
assert_preds_compile(struct spec_ctx *ctx, const json_t *expect,
    const json_t *node, const struct assert_kind *k, struct checklist *out)
{
	struct predlist *l;

	l = predlist_compile(ctx, node, spec_valpos(ctx, expect, k->key), k->key);
	if (l == NULL)
		return -1;
	checklist_add(out, k, l);
	return 0;
}

void
assert_preds_free(void *arg)
{
	predlist_free(arg);
}

void
query_free(void *arg)
{
	struct query *q = arg;

	if (q == NULL)
		return;
	if (q->q != NULL)
		q->ops->free(q->q);
	free(q->text);
	free(q->label);
	predlist_free(q->preds);
	free(q);
}

char *
query_label(const struct query_ops *ops, const char *text)
{
	return xasprintf(ops->quoted ? "%s '%s'" : "%s %s", ops->noun, text);
}

/* A query's key: ${ENV} expanded and {{names}} checked by spec_string;
 * compiled now unless it holds {{vars}}. */
static struct query *
query_new(struct spec_ctx *ctx, const json_t *node, const char *key,
    const struct query_ops *ops)
{
	struct srcpos pos = spec_keypos(ctx, node, key);
	struct query *q = xcalloc(1, sizeof(*q));
	json_t *k = json_string(key);
	char err[256];
	size_t off = 0;

	q->ops = ops;
	q->text = spec_string(ctx, k, pos, ops->noun, 0);
	json_decref(k);
	if (q->text == NULL) {
		free(q);
		return NULL;
	}
	q->label = query_label(ops, q->text);
	if (!expand_has_vars(q->text) &&
	    (q->q = ops->compile(q->text, &off, err, sizeof(err))) == NULL) {
		spec_error(ctx, spec_pos_at(ctx, pos, off), "bad %s '%s': %s",
		    ops->syntax, q->text, err);
		query_free(q);
		return NULL;
	}
	return q;
}

int
query_map_compile(struct spec_ctx *ctx, const json_t *expect,
    const json_t *node, const struct assert_kind *k,
    const struct query_ops *ops, struct checklist *out)
{
	struct query *q;
	const char *key;
	json_t *v;
	int rc = 0;

	if (!json_is_object(node) || json_object_size(node) == 0) {
		spec_error(ctx, spec_valpos(ctx, expect, k->key), "%s must be a "
		    "mapping of %s to expected values, got %s", k->key, ops->what,
		    json_is_object(node) ? "an empty mapping" :
		    spec_typename(node));
		return -1;
	}
	json_object_foreach((json_t *)node, key, v) {
		if ((q = query_new(ctx, node, key, ops)) == NULL) {
			rc = -1;
			continue;
		}
		q->preds = predlist_compile(ctx, v, spec_valpos(ctx, node, key),
		    q->label);
		if (q->preds == NULL) {
			query_free(q);
			rc = -1;
			continue;
		}
		checklist_add(out, k, q);
	}
	return rc;
}

void *
query_acquire(const struct query *q, const json_t *vars, struct buf *msg)
{
	char err[256], *text;
	size_t off = 0;
	void *c;

	if (q->q != NULL)
		return q->q;
	if ((text = expand_vars(q->text, vars, &off, err, sizeof(err))) == NULL) {
		buf_addf(msg, "%s: %s\n", q->label, err);
		return NULL;
	}
	if ((c = q->ops->compile(text, &off, err, sizeof(err))) == NULL)
		buf_addf(msg, "%s: once variables were expanded, '%s' is not "
		    "valid: %s\n", q->label, text, err);
	free(text);
	return c;
}

void
query_release(const struct query *q, void *compiled)
{
	if (compiled != NULL && compiled != q->q)
		q->ops->free(compiled);
}

int
subject_eval(const struct check *c, const struct predlist *preds,
    const char *label, const void *arg, const struct assert_env *env,
    struct buf *msg, struct buf *detail)
{
	struct buf why = BUF_INIT;
	struct subject sj = { 0 };
	json_t *hold = NULL;
	int bad;

	if (c->kind->subject(arg, label, env, &sj, &hold, &why) == -1) {
		buf_addf(msg, "%s: %s\n", label, buf_str(&why));
		bad = 1;
	} else
		bad = predlist_eval(preds, label, &sj, env->vars, msg, detail);
	json_decref(hold);
	buf_release(&why);
	return bad;
}

int
query_eval(const struct check *c, const struct assert_env *env,
    struct buf *msg)
{
	const struct query *q = c->arg;
	void *arg;
	int bad;

	if ((arg = query_acquire(q, env->vars, msg)) == NULL)
		return 1;
	bad = subject_eval(c, q->preds, q->label, arg, env, msg, env->detail);
	query_release(q, arg);
	return bad;
}

/* Code points that print as nothing, or as a plain space, or turn the
 * text around: a message shows them as \uXXXX. */
static int
invisible(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || cp == 0xa0 || cp == 0xad ||
	    cp == 0x34f || cp == 0x61c || cp == 0x115f || cp == 0x1160 ||
	    cp == 0x180e || (cp >= 0x200b && cp <= 0x200f) ||
	    (cp >= 0x2028 && cp <= 0x202f) || (cp >= 0x205f && cp <= 0x206f) ||
	    cp == 0x3000 || cp == 0x3164 || (cp >= 0xfe00 && cp <= 0xfe0f) ||
	    cp == 0xfeff || cp == 0xffa0 || (cp >= 0xfff0 && cp <= 0xfffb) ||
	    (cp >= 0xe0000 && cp <= 0xe0fff);
}

static void
escape(struct buf *out, const char *s, size_t len, size_t max, int quote)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i, k, n = len < max ? len : max;
	unsigned char ch;
	uint32_t cp;

	/* Never cut a UTF-8 sequence: back off to the start of the last one */
	if (n < len)
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	for (i = 0; i < n; i += k) {
		ch = u[i];
		k = 1;
		if (ch == '\n')
			buf_adds(out, "\\n");
		else if (ch == '\r')
			buf_adds(out, "\\r");
		else if (ch == '\t')
			buf_adds(out, "\\t");
		else if (quote && (ch == '"' || ch == '\\')) {
			buf_add(out, "\\", 1);
			buf_add(out, s + i, 1);
		} else if (ch < 0x20 || ch == 0x7f) {
			char e[4] = { '\\', 'x', hex[ch >> 4], hex[ch & 15] };

			buf_add(out, e, 4);
		} else if (ch < 0x80)
			buf_add(out, s + i, 1);
		else if ((k = utf8_decode(u + i, n - i, &cp)) == 0) {
			char e[4] = { '\\', 'x', hex[ch >> 4], hex[ch & 15] };

			buf_add(out, e, 4);	/* not UTF-8: the byte */
			k = 1;
		} else if (invisible(cp))
			buf_addf(out, cp > 0xffff ? "\\U%08X" : "\\u%04X",
			    (unsigned)cp);
		else
			buf_add(out, s + i, k);
	}
	if (n < len)
		buf_addf(out, "… [%zu bytes]", len);
}

void
assert_excerpt(struct buf *out, const char *s, size_t len, size_t max)
{
	escape(out, s, len, max, 1);
}

void
assert_visible(struct buf *out, const char *s, size_t len)
{
	escape(out, s, len, len, 0);
}
