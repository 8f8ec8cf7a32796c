/* fuzz_jsonpath.c - libFuzzer target: RFC 9535 JSONPath queries.
 *
 * Input: a query, then (after the first NUL or newline) a JSON document.
 * The query is compiled; when it compiles it is evaluated on the RFC's
 * bookstore and, when the rest of the input parses, on that document.
 *
 * Beyond "no crash", the results are checked against the RFC:
 *   - the nodelist and its Normalized Paths have the same length;
 *   - a singular query selects at most one node;
 *   - every Normalized Path compiles, is singular, and selects exactly the
 *     node it names (the very json_t, not an equal copy). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "../../assertions/jsonpath.h"

int	LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* RFC 9535 Figure 1. */
static const char bookstore_text[] =
	"{ \"store\": {"
	"    \"book\": ["
	"      { \"category\": \"reference\", \"author\": \"Nigel Rees\","
	"        \"title\": \"Sayings of the Century\", \"price\": 8.95 },"
	"      { \"category\": \"fiction\", \"author\": \"Evelyn Waugh\","
	"        \"title\": \"Sword of Honour\", \"price\": 12.99 },"
	"      { \"category\": \"fiction\", \"author\": \"Herman Melville\","
	"        \"title\": \"Moby Dick\", \"isbn\": \"0-553-21311-3\","
	"        \"price\": 8.99 },"
	"      { \"category\": \"fiction\", \"author\": \"J. R. R. Tolkien\","
	"        \"title\": \"The Lord of the Rings\","
	"        \"isbn\": \"0-395-19395-8\", \"price\": 22.99 }"
	"    ],"
	"    \"bicycle\": { \"color\": \"red\", \"price\": 399 }"
	"  },"
	"  \"o\": {\"j j\": {\"k.k\": 3}, \"'\": {\"@\": 2}, \"\\u0001\\u001f\": 1,"
	"         \"\\u00e9\\ud83d\\ude00\": [1, 2]},"
	"  \"a\": [3, 5, 1, 2, 4, 6, {\"b\": \"j\"}, {\"b\": \"k\"}, {\"b\": {}},"
	"        {\"b\": \"kilo\"}, null, true, false, 1e300, -0.0, \"\"]"
	"}";

static json_t *bookstore;

#define FAIL(...) do {							\
	fprintf(stderr, "fuzz_jsonpath: " __VA_ARGS__);			\
	fputc('\n', stderr);						\
	abort();							\
} while (0)

static void
check_paths(const char *src, const json_t *root, const json_t *nodes,
    const json_t *paths)
{
	struct jsonpath *np;
	json_t *again;
	char err[256];
	size_t i, off;

	for (i = 0; i < json_array_size(paths); i++) {
		const char *path = json_string_value(json_array_get(paths, i));

		if (path == NULL)
			FAIL("%s: path %zu is not a string", src, i);
		if ((np = jsonpath_compile(path, &off, err, sizeof(err))) == NULL)
			FAIL("%s: its Normalized Path %s does not compile: %s "
			    "at %zu", src, path, err, off);
		if (!jsonpath_singular(np))
			FAIL("%s: its Normalized Path %s is not singular", src,
			    path);
		again = jsonpath_eval(np, root);
		if (json_array_size(again) != 1 ||
		    json_array_get(again, 0) != json_array_get(nodes, i))
			FAIL("%s: its Normalized Path %s selects %zu node(s), "
			    "not the node it names", src, path,
			    json_array_size(again));
		json_decref(again);
		jsonpath_free(np);
	}
}

static void
eval(const char *src, const struct jsonpath *p, const json_t *root)
{
	json_t *nodes, *nodes2, *paths = NULL;

	nodes = jsonpath_eval(p, root);
	if (nodes == NULL) {		/* gave up: so must eval_paths */
		nodes2 = jsonpath_eval_paths(p, root, &paths);
		if (nodes2 != NULL || paths != NULL)
			FAIL("%s: eval gave up, eval_paths did not", src);
		return;
	}
	if (!json_is_array(nodes))
		FAIL("%s: eval gave no array", src);
	nodes2 = jsonpath_eval_paths(p, root, &paths);
	if (nodes2 == NULL || paths == NULL || !json_is_array(paths))
		FAIL("%s: eval_paths gave no arrays", src);
	if (json_array_size(nodes2) != json_array_size(paths))
		FAIL("%s: %zu nodes but %zu paths", src,
		    json_array_size(nodes2), json_array_size(paths));
	if (json_array_size(nodes) != json_array_size(nodes2))
		FAIL("%s: eval and eval_paths disagree (%zu, %zu nodes)", src,
		    json_array_size(nodes), json_array_size(nodes2));
	if (jsonpath_singular(p) && json_array_size(nodes) > 1)
		FAIL("%s: singular query selected %zu nodes", src,
		    json_array_size(nodes));
	/* Bounded: a descendant query on a big document yields many. */
	if (json_array_size(paths) <= 64)
		check_paths(src, root, nodes2, paths);
	json_decref(nodes);
	json_decref(nodes2);
	json_decref(paths);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct jsonpath *p;
	json_error_t jerr;
	json_t *doc;
	char *src, err[256];
	size_t n, off;

	if (bookstore == NULL &&
	    (bookstore = json_loads(bookstore_text, 0, &jerr)) == NULL)
		FAIL("bookstore: %s", jerr.text);
	for (n = 0; n < size && data[n] != '\0' && data[n] != '\n'; n++)
		;
	if ((src = malloc(n + 1)) == NULL)
		abort();
	memcpy(src, data, n);
	src[n] = '\0';

	err[0] = '\0';
	off = (size_t)-1;
	p = jsonpath_compile(src, &off, err, sizeof(err));
	if (p == NULL) {
		if (err[0] == '\0')
			FAIL("%s: compile failed without a message", src);
		if (off > n)
			FAIL("%s: error offset %zu past the end (%zu): %s", src,
			    off, n, err);
		free(src);
		return 0;
	}
	eval(src, p, bookstore);
	if (n < size) {
		doc = json_loadb((const char *)data + n + 1, size - n - 1,
		    JSON_DECODE_ANY | JSON_ALLOW_NUL, &jerr);
		if (doc != NULL) {
			eval(src, p, doc);
			json_decref(doc);
		}
	}
	jsonpath_free(p);
	free(src);
	return 0;
}
