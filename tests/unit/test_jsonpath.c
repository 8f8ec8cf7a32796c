/* test_jsonpath.c - RFC 9535 JSONPath: the examples of the RFC's section 2
 * (its tables, on its documents), Normalized Paths, I-Regexp, the
 * well-typedness rules and compile errors with their offsets.
 *
 * Results are compared as compact JSON text.  Where the RFC allows several
 * orders (members of an object), the expected text uses jansson's
 * insertion order, which is what the evaluator yields.  Reals are dumped
 * with 15 significant digits so that 8.95 reads as written.
 */
#include <stdio.h>
#include <stdlib.h>

#include "unit.h"
#include "../../assertions/jsonpath.h"
#include "../../base/jsonvalue.h"
#include "../../base/xalloc.h"

#define DUMP_FLAGS	(JSON_COMPACT | JSON_ENCODE_ANY | JSON_REAL_PRECISION(15))

/* RFC 9535 Figure 1, the bookstore (Table 2's document). */
static const char bookstore[] =
	"{ \"store\": {"
	"    \"book\": ["
	"      { \"category\": \"reference\","
	"        \"author\": \"Nigel Rees\","
	"        \"title\": \"Sayings of the Century\","
	"        \"price\": 8.95"
	"      },"
	"      { \"category\": \"fiction\","
	"        \"author\": \"Evelyn Waugh\","
	"        \"title\": \"Sword of Honour\","
	"        \"price\": 12.99"
	"      },"
	"      { \"category\": \"fiction\","
	"        \"author\": \"Herman Melville\","
	"        \"title\": \"Moby Dick\","
	"        \"isbn\": \"0-553-21311-3\","
	"        \"price\": 8.99"
	"      },"
	"      { \"category\": \"fiction\","
	"        \"author\": \"J. R. R. Tolkien\","
	"        \"title\": \"The Lord of the Rings\","
	"        \"isbn\": \"0-395-19395-8\","
	"        \"price\": 22.99"
	"      }"
	"    ],"
	"    \"bicycle\": {"
	"      \"color\": \"red\","
	"      \"price\": 399"
	"    }"
	"  }"
	"}";

static json_t *
doc(const char *text)
{
	json_error_t e;
	json_t *j = json_loads(text, JSON_DECODE_ANY, &e);

	if (j == NULL)
		unit_fail(__FILE__, __LINE__, "bad test document: %s", e.text);
	return j;
}

/* Evaluates src on the document text d: the result as compact JSON (and
 * the paths, when `paths`), or NULL after recording a failure. */
static char *
run(const char *file, int line, const char *d, const char *src, char **paths)
{
	struct jsonpath *p;
	json_t *root, *r, *ps = NULL;
	char err[128], *s;
	size_t off;

	if ((p = jsonpath_compile(src, &off, err, sizeof(err))) == NULL) {
		unit_fail(file, line, "%s: %s at %zu", src, err, off);
		return NULL;
	}
	if ((root = doc(d)) == NULL) {
		jsonpath_free(p);
		return NULL;
	}
	r = jsonpath_eval_paths(p, root, paths != NULL ? &ps : NULL);
	s = json_dumps(r, DUMP_FLAGS);
	if (paths != NULL)
		*paths = json_dumps(ps, DUMP_FLAGS);
	json_decref(ps);
	json_decref(r);
	json_decref(root);
	jsonpath_free(p);
	return s;
}

static void
query_check(const char *file, int line, const char *d, const char *src,
    const char *want)
{
	char *got = run(file, line, d, src, NULL);

	if (got != NULL && strcmp(got, want) != 0)
		unit_fail(file, line, "%s == %s, expected %s", src, got, want);
	free(got);
}

static void
paths_check(const char *file, int line, const char *d, const char *src,
    const char *want)
{
	char *paths = NULL, *got = run(file, line, d, src, &paths);

	if (paths != NULL && strcmp(paths, want) != 0)
		unit_fail(file, line, "%s paths == %s, expected %s", src,
		    paths, want);
	free(paths);
	free(got);
}

/* Compiling src fails with a message holding msg, at offset off. */
static void
error_check(const char *file, int line, const char *src, const char *msg,
    size_t off)
{
	struct jsonpath *p;
	char err[128];
	size_t eoff = (size_t)-1;

	if ((p = jsonpath_compile(src, &eoff, err, sizeof(err))) != NULL) {
		unit_fail(file, line, "%s compiled, expected \"%s\"", src, msg);
		jsonpath_free(p);
		return;
	}
	if (strstr(err, msg) == NULL || eoff != off)
		unit_fail(file, line, "%s: \"%s\" at %zu, expected \"%s\" at %zu",
		    src, err, eoff, msg, off);
}

static int
compiles(const char *src)
{
	struct jsonpath *p;
	char err[128];
	size_t off;

	p = jsonpath_compile(src, &off, err, sizeof(err));
	jsonpath_free(p);
	return p != NULL;
}

#define Q(d, src, want)	query_check(__FILE__, __LINE__, d, src, want)
#define P(d, src, want)	paths_check(__FILE__, __LINE__, d, src, want)
#define E(src, msg, off) error_check(__FILE__, __LINE__, src, msg, off)

#define B0	"{\"category\":\"reference\",\"author\":\"Nigel Rees\"," \
		"\"title\":\"Sayings of the Century\",\"price\":8.95}"
#define B1	"{\"category\":\"fiction\",\"author\":\"Evelyn Waugh\"," \
		"\"title\":\"Sword of Honour\",\"price\":12.99}"
#define B2	"{\"category\":\"fiction\",\"author\":\"Herman Melville\"," \
		"\"title\":\"Moby Dick\",\"isbn\":\"0-553-21311-3\",\"price\":8.99}"
#define B3	"{\"category\":\"fiction\",\"author\":\"J. R. R. Tolkien\"," \
		"\"title\":\"The Lord of the Rings\",\"isbn\":\"0-395-19395-8\"," \
		"\"price\":22.99}"
