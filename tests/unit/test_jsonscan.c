/* test_jsonscan.c - singular paths on a JSON text without its tree: the
 * same values, misses and verdicts as jansson's tree and jsonpath_eval. */
#include <string.h>

#include "unit.h"
#include "../../assertions/jsonpath.h"
#include "../../base/jsonscan.h"
#include "../../base/jsonvalue.h"

/* The scan of text at path: 1 and *out, or 0 (see jsonscan_select). */
static int
scan(const char *text, size_t len, const char *path, json_t **out)
{
	struct jsonpath *p;
	const struct jsonscan_step *steps;
	char err[128];
	size_t off, n;
	int rc;

	*out = NULL;
	if ((p = jsonpath_compile(path, &off, err, sizeof(err))) == NULL ||
	    (steps = jsonpath_steps(p, &n)) == NULL) {
		jsonpath_free(p);
		return -1;
	}
	rc = jsonscan_select(text, len, steps, n, out);
	jsonpath_free(p);
	return rc;
}

/* The scan agrees with the tree: a text jansson refuses is never vouched
 * for, and what it selects is what jsonpath_eval selects. */
static void
agree(const char *file, int line, const char *text, size_t len,
    const char *path, int want_scanned)
{
	struct jsonpath *p;
	json_error_t je;
	json_t *root, *nodes = NULL, *v;
	char err[128];
	size_t off;
	int rc = scan(text, len, path, &v);

	root = jsonvalue_loadb(text, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
	if (rc != want_scanned)
		unit_fail(file, line, "%s on %.*s: scan %d, expected %d", path,
		    (int)len, text, rc, want_scanned);
	if (rc == 1 && root == NULL)
		unit_fail(file, line, "%s: scanned, but jansson says %s", path,
		    je.text);
	if (rc == 1 && root != NULL) {
		p = jsonpath_compile(path, &off, err, sizeof(err));
		nodes = jsonpath_eval(p, root);
		if (!jsonvalue_equal(json_array_get(nodes, 0), v))
			unit_fail(file, line, "%s on %.*s: the scan and the tree "
			    "differ", path, (int)len, text);
		jsonpath_free(p);
	}
	json_decref(nodes);
	json_decref(root);
	json_decref(v);
}
#define AGREE(text, path) agree(__FILE__, __LINE__, text, strlen(text), path, 1)
#define REFUSED(text, path) agree(__FILE__, __LINE__, text, strlen(text), path, 0)

UNIT_TEST(jsonscan_values_and_misses)
{
	const char *doc = " {\"a\": {\"b\": [1, 2.5, {\"c\": \"x\"}, null, true]},"
	    " \"s\": \"t\\n\\u00e9\\ud83d\\ude00\\/\", \"e\": {}, \"z\": []}\n";
	json_t *v;

	AGREE(doc, "$.a.b[2].c");
	AGREE(doc, "$.a.b[1]");
	AGREE(doc, "$.a.b[3]");
	AGREE(doc, "$.a.b[4]");
	AGREE(doc, "$.a");
	AGREE(doc, "$.a.b");
	AGREE(doc, "$['s']");
	AGREE(doc, "$.e");
	AGREE(doc, "$.z");
	/* Misses: no member, past the end, a name on a list, into a scalar. */
	AGREE(doc, "$.nope");
	AGREE(doc, "$.a.b[9]");
	AGREE(doc, "$.a.b.c");
	AGREE(doc, "$.a.b[0].x");
	AGREE(doc, "$.s[0]");
	CHECK_INT(scan(doc, strlen(doc), "$.a.b[2].c", &v), 1);
	CHECK_STR(json_string_value(v), "x");
	json_decref(v);
	CHECK_INT(scan(doc, strlen(doc), "$.nope", &v), 1);
	CHECK(v == NULL);
	CHECK_INT(scan(doc, strlen(doc), "$['s']", &v), 1);
	CHECK_STR(json_string_value(v), "t\n\xc3\xa9\xf0\x9f\x98\x80/");
	json_decref(v);
	/* A scalar body, and scalars selected at the top. */
	AGREE("[7]", "$[0]");
	AGREE("\"x\"", "$[0]");
	AGREE("{\"\":1}", "$['']");
	/* Not for the scan: $ alone, negative indices, wildcards. */
	CHECK_INT(scan(doc, strlen(doc), "$", &v), -1);
	CHECK_INT(scan(doc, strlen(doc), "$.a.b[-1]", &v), -1);
	CHECK_INT(scan(doc, strlen(doc), "$.a.*", &v), -1);
}

UNIT_TEST(jsonscan_invalid_anywhere_refused)
{
	REFUSED("", "$.a");
	REFUSED("   ", "$.a");
	REFUSED("{\"a\": 1, \"b\": [1, 2,]}", "$.a");	/* after the value */
	REFUSED("{\"a\": 1} x", "$.a");
	REFUSED("{\"a\": 1}{}", "$.a");
	REFUSED("{\"a\": 1, \"b\": \"\x01\"}", "$.a");	/* control byte */
	REFUSED("{\"a\": 1, \"b\": \"\xff\"}", "$.a");	/* not UTF-8 */
	REFUSED("{\"a\": 1, \"b\": \"\xc0\x80\"}", "$.a");	/* overlong */
	REFUSED("{\"a\": 1, \"b\": \"\xed\xa0\x80\"}", "$.a");	/* surrogate */
	REFUSED("{\"a\": 1, \"b\": \"\\udc00\"}", "$.a");
	REFUSED("{\"a\": 1, \"b\": \"\\ud800x\"}", "$.a");
	REFUSED("{\"a\": 1, \"b\": \"\\x\"}", "$.a");
	REFUSED("{\"a\": 1, \"b\\u0000\": 2}", "$.a");	/* NUL in a key */
	REFUSED("{\"a\": 01}", "$.a");
	REFUSED("{\"a\": 1.}", "$.a");
	REFUSED("{\"a\": -}", "$.a");
	REFUSED("{\"a\": 1e}", "$.a");
	REFUSED("{\"a\": tru}", "$.a");
	REFUSED("{\"a\": truex}", "$.a");
	REFUSED("{\"a\": 1,}", "$.a");
	REFUSED("{\"a\" 1}", "$.a");
	REFUSED("{'a': 1}", "$.a");
	REFUSED("\xef\xbb\xbf{\"a\": 1}", "$.a");	/* a byte order mark */
	REFUSED("{\"a\": 1", "$.a");			/* cut short */
	REFUSED("{\"a\": \"1", "$.a");
	agree(__FILE__, __LINE__, "{\"a\": 1}\0", 9, "$.a", 0);
	/* Valid: a \u0000 in a value, escapes of every kind, blank space. */
	AGREE("{\"a\": \"x\\u0000y\"}", "$.a");
	AGREE("\t{ \"a\" :\r\n[ ] , \"b\":\"\\\"\\\\\\b\\f\\n\\r\\t\" }", "$.b");
	AGREE("{\"a\": -0, \"b\": 0.5e-3, \"c\": 1E+2}", "$.c");
}

UNIT_TEST(jsonscan_numbers_exact)
{
	json_t *v;

	CHECK_INT(scan("{\"n\": 123456789012345678901234567890}", 37, "$.n",
	    &v), 1);
	CHECK_STR(jsonvalue_big(v), "123456789012345678901234567890");
	json_decref(v);
	CHECK_INT(scan("[-18446744073709551616]", 23, "$[0]", &v), 1);
	CHECK_STR(jsonvalue_big(v), "-18446744073709551616");
	json_decref(v);
	CHECK_INT(scan("[9223372036854775807]", 21, "$[0]", &v), 1);
	CHECK(json_is_integer(v));
	CHECK(json_integer_value(v) == 9223372036854775807LL);
	json_decref(v);
	AGREE("{\"n\": 123456789012345678901234567890, \"m\": 1}", "$.n");
	AGREE("{\"n\": [18446744073709551616, 2]}", "$.n");
	AGREE("{\"n\": 0.1, \"m\": 2.5e10}", "$.m");
	/* Near a double's limits: left to the tree, which keeps it. */
	REFUSED("{\"n\": 1e400}", "$.n");
	REFUSED("{\"n\": 1, \"m\": -2.5e-999}", "$.n");
}

UNIT_TEST(jsonscan_duplicate_keys_as_the_tree)
{
	json_t *v;

	AGREE("{\"a\": 1, \"a\": 2}", "$.a");
	CHECK_INT(scan("{\"a\": 1, \"a\": 2}", 16, "$.a", &v), 1);
	CHECK_INT(json_integer_value(v), 2);
	json_decref(v);
	/* A later duplicate of an ancestor replaces what the first gave. */
	AGREE("{\"a\": {\"b\": 1}, \"a\": {\"c\": 2}}", "$.a.b");
	CHECK_INT(scan("{\"a\": {\"b\": 1}, \"a\": {\"c\": 2}}", 30, "$.a.b",
	    &v), 1);
	CHECK(v == NULL);
	AGREE("{\"a\": {\"b\": 1}, \"a\": {\"b\": 3}}", "$.a.b");
	AGREE("{\"a\": [{\"b\": 1}], \"x\": {\"b\": 2}, \"a\": [5]}", "$.a[0]");
	AGREE("{\"a\": {\"b\": 1, \"b\": {\"c\": 4}}}", "$.a.b.c");
	/* An escaped key is the name it spells. */
	AGREE("{\"a\\u0062\": 5, \"ab\": 6}", "$.ab");
	AGREE("{\"ab\": 6, \"a\\u0062\": 5}", "$.ab");
}

/* Several paths in one pass give what each gives alone. */
UNIT_TEST(jsonscan_many_paths_one_pass)
{
	static const char *const texts[] = {
		"{\"a\": {\"b\": 1, \"c\": [5, 6]}, \"a\": {\"b\": 2}, \"n\": 7}",
		"{\"a\": {\"b\": [1, {\"x\": 3}]}, \"m\": {\"a\": 9}}",
		"{\"a\": 1, \"b\": [1, 2,]}",
	};
	static const char *const srcs[] = { "$.a.b", "$.a", "$.a.c[1]", "$.n",
	    "$.a.b[1].x", "$.m.a", "$['a']['b'][0]" };
	struct jsonscan_path paths[7];
	struct jsonpath *p[7];
	json_t *one;
	char err[64];
	size_t i, t, off;
	int all, alone;

	for (i = 0; i < 7; i++) {
		p[i] = jsonpath_compile(srcs[i], &off, err, sizeof(err));
		paths[i].steps = jsonpath_steps(p[i], &paths[i].n);
	}
	for (t = 0; t < 3; t++) {
		all = jsonscan_select_all(texts[t], strlen(texts[t]), paths, 7);
		CHECK_INT(all, t < 2);
		for (i = 0; i < 7; i++) {
			alone = jsonscan_select(texts[t], strlen(texts[t]),
			    paths[i].steps, paths[i].n, &one);
			CHECK_INT(alone, all);
			if (!jsonvalue_equal(one, paths[i].out))
				unit_fail(__FILE__, __LINE__, "%s on %s: alone and "
				    "together differ", srcs[i], texts[t]);
			json_decref(one);
			json_decref(paths[i].out);
		}
	}
	for (i = 0; i < 7; i++)
		jsonpath_free(p[i]);
}
