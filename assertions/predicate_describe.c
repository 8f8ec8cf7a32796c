/* predicate_describe.c - how a failure line shows a predicate (what it
 * expects) and a value (what it got). */
#include <stdlib.h>
#include <string.h>

#include "assert.h"
#include "predicate_impl.h"
#include "../base/jsonvalue.h"

#define EXCERPT		200
#define DETAIL_MAX	(64u << 10)

int
describe_json(struct buf *out, const json_t *v, size_t max)
{
	char *s;
	size_t len;
	int cut;

	if (json_is_string(v)) {
		len = json_string_length(v);
		buf_adds(out, "\"");
		assert_excerpt(out, json_string_value(v), len, max);
		buf_adds(out, "\"");
		return len > max;
	}
	if ((s = jsonvalue_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY)) == NULL)
		return 0;
	len = strlen(s);
	cut = len > max;
	while (cut && max > 0 && ((unsigned char)s[max] & 0xc0) == 0x80)
		max--;
	buf_add(out, s, cut ? max : len);
	if (cut)
		buf_addf(out, "… [%zu bytes]", len);
	free(s);
	return cut;
}

/* A pattern as written: only control bytes are escaped. */
static void
regex_excerpt(struct buf *out, const char *s, size_t len)
{
	size_t i, n = len < EXCERPT ? len : EXCERPT;

	for (i = 0; i < n; i++) {
		if ((unsigned char)s[i] < 0x20 || s[i] == 0x7f)
			buf_addf(out, "\\x%02x", (unsigned char)s[i]);
		else
			buf_add(out, s + i, 1);
	}
	if (n < len)
		buf_addf(out, "… [%zu bytes]", len);
}

static void
describe_types(struct buf *out, unsigned types)
{
	size_t i;
	int first = 1;

	buf_adds(out, "to be of type ");
	for (i = 0; i < PRED_NTYPES; i++) {
		if (!(types & 1u << i))
			continue;
		buf_addf(out, "%s%s", first ? "" : " or ", pred_type_names[i]);
		first = 0;
	}
}

static void describe_list(struct buf *, const struct predlist *,
	    const json_t *);

/* What p expects, after "expected ". */
void
pred_describe(struct buf *out, const struct pred *p, const json_t *want)
{
	static const char *const verbs[] = {
		[P_NOT_EQUALS] = "not ", [P_CONTAINS] = "to contain ",
		[P_NOT_CONTAINS] = "not to contain ",
		[P_STARTS_WITH] = "to start with ", [P_ENDS_WITH] = "to end with ",
		[P_ABOVE] = "to be above ", [P_BELOW] = "to be below ",
		[P_ONE_OF] = "one of ",
	};

	switch (p->op) {
	case P_MATCHES:
		buf_adds(out, "to match /");
		regex_excerpt(out, json_string_value(want),
		    json_string_length(want));
		buf_adds(out, "/");
		return;
	case P_BETWEEN:
		buf_adds(out, "to be between ");
		describe_json(out, json_array_get(want, 0), EXCERPT);
		buf_adds(out, " and ");
		describe_json(out, json_array_get(want, 1), EXCERPT);
		return;
	case P_TYPE:
		describe_types(out, p->types);
		return;
	case P_EXISTS:
		buf_adds(out, "to be present");
		return;
	case P_ABSENT:
		buf_adds(out, "to be absent");
		return;
	case P_COUNT:
		buf_adds(out, p->sub->n == 1 && p->sub->v[0].op == P_EQUALS ?
		    "a count of " : "a count ");
		describe_list(out, p->sub, NULL);
		return;
	case P_NOT:
		buf_adds(out, "not ");
		describe_list(out, p->sub, NULL);
		return;
	default:
		if (p->op != P_EQUALS)
			buf_adds(out, verbs[p->op]);
		describe_json(out, want, EXCERPT);
	}
}

static void
describe_list(struct buf *out, const struct predlist *l, const json_t *vars)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		if (i > 0)
			buf_adds(out, " and ");
		pred_describe(out, &l->v[i], l->v[i].want);
	}
}

/* ", got …" for the failure line; the full value to detail when cut. */
void
pred_describe_actual(struct buf *msg, const struct subject *sj,
    const char *label, struct buf *detail)
{
	struct buf full = BUF_INIT;
	size_t i, run;
	int cut;

	if (pred_absent(sj)) {
		buf_adds(msg, ", but it is absent");
		return;
	}
	buf_adds(msg, ", got ");
	if (sj->s != NULL) {
		buf_adds(msg, "\"");
		assert_excerpt(msg, sj->s, sj->len, EXCERPT);
		buf_adds(msg, "\"");
		cut = sj->len > EXCERPT;
		if (sj->len >= 3 && memcmp(sj->s, "\xef\xbb\xbf", 3) == 0)
			buf_adds(msg, " (it begins with U+FEFF (byte order mark))");
	} else
		cut = describe_json(msg, sj->v, EXCERPT);
	if (!cut || detail == NULL)
		return;
	/* A NUL byte as the text \x00, so it cannot end the value early. */
	buf_init(&full, DETAIL_MAX);
	if (sj->s != NULL)
		for (i = 0; i < sj->len; i += run) {
			run = strnlen(sj->s + i, sj->len - i);
			buf_add(&full, sj->s + i, run);
			if (i + run < sj->len) {
				buf_adds(&full, "\\x00");
				run++;
			}
		}
	else
		describe_json(&full, sj->v, DETAIL_MAX);
	buf_addf(detail, "--- %s, the full value%s:\n", label,
	    full.truncated ? " (first 64 KiB)" : "");
	buf_add(detail, full.data ? full.data : "", full.len);
	buf_adds(detail, "\n");
	buf_release(&full);
}