#define BIKE	"{\"color\":\"red\",\"price\":399}"
#define AUTHORS	"[\"Nigel Rees\",\"Evelyn Waugh\",\"Herman Melville\"," \
		"\"J. R. R. Tolkien\"]"

/* Table 2: the bookstore. */
UNIT_TEST(jsonpath_rfc_bookstore)
{
	char *all;

	Q(bookstore, "$.store.book[*].author", AUTHORS);
	Q(bookstore, "$..author", AUTHORS);
	Q(bookstore, "$.store.*", "[[" B0 "," B1 "," B2 "," B3 "]," BIKE "]");
	Q(bookstore, "$.store..price", "[8.95,12.99,8.99,22.99,399]");
	Q(bookstore, "$..book[2]", "[" B2 "]");
	Q(bookstore, "$..book[2].author", "[\"Herman Melville\"]");
	Q(bookstore, "$..book[2].publisher", "[]");
	Q(bookstore, "$..book[-1]", "[" B3 "]");
	Q(bookstore, "$..book[0,1]", "[" B0 "," B1 "]");
	Q(bookstore, "$..book[:2]", "[" B0 "," B1 "]");
	Q(bookstore, "$..book[?@.isbn]", "[" B2 "," B3 "]");
	Q(bookstore, "$..book[?@.price<10]", "[" B0 "," B2 "]");
	P(bookstore, "$..book[?@.price<10]",
	    "[\"$['store']['book'][0]\",\"$['store']['book'][2]\"]");
	/* $..*: store, book, bicycle, 4 books, 18 book members, 2 bicycle
	 * members, in document order. */
	all = run(__FILE__, __LINE__, bookstore, "$..*", NULL);
	CHECK(all != NULL && strncmp(all, "[{\"book\":[{", 11) == 0);
	CHECK(all != NULL && strstr(all, "]," BIKE "," B0 "," B1 "," B2 ","
	    B3 ",\"reference\",\"Nigel Rees\",\"Sayings of the Century\",8.95,"
	    "\"fiction\"") != NULL);
	CHECK(all != NULL && strstr(all, ",22.99,\"red\",399]") != NULL);
	free(all);
	Q(bookstore, "$[?count($..*) == 27 && count(@..*) == 26].bicycle",
	    "[" BIKE "]");
}

/* Section 2.2: the root identifier. */
UNIT_TEST(jsonpath_rfc_root)
{
	Q("{\"k\": \"v\"}", "$", "[{\"k\":\"v\"}]");
	Q("42", "$", "[42]");
}

/* Table 3: name selectors. */
UNIT_TEST(jsonpath_rfc_name_selector)
{
	static const char d[] = "{\"o\": {\"j j\": {\"k.k\": 3}}, \"'\": {\"@\": 2}}";

	Q(d, "$.o['j j']", "[{\"k.k\":3}]");
	Q(d, "$.o['j j']['k.k']", "[3]");
	Q(d, "$.o[\"j j\"][\"k.k\"]", "[3]");
	Q(d, "$[\"'\"][\"@\"]", "[2]");
}

/* Table 4: the wildcard (object members in insertion order). */
UNIT_TEST(jsonpath_rfc_wildcard)
{
	static const char d[] = "{\"o\": {\"j\": 1, \"k\": 2}, \"a\": [5, 3]}";

	Q(d, "$[*]", "[{\"j\":1,\"k\":2},[5,3]]");
	Q(d, "$.o[*]", "[1,2]");
	Q(d, "$.o[*, *]", "[1,2,1,2]");
	Q(d, "$.a[*]", "[5,3]");
	Q(d, "$.*", "[{\"j\":1,\"k\":2},[5,3]]");
	Q("\"scalar\"", "$.*", "[]");
}

/* Table 5: index selectors. */
UNIT_TEST(jsonpath_rfc_index_selector)
{
	static const char d[] = "[\"a\",\"b\"]";

	Q(d, "$[1]", "[\"b\"]");
	Q(d, "$[-2]", "[\"a\"]");
	Q(d, "$[2]", "[]");
	Q(d, "$[-3]", "[]");
	Q("{\"0\": 1}", "$[0]", "[]");
}

/* Table 6 and the slice rules of 2.3.4.2.2. */
UNIT_TEST(jsonpath_rfc_slice_selector)
{
	static const char d[] = "[\"a\", \"b\", \"c\", \"d\", \"e\", \"f\", \"g\"]";

	Q(d, "$[1:3]", "[\"b\",\"c\"]");
	Q(d, "$[5:]", "[\"f\",\"g\"]");
	Q(d, "$[1:5:2]", "[\"b\",\"d\"]");
	Q(d, "$[5:1:-2]", "[\"f\",\"d\"]");
	Q(d, "$[::-1]", "[\"g\",\"f\",\"e\",\"d\",\"c\",\"b\",\"a\"]");
	Q(d, "$[:]", "[\"a\",\"b\",\"c\",\"d\",\"e\",\"f\",\"g\"]");
	Q(d, "$[::0]", "[]");
	Q(d, "$[-2:]", "[\"f\",\"g\"]");
	Q(d, "$[:-5]", "[\"a\",\"b\"]");
	Q(d, "$[-100:100:3]", "[\"a\",\"d\",\"g\"]");
	Q(d, "$[100:-100:-3]", "[\"g\",\"d\",\"a\"]");
	Q(d, "$[3:3]", "[]");
	Q(d, "$[ 1 : 5 : 2 ]", "[\"b\",\"d\"]");
	Q(d, "$[-9007199254740991:9007199254740991:9007199254740991]",
	    "[\"a\"]");
	Q("{\"a\": 1}", "$[:]", "[]");
}

/* Table 11: comparisons, each as a filter on the example document, which
 * selects both of its members when true and nothing when false. */
