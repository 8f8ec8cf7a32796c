/* predicate_diff.c - the first difference of two JSON values, the line
 * under a failed equals on a mapping or a list. */
#include "predicate_impl.h"
#include "../base/jsonvalue.h"

static int first_diff(const json_t *, const json_t *, struct buf *,
	    struct buf *);

static int
first_diff_object(const json_t *want, const json_t *got, struct buf *path,
    struct buf *what)
{
	const char *k;
	json_t *x;
	size_t mark = path->len;

	json_object_foreach((json_t *)want, k, x) {
		buf_addf(path, ".%s", k);
		if (json_object_get(got, k) == NULL) {
			buf_adds(what, "expected ");
			describe_json(what, x, 60);
			buf_adds(what, ", but it is absent");
			return 1;
		}
		if (first_diff(x, json_object_get(got, k), path, what))
			return 1;
		path->len = mark;
		path->data[mark] = '\0';
	}
	json_object_foreach((json_t *)got, k, x) {
		if (json_object_get(want, k) != NULL)
			continue;
		buf_addf(path, ".%s", k);
		buf_adds(what, "unexpected member, ");
		describe_json(what, x, 60);
		return 1;
	}
	return 0;
}

static int
first_diff(const json_t *want, const json_t *got, struct buf *path,
    struct buf *what)
{
	size_t i, mark = path->len;

	if (jsonvalue_equal(want, got))
		return 0;
	if (json_is_object(want) && json_is_object(got))
		return first_diff_object(want, got, path, what);
	if (json_is_array(want) && json_is_array(got)) {
		for (i = 0; i < json_array_size(want) &&
		    i < json_array_size(got); i++) {
			buf_addf(path, "[%zu]", i);
			if (first_diff(json_array_get(want, i),
			    json_array_get(got, i), path, what))
				return 1;
			path->len = mark;
			path->data[mark] = '\0';
		}
		buf_addf(what, "expected %zu items, got %zu",
		    json_array_size(want), json_array_size(got));
		return 1;
	}
	buf_adds(what, "expected ");
	describe_json(what, want, 60);
	buf_adds(what, ", got ");
	describe_json(what, got, 60);
	return 1;
}

/* For two containers that differ: "LABEL: first difference at $.a[1]…". */
void
pred_explain_diff(struct buf *msg, const char *label, const json_t *want,
    const json_t *got)
{
	struct buf path = BUF_INIT, what = BUF_INIT;

	if (!(json_is_object(want) && json_is_object(got)) &&
	    !(json_is_array(want) && json_is_array(got)))
		return;
	buf_adds(&path, "$");
	if (first_diff(want, got, &path, &what))
		buf_addf(msg, "%s: first difference at %s: %s\n", label,
		    buf_str(&path), buf_str(&what));
	buf_release(&path);
	buf_release(&what);
}
