/* predicate.c - equals, contains, not_contains, matches, exists, absent. */
#include <stdlib.h>
#include <string.h>

#include "assert.h"
#include "predicate.h"
#include "../harness/expand.h"
#include "../harness/xalloc.h"

enum pred_op {
	P_EQUALS,
	P_CONTAINS,
	P_NOT_CONTAINS,
	P_MATCHES,
	P_EXISTS,
	P_ABSENT,
};

struct pred {
	enum pred_op	 op;
	char		*text;		/* template, or the regex source */
	pcre2_code	*re;
};

struct predlist {
	struct pred	*v;
	size_t		 n;
	size_t		 alloc;
};

static const char *const pred_names[] = {
	"equals", "contains", "not_contains", "matches", "exists", "absent",
};

#define EXCERPT	200

static void
add(struct predlist *l, enum pred_op op, char *text, pcre2_code *re)
{
	l->v = xgrow(l->v, &l->alloc, l->n + 1, sizeof(*l->v));
	l->v[l->n].op = op;
	l->v[l->n].text = text;
	l->v[l->n].re = re;
	l->n++;
}

/* One operand of op (a list item or the value itself). */
static int
compile_one(struct spec_ctx *ctx, struct predlist *l, enum pred_op op,
    const json_t *v, struct srcpos pos, const char *what)
{
	char *text;
	pcre2_code *re = NULL;

	if ((text = spec_string(ctx, v, pos, what, op == P_EQUALS)) == NULL)
		return -1;
	if (op == P_MATCHES && (re = spec_regex(ctx, v, pos, what)) == NULL) {
		free(text);
		return -1;
	}
	add(l, op, text, re);
	return 0;
}

/* `op: value` or `op: [values]` for the text predicates. */
static int
compile_op(struct spec_ctx *ctx, struct predlist *l, enum pred_op op,
    const json_t *obj, const char *key, const char *what)
{
	const json_t *v = json_object_get(obj, key), *item;
	struct srcpos pos = spec_valpos(ctx, obj, key);
	char label[160];
	size_t i;
	int rc = 0, flag;

	snprintf(label, sizeof(label), "'%s' of %s", key, what);
	if (op == P_EXISTS || op == P_ABSENT) {
		if ((flag = spec_bool(ctx, v, pos, label)) == -1)
			return -1;
		add(l, (op == P_EXISTS) == flag ? P_EXISTS : P_ABSENT, NULL,
		    NULL);
		return 0;
	}
	if (!json_is_array(v) || op == P_EQUALS)
		return compile_one(ctx, l, op, v, pos, label);
	if (json_array_size(v) == 0) {
		spec_error(ctx, pos, "%s must not be an empty list", label);
		return -1;
	}
	json_array_foreach(v, i, item)
		if (compile_one(ctx, l, op, item, spec_itempos(ctx, v, i),
		    label) == -1)
			rc = -1;
	return rc;
}

struct predlist *
predlist_compile(struct spec_ctx *ctx, const json_t *node, struct srcpos pos,
    const char *what)
{
	struct predlist *l = xcalloc(1, sizeof(*l));
	const size_t nops = sizeof(pred_names) / sizeof(pred_names[0]);
	size_t i;
	int rc = 0;

	if (!json_is_object(node)) {
		if (compile_one(ctx, l, P_EQUALS, node, pos, what) == -1)
			goto fail;
		return l;
	}
	if (json_object_size(node) == 0) {
		spec_error(ctx, pos, "%s needs a predicate: equals, contains, "
		    "not_contains, matches, exists or absent", what);
		goto fail;
	}
	if (spec_keys(ctx, node, what, pred_names, nops) > 0)
		rc = -1;
	for (i = 0; i < nops; i++)
		if (json_object_get(node, pred_names[i]) != NULL &&
		    compile_op(ctx, l, (enum pred_op)i, node, pred_names[i],
		    what) == -1)
			rc = -1;
	if (rc == 0)
		return l;
fail:
	predlist_free(l);
	return NULL;
}

void
predlist_free(struct predlist *l)
{
	size_t i;

	if (l == NULL)
		return;
	for (i = 0; i < l->n; i++) {
		free(l->v[i].text);
		pcre2_code_free(l->v[i].re);
	}
	free(l->v);
	free(l);
}

static int
regex_matches(pcre2_code *re, const char *s, size_t len)
{
	pcre2_match_data *md = pcre2_match_data_create_from_pattern(re, NULL);
	int rc = pcre2_match(re, (PCRE2_SPTR)s, len, 0, 0, md, NULL);

	pcre2_match_data_free(md);
	return rc >= 0;
}

/* Appends ", got "…"" or ", but it is absent". */
static void
got(struct buf *msg, const char *subject, size_t len)
{
	if (subject == NULL) {
		buf_adds(msg, ", but it is absent\n");
		return;
	}
	buf_adds(msg, ", got \"");
	assert_excerpt(msg, subject, len, EXCERPT);
	buf_adds(msg, "\"\n");
}

static int
eval_one(const struct pred *p, const char *label, const char *subject,
    size_t len, const char *want, struct buf *msg)
{
	int ok;

	switch (p->op) {
	case P_EQUALS:
		ok = subject && len == strlen(want) && memcmp(subject, want, len) == 0;
		break;
	case P_CONTAINS:
		ok = subject && memmem(subject, len, want, strlen(want)) != NULL;
		break;
	case P_NOT_CONTAINS:
		ok = !subject || memmem(subject, len, want, strlen(want)) == NULL;
		break;
	case P_MATCHES:
		ok = subject && regex_matches(p->re, subject, len);
		break;
	case P_EXISTS:
		ok = subject != NULL;
		break;
	default:
		ok = subject == NULL;
		break;
	}
	if (ok)
		return 0;
	buf_addf(msg, "%s: expected ", label);
	switch (p->op) {
	case P_EQUALS:		buf_adds(msg, "\""); break;
	case P_CONTAINS:	buf_adds(msg, "to contain \""); break;
	case P_NOT_CONTAINS:	buf_adds(msg, "not to contain \""); break;
	case P_MATCHES:		buf_adds(msg, "to match /"); break;
	case P_EXISTS:		buf_adds(msg, "to be present\n"); return 1;
	case P_ABSENT:		buf_adds(msg, "to be absent"); break;
	}
	if (want != NULL) {
		assert_excerpt(msg, want, strlen(want), EXCERPT);
		buf_adds(msg, p->op == P_MATCHES ? "/" : "\"");
	}
	got(msg, subject, len);
	return 1;
}

int
predlist_eval(const struct predlist *l, const char *label,
    const char *subject, size_t len, const json_t *vars, struct buf *msg)
{
	char err[256], *want;
	size_t i, off;
	int bad = 0;

	for (i = 0; i < l->n; i++) {
		want = NULL;
		if (l->v[i].text && l->v[i].op != P_MATCHES &&
		    (want = expand_vars(l->v[i].text, vars, &off, err,
		    sizeof(err))) == NULL) {
			buf_addf(msg, "%s: %s\n", label, err);
			bad++;
			continue;
		}
		bad += eval_one(&l->v[i], label, subject, len,
		    want ? want : l->v[i].text, msg);
		free(want);
	}
	return bad;
}