UNIT_TEST(jsonpath_rfc_comparisons)
{
	static const char d[] = "{\"obj\": {\"x\": \"y\"}, \"arr\": [2, 3]}";
	static const struct {
		const char	*expr;
		int		 want;
	} t[] = {
		{ "$.absent1 == $.absent2", 1 },
		{ "$.absent1 <= $.absent2", 1 },
		{ "$.absent == 'g'", 0 },
		{ "$.absent1 != $.absent2", 0 },
		{ "$.absent != 'g'", 1 },
		{ "1 <= 2", 1 },
		{ "1 > 2", 0 },
		{ "13 == '13'", 0 },
		{ "'a' <= 'b'", 1 },
		{ "'a' > 'b'", 0 },
		{ "$.obj == $.arr", 0 },
		{ "$.obj != $.arr", 1 },
		{ "$.obj == $.obj", 1 },
		{ "$.obj != $.obj", 0 },
		{ "$.arr == $.arr", 1 },
		{ "$.arr != $.arr", 0 },
		{ "$.obj == 17", 0 },
		{ "$.obj != 17", 1 },
		{ "$.obj <= $.arr", 0 },
		{ "$.obj < $.arr", 0 },
		{ "$.obj <= $.obj", 1 },
		{ "$.arr <= $.arr", 1 },
		{ "1 <= $.arr", 0 },
		{ "1 >= $.arr", 0 },
		{ "1 > $.arr", 0 },
		{ "1 < $.arr", 0 },
		{ "true <= true", 1 },
		{ "true > true", 0 },
		/* Beyond the table: numbers as numbers, -0, exponents. */
		{ "1 == 1.0", 1 },
		{ "0 == -0", 1 },
		{ "100 == 1e2", 1 },
		{ "1.5E1 == 15", 1 },
		{ "1 < 1.5", 1 },
		{ "$.arr == [2, 3]", -1 },
		{ "$.arr[1] == 3.0", 1 },
		{ "$.obj == {\"x\": \"y\"}", -1 },
		{ "'ab' < 'b'", 1 },
		{ "'\\u00e9' > 'z'", 1 },
		{ "null == null", 1 },
		{ "false < true", 0 },
	};
	struct jsonpath *p;
	json_t *root, *r;
	char src[128], err[128];
	size_t i, off;

	root = doc(d);
	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		snprintf(src, sizeof(src), "$[?%s]", t[i].expr);
		p = jsonpath_compile(src, &off, err, sizeof(err));
		if (t[i].want == -1) {
			/* Not a JSONPath literal: arrays/objects in queries. */
			CHECK(p == NULL);
			jsonpath_free(p);
			continue;
		}
		if (p == NULL) {
			unit_fail(__FILE__, __LINE__, "%s: %s", src, err);
			continue;
		}
		r = jsonpath_eval(p, root);
		if ((int)json_array_size(r) != (t[i].want ? 2 : 0))
			unit_fail(__FILE__, __LINE__, "%s selected %zu",
			    src, json_array_size(r));
		json_decref(r);
		jsonpath_free(p);
	}
	json_decref(root);
}

/* Table 12: filter selectors. */
UNIT_TEST(jsonpath_rfc_filter_selector)
{
	static const char d[] =
	    "{\"a\": [3, 5, 1, 2, 4, 6, {\"b\": \"j\"}, {\"b\": \"k\"},"
	    "       {\"b\": {}}, {\"b\": \"kilo\"}],"
	    " \"o\": {\"p\": 1, \"q\": 2, \"r\": 3, \"s\": 5, \"t\": {\"u\": 6}},"
	    " \"e\": \"f\"}";

	Q(d, "$.a[?@.b == 'kilo']", "[{\"b\":\"kilo\"}]");
	Q(d, "$.a[?(@.b == 'kilo')]", "[{\"b\":\"kilo\"}]");
	Q(d, "$.a[?@>3.5]", "[5,4,6]");
	Q(d, "$.a[?@.b]", "[{\"b\":\"j\"},{\"b\":\"k\"},{\"b\":{}},{\"b\":\"kilo\"}]");
	Q(d, "$[?@.*]", "[[3,5,1,2,4,6,{\"b\":\"j\"},{\"b\":\"k\"},{\"b\":{}},"
	    "{\"b\":\"kilo\"}],{\"p\":1,\"q\":2,\"r\":3,\"s\":5,\"t\":{\"u\":6}}]");
	Q(d, "$[?@[?@.b]]", "[[3,5,1,2,4,6,{\"b\":\"j\"},{\"b\":\"k\"},"
	    "{\"b\":{}},{\"b\":\"kilo\"}]]");
	Q(d, "$.o[?@<3, ?@<3]", "[1,2,1,2]");
	Q(d, "$.a[?@<2 || @.b == \"k\"]", "[1,{\"b\":\"k\"}]");
	Q(d, "$.a[?match(@.b, \"[jk]\")]", "[{\"b\":\"j\"},{\"b\":\"k\"}]");
	Q(d, "$.a[?search(@.b, \"[jk]\")]",
	    "[{\"b\":\"j\"},{\"b\":\"k\"},{\"b\":\"kilo\"}]");
	Q(d, "$.o[?@>1 && @<4]", "[2,3]");
	Q(d, "$.o[?@.u || @.x]", "[{\"u\":6}]");
	Q(d, "$.a[?@.b == $.x]", "[3,5,1,2,4,6]");
	Q(d, "$.a[?@ == @]", "[3,5,1,2,4,6,{\"b\":\"j\"},{\"b\":\"k\"},"
	    "{\"b\":{}},{\"b\":\"kilo\"}]");
	/* Logical operators, negation and blank space. */
	Q(d, "$.a[?!@.b]", "[3,5,1,2,4,6]");
	Q(d, "$.a[?!(@ > 2 && @ < 6)]", "[1,2,6,{\"b\":\"j\"},{\"b\":\"k\"},"
	    "{\"b\":{}},{\"b\":\"kilo\"}]");
	Q(d, "$.a[?@==1||@==2&&@==2||@==3]", "[3,1,2]");
	Q(d, "$.a[? ( @ == 1 ) || ( @ == 2 ) ]", "[1,2]");
	Q(d, "$.a[?\t@\n.b\r==\t'j']", "[{\"b\":\"j\"}]");
	Q(d, "$.a[?@.b != 'j' && @.b]", "[{\"b\":\"k\"},{\"b\":{}},{\"b\":\"kilo\"}]");
	Q(d, "$.a[?$.e == 'f' && @ == 6]", "[6]");
	Q(d, "$[?@ == 'f']", "[\"f\"]");
}

/* Section 2.4: length(), count(), match(), search(), value(). */
UNIT_TEST(jsonpath_rfc_functions)
{
	static const char d[] =
	    "[{\"authors\": [\"a\", \"b\", \"c\", \"d\", \"e\"],"
	    "  \"date\": \"1974-05-01\", \"author\": \"Bob\", \"n\": \"\\u00e9\\u65e5\"},"
	    " {\"authors\": \"Rob\", \"date\": \"1974-06-01\", \"author\": \"rob\","
	    "  \"color\": {\"deep\": {\"color\": \"red\"}}},"
	    " {\"x\": {\"color\": \"red\"}, \"y\": {\"color\": \"blue\"}}]";

	Q(d, "$[?length(@.authors) >= 5].date", "[\"1974-05-01\"]");
	Q(d, "$[?length(@.authors) == 3].date", "[\"1974-06-01\"]");
	Q(d, "$[?length(@.n) == 2].date", "[\"1974-05-01\"]");
	Q(d, "$[?length(@) == 2].y", "[{\"color\":\"blue\"}]");
	Q(d, "$[?length(1) == 1]", "[]");
	Q(d, "$[?length(@.missing) == 0]", "[]");
	Q(d, "$[?count(@.authors.*) >= 5].date", "[\"1974-05-01\"]");
	Q(d, "$[?count(@.*) == 2].y.color", "[\"blue\"]");
	Q(d, "$[?count(@..color) == 2].date", "[\"1974-06-01\"]");
	Q(d, "$[?match(@.date, \"1974-05-..\")].author", "[\"Bob\"]");
	Q(d, "$[?search(@.author, \"[BR]ob\")].date", "[\"1974-05-01\"]");
	Q(d, "$[?search(@.author, \"[BRr]ob\")].date",
	    "[\"1974-05-01\",\"1974-06-01\"]");
	Q(d, "$[?value(@..color) == \"red\"].date", "[]");
	Q(d, "$[?value(@.*.color) == \"red\"]..color", "[]");
	Q(d, "$[?value(@.color.deep.color) == \"red\"].author", "[\"rob\"]");
	Q(d, "$[?value(@.x..color) == \"red\"].y.color", "[\"blue\"]");
	Q(d, "$[?!match(@.date, '1974-05-..') && @.date].author", "[\"rob\"]");
	Q(d, "$[?match(@.author, @.authors)].date", "[]");
	Q(d, "$[?search(@.authors, @.author)].date", "[]");
}

/* I-Regexp (RFC 9485) as translated to PCRE2, with cases of the
 * compliance test suite. */
UNIT_TEST(jsonpath_iregexp)
{
	static const char d[] =
	    "[\"abc\", \"a\\nc\", \"a\\rc\", \"abcd\", \"a^b$\", \"\\u00c9t\\u00e9\","
	    " \"a-]\", \"xyyy\", \"\", \"\\ud834\\udd1e\"]";

	Q(d, "$[?match(@, 'a.c')]", "[\"abc\"]");
	Q(d, "$[?search(@, 'a.c')]", "[\"abc\",\"abcd\"]");
	Q(d, "$[?match(@, 'a^b\\\\$')]", "[]");
	Q(d, "$[?match(@, 'a\\\\^b\\\\$')]", "[]");
	Q(d, "$[?match(@, 'a\\\\^b.')]", "[\"a^b$\"]");
	/* ^ and $ are anchors, as in the compliance test suite. */
	Q(d, "$[?match(@, '^ab.*')]", "[\"abc\",\"abcd\"]");
	Q(d, "$[?search(@, 'c$')]", "[\"abc\",\"a\\nc\",\"a\\rc\"]");
	Q(d, "$[?search(@, '^b')]", "[]");
	Q(d, "$[?match(@, '\\\\p{Lu}\\\\p{Ll}+')]", "[\"\xc3\x89t\xc3\xa9\"]");
	Q(d, "$[?match(@, '[\\\\P{L}]*')]", "[\"\",\"\xf0\x9d\x84\x9e\"]");
	Q(d, "$[?match(@, '[a\\\\-\\\\]]+')]", "[\"a-]\"]");
	Q(d, "$[?match(@, 'xy{2,3}')]", "[\"xyyy\"]");
	Q(d, "$[?match(@, 'xy{2}')]", "[]");
	Q(d, "$[?match(@, 'xy{1,}')]", "[\"xyyy\"]");
	Q(d, "$[?match(@, '(a|x)(b|y)+(c|d)?d?')]", "[\"abc\",\"abcd\",\"xyyy\"]");
	Q(d, "$[?match(@, '.')]", "[\"\xf0\x9d\x84\x9e\"]");
	Q(d, "$[?match(@, 'a[^b]c')]", "[\"a\\nc\",\"a\\rc\"]");
	Q(d, "$[?match(@, 'a\\\\nc')]", "[\"a\\nc\"]");
	/* Not I-Regexps: always false, never an error. */
	Q(d, "$[?match(@, 'a**')]", "[]");
	Q(d, "$[?search(@, '(')]", "[]");
	Q(d, "$[?search(@, 'a*?')]", "[]");
	Q(d, "$[?search(@, '\\\\d')]", "[]");
	Q(d, "$[?search(@, '[b-a]')]", "[]");
	Q(d, "$[?search(@, '{1}')]", "[]");
	Q(d, "$[?search(@, 'x{2,1}')]", "[]");
	Q(d, "$[?search(@, '\\\\p{Xx}')]", "[]");
	Q(d, "$[?match(@, 1)]", "[]");
}

/* Table 16: descendant segments (document order, members in insertion
 * order), with Normalized Paths. */
UNIT_TEST(jsonpath_rfc_descendant_segment)
{
	static const char d[] =
	    "{\"o\": {\"j\": 1, \"k\": 2}, \"a\": [5, 3, [{\"j\": 4}, {\"k\": 6}]]}";

	Q(d, "$..j", "[1,4]");
	P(d, "$..j", "[\"$['o']['j']\",\"$['a'][2][0]['j']\"]");
	Q(d, "$..[0]", "[5,{\"j\":4}]");
	P(d, "$..[0]", "[\"$['a'][0]\",\"$['a'][2][0]\"]");
	Q(d, "$..[*]", "[{\"j\":1,\"k\":2},[5,3,[{\"j\":4},{\"k\":6}]],1,2,5,3,"
	    "[{\"j\":4},{\"k\":6}],{\"j\":4},{\"k\":6},4,6]");
	Q(d, "$..*", "[{\"j\":1,\"k\":2},[5,3,[{\"j\":4},{\"k\":6}]],1,2,5,3,"
	    "[{\"j\":4},{\"k\":6}],{\"j\":4},{\"k\":6},4,6]");
	P(d, "$..*", "[\"$['o']\",\"$['a']\",\"$['o']['j']\",\"$['o']['k']\","
	    "\"$['a'][0]\",\"$['a'][1]\",\"$['a'][2]\",\"$['a'][2][0]\","
	    "\"$['a'][2][1]\",\"$['a'][2][0]['j']\",\"$['a'][2][1]['k']\"]");
	Q(d, "$..o", "[{\"j\":1,\"k\":2}]");
	Q(d, "$.o..[*, *]", "[1,2,1,2]");
	Q(d, "$.a..[0, 1]", "[5,3,{\"j\":4},{\"k\":6}]");
	P(d, "$.a..[0, 1]", "[\"$['a'][0]\",\"$['a'][1]\",\"$['a'][2][0]\","
	    "\"$['a'][2][1]\"]");
	/* Filters select children of each visited node: o, then a[2][0]. */
	Q(d, "$..[?@.j]", "[{\"j\":1,\"k\":2},{\"j\":4}]");
	Q(d, "$..['k', 'j']", "[2,1,4,6]");
}

/* Table 17: null semantics. */
UNIT_TEST(jsonpath_rfc_null_semantics)
{
	static const char d[] = "{\"a\": null, \"b\": [null], \"c\": [{}], \"null\": 1}";

	Q(d, "$.a", "[null]");
	Q(d, "$.a[0]", "[]");
	Q(d, "$.a.d", "[]");
	Q(d, "$.b[0]", "[null]");
	Q(d, "$.b[*]", "[null]");
	Q(d, "$.b[?@]", "[null]");
	Q(d, "$.b[?@==null]", "[null]");
	Q(d, "$.c[?@.d==null]", "[]");
	Q(d, "$.null", "[1]");
}

/* Table 18: Normalized Paths, and the escapes of 2.7. */
UNIT_TEST(jsonpath_rfc_normalized_paths)
{
	static const char d[] =
	    "{\"a\": {\"b\": [0, 1, 2]}, \"\\u000b\": 1, \"'\": 2, \"\\\\\": 3,"
	    " \"\\b\\f\\n\\r\\t\": 4, \"\\u0001\\u001f\": 5, \"\\u00e9\": 6}";

	P("{\"a\": 1}", "$.a", "[\"$['a']\"]");
	P("[0, 1]", "$[1]", "[\"$[1]\"]");
	P("[0, 1, 2, 3, 4]", "$[-3]", "[\"$[2]\"]");
	P(d, "$.a.b[1:2]", "[\"$['a']['b'][1]\"]");
	P(d, "$[\"\\u000B\"]", "[\"$['\\\\u000b']\"]");
	P("{\"a\": 1}", "$[\"\\u0061\"]", "[\"$['a']\"]");
	P(d, "$[\"'\"]", "[\"$['\\\\'']\"]");
	P(d, "$['\\\\']", "[\"$['\\\\\\\\']\"]");
	P(d, "$['\\b\\f\\n\\r\\t']", "[\"$['\\\\b\\\\f\\\\n\\\\r\\\\t']\"]");
	P(d, "$['\\u0001\\u001F']", "[\"$['\\\\u0001\\\\u001f']\"]");
	P(d, "$.\xc3\xa9", "[\"$['\xc3\xa9']\"]");
	P("42", "$", "[\"$\"]");
	P("[[1]]", "$[0,0][0]", "[\"$[0][0]\",\"$[0][0]\"]");
}

/* String literals: both quotes, every escape, surrogate pairs. */
UNIT_TEST(jsonpath_string_literals)
{
	static const char d[] =
	    "{\"a\\\"b\": 1, \"a'b\": 2, \"/\\\\\": 3, \"\\ud834\\udd1e\": 4,"
	    " \"\\u00e9\": 5, \"x\\u0001y\": 6, \"_x9\": 7, \"\\u65e5\\u672c\": 8}";

	Q(d, "$[\"a\\\"b\"]", "[1]");
	Q(d, "$['a\"b']", "[1]");
	Q(d, "$['a\\'b']", "[2]");
	Q(d, "$[\"a'b\"]", "[2]");
	Q(d, "$['\\/\\\\']", "[3]");
	Q(d, "$['\\uD834\\uDD1E']", "[4]");
	Q(d, "$['\\ud834\\udd1e']", "[4]");
	Q(d, "$['\xf0\x9d\x84\x9e']", "[4]");
	Q(d, "$['\\u00E9', '\\u00e9']", "[5,5]");
	Q(d, "$['x\\u0001y']", "[6]");
	Q(d, "$._x9", "[7]");
	Q(d, "$.\xe6\x97\xa5\xe6\x9c\xac", "[8]");
	Q(d, "$[?@ == 'x']", "[]");
}

/* Blank space where the ABNF allows it. */
UNIT_TEST(jsonpath_blank_space)
{
	static const char d[] = "{\"a\": [1, 2, {\"b\": 3}]}";

	Q(d, "$ .a", "[[1,2,{\"b\":3}]]");
	Q(d, "$\t[ 'a' ]\n[ 0 , 1 ]", "[1,2]");
	Q(d, "$.a [2]\r.b", "[3]");
	Q(d, "$.a[?@.b==3]", "[{\"b\":3}]");
	Q(d, "$.a[?@ .b == 3]", "[{\"b\":3}]");
	Q(d, "$.a[?count( @.* ) == 1]", "[{\"b\":3}]");
	Q(d, "$.a[?match( @ .b , '3' ) || @ == 1]", "[1]");
	CHECK(!compiles(" $"));
	CHECK(!compiles("$ "));
	CHECK(!compiles("$. a"));
	CHECK(!compiles("$.. a"));
	CHECK(!compiles("$.a[?length (@) == 1]"));
	CHECK(!compiles("$[?@.a = = 1]"));
}

UNIT_TEST(jsonpath_singular_queries)
{
	static const struct {
		const char	*src;
		int		 singular;
	} t[] = {
		{ "$", 1 }, { "$.a", 1 }, { "$.a[0]['b'][-1]", 1 },
		{ "$[\"x\"]", 1 }, { "$.*", 0 }, { "$..a", 0 }, { "$[0,1]", 0 },
		{ "$[0:1]", 0 }, { "$[?@]", 0 }, { "$.a[*]", 0 }, { "$['a','b']", 0 },
	};
	struct jsonpath *p;
	char err[128];
	size_t i, off;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		p = jsonpath_compile(t[i].src, &off, err, sizeof(err));
		CHECK(p != NULL);
		if (p != NULL && !jsonpath_singular(p) != !t[i].singular)
			unit_fail(__FILE__, __LINE__, "%s: singular %d",
			    t[i].src, jsonpath_singular(p));
		jsonpath_free(p);
	}
}

/* Section 2.4.9's well-typedness examples, and more. */
UNIT_TEST(jsonpath_well_typedness)
{
	CHECK(compiles("$[?length(@) < 3]"));
	E("$[?length(@.*) < 3]", "argument 1 of length() must be a singular query", 10);
	CHECK(compiles("$[?count(@.*) == 1]"));
	E("$[?count(1) == 1]", "argument 1 of count() must be a query", 9);
	E("$[?count(foo(@.*)) == 1]", "unknown function 'foo'", 9);
	CHECK(compiles("$[?match(@.timezone, 'Europe/.*')]"));
	E("$[?match(@.timezone, 'Europe/.*') == true]",
	    "result of match() is not comparable", 3);
	CHECK(compiles("$[?value(@..color) == \"red\"]"));
	E("$[?value(@..color)]", "result of value() must be compared", 3);
	E("$[?length(@)]", "result of length() must be compared", 3);
	E("$[?@.a == @.*]", "non-singular query in comparison", 10);
	E("$[?@.a == @..b]", "non-singular query in comparison", 10);
	E("$[?@[0, 1] == 1]", "non-singular query in comparison", 3);
	E("$[?@.a == 1 && 2]", "literal must be compared", 15);
	E("$[?true]", "literal must be compared", 3);
	E("$[?!'a']", "literal must be compared", 4);
	E("$[?length((@.a)) == 1]", "must be a value", 10);
	E("$[?length(@.a == 1) == 1]", "must be a value", 10);
	E("$[?count((@.*)) == 1]", "must be a query", 9);
	E("$[?match(@.a) == 1]", "match() takes 2 arguments", 3);
	E("$[?length(@, @) == 1]", "length() takes 1 argument", 3);
	E("$[?length(match(@, 'a')) == 1]", "must be a value", 10);
	CHECK(compiles("$[?length(value(@.*)) == 1]"));
	CHECK(compiles("$[?count(@..*) == length(@)]"));
	CHECK(compiles("$[?match(@, $.p)]"));
	CHECK(compiles("$[?@.a == true && !@.b || (@.c != null)]"));
	CHECK(compiles("$[?$ == 1]"));
	CHECK(compiles("$[?@[-1] == 1]"));
}

/* Compile errors: message and the offset of the faulty character. */
UNIT_TEST(jsonpath_compile_errors)
{
	char deep[300];
	size_t i, n = 0;

	E("$.a[", "expected selector", 4);
	E("$.a[0", "expected ',' or ']'", 5);
	E("$[?@.a ==]", "expected literal, query or function", 9);
	E("$[01]", "leading zeros", 3);
	E("$[-0]", "-0 is not an integer", 2);
	E("$[?@ == 01]", "leading zeros", 9);
	E("$.a.", "expected member name or '*' after '.'", 4);
	E("$..", "expected member name, '*' or '[' after '..'", 3);
	E("$.1", "expected member name", 2);
	E("$.a-b", "expected '.', '..' or '['", 3);
	E("a", "expected '$'", 0);
	E("", "expected '$'", 0);
	E(" $", "expected '$'", 0);
	E("$ ", "blank space at the end", 2);
	E("$[?lenght(@) < 3]", "unknown function 'lenght'", 3);
	E("$[?foo]", "unexpected name 'foo'", 3);
	E("$[?@.a == True]", "expected literal, query or function", 10);
	E("$['a]", "unterminated string", 5);
	E("$['\\a']", "invalid escape", 3);
	E("$[\"a\\'b\"]", "invalid escape", 4);
	E("$['a\\\"b']", "invalid escape", 4);
	E("$['\\uD800']", "high surrogate", 3);
	E("$['\\uDC00']", "lone low surrogate", 3);
	E("$['\\uD800\\u0041']", "high surrogate", 3);
	E("$['\\u12G4']", "invalid \\u escape", 3);
	E("$['a\tb']", "control character", 4);
	E("$.a\xff", "invalid UTF-8", 3);
	E("$['\xed\xa0\x80']", "invalid UTF-8", 3);
	E("$[9007199254740992]", "integer out of range", 2);
	E("$[-9007199254740992:]", "integer out of range", 2);
	E("$[::9007199254740992]", "integer out of range", 4);
	/* I-JSON's range binds indexes and steps; a literal compared with
	 * the document is exact at any size (jsonpath_big_numbers). */
	CHECK(compiles("$[?@ == 9007199254740992]"));
	E("$[?@ == 1e400]", "number out of range", 8);
	E("$[?@ == 1.]", "expected a digit after '.'", 10);
	E("$[?@ == 1e]", "expected a digit in exponent", 10);
	E("$[?@.a === 1]", "expected literal, query or function", 9);
	E("$[?!@.a == 1]", "expected ',' or ']'", 8);
	E("$[?(@.a) == 1]", "expected ',' or ']'", 9);
	E("$[?(@.a]", "expected ')'", 7);
	E("$[?!!@.a]", "expected literal, query or function", 4);
	E("$[?@.a == [1]]", "expected literal, query or function", 10);
	E("$[?length(@.a,) == 1]", "expected literal, query or function", 14);
	E("$[?length(@.a == 1]", "expected ',' or ')'", 18);
	E("$[]", "expected selector", 2);
	E("$[1,]", "expected selector", 4);
	CHECK(compiles("$[-9007199254740991]"));
	/* 70 nested parentheses: refused, not a stack overflow. */
	n += snprintf(deep + n, sizeof(deep) - n, "$[?");
	for (i = 0; i < 70; i++)
		deep[n++] = '(';
	deep[n++] = '@';
	for (i = 0; i < 70; i++)
		deep[n++] = ')';
	snprintf(deep + n, sizeof(deep) - n, "]");
	E(deep, "nesting deeper than 64", 67);
	/* Nested filters count too. */
	n = snprintf(deep, sizeof(deep), "$");
	for (i = 0; i < 65; i++)
		n += snprintf(deep + n, sizeof(deep) - n, "[?@");
	for (i = 0; i < 65; i++)
		deep[n++] = ']';
	deep[n] = '\0';
	E(deep, "nesting deeper than 64", 195);
	/* NULL err buffer and offset are fine. */
	CHECK(jsonpath_compile("$[", NULL, NULL, 0) == NULL);
	jsonpath_free(NULL);
}

/* Deep documents: the descendant walk uses no recursion of its own; long
 * && chains are one node. */
UNIT_TEST(jsonpath_deep_input)
{
	struct jsonpath *p;
	json_t *root, *cur, *next, *r;
	char *chain;
	size_t i, n, len;
	char err[128];

	root = json_array();
	cur = root;
	for (i = 0; i < 5000; i++) {
		next = json_array();
		json_array_append_new(cur, next);
		cur = next;
	}
	json_array_append_new(cur, json_pack("{s:i}", "x", 1));
	p = jsonpath_compile("$..x", NULL, err, sizeof(err));
	CHECK(p != NULL);
	r = jsonpath_eval(p, root);
	CHECK_INT(json_array_size(r), 1);
	json_decref(r);
	jsonpath_free(p);
	p = jsonpath_compile("$..[?@.x == 1]", NULL, err, sizeof(err));
	r = jsonpath_eval(p, root);
	CHECK_INT(json_array_size(r), 1);
	json_decref(r);
	jsonpath_free(p);
	json_decref(root);

	n = 100000;
	chain = xmalloc(n * 6 + 16);
	len = snprintf(chain, 16, "$[?@==1");
	for (i = 0; i < n; i++) {
		memcpy(chain + len, "||@==2", 6);
		len += 6;
	}
	memcpy(chain + len, "]", 2);
	p = jsonpath_compile(chain, NULL, err, sizeof(err));
	CHECK(p != NULL);
	root = doc("[1, 2, 3]");
	r = jsonpath_eval(p, root);
	CHECK_INT(json_array_size(r), 2);
	json_decref(r);
	json_decref(root);
	jsonpath_free(p);
	free(chain);
}

/* src on the document text d, both read by jsonvalue: the result printed
 * with big numbers exact. */
static void
big_check(const char *file, int line, const char *d, const char *src,
    const char *want)
{
	struct jsonpath *p;
	json_error_t je;
	json_t *root, *r;
	char err[128], *got;

	if ((p = jsonpath_compile(src, NULL, err, sizeof(err))) == NULL) {
		unit_fail(file, line, "%s: %s", src, err);
		return;
	}
	if ((root = jsonvalue_loadb(d, strlen(d), 0, &je)) == NULL)
		unit_fail(file, line, "bad test document: %s", je.text);
	r = jsonpath_eval(p, root);
	got = jsonvalue_dumps(r, JSON_COMPACT);
	if (got == NULL || strcmp(got, want) != 0)
		unit_fail(file, line, "%s == %s, expected %s", src,
		    got ? got : "(null)", want);
	free(got);
	json_decref(r);
	json_decref(root);
	jsonpath_free(p);
}

#define BIG(src, want)	big_check(__FILE__, __LINE__, big_doc, src, want)

/* Integers past 64 bits, and 2^53 + 1 beside 2^53, compare exactly in
 * filters, with literals and with other nodes; selecting one keeps it. */
UNIT_TEST(jsonpath_big_numbers)
{
	static const char big_doc[] = "["
	    "{\"id\": 18446744073709551615, \"n\": 1},"
	    "{\"id\": 18446744073709551614, \"n\": 2},"
	    "{\"id\": 9007199254740993, \"n\": 3},"
	    "{\"id\": 9007199254740992, \"n\": 4},"
	    "{\"id\": 1.8446744073709552e19, \"n\": 5},"
	    "{\"id\": -9223372036854775809, \"n\": 6},"
	    "{\"id\": [18446744073709551615], \"n\": 7}]";

	BIG("$[?@.id == 18446744073709551615].n", "[1]");
	BIG("$[?@.id != 18446744073709551615].n", "[2,3,4,5,6,7]");
	BIG("$[?@.id == 18446744073709551616].n", "[5]");
	BIG("$[?@.id > 18446744073709551614].n", "[1,5]");
	BIG("$[?@.id >= 18446744073709551614].n", "[1,2,5]");
	BIG("$[?@.id == 9007199254740993].n", "[3]");
	BIG("$[?@.id == 9007199254740992].n", "[4]");
	BIG("$[?@.id < -9223372036854775808].n", "[6]");
	BIG("$[?@.id < 0].n", "[6]");
	BIG("$[?@.id == $[0].id].n", "[1]");
	BIG("$[?@.id == $[6].id[0]].n", "[1]");
	BIG("$[?@.id > 9007199254740993 && @.id < 18446744073709551615].n",
	    "[2]");
	BIG("$[0].id", "[18446744073709551615]");
	BIG("$[?@.n == 7].id", "[[18446744073709551615]]");
	BIG("$..[?@ == 18446744073709551615]", "[18446744073709551615,"
	    "18446744073709551615]");
}

/* Results are references into the document; NULL arguments are safe. */
UNIT_TEST(jsonpath_eval_references)
{
	struct jsonpath *p;
	json_t *root, *r, *paths;
	char err[128];

	root = doc("{\"a\": {\"b\": 1}}");
	p = jsonpath_compile("$.a", NULL, err, sizeof(err));
	r = jsonpath_eval_paths(p, root, &paths);
	CHECK(json_array_get(r, 0) == json_object_get(root, "a"));
	CHECK_STR(json_string_value(json_array_get(paths, 0)), "$['a']");
	json_decref(r);
	json_decref(paths);
	r = jsonpath_eval(p, NULL);
	CHECK(r != NULL && json_array_size(r) == 0);
	json_decref(r);
	r = jsonpath_eval(NULL, root);
	CHECK(r != NULL && json_array_size(r) == 0);
	json_decref(r);
	jsonpath_free(p);
	json_decref(root);
}

/* A sample of the JSONPath compliance test suite's trickier cases. */
UNIT_TEST(jsonpath_cts_samples)
{
	static const char nums[] =
	    "[{\"a\": 0}, {\"a\": 1}, {\"a\": 0.01}, {\"a\": 100}, {\"a\": \"0\"}]";
	static const char v[] =
	    "{\"c\": \"cd\", \"values\": [{\"a\": \"ab\"}, {\"c\": \"d\"},"
	    " {\"a\": null}]}";

	Q(nums, "$[?@.a==-0].a", "[0]");
	Q(nums, "$[?@.a==1.0].a", "[1]");
	Q(nums, "$[?@.a==1e-02].a", "[0.01]");
	Q(nums, "$[?@.a==1e+2].a", "[100]");
	Q(nums, "$[?@.a==1E2].a", "[100]");
	Q(nums, "$[?@.a==-0.0].a", "[0]");
	Q(v, "$.values[?length(@.a) == value($..c)]", "[{\"c\":\"d\"},{\"a\":null}]");
	Q(v, "$.values[?@.a == length(@.b)]", "[{\"c\":\"d\"}]");
	Q("[{\"a\": \"foo\"}, {}]", "$..[?length(@)==length($ [0] .a)]",
	    "[\"foo\"]");
	Q("[{\"a\": {\"b\": \"foo\"}}, {}]", "$[?length(@\n.a\t.b) == 3]",
	    "[{\"a\":{\"b\":\"foo\"}}]");
	Q("[\"foo\", \"123\"]", "$[?search(@\r,'[a-z]+')]", "[\"foo\"]");
	Q("{\"\\u263a\": 1}", "$[\"\\u263a\", \"\\u263A\"]", "[1,1]");
	Q("{\"\\u007f\": 2}", "$[\"\x7f\"]", "[2]");
	Q("[[0], [0, 1], [0, 1, 2], [42]]", "$[?@[?@>1]]", "[[0,1,2],[42]]");
	Q("{\"regex\": \"b.?b\", \"values\": [\"abc\", \"bcd\", \"bab\", \"bba\","
	    " \"bbab\", \"b\", true, [], {}]}", "$.values[?match(@, $.regex)]",
	    "[\"bab\"]");
	Q("[\"abc\", \"a.c\", \"axc\", \"a\\\\ c\"]",
	    "$[?match(@, 'a\\\\\\\\.c')]", "[\"a\\\\ c\"]");
	Q("[\"abc\", \"a.c\", \"a c\", \"a]c\"]", "$[?match(@, 'a[\\\\].]c')]",
	    "[\"a.c\",\"a]c\"]");
	Q("[\"\xe2\x80\xa8\", \"\\r\", \"\\n\"]", "$[?match(@, '.')]",
	    "[\"\xe2\x80\xa8\"]");
	CHECK(!compiles("$[?count(@..*)]"));
	CHECK(!compiles("$[?true && @.a]"));
	CHECK(!compiles("$[?(@[0, 0]==42)]"));
	CHECK(!compiles("$[?@[0:0]==0]"));
	CHECK(!compiles("$[?count\n(@.*)==1]"));
	CHECK(!compiles("$[?search(@.a,@.b,@.c)]"));
	CHECK(!compiles("$.&"));
	CHECK(!compiles("$.-1"));
	CHECK(!compiles("$[-01]"));
	CHECK(!compiles("$[?@.a==.1]"));
	CHECK(!compiles("$[?@.a==-.1]"));
	CHECK(!compiles("$[?@.a==-00.1]"));
	CHECK(!compiles("$[\"\\\"]"));
	CHECK(compiles("$[?@.a==-0.1]"));
	CHECK(compiles("$[2:-113667776004:-1]"));
}

/* Found by fuzzing: nested filters on absolute queries cost the
 * document's size to the power of their depth, until an absolute query in
 * a filter was evaluated once per evaluation (it does not depend on @). */
UNIT_TEST(jsonpath_hostile_nesting_is_linear)
{
	struct jsonpath *p;
	json_t *doc, *r;
	char err[256];
	size_t off;
	int i;

	p = jsonpath_compile("$..[?$..[?$..[?$..[?$..[?$..[?$]]]]]]", &off, err,
	    sizeof(err));
	CHECK(p != NULL);
	doc = json_array();
	for (i = 0; i < 200; i++)
		json_array_append_new(doc, json_pack("{s:[i,i]}", "a", i, i));
	r = jsonpath_eval(p, doc);
	CHECK(r != NULL);
	CHECK_INT(json_array_size(r), 800);	/* every node but the root */
	json_decref(r);
	json_decref(doc);
	jsonpath_free(p);
}
